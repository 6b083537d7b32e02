//! `staticpod import`: every golden render case, the corpus, a table of hand edits and
//! generated configs go render → import → render and must come back byte for byte; where each
//! hand edit lands (extraArgs, extraVolumes, extraEnvs or a patch) is asserted.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use proptest::prelude::*;
use serde_json::{json, Value};
use staticpod::component::Component;
use staticpod::config::{self, NodeOverrides};
use staticpod::diff::{self, Status};
use staticpod::import::{self, recheck, ImportReport, ImportRequest, Reproduced};
use staticpod::kubeadm::release::all_known;
use staticpod::kubeadm::Profile;
use staticpod::render::{self, RenderRequest};

use crate::golden;
use crate::support::staticpod;

const UBUNTU: &str = "golden/hosts/ubuntu";

/// `--root` from a golden case's flags, else its `root/`.
fn case_root(case: &golden::Case) -> PathBuf {
    let flags = fs_err::read_to_string(case.dir.join("flags")).unwrap_or_default();
    let lines: Vec<&str> = flags.lines().map(str::trim).collect();
    lines
        .iter()
        .position(|l| *l == "--root")
        .and_then(|i| lines.get(i + 1))
        .map_or_else(|| case.dir.join("root"), PathBuf::from)
}

fn write_manifests(dir: &Path, manifests: &BTreeMap<Component, String>) {
    fs_err::create_dir_all(dir).expect("manifests dir");
    for (component, yaml) in manifests {
        fs_err::write(dir.join(component.file_name()), yaml).expect("write manifest");
    }
}

/// Import `manifests` (with a patches directory) and prove it: every component identical, and
/// the written configuration + patch files render the same bytes through `render::render`.
fn round_trip(
    root: &Path,
    kubeadm_version: &str,
    manifests: &BTreeMap<Component, String>,
) -> ImportReport {
    let temp = tempfile::tempdir().expect("tempdir");
    let dir = temp.path().join("manifests");
    let patches = temp.path().join("patches");
    write_manifests(&dir, manifests);
    let request = ImportRequest {
        manifests_dir: dir,
        root: root.to_path_buf(),
        kubeadm_version: Some(kubeadm_version.to_string()),
        patches_dir: Some(patches.clone()),
        ..Default::default()
    };
    let report = match import::import(&request) {
        Ok(report) => report,
        Err(e) => panic!("import failed: {e}"),
    };
    for c in &report.components {
        assert_eq!(
            c.reproduced,
            Reproduced::Identical,
            "{}: {:?}\n{}",
            c.component,
            c.reasons,
            report.config
        );
    }
    assert_eq!(report.exit_code(true), 0);

    // From the files, as a user would: `render --config kubeadm.yaml` (patches.directory).
    fs_err::create_dir_all(&patches).expect("patches dir");
    for patch in &report.patches {
        fs_err::write(patches.join(&patch.file_name), &patch.content).expect("write patch");
    }
    let config_path = temp.path().join("kubeadm.yaml");
    fs_err::write(&config_path, &report.config).expect("write config");
    let needs_address = !report.config.contains("advertiseAddress");
    let rendered = render::render(&RenderRequest {
        config: config_path,
        kubeadm_version: Some(kubeadm_version.to_string()),
        root: root.to_path_buf(),
        components: manifests.keys().copied().collect(),
        overrides: NodeOverrides {
            advertise_address: needs_address.then(|| "192.0.2.1".to_string()),
            ..Default::default()
        },
        ..Default::default()
    })
    .unwrap_or_else(|e| {
        panic!(
            "the imported config does not render: {e}\n{}",
            report.config
        )
    });
    for m in &rendered.manifests {
        assert_eq!(
            Some(&m.yaml),
            manifests.get(&m.component),
            "{} differs after the round trip\n{}",
            m.component,
            report.config
        );
    }
    assert_eq!(rendered.manifests.len(), manifests.len());
    report
}

#[test]
fn every_golden_render_case_round_trips() {
    let mut count = 0;
    for case in golden::cases() {
        let name = case.name();
        let result = case.render();
        if name.starts_with("error-") {
            assert!(result.is_err(), "{name}: an error case rendered");
            continue;
        }
        let Ok(rendered) = result else {
            // The two cases whose expected output is an error (they document refusals).
            assert!(
                case.dir.join("expected/error.txt").exists(),
                "{name} does not render"
            );
            continue;
        };
        let manifests: BTreeMap<Component, String> = rendered
            .manifests
            .iter()
            .map(|m| (m.component, m.yaml.clone()))
            .collect();
        let report = round_trip(&case_root(&case), &rendered.release.to_string(), &manifests);
        // The case's own kubeadm patches come back as patches; a plain config needs none.
        if !case.dir.join("patches").exists() && !name.starts_with("proxy-env-v1.30") {
            let kinds: Vec<&str> = report
                .patches
                .iter()
                .map(|p| p.file_name.as_str())
                .collect();
            if !name.contains("killercoda") && !name.contains("kind-extravolume") {
                assert!(kinds.is_empty(), "{name}: unexpected patches {kinds:?}");
            }
        }
        count += 1;
    }
    assert!(count >= 45, "only {count} golden cases round-tripped");
}

