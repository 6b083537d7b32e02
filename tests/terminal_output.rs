//! What users see on a terminal (issue 12): proxy variables announced, ASCII for non-UTF-8
//! locales, columns that fit long values, `-v` that names one source for node facts.

use std::path::Path;
use std::process::Output;

use crate::support::{command, staticpod};

const EXAMPLE: &str = "golden/example/kubeadm-config.yaml";
const EXAMPLE_ROOT: &str = "golden/example/node";

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn proxy_variables_copied_into_manifests_are_announced() {
    let run = |extra: &[&str]| {
        let mut args = vec!["--root", EXAMPLE_ROOT, "render", "--config", EXAMPLE];
        args.extend_from_slice(extra);
        command(&args)
            .env("HTTPS_PROXY", "http://proxy.example:3128")
            .env("no_proxy", "10.0.0.0/8")
            .env("HTTP_PROXY", "")
            .output()
            .expect("run")
    };
    let o = run(&[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains(
            "staticpod: warning: copied the proxy variables HTTPS_PROXY, no_proxy from this \
             environment into kube-apiserver, kube-controller-manager, kube-scheduler (as \
             kubeadm does); use --no-proxy-env to leave them out\n"
        ),
        "{}",
        stderr(&o)
    );
    assert!(stdout(&o).contains("name: HTTPS_PROXY"));
    // etcd alone gets none, so nothing to announce; nor with --no-proxy-env.
    for extra in [&["--component", "etcd"][..], &["--no-proxy-env"]] {
        let o = run(extra);
        assert!(
            !stderr(&o).contains("proxy variables"),
            "{extra:?}: {}",
            stderr(&o)
        );
    }
    // -q silences it like every warning.
    assert!(!stderr(&run(&["-q"])).contains("proxy variables"));
}

/// A temp manifests dir holding the example's rendered manifests, the apiserver's image
/// replaced by `image`.
fn node_with_apiserver_image(image: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().to_str().expect("utf8");
    let o = staticpod(&[
        "-q",
        "--root",
        EXAMPLE_ROOT,
        "render",
        "--config",
        EXAMPLE,
        "--out",
        out,
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let path = dir.path().join("kube-apiserver.yaml");
    let text = fs_err::read_to_string(&path).expect("rendered");
    let current = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("image: "))
        .expect("an image line")
        .to_string();
    fs_err::write(&path, text.replace(&current, image)).expect("write");
    dir
}

#[test]
fn non_utf8_locales_get_ascii_arrows() {
    let node = node_with_apiserver_image("registry.k8s.io/kube-apiserver:v1.29.0");
    let dir = node.path().to_str().expect("utf8");
    let plan = |vars: &[(&str, &str)]| {
        let mut cmd = command(&[
            "--manifests-dir",
            dir,
            "plan",
            "--target-version",
            "v1.31.0",
        ]);
        for (name, value) in vars {
            cmd.env(name, value);
        }
        let o = cmd.output().expect("run");
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
        stdout(&o)
    };
    let utf8 = plan(&[("LANG", "en_US.UTF-8")]);
    assert!(utf8.contains("v1.29.0 → v1.31.0 skips a minor"), "{utf8}");
    let c = plan(&[("LANG", "C")]);
    assert!(c.contains("v1.29.0 -> v1.31.0 skips a minor"), "{c}");
    assert!(c.is_ascii(), "{c}");
    // LC_ALL overrides LANG.
    let latin1 = plan(&[("LC_ALL", "de_DE.ISO-8859-1"), ("LANG", "en_US.UTF-8")]);
    assert!(latin1.contains("-> v1.31.0"), "{latin1}");
    // Manifest content is never rewritten: render prints the same bytes in every locale.
    let render = |lang: &str| {
        command(&["--root", EXAMPLE_ROOT, "render", "--config", EXAMPLE])
            .env("LANG", lang)
            .output()
            .expect("run")
            .stdout
    };
    assert_eq!(render("C"), render("en_US.UTF-8"));
}

#[test]
fn dumb_terminals_get_no_colour_unless_asked() {
    // A real terminal: util-linux `script` runs the command on a pseudo-terminal.
    let node = node_with_apiserver_image("registry.k8s.io/kube-apiserver:v1.29.0");
    let dir = node.path().to_str().expect("utf8");
    let on_a_terminal = |term: &str, color: &str| {
        let line = format!(
            "'{}' -q --manifests-dir '{dir}' --root {EXAMPLE_ROOT} --color {color} diff --config {EXAMPLE}",
            env!("CARGO_BIN_EXE_staticpod")
        );
        let o = std::process::Command::new("script")
            .args(["-qec", &line, "/dev/null"])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env("TERM", term)
            .env_remove("NO_COLOR")
            .output()
            .expect("util-linux script");
        let text = stdout(&o);
        assert!(text.contains("kube-apiserver"), "{text}");
        text.contains("\x1b[")
    };
    assert!(on_a_terminal("xterm-256color", "auto"));
    assert!(!on_a_terminal("dumb", "auto"));
    assert!(on_a_terminal("dumb", "always"));
}

#[test]
fn plan_columns_fit_long_values() {
    let long = "registry.k8s.io/kube-apiserver:v1.30.0-rc.1.custom-build-with-a-long-suffix";
    let node = node_with_apiserver_image(long);
    let dir = node.path().to_str().expect("utf8");
    let o = staticpod(&[
        "--manifests-dir",
        dir,
        "plan",
        "--target-version",
        "v1.30.14",
    ]);
    let text = stdout(&o);
    let table: Vec<&str> = text.lines().take_while(|l| !l.is_empty()).collect();
    assert_eq!(table.len(), 5, "{text}");
    // Every row's TARGET and VERDICT start where the header's do.
    let header = table[0];
    let target_at = header.find("TARGET").expect("TARGET");
    let verdict_at = header.find("VERDICT").expect("VERDICT");
    for row in &table[1..] {
        let cells: Vec<&str> = row.split_whitespace().collect();
        assert!(cells.len() >= 4, "{row}");
        assert_eq!(row.get(target_at - 1..target_at), Some(" "), "{text}");
        assert_ne!(row.get(target_at..=target_at), Some(" "), "{text}");
        assert_ne!(row.get(verdict_at..=verdict_at), Some(" "), "{text}");
    }
    assert!(text.contains("custom-build-with-a-long-suffix"), "{text}");
}

#[test]
fn backups_list_columns_fit_long_names() {
    let dir = tempfile::tempdir().expect("tempdir");
    for name in [
        "staticpod-backup-manifests-2026-01-01-00-00-00-123",
        "kubeadm-backup-manifests-2026-01-02-00-00-00",
    ] {
        fs_err::create_dir(dir.path().join(name)).expect("mkdir");
    }
    let o = staticpod(&[
        "--backup-dir",
        dir.path().to_str().expect("utf8"),
        "backups",
        "list",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    let kinds: Vec<usize> = text
        .lines()
        .map(|l| {
            l.find("staticpod ")
                .or_else(|| l.find("kubeadm "))
                .unwrap_or(0)
        })
        .map(|at| if at < 30 { usize::MAX } else { at })
        .collect();
    assert_eq!(kinds.len(), 2, "{text}");
    assert_eq!(kinds[0], kinds[1], "{text}");
    assert!(
        text.contains("staticpod-backup-manifests-2026-01-01-00-00-00-123 "),
        "{text}"
    );
}

#[test]
fn verbose_names_one_source_for_node_facts_with_a_configmap() {
    let node = tempfile::tempdir().expect("tempdir");
    let manifests = node.path().join("m");
    let config = Path::new("golden/render/configmap-dump-v1.31/config.yaml");
    let o = staticpod(&[
        "-q",
        "--root",
        "golden/hosts/ubuntu",
        "render",
        "--config",
        config.to_str().expect("utf8"),
        "--advertise-address",
        "10.0.0.10",
        "--node-name",
        "cp1",
        "--out",
        manifests.to_str().expect("utf8"),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = staticpod(&[
        "-v",
        "--root",
        "golden/hosts/ubuntu",
        "--manifests-dir",
        manifests.to_str().expect("utf8"),
        "diff",
        "--config",
        config.to_str().expect("utf8"),
    ]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(
        err.contains("advertise address 10.0.0.10 taken from the kube-apiserver manifest on disk"),
        "{err}"
    );
    assert!(err.contains("node name cp1 taken from etcd.yaml"), "{err}");
    assert!(!err.contains("come from flags"), "{err}");
}
