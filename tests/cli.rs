//! The `staticpod` binary: exit codes, output modes, `--out` writes. Every test works on
//! temporary directories or the bundled example; none touches /etc/kubernetes.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Output};

const EXAMPLE: &str = "golden/example/kubeadm-config.yaml";
const EXAMPLE_ROOT: &str = "golden/example/node";

use crate::support::staticpod;

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}
fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs_err::read_dir(dir)
        .expect("read_dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn render_prints_four_documents_and_exits_0() {
    let o = staticpod(&["--root", EXAMPLE_ROOT, "render", "--config", EXAMPLE]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    let docs: Vec<&str> = text.split("---\n").collect();
    assert_eq!(docs.len(), 4);
    for (doc, name) in docs.iter().zip([
        "kube-apiserver",
        "kube-controller-manager",
        "kube-scheduler",
        "etcd",
    ]) {
        assert!(doc.starts_with("apiVersion: v1\nkind: Pod\n"), "{doc}");
        assert!(
            doc.contains(&format!("\n  name: {name}\n")),
            "{name} missing"
        );
    }
    // The KubeletConfiguration document is skipped with a warning, not an error.
    assert!(
        stderr(&o).contains("kubelet.config.k8s.io/v1beta1 is not read"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn quiet_hides_warnings_and_verbose_says_which_release() {
    let quiet = staticpod(&["-q", "--root", EXAMPLE_ROOT, "render", "--config", EXAMPLE]);
    assert_eq!(quiet.status.code(), Some(0));
    assert_eq!(stderr(&quiet), "");
    let verbose = staticpod(&[
        "-v",
        "--root",
        EXAMPLE_ROOT,
        "render",
        "--config",
        EXAMPLE,
        "--component",
        "etcd",
    ]);
    assert!(
        stderr(&verbose).contains("emulating kubeadm v1.33.9 for Kubernetes v1.33.9"),
        "{}",
        stderr(&verbose)
    );
}

#[test]
fn json_output_lists_manifests_with_digests() {
    let o = staticpod(&[
        "-o",
        "json",
        "--root",
        EXAMPLE_ROOT,
        "render",
        "--config",
        EXAMPLE,
        "--component",
        "kube-scheduler",
    ]);
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("valid JSON");
    assert_eq!(v["kubeadmVersion"], "v1.33.9");
    let manifests = v["manifests"].as_array().expect("array");
    assert_eq!(manifests.len(), 1);
    assert_eq!(manifests[0]["component"], "kube-scheduler");
    let content = manifests[0]["content"].as_str().expect("content");
    use sha2::Digest;
    let digest: String = sha2::Sha256::digest(content.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(manifests[0]["sha256"], digest.as_str());
}

#[test]
fn out_writes_0600_files_atomically_and_quietly() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("manifests");
    let o = staticpod(&[
        "--root",
        EXAMPLE_ROOT,
        "-q",
        "render",
        "--config",
        EXAMPLE,
        "--out",
        out.to_str().expect("utf8"),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o), "");
    assert_eq!(
        names(&out),
        [
            "etcd.yaml",
            "kube-apiserver.yaml",
            "kube-controller-manager.yaml",
            "kube-scheduler.yaml"
        ]
    );
    for name in names(&out) {
        let mode = fs_err::metadata(out.join(&name))
            .expect("meta")
            .permissions()
            .mode()
            & 0o777;
        assert_eq!(mode, 0o600, "{name}");
    }
    // Same bytes as the printed stream.
    let printed = stdout(&staticpod(&[
        "-q",
        "--root",
        EXAMPLE_ROOT,
        "render",
        "--config",
        EXAMPLE,
        "--component",
        "etcd",
    ]));
    assert_eq!(
        fs_err::read_to_string(out.join("etcd.yaml")).expect("read"),
        printed
    );
}

#[test]
fn bad_input_exits_2_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let config = dir.path().join("bad.yaml");
    fs_err::write(&config, "apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\nkubernetesVersion: v1.33.0\nnetworking:\n  serviceSubnet: 10.96.0.0/40\n").expect("write");
    let out = dir.path().join("out");
    let o = staticpod(&[
        "render",
        "--config",
        config.to_str().expect("utf8"),
        "--advertise-address",
        "10.0.0.1",
        "--out",
        out.to_str().expect("utf8"),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("bad.yaml") && err.contains("networking.serviceSubnet"),
        "{err}"
    );
    assert!(!out.exists(), "nothing may be written on bad input");
}

#[test]
fn missing_config_and_bad_usage_exit_2() {
    let o = staticpod(&["render", "--config", "/nonexistent/kubeadm.yaml"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("/nonexistent/kubeadm.yaml"));
    assert_eq!(staticpod(&["render"]).status.code(), Some(2));
    assert_eq!(
        staticpod(&["render", "--config", EXAMPLE, "--bogus"])
            .status
            .code(),
        Some(2)
    );
    let o = staticpod(&["render", "--config", EXAMPLE, "--component", "kube-proxy"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("unknown component \"kube-proxy\""));
}

#[test]
fn out_into_a_file_fails_with_3_and_changes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let blocker = dir.path().join("not-a-dir");
    fs_err::write(&blocker, "keep me").expect("write");
    let o = staticpod(&[
        "--root",
        EXAMPLE_ROOT,
        "render",
        "--config",
        EXAMPLE,
        "--out",
        blocker.to_str().expect("utf8"),
    ]);
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert_eq!(fs_err::read_to_string(&blocker).expect("read"), "keep me");
}

#[test]
fn proxy_variables_come_from_the_environment_unless_disabled() {
    let run = |extra: &[&str]| {
        let mut args = vec![
            "-q",
            "--root",
            EXAMPLE_ROOT,
            "render",
            "--config",
            EXAMPLE,
            "--component",
            "kube-scheduler",
        ];
        args.extend_from_slice(extra);
        let o = Command::new(env!("CARGO_BIN_EXE_staticpod"))
            .args(&args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env("HTTPS_PROXY", "http://proxy.example:3128")
            .output()
            .expect("run");
        stdout(&o)
    };
    assert!(run(&[]).contains("name: HTTPS_PROXY\n      value: http://proxy.example:3128"));
    assert!(!run(&["--no-proxy-env"]).contains("HTTPS_PROXY"));
}

/// A temp node root whose manifests are the real kubeadm v1.29.0 files of a golden case,
/// with optional image edits.
fn node_with(edits: &[(&str, &str, &str)]) -> tempfile::TempDir {
    let root = tempfile::tempdir().expect("tempdir");
    let manifests = root.path().join("etc/kubernetes/manifests");
    fs_err::create_dir_all(&manifests).expect("mkdir");
    let source = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("golden/render/corpus-v1.29.0-killercoda-patched-resources/expected");
    for name in [
        "kube-apiserver.yaml",
        "kube-controller-manager.yaml",
        "kube-scheduler.yaml",
        "etcd.yaml",
    ] {
        let mut text = fs_err::read_to_string(source.join(name)).expect("golden manifest");
        for (file, from, to) in edits {
            if *file == name {
                text = text.replace(from, to);
            }
        }
        fs_err::write(manifests.join(name), text).expect("write");
    }
    root
}

fn plan(root: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["--root", root.to_str().expect("utf8"), "plan"];
    args.extend_from_slice(extra);
    staticpod(&args)
}

#[test]
fn plan_allows_one_minor_and_exits_0() {
    let node = node_with(&[]);
    let o = plan(node.path(), &["--target-version", "v1.30.14"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let text = stdout(&o);
    assert!(
        text.contains("etcd                      3.5.10-0       3.5.15-0       upgrade"),
        "{text}"
    );
    assert!(text.contains("Upgrade to v1.30.14 is allowed"));
}

#[test]
fn plan_refusals_exit_1_with_the_reason() {
    let node = node_with(&[]);
    let skip = plan(node.path(), &["--target-version", "v1.31.0"]);
    assert_eq!(skip.status.code(), Some(1));
    assert!(stdout(&skip).contains("one minor at a time"));
    let down = plan(node.path(), &["--target-version", "v1.28.15"]);
    assert_eq!(down.status.code(), Some(1));
    assert!(stdout(&down).contains("--allow-downgrade"));
    // Issue 12 item 11: a patch newer than any known one is planned as render and apply
    // emulate it (the newest known patch, with a note), not refused.
    let newer = plan(node.path(), &["-v", "--target-version", "v1.29.99"]);
    assert_eq!(newer.status.code(), Some(0), "{}", stdout(&newer));
    assert!(stdout(&newer).contains("manifests as kubeadm v1.29.15 writes them"));
    assert!(
        String::from_utf8_lossy(&newer.stderr).contains("emulating the newest known 1.29 release")
    );
    // Issue 12 item 10: an invalid manifest (kube-scheduler) makes the plan not allowed.
    let partial = node_with(&[]);
    fs_err::write(
        partial
            .path()
            .join("etc/kubernetes/manifests/kube-scheduler.yaml"),
        "apiVersion: v1\nkind: Pod\nmetadata: {name: kube-scheduler}\nspec: {}\n",
    )
    .expect("break it");
    let unknown = plan(partial.path(), &["--target-version", "v1.30.14"]);
    assert_eq!(unknown.status.code(), Some(1), "{}", stdout(&unknown));
    assert!(
        stdout(&unknown).contains("kube-scheduler: cannot be judged"),
        "{}",
        stdout(&unknown)
    );
    // Issue 12 item 17: a long value ("absent" is short; a reason is long) keeps the columns.
    let table = stdout(&unknown);
    let at = table
        .lines()
        .next()
        .and_then(|h| h.find("VERDICT"))
        .expect("header");
    for line in table.lines().skip(1).take_while(|l| !l.is_empty()) {
        let (before, rest) = line.split_at(at);
        assert!(before.ends_with(' ') && !rest.starts_with(' '), "{table}");
    }
    let skewed = node_with(&[(
        "kube-scheduler.yaml",
        "kube-scheduler:v1.29.0",
        "kube-scheduler:v1.30.0",
    )]);
    let o = plan(skewed.path(), &["--target-version", "v1.29.3"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("never be newer"), "{}", stdout(&o));
}

#[test]
fn plan_downgrade_with_flag_and_json() {
    let node = node_with(&[]);
    let o = staticpod(&[
        "-o",
        "json",
        "--root",
        node.path().to_str().expect("utf8"),
        "plan",
        "--target-version",
        "v1.28.15",
        "--allow-downgrade",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    assert_eq!(v["allowed"], true);
    assert_eq!(v["components"][0]["verdict"], "downgrade");
}

#[test]
fn plan_bad_input_exits_2() {
    let empty = tempfile::tempdir().expect("tempdir");
    assert_eq!(
        plan(empty.path(), &["--target-version", "v1.30.0"])
            .status
            .code(),
        Some(2)
    );
    let node = node_with(&[]);
    assert_eq!(
        plan(node.path(), &["--target-version", "1.30"])
            .status
            .code(),
        Some(2)
    );
    // A broken apiserver manifest: the plan cannot be judged.
    let broken = node_with(&[(
        "kube-apiserver.yaml",
        "apiVersion: v1",
        "apiVersion: v1\n  : ][",
    )]);
    let o = plan(broken.path(), &["--target-version", "v1.29.3"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("invalid manifest"), "{}", stdout(&o));
}

/// The bundled example rendered into a temp node's manifests directory.
fn example_node() -> tempfile::TempDir {
    let root = tempfile::tempdir().expect("tempdir");
    // The same host CA directories as the bundled example node.
    for dir in ["etc/ca-certificates", "usr/share/ca-certificates"] {
        fs_err::create_dir_all(root.path().join(dir)).expect("mkdir");
    }
    let manifests = root.path().join("etc/kubernetes/manifests");
    let root_arg = root.path().to_str().expect("utf8");
    let out = manifests.to_str().expect("utf8");
    let o = staticpod(&[
        "-q", "--root", root_arg, "render", "--config", EXAMPLE, "--out", out,
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    root
}

fn diff(root: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "--root",
        root.to_str().expect("utf8"),
        "diff",
        "--config",
        EXAMPLE,
    ];
    args.extend_from_slice(extra);
    staticpod(&args)
}

#[test]
fn diff_exit_0_when_every_component_is_unchanged() {
    let node = example_node();
    let o = diff(node.path(), &[]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert_eq!(
        stdout(&o).matches(" unchanged ").count(),
        4,
        "{}",
        stdout(&o)
    );
}

#[test]
fn diff_exit_1_reports_status_restart_and_unified_diff() {
    let node = example_node();
    let manifests = node.path().join("etc/kubernetes/manifests");
    let api = manifests.join("kube-apiserver.yaml");
    let text = fs_err::read_to_string(&api).expect("read");
    fs_err::write(
        &api,
        text.replace("--secure-port=6443", "--secure-port=6444"),
    )
    .expect("write");
    let sched = manifests.join("kube-scheduler.yaml");
    let text = fs_err::read_to_string(&sched).expect("read");
    fs_err::write(&sched, format!("# hand-edited\n{text}")).expect("write");
    fs_err::remove_file(manifests.join("etcd.yaml")).expect("rm");
    fs_err::write(manifests.join("kube-apiserver.yaml.bak"), "x").expect("write");

    let o = diff(node.path(), &["--color", "never"]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o).replace(node.path().to_str().expect("utf8"), "<root>");
    insta::assert_snapshot!("diff_text_output", out);
    assert!(
        stderr(&o).contains("kube-apiserver.yaml.bak: a backup copy"),
        "{}",
        stderr(&o)
    );

    let o = diff(node.path(), &["-o", "json", "-q"]);
    assert_eq!(o.status.code(), Some(1));
    let json_text = stdout(&o).replace(node.path().to_str().expect("utf8"), "<root>");
    insta::assert_snapshot!("diff_json_output", json_text);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    let statuses: Vec<(&str, &str, bool)> = v["components"]
        .as_array()
        .expect("components")
        .iter()
        .map(|c| {
            (
                c["component"].as_str().unwrap_or(""),
                c["status"].as_str().unwrap_or(""),
                c["restart"].as_bool().unwrap_or(false),
            )
        })
        .collect();
    assert_eq!(
        statuses,
        [
            ("kube-apiserver", "changed", true),
            ("kube-controller-manager", "unchanged", false),
            ("kube-scheduler", "cosmetic", false),
            ("etcd", "missing", true)
        ]
    );
    assert!(v["components"][0]["diff"]
        .as_str()
        .expect("diff")
        .contains("-    - --secure-port=6444\n+    - --secure-port=6443"));
    assert_eq!(v["components"][1]["diff"], "");
    assert_eq!(
        v["strays"][0]["path"]
            .as_str()
            .map(|p| p.ends_with("kube-apiserver.yaml.bak")),
        Some(true)
    );
}

#[test]
fn diff_colours_only_when_asked() {
    let node = example_node();
    let api = node
        .path()
        .join("etc/kubernetes/manifests/kube-apiserver.yaml");
    let text = fs_err::read_to_string(&api).expect("read");
    fs_err::write(
        &api,
        text.replace("--secure-port=6443", "--secure-port=6444"),
    )
    .expect("write");
    assert!(stdout(&diff(node.path(), &["--color", "always"])).contains("\x1b[31m-"));
    assert!(
        !stdout(&diff(node.path(), &[])).contains('\x1b'),
        "not a terminal: no colour by default"
    );
}

#[test]
fn diff_upgrade_preview_and_node_facts_from_disk() {
    let node = example_node();
    // A ConfigMap-style config without node-local values: they come from the manifests.
    let dir = tempfile::tempdir().expect("tempdir");
    let cm = dir.path().join("cm.yaml");
    let cluster = fs_err::read_to_string(EXAMPLE).expect("example");
    let cluster_doc = cluster.split("---\n").nth(1).expect("cluster doc");
    let indented: String = cluster_doc.lines().map(|l| format!("    {l}\n")).collect();
    fs_err::write(&cm, format!("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: kubeadm-config\n  namespace: kube-system\ndata:\n  ClusterConfiguration: |\n{indented}")).expect("write");
    let args = [
        "-v",
        "--root",
        node.path().to_str().expect("utf8"),
        "diff",
        "--config",
        cm.to_str().expect("utf8"),
    ];
    let o = staticpod(&args);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert!(
        stderr(&o).contains(
            "advertise address 192.168.10.11 taken from the kube-apiserver manifest on disk"
        ),
        "{}",
        stderr(&o)
    );
    assert!(
        stderr(&o).contains("node name cp-1 taken from etcd.yaml"),
        "{}",
        stderr(&o)
    );
    // Upgrade preview: the same config for 1.34 restarts everything.
    let mut upgrade = args.to_vec();
    upgrade.extend(["--kubernetes-version", "v1.34.12"]);
    let o = staticpod(&upgrade);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).contains("+    image: registry.k8s.io/etcd:3.6.5-0"),
        "{}",
        stdout(&o)
    );
    assert_eq!(stdout(&o).matches(" changed ").count(), 4);
}

#[test]
fn diff_bad_input_exits_2() {
    let node = example_node();
    let o = staticpod(&[
        "--root",
        node.path().to_str().expect("utf8"),
        "diff",
        "--config",
        "/nonexistent.yaml",
    ]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn hash_prints_sha256sum_hex_and_semantic_digest() {
    let node = example_node();
    let manifests = node.path().join("etc/kubernetes/manifests");
    let o = staticpod(&["--root", node.path().to_str().expect("utf8"), "hash"]);
    assert_eq!(o.status.code(), Some(0));
    let lines: Vec<String> = stdout(&o).lines().map(String::from).collect();
    assert_eq!(lines.len(), 4);
    let etcd = manifests.join("etcd.yaml");
    let sha = {
        use sha2::Digest;
        sha2::Sha256::digest(fs_err::read(&etcd).expect("read"))
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    };
    assert!(lines
        .iter()
        .any(|l| l.starts_with(&sha) && l.ends_with("etcd.yaml")));
    // A cosmetic edit changes the raw hash but not the semantic digest.
    let before = stdout(&staticpod(&["hash", etcd.to_str().expect("utf8")]));
    fs_err::write(
        &etcd,
        format!(
            "# comment\n{}",
            fs_err::read_to_string(&etcd).expect("read")
        ),
    )
    .expect("write");
    let after = stdout(&staticpod(&["hash", etcd.to_str().expect("utf8")]));
    let cols = |s: &str| s.split_whitespace().map(String::from).collect::<Vec<_>>();
    assert_ne!(cols(&before)[0], cols(&after)[0]);
    assert_eq!(cols(&before)[1], cols(&after)[1]);
    let o = staticpod(&["-o", "json", "hash", etcd.to_str().expect("utf8")]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    assert_eq!(
        v["files"][0]["semantic"].as_str(),
        Some(cols(&after)[1].as_str())
    );
}

#[test]
fn hash_check_exit_codes() {
    let node = example_node();
    let manifests = node.path().join("etc/kubernetes/manifests");
    let sums = node.path().join("SHA256SUMS");
    let listing = stdout(&staticpod(&[
        "--root",
        node.path().to_str().expect("utf8"),
        "hash",
    ]));
    let sha256sum: String = listing
        .lines()
        .map(|l| {
            let cols: Vec<&str> = l.split_whitespace().collect();
            format!("{}  {}\n", cols[0], cols[2])
        })
        .collect();
    fs_err::write(&sums, &sha256sum).expect("write");
    let check = || staticpod(&["hash", "--check", sums.to_str().expect("utf8")]);
    let o = check();
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert_eq!(stdout(&o).matches(": OK").count(), 4);
    fs_err::write(manifests.join("kube-scheduler.yaml"), "changed").expect("write");
    let o = check();
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("kube-scheduler.yaml: FAILED"));
    fs_err::write(&sums, "not a sum line\n").expect("write");
    assert_eq!(check().status.code(), Some(2));
    assert_eq!(
        staticpod(&["hash", "/nonexistent/file.yaml"]).status.code(),
        Some(2)
    );
}