#[test]
fn a_joined_node_reproduces_and_warns_that_its_etcd_flags_are_node_local() {
    let case = golden::cases()
        .into_iter()
        .find(|c| c.name() == "join-control-plane-v1.32")
        .expect("join case");
    let rendered = case.render().expect("renders");
    let manifests = rendered
        .manifests
        .iter()
        .map(|m| (m.component, m.yaml.clone()))
        .collect();
    let report = round_trip(&case_root(&case), &rendered.release.to_string(), &manifests);
    let etcd = report
        .components
        .iter()
        .find(|c| c.component == "etcd")
        .expect("etcd");
    assert!(etcd.extra_args.iter().any(|a| a == "initial-cluster-state"));
    assert!(
        report
            .warnings
            .iter()
            .any(|w| w.contains("initial-cluster") && w.contains("every control-plane node")),
        "{:?}",
        report.warnings
    );
}

#[test]
fn bundled_example_node_round_trips_with_its_extra_args_and_volumes() {
    let loaded = config::load_file(
        Path::new("golden/example/kubeadm-config.yaml"),
        &NodeOverrides::default(),
    )
    .expect("example config");
    let request = RenderRequest {
        config: "golden/example/kubeadm-config.yaml".into(),
        root: "golden/example/node".into(),
        ..Default::default()
    };
    let rendered = render::render_loaded(&request, loaded).expect("example renders");
    let manifests = rendered
        .manifests
        .iter()
        .map(|m| (m.component, m.yaml.clone()))
        .collect();
    let report = round_trip(
        Path::new("golden/example/node"),
        &rendered.release.to_string(),
        &manifests,
    );
    assert!(report.patches.is_empty());
    let apiserver = &report.components[0];
    assert_eq!(
        apiserver.extra_args,
        ["audit-log-path", "audit-policy-file"]
    );
    assert_eq!(apiserver.extra_volumes, ["audit-log", "audit-policy"]);
    assert!(report.config.contains("kubernetesVersion: v1.33.9"));
    assert!(report.config.contains("advertiseAddress: 192.168.10.11"));
}

// ---- the corpus ------------------------------------------------------------------------

/// Run the CLI on a corpus case; returns (exit code, stderr, temp dir holding out files).
fn cli_import(root: &Path, extra: &[&str]) -> (i32, String, tempfile::TempDir) {
    let temp = tempfile::tempdir().expect("tempdir");
    let out = temp.path().join("kubeadm.yaml");
    let patches = temp.path().join("patches");
    let root_text = root.display().to_string();
    let out_text = out.display().to_string();
    let patches_text = patches.display().to_string();
    let mut args = vec![
        "--root",
        &root_text,
        "import",
        "--out",
        &out_text,
        "--patches-out",
        &patches_text,
    ];
    args.extend_from_slice(extra);
    let output = staticpod(&args);
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stderr).into_owned(),
        temp,
    )
}

/// Render the written kubeadm.yaml (+ patches) and classify against the files on disk.
fn rerender_cli(root: &Path, temp: &Path) -> Vec<(String, Status)> {
    let manifests = root.join("etc/kubernetes/manifests");
    let out = temp.join("rendered");
    let mut args = vec![
        "--root".to_string(),
        root.display().to_string(),
        "render".into(),
        "--no-proxy-env".into(),
        "--config".into(),
        temp.join("kubeadm.yaml").display().to_string(),
        "--out".into(),
        out.display().to_string(),
    ];
    let mut present = Vec::new();
    for c in Component::ALL {
        if manifests.join(c.file_name()).exists() {
            args.extend(["--component".to_string(), c.name().to_string()]);
            present.push(c);
        }
    }
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let output = staticpod(&refs);
    assert!(
        output.status.success(),
        "render of the import failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    present
        .into_iter()
        .map(|c| {
            let old = fs_err::read(manifests.join(c.file_name())).expect("on disk");
            let new = fs_err::read(out.join(c.file_name())).expect("rendered");
            (
                c.name().to_string(),
                diff::classify(Some(&old), Some(&new)).status,
            )
        })
        .collect()
}

#[test]
fn corpus_cases_import_reproduce_or_refuse_clearly() {
    // Emulated releases (1.28+): unedited files come back byte for byte (patches for what
    // the source's own kubeadm patches did), hand-formatted ones up to formatting (exit 1).
    let reproduced: &[(&str, i32)] = &[
        ("v1.29-kodekloud-a", 0),
        ("v1.29-killercoda-lowcpu-a", 0),
        ("v1.33-kind-custom-binary-a", 0),
        ("v1.28-gcp-audit-edited-a", 1),
        ("v1.28-kubectl-derived-audit-a", 1),
        ("v1.30-audit-encryption-edited-a", 1),
        ("v1.32-edited-cks-a", 1),
        ("v1.34-minikube-kubectl-derived-a", 1),
    ];
    let refused: &[(&str, &str)] = &[
        (
            "v1.28-truncated-first-char-a",
            "cannot be decoded as a static pod",
        ),
        (
            "v1.29-dockerdesktop-mangled-a",
            "cannot be decoded as a static pod: invalid YAML",
        ),
        ("v1.30-redacted-placeholders-a", "is not a CIDR"),
        ("v1.29-bak-copy-a", "no control-plane manifest"),
        ("config-v1.30-dualstack-ipv6-a", "no control-plane manifest"),
    ];
    let corpus = Path::new("golden/verify/corpus");
    for (name, code) in reproduced {
        let root = corpus.join(name);
        let (got, stderr, temp) = cli_import(&root, &[]);
        assert_eq!(got, *code, "{name}: {stderr}");
        let want = if *code == 0 {
            Status::Unchanged
        } else {
            Status::Cosmetic
        };
        for (component, status) in rerender_cli(&root, temp.path()) {
            assert!(
                status == Status::Unchanged || status == want,
                "{name}/{component}: {status:?}"
            );
        }
        if *code == 1 {
            assert!(
                stderr.contains("reproduced only up to formatting"),
                "{name}: {stderr}"
            );
        }
    }
    for (name, message) in refused {
        let (got, stderr, temp) = cli_import(&corpus.join(name), &[]);
        assert_eq!(got, 2, "{name}: {stderr}");
        assert!(stderr.contains(message), "{name}: {stderr}");
        assert!(
            !temp.path().join("kubeadm.yaml").exists(),
            "{name}: wrote a config"
        );
    }
    // Every case older than the emulated releases is refused, naming the version.
    let mut old = 0;
    for entry in fs_err::read_dir(corpus).expect("corpus").flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let minor: Option<u32> = name
            .strip_prefix("v1.")
            .and_then(|rest| rest.split('-').next())
            .and_then(|m| m.parse().ok());
        if minor.is_some_and(|m| m < 28) {
            let (got, stderr, _temp) = cli_import(&entry.path(), &[]);
            assert_eq!(got, 2, "{name}: {stderr}");
            assert!(
                stderr.contains("no kubeadm release staticpod knows"),
                "{name}: {stderr}"
            );
            old += 1;
        }
    }
    assert!(old >= 20, "only {old} old corpus cases");
}

#[test]
fn damaged_corpus_files_exit_2_naming_the_file() {
    for (case, message) in [
        (
            "v1.28.0-truncated-first-char",
            "kube-apiserver.yaml: cannot be decoded as a static pod",
        ),
        (
            "v1.30.0-redacted-placeholders",
            "networking.serviceSubnet: \"<ip>\" is not a CIDR",
        ),
    ] {
        let temp = tempfile::tempdir().expect("tempdir");
        let manifests = temp.path().join("etc/kubernetes/manifests");
        fs_err::create_dir_all(&manifests).expect("dir");
        let source = Path::new("golden/corpus-damaged")
            .join(case)
            .join("damaged-kube-apiserver.yaml");
        fs_err::copy(&source, manifests.join("kube-apiserver.yaml")).expect("copy");
        let (code, stderr, out) = cli_import(temp.path(), &[]);
        assert_eq!(code, 2, "{case}: {stderr}");
        assert!(stderr.contains(message), "{case}: {stderr}");
        assert!(stderr.contains("manifests"), "{case}: {stderr}");
        assert!(!out.path().join("kubeadm.yaml").exists());
    }
}

// ---- synthetic hand edits --------------------------------------------------------------

fn base_manifests(release: &str) -> BTreeMap<Component, String> {
    let profile_api = if release.starts_with("v1.30") {
        "v1beta3"
    } else {
        "v1beta4"
    };
    let text = format!(
        "apiVersion: kubeadm.k8s.io/{profile_api}\nkind: InitConfiguration\nlocalAPIEndpoint:\n  \
         advertiseAddress: 10.0.0.10\nnodeRegistration:\n  name: cp1\n---\napiVersion: \
         kubeadm.k8s.io/{profile_api}\nkind: ClusterConfiguration\nkubernetesVersion: \
         {release}\nnetworking:\n  podSubnet: 10.244.0.0/16\n"
    );
    let loaded =
        config::load_str(Path::new("base.yaml"), &text, &NodeOverrides::default()).expect("load");
    let request = RenderRequest {
        config: "base.yaml".into(),
        kubeadm_version: Some(release.to_string()),
        root: UBUNTU.into(),
        ..Default::default()
    };
    render::render_loaded(&request, loaded)
        .expect("render")
        .manifests
        .into_iter()
        .map(|m| (m.component, m.yaml))
        .collect()
}

type Edit = fn(&mut Value);

fn command(pod: &mut Value) -> &mut Vec<Value> {
    pod.pointer_mut("/spec/containers/0/command")
        .and_then(Value::as_array_mut)
        .expect("command")
}

fn container(pod: &mut Value) -> &mut serde_json::Map<String, Value> {
    pod.pointer_mut("/spec/containers/0")
        .and_then(Value::as_object_mut)
        .expect("container")
}

/// Insert a flag where kubeadm's sorted order puts it.
fn insert_sorted(pod: &mut Value, flag: &str) {
    let cmd = command(pod);
    let at = cmd
        .iter()
        .skip(1)
        .position(|v| v.as_str().is_some_and(|s| s > flag))
        .map_or(cmd.len(), |i| i + 1);
    cmd.insert(at, json!(flag));
}

fn set_flag(pod: &mut Value, name: &str, value: &str) {
    let prefix = format!("--{name}=");
    for v in command(pod).iter_mut() {
        if v.as_str().is_some_and(|s| s.starts_with(&prefix)) {
            *v = json!(format!("{prefix}{value}"));
        }
    }
}

fn add_volume(pod: &mut Value, volume: Value, mount: Value) {
    let name = volume["name"].as_str().unwrap_or_default().to_string();
    let volumes = pod
        .pointer_mut("/spec/volumes")
        .and_then(Value::as_array_mut)
        .expect("volumes");
    let at = volumes
        .iter()
        .position(|v| v["name"].as_str().is_some_and(|n| n > name.as_str()))
        .unwrap_or(volumes.len());
    volumes.insert(at, volume);
    let mounts = container(pod)
        .get_mut("volumeMounts")
        .and_then(Value::as_array_mut)
        .expect("mounts");
    mounts.insert(at, mount);
}

struct Synthetic {
    name: &'static str,
    release: &'static str,
    component: Component,
    edit: Edit,
    args: &'static [&'static str],
    volumes: &'static [&'static str],
    envs: &'static [&'static str],
    /// `None`: the configuration alone reproduces the file.
    patch: Option<&'static str>,
}

const API: Component = Component::KubeApiserver;

fn synthetic_edits() -> Vec<Synthetic> {
    let s = |name, release, component, edit: Edit, args, volumes, envs, patch| Synthetic {
        name,
        release,
        component,
        edit,
        args,
        volumes,
        envs,
        patch,
    };
    vec![
        s(
            "add a flag in kubeadm's order",
            "v1.34.0",
            API,
            |p| insert_sorted(p, "--oidc-issuer-url=https://issuer.example"),
            &["oidc-issuer-url"],
            &[],
            &[],
            None,
        ),
        s(
            "add a flag at the end (1.34.12 appends extraArgs)",
            "v1.34.12",
            API,
            |p| command(p).push(json!("--oidc-issuer-url=https://issuer.example")),
            &["oidc-issuer-url"],
            &[],
            &[],
            None,
        ),
        s(
            "add a flag at the end (1.34.0 sorts them)",
            "v1.34.0",
            API,
            |p| command(p).push(json!("--oidc-issuer-url=https://issuer.example")),
            &[],
            &[],
            &[],
            Some("strategic"),
        ),
        s(
            "change a default flag's value",
            "v1.34.0",
            API,
            |p| set_flag(p, "allow-privileged", "false"),
            &["allow-privileged"],
            &[],
            &[],
            None,
        ),
        s(
            "remove a default flag",
            "v1.34.0",
            API,
            |p| command(p).retain(|v| v != "--enable-bootstrap-token-auth=true"),
            &[],
            &[],
            &[],
            Some("json"),
        ),
        s(
            "audit policy: flag, hostPath volume and mount",
            "v1.34.0",
            API,
            |p| {
                insert_sorted(p, "--audit-policy-file=/etc/kubernetes/audit-policy.yaml");
                add_volume(
                    p,
                    json!({"name": "audit", "hostPath": {"path": "/etc/kubernetes/audit-policy.yaml", "type": "File"}}),
                    json!({"name": "audit", "mountPath": "/etc/kubernetes/audit-policy.yaml", "readOnly": true}),
                );
            },
            &["audit-policy-file"],
            &["audit"],
            &[],
            None,
        ),
        s(
            "change a resource request",
            "v1.34.0",
            API,
            |p| container(p)["resources"]["requests"]["cpu"] = json!("500m"),
            &[],
            &[],
            &[],
            Some("strategic"),
        ),
        s(
            "add a memory limit",
            "v1.34.0",
            Component::Etcd,
            |p| container(p)["resources"]["limits"] = json!({"memory": "2Gi"}),
            &[],
            &[],
            &[],
            Some("strategic"),
        ),
        s(
            "add an annotation",
            "v1.34.0",
            Component::KubeScheduler,
            |p| p["metadata"]["annotations"] = json!({"example.com/owner": "team-a"}),
            &[],
            &[],
            &[],
            Some("strategic"),
        ),
        s(
            "change a probe's timeout",
            "v1.34.0",
            API,
            |p| container(p)["livenessProbe"]["timeoutSeconds"] = json!(30),
            &[],
            &[],
            &[],
            Some("strategic"),
        ),
        s(
            "add an env variable",
            "v1.34.0",
            Component::KubeControllerManager,
            |p| {
                container(p).insert(
                    "env".into(),
                    json!([{"name": "GODEBUG", "value": "x509sha1=1"}]),
                );
            },
            &[],
            &[],
            &["GODEBUG"],
            None,
        ),
        s(
            "env variables out of kubeadm's order",
            "v1.34.0",
            API,
            |p| {
                container(p).insert(
                    "env".into(),
                    json!([{"name": "Z", "value": "1"}, {"name": "A", "value": "2"}]),
                );
            },
            &[],
            &[],
            &["Z", "A"],
            Some("json"),
        ),
        s(
            "reorder two flags",
            "v1.34.0",
            API,
            |p| command(p).swap(1, 2),
            &[],
            &[],
            &[],
            Some("strategic"),
        ),
        s(
            "add a flag to a v1beta3 (map) config",
            "v1.30.14",
            Component::KubeControllerManager,
            |p| insert_sorted(p, "--node-cidr-mask-size=24"),
            &["node-cidr-mask-size"],
            &[],
            &[],
            None,
        ),
        s(
            "add an env variable where v1beta3 has no extraEnvs",
            "v1.30.14",
            API,
            |p| {
                container(p).insert("env".into(), json!([{"name": "GODEBUG", "value": "1"}]));
            },
            &[],
            &[],
            &[],
            Some("json"),
        ),
        s(
            "add an emptyDir volume",
            "v1.34.0",
            Component::KubeScheduler,
            |p| {
                add_volume(
                    p,
                    json!({"name": "cache", "emptyDir": {}}),
                    json!({"name": "cache", "mountPath": "/cache"}),
                )
            },
            &[],
            &[],
            &[],
            Some("json"),
        ),
        s(
            "add an etcd flag",
            "v1.34.0",
            Component::Etcd,
            |p| insert_sorted(p, "--quota-backend-bytes=8589934592"),
            &["quota-backend-bytes"],
            &[],
            &[],
            None,
        ),
        s(
            "add a securityContext",
            "v1.34.0",
            API,
            |p| {
                container(p).insert(
                    "securityContext".into(),
                    json!({"readOnlyRootFilesystem": true}),
                );
            },
            &[],
            &[],
            &[],
            Some("strategic"),
        ),
        s(
            "add a label",
            "v1.34.0",
            API,
            |p| p["metadata"]["labels"]["example.com/pool"] = json!("cp"),
            &[],
            &[],
            &[],
            Some("strategic"),
        ),
        s(
            "point a default volume elsewhere",
            "v1.34.0",
            Component::KubeControllerManager,
            |p| {
                for v in p
                    .pointer_mut("/spec/volumes")
                    .and_then(Value::as_array_mut)
                    .expect("volumes")
                {
                    if v["name"] == "ca-certs" {
                        v["hostPath"]["path"] = json!("/etc/pki/tls/certs");
                    }
                }
            },
            &[],
            &["ca-certs"],
            &[],
            None,
        ),
        s(
            "repeat a flag (v1beta4 lists allow duplicates)",
            "v1.34.0",
            API,
            |p| {
                insert_sorted(p, "--api-audiences=a");
                insert_sorted(p, "--api-audiences=b");
            },
            &["api-audiences", "api-audiences"],
            &[],
            &[],
            None,
        ),
    ]
}

#[test]
fn synthetic_edits_land_where_expected_and_round_trip() {
    let edits = synthetic_edits();
    assert!(edits.len() >= 15);
    let mut bases: BTreeMap<&str, BTreeMap<Component, String>> = BTreeMap::new();
    for edit in &edits {
        let mut manifests = bases
            .entry(edit.release)
            .or_insert_with(|| base_manifests(edit.release))
            .clone();
        let yaml = manifests.get(&edit.component).expect("component");
        let mut pod: Value = serde_yaml::from_str(yaml).expect("yaml");
        (edit.edit)(&mut pod);
        let edited = staticpod::yaml::to_yaml(&pod);
        assert_ne!(&edited, yaml, "{}: the edit changed nothing", edit.name);
        manifests.insert(edit.component, edited);

        let report = round_trip(Path::new(UBUNTU), edit.release, &manifests);
        let c = report
            .components
            .iter()
            .find(|c| c.component == edit.component.name())
            .expect("component report");
        let context = format!("{}\n{}", edit.name, report.config);
        assert_eq!(c.extra_args, edit.args, "{context}");
        assert_eq!(c.extra_volumes, edit.volumes, "{context}");
        assert_eq!(c.extra_envs, edit.envs, "{context}");
        let kind = report
            .patches
            .iter()
            .find(|p| p.component == edit.component.name())
            .map(|p| p.kind.as_str());
        assert_eq!(kind, edit.patch, "{context}");
        // No other component picked anything up.
        for other in report
            .components
            .iter()
            .filter(|o| o.component != c.component)
        {
            assert!(
                other.extra_args.is_empty() && other.patch.is_none(),
                "{context}"
            );
        }
    }
}

// ---- the command line ------------------------------------------------------------------

#[test]
fn cli_prints_writes_and_wraps_the_configmap() {
    let manifests = base_manifests("v1.34.0");
    let temp = tempfile::tempdir().expect("tempdir");
    let dir = temp.path().join("manifests");
    write_manifests(&dir, &manifests);
    let dir_text = dir.display().to_string();
    let base = [
        "--root",
        UBUNTU,
        "--manifests-dir",
        dir_text.as_str(),
        "import",
        "--kubeadm-version",
        "v1.34.0",
    ];

    // stdout, exit 0, nothing written.
    let output = staticpod(&base);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let printed = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(printed.starts_with("apiVersion: kubeadm.k8s.io/v1beta4\nkind: InitConfiguration\n"));
    assert!(
        printed.contains("---\napiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\n")
    );
    assert!(
        !printed.contains("serviceSubnet"),
        "a default was written:\n{printed}"
    );

    // --full writes kubeadm's defaults too; --api v1beta3 switches the documents.
    let mut full = base.to_vec();
    full.extend(["--full", "--api", "v1beta3"]);
    let output = staticpod(&full);
    assert_eq!(output.status.code(), Some(0));
    let printed = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(printed.contains("serviceSubnet: 10.96.0.0/12"), "{printed}");
    assert!(
        printed.contains("apiVersion: kubeadm.k8s.io/v1beta3"),
        "{printed}"
    );
    assert!(
        printed.contains("timeoutForControlPlane: 4m0s"),
        "{printed}"
    );

    // --configmap --out: written atomically (no temp file left), loadable by render.
    let out = temp.path().join("cm.yaml");
    let out_text = out.display().to_string();
    let mut cm = base.to_vec();
    cm.extend(["--configmap", "--out", out_text.as_str()]);
    let output = staticpod(&cm);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.stdout.is_empty());
    let written = fs_err::read_to_string(&out).expect("written");
    assert!(
        written.starts_with("apiVersion: v1\ndata:\n  ClusterConfiguration: |\n"),
        "{written}"
    );
    assert!(written.contains("name: kubeadm-config\n  namespace: kube-system\n"));
    assert!(written.contains("# Node-local"));
    let entries: Vec<_> = fs_err::read_dir(temp.path())
        .expect("dir")
        .flatten()
        .collect();
    assert_eq!(entries.len(), 2, "temp files left behind");
    let rendered = render::render(&RenderRequest {
        config: out.clone(),
        kubeadm_version: Some("v1.34.0".into()),
        root: UBUNTU.into(),
        ..Default::default()
    })
    .expect("the ConfigMap form renders");
    for m in rendered.manifests {
        assert_eq!(Some(&m.yaml), manifests.get(&m.component));
    }

    // -o json: the typed report.
    let mut json_args = vec!["-o", "json"];
    json_args.extend_from_slice(&base);
    let output = staticpod(&json_args);
    let report: Value = serde_json::from_slice(&output.stdout).expect("json");
    assert_eq!(report["kubeadmVersion"], "v1.34.0");
    assert_eq!(report["components"][0]["reproduced"], "identical");
}

#[test]
fn cli_without_patches_out_warns_and_exits_1() {
    let mut manifests = base_manifests("v1.34.0");
    let yaml = manifests
        .get(&API)
        .expect("apiserver")
        .replace("    - --enable-bootstrap-token-auth=true\n", "");
    manifests.insert(API, yaml);
    let temp = tempfile::tempdir().expect("tempdir");
    let dir = temp.path().join("manifests");
    write_manifests(&dir, &manifests);
    let dir_text = dir.display().to_string();
    let output = staticpod(&["--root", UBUNTU, "--manifests-dir", &dir_text, "import"]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("pass --patches-out DIR"), "{stderr}");
    assert!(stderr.contains("/spec/containers/0/command/"), "{stderr}");

    // A stranger patch for an imported component in --patches-out is refused (exit 2).
    let patches = temp.path().join("patches");
    fs_err::create_dir_all(&patches).expect("dir");
    fs_err::write(patches.join("kube-apiserver0+merge.yaml"), "metadata: {}\n").expect("write");
    let patches_text = patches.display().to_string();
    let output = staticpod(&[
        "--root",
        UBUNTU,
        "--manifests-dir",
        &dir_text,
        "import",
        "--patches-out",
        &patches_text,
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("kube-apiserver0+merge.yaml"));
    assert_eq!(
        fs_err::read_dir(&patches).expect("dir").count(),
        1,
        "wrote a patch"
    );
}

#[test]
fn not_kubeadm_shaped_and_unknown_versions_exit_2() {
    let temp = tempfile::tempdir().expect("tempdir");
    let dir = temp.path().join("manifests");
    let mut manifests = base_manifests("v1.34.0");
    let nginx = manifests
        .get(&Component::KubeScheduler)
        .expect("scheduler")
        .replace("    - kube-scheduler\n", "    - nginx\n");
    manifests.insert(Component::KubeScheduler, nginx);
    write_manifests(&dir, &manifests);
    let dir_text = dir.display().to_string();
    let output = staticpod(&["--manifests-dir", &dir_text, "import"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("kube-scheduler.yaml: spec.containers[0].command[0] is \"nginx\""),
        "{stderr}"
    );

    // An unselected broken file does not block importing the others.
    let output = staticpod(&[
        "--root",
        UBUNTU,
        "--manifests-dir",
        &dir_text,
        "import",
        "--component",
        "kube-apiserver",
    ]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );

    let old = temp.path().join("old");
    let mut manifests = base_manifests("v1.34.0");
    for yaml in manifests.values_mut() {
        *yaml = yaml.replace(":v1.34.0", ":v1.27.3");
    }
    write_manifests(&old, &manifests);
    let old_text = old.display().to_string();
    let output = staticpod(&["--manifests-dir", &old_text, "import"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("v1.27.3"));
}

// ---- generated configs -----------------------------------------------------------------

const FLAGS: &[(&str, &[&str])] = &[
    ("v", &["2", "4"]),
    ("profiling", &["false"]),
    ("audit-log-path", &["/var/log/a.log"]),
    ("feature-gates", &["AllAlpha=false"]),
    ("bind-address", &["0.0.0.0"]),
    ("authorization-mode", &["Node,RBAC,Webhook"]),
    ("max-requests-inflight", &["800"]),
];

prop_compose! {
    fn generated()(
        release_index in 0..all_known().count(),
        prefer_v1beta4 in any::<bool>(),
        ipv6 in any::<bool>(),
        bind_port in prop_oneof![Just(6443u16), 1024u16..65535],
        certs in prop::sample::select(vec!["/etc/kubernetes/pki", "/srv/pki"]),
        repo in prop::sample::select(vec!["registry.k8s.io", "mirror.example:5000/k8s"]),
        external in any::<bool>(),
        args in prop::collection::vec((0..4usize, 0..FLAGS.len(), 0..2usize), 0..6),
        volume in any::<bool>(),
        env in any::<bool>(),
        timeout in prop_oneof![Just(None), Just(Some("5m0s")), Just(Some("95s"))],
    ) -> (String, String, bool) {
        let release = all_known().nth(release_index).expect("release");
        let profile = Profile::for_release(release);
        let v4 = profile.accepts_v1beta4 && (prefer_v1beta4 || !profile.accepts_v1beta3);
        let api = if v4 { "v1beta4" } else { "v1beta3" };
        let address = if ipv6 { "fd00::10" } else { "10.1.2.3" };
        let mut init = format!("apiVersion: kubeadm.k8s.io/{api}\nkind: InitConfiguration\nlocalAPIEndpoint:\n  advertiseAddress: {address}\n  bindPort: {bind_port}\nnodeRegistration:\n  name: node-a\n");
        let mut cluster = format!("apiVersion: kubeadm.k8s.io/{api}\nkind: ClusterConfiguration\nkubernetesVersion: {release}\ncertificatesDir: {certs}\nimageRepository: {repo}\n");
        cluster += if ipv6 { "networking:\n  serviceSubnet: fd00:96::/112\n  podSubnet: fd00:244::/56\n" } else { "networking:\n  podSubnet: 10.244.0.0/16\n" };
        let sections = ["apiServer", "controllerManager", "scheduler", "etcd"];
        let mut by_section: BTreeMap<usize, Vec<(usize, usize)>> = BTreeMap::new();
        for (section, flag, value) in &args {
            by_section.entry(*section).or_default().push((*flag, *value));
        }
        let mut etcd_args = String::new();
        let mut api_extra = String::new();
        for (section, flags) in &by_section {
            let indent = if *section == 3 { "    " } else { "  " };
            let mut text = format!("{indent}extraArgs:\n");
            let mut seen = BTreeMap::new();
            for (flag, value) in flags {
                let (name, values) = FLAGS[*flag];
                let value = values[*value % values.len()];
                if v4 {
                    text += &format!("{indent}- name: {name}\n{indent}  value: \"{value}\"\n");
                } else {
                    seen.insert(name, value);
                }
            }
            for (name, value) in seen {
                text += &format!("{indent}  {name}: \"{value}\"\n");
            }
            match section {
                3 => etcd_args = text,
                0 => api_extra = text,
                _ => cluster += &format!("{}:\n{text}", sections[*section]),
            }
        }
        if volume {
            api_extra += "  extraVolumes:\n  - name: audit\n    hostPath: /etc/kubernetes/audit.yaml\n    mountPath: /etc/kubernetes/audit.yaml\n    readOnly: true\n    pathType: File\n";
        }
        if env && v4 {
            api_extra += "  extraEnvs:\n  - name: GOMAXPROCS\n    value: \"2\"\n";
        }
        if let Some(timeout) = timeout {
            if v4 {
                init += &format!("timeouts:\n  controlPlaneComponentHealthCheck: {timeout}\n");
            } else {
                api_extra += &format!("  timeoutForControlPlane: {timeout}\n");
            }
        }
        if !api_extra.is_empty() {
            cluster += &format!("apiServer:\n{api_extra}");
        }
        if external {
            cluster += "etcd:\n  external:\n    endpoints:\n    - https://10.9.0.1:2379\n    caFile: /etc/etcd/ca.crt\n    certFile: /etc/etcd/client.crt\n    keyFile: /etc/etcd/client.key\n";
        } else if !etcd_args.is_empty() {
            cluster += &format!("etcd:\n  local:\n{etcd_args}");
        }
        (format!("{init}---\n{cluster}"), release.to_string(), v4)
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// render → import → render is identical, and the imported configuration renders the
    /// same manifests as the generated one.
    #[test]
    fn generated_configs_round_trip((text, release, _v4) in generated()) {
        let loaded = config::load_str(Path::new("generated.yaml"), &text, &NodeOverrides::default());
        let Ok(loaded) = loaded else { return Ok(()) };
        let request = RenderRequest {
            config: "generated.yaml".into(),
            kubeadm_version: Some(release.clone()),
            root: UBUNTU.into(),
            ..Default::default()
        };
        let Ok(rendered) = render::render_loaded(&request, loaded) else { return Ok(()) };
        let manifests: BTreeMap<Component, String> = rendered
            .manifests
            .into_iter()
            .map(|m| (m.component, m.yaml))
            .collect();
        let temp = tempfile::tempdir().expect("tempdir");
        write_manifests(temp.path(), &manifests);
        let request = ImportRequest {
            manifests_dir: temp.path().to_path_buf(),
            root: UBUNTU.into(),
            kubeadm_version: Some(release),
            patches_dir: Some("/etc/kubernetes/patches".into()),
            ..Default::default()
        };
        let report = import::import(&request).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        let again = recheck::rerender(&request, &report).map_err(TestCaseError::fail)?;
        prop_assert_eq!(again, manifests, "{}\n{}", text, report.config);
    }
}

#[test]
fn diff_points_hand_edits_at_import() {
    let mut manifests = base_manifests("v1.34.0");
    let yaml = manifests.get(&API).expect("apiserver").replace(
        "    - --allow-privileged=true\n",
        "    - --allow-privileged=false\n",
    );
    manifests.insert(API, yaml);
    let temp = tempfile::tempdir().expect("tempdir");
    let dir = temp.path().join("manifests");
    write_manifests(&dir, &manifests);
    let dir_text = dir.display().to_string();
    let output = staticpod(&[
        "--root",
        UBUNTU,
        "--manifests-dir",
        &dir_text,
        "diff",
        "--config",
        "golden/render/release-v1.34.0-default/config.yaml",
        "--kubeadm-version",
        "v1.34.0",
    ]);
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(
        stdout
            .matches("`staticpod import --patches-out DIR`")
            .count(),
        1,
        "{stdout}"
    );

    // An upgrade preview (another image everywhere) is not called a hand edit.
    let output = staticpod(&[
        "--root",
        UBUNTU,
        "--manifests-dir",
        &dir_text,
        "diff",
        "--config",
        "golden/render/release-v1.34.0-default/config.yaml",
        "--kubernetes-version",
        "v1.34.12",
    ]);
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("changed"), "{stdout}");
    assert!(!stdout.contains("staticpod import"), "{stdout}");
}

#[test]
fn a_manifest_that_is_not_a_regular_file_exits_2_unread() {
    let temp = tempfile::tempdir().expect("tempdir");
    fs_err::create_dir_all(temp.path().join("kube-apiserver.yaml")).expect("dir");
    let dir_text = temp.path().display().to_string();
    let output = staticpod(&["--manifests-dir", &dir_text, "import"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("kube-apiserver.yaml: is a directory, not a regular file"),
        "{stderr}"
    );
}
