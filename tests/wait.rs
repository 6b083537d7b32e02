//! `--wait`, `--timeout` and `restart`, end to end through the binary, against the fake
//! kubelet (tests/fake_kubelet.rs): real child processes whose argv is the manifest's
//! command + args, probes served on loopback ports chosen per test, `--proc` pointing at the
//! fake kubelet's own view of the process table.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Output;
use std::time::{Duration, Instant};

use proptest::prelude::*;

use crate::fake_kubelet::{free_port, FakeKubelet, Knobs};
use crate::support;

/// kubeadm's order.
pub const ORDER: [&str; 4] = [
    "etcd",
    "kube-apiserver",
    "kube-controller-manager",
    "kube-scheduler",
];

/// How one version of a component's manifest behaves under the fake kubelet.
#[derive(Debug, Clone, Default)]
pub struct Version {
    /// Extra arguments (a changed flag restarts the pod with a different argv).
    pub args: Vec<String>,
    pub image_tag: String,
    pub annotations: Vec<(String, String)>,
    /// A cosmetic edit: a comment line (the kubelet does not restart for it).
    pub comment: Option<String>,
}

impl Version {
    pub fn new(tag: &str) -> Version {
        Version {
            image_tag: tag.to_string(),
            ..Version::default()
        }
    }
    pub fn arg(mut self, arg: &str) -> Version {
        self.args.push(arg.to_string());
        self
    }
    pub fn annotate(mut self, key: &str, value: &str) -> Version {
        self.annotations.push((key.to_string(), value.to_string()));
        self
    }
}

/// A node: manifests and backup dirs under a temp root, a fake kubelet, a port per component.
pub struct Node {
    pub root: tempfile::TempDir,
    pub kubelet: Option<FakeKubelet>,
    pub ports: BTreeMap<&'static str, u16>,
    pub marker: String,
}

impl Node {
    /// Write `versions` (component → version) as the current manifests, start the kubelet.
    pub fn new(versions: &[(&'static str, Version)], knobs: Knobs) -> Node {
        let root = tempfile::tempdir().unwrap();
        fs_err::create_dir_all(root.path().join("etc/kubernetes/manifests")).unwrap();
        let marker = format!(
            "{}-{}",
            std::process::id(),
            root.path().file_name().unwrap().to_string_lossy()
        );
        let mut node = Node {
            root,
            kubelet: None,
            ports: ORDER.iter().map(|c| (*c, free_port())).collect(),
            marker,
        };
        for (component, version) in versions {
            let text = node.manifest(component, version);
            fs_err::write(node.manifest_path(component), text).unwrap();
        }
        node.kubelet = Some(FakeKubelet::start(&node.manifests(), knobs));
        node
    }

    pub fn kubelet(&self) -> &FakeKubelet {
        self.kubelet.as_ref().unwrap()
    }

    pub fn manifests(&self) -> PathBuf {
        self.root.path().join("etc/kubernetes/manifests")
    }

    pub fn manifest_path(&self, component: &str) -> PathBuf {
        self.manifests().join(format!("{component}.yaml"))
    }

    pub fn read(&self, component: &str) -> String {
        fs_err::read_to_string(self.manifest_path(component)).unwrap()
    }

    /// The manifest text of `version` of `component` (kube-apiserver, kube-controller-manager
    /// and kube-scheduler probe over HTTPS, etcd over HTTP, as kubeadm's do).
    pub fn manifest(&self, component: &str, version: &Version) -> String {
        let port = self.ports[component];
        let scheme = if component == "etcd" { "HTTP" } else { "HTTPS" };
        let mut annotations = String::new();
        for (key, value) in &version.annotations {
            annotations += &format!("    {key}: \"{value}\"\n");
        }
        let annotations = if annotations.is_empty() {
            String::new()
        } else {
            format!("  annotations:\n{annotations}")
        };
        let mut args = format!("    - --test-marker={}\n", self.marker);
        for arg in &version.args {
            args += &format!("    - {arg}\n");
        }
        let comment = version
            .comment
            .as_ref()
            .map(|c| format!("# {c}\n"))
            .unwrap_or_default();
        format!(
            "{comment}apiVersion: v1\nkind: Pod\nmetadata:\n{annotations}  labels:\n    component: {component}\n    tier: control-plane\n  name: {component}\n  namespace: kube-system\nspec:\n  containers:\n  - command:\n    - {component}\n{args}    image: registry.k8s.io/{component}:{tag}\n    livenessProbe:\n      httpGet:\n        host: 127.0.0.1\n        path: /livez\n        port: {port}\n        scheme: {scheme}\n    name: {component}\n  hostNetwork: true\n",
            tag = version.image_tag
        )
    }

    /// Write `versions` into a fresh `--from` directory.
    pub fn new_dir(&self, versions: &[(&'static str, Version)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (component, version) in versions {
            fs_err::write(
                dir.path().join(format!("{component}.yaml")),
                self.manifest(component, version),
            )
            .unwrap();
        }
        dir
    }

    /// `staticpod --root R --proc VIEW <args>`, with `-o json` when asked.
    pub fn run(&self, args: &[&str]) -> Output {
        let root = self.root.path().to_str().unwrap().to_string();
        let proc_dir = self.kubelet().proc_dir().to_str().unwrap().to_string();
        let mut full: Vec<&str> = vec!["--root", &root];
        full.extend_from_slice(args);
        if args
            .iter()
            .any(|a| matches!(*a, "apply" | "restore" | "restart"))
        {
            full.extend_from_slice(&["--proc", &proc_dir]);
        }
        support::staticpod(&full)
    }

    pub fn backups(&self) -> Vec<PathBuf> {
        let mut list: Vec<PathBuf> = fs_err::read_dir(self.root.path().join("etc/kubernetes/tmp"))
            .map(|d| {
                d.flatten()
                    .map(|e| e.path())
                    .filter(|p| p.is_dir())
                    .collect()
            })
            .unwrap_or_default();
        list.sort();
        list
    }
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

pub fn json(output: &Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}): {}\nstderr: {}",
            String::from_utf8_lossy(&output.stdout),
            stderr(output)
        )
    })
}

fn all(version: &Version) -> Vec<(&'static str, Version)> {
    ORDER.iter().map(|c| (*c, version.clone())).collect()
}

// Generous bounds: every wait returns as soon as the pods are healthy, so a slow (loaded)
// machine only makes them wait longer, never fail (a 10 s settle once flaked under load 8).
const SETTLE: Duration = Duration::from_secs(30);

// ---------------------------------------------------------------- restart

#[test]
fn restart_each_component_gets_a_new_healthy_process_and_the_same_file() {
    let node = Node::new(&all(&Version::new("v1")), Knobs::default());
    node.kubelet().wait_all_healthy(SETTLE);
    for component in ORDER {
        let before = node.read(component);
        node.kubelet().wait_all_healthy(SETTLE);
        let pids = node.kubelet().pids();
        let old_pid = *pids
            .get(&format!("{component}.yaml"))
            .unwrap_or_else(|| panic!("{component} not running: {pids:?}"));
        let output = node.run(&["-o", "json", "restart", component, "--timeout", "30s"]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        let report = json(&output);
        let entry = &report["components"][0];
        assert_eq!(entry["component"], component);
        assert_eq!(entry["oldPids"], serde_json::json!([old_pid]));
        assert_eq!(entry["outcome"], "healthy");
        assert_eq!(entry["waited"], true);
        let new_pid = entry["pid"].as_u64().unwrap() as u32;
        assert_ne!(new_pid, old_pid);
        assert!(entry["probe"].as_str().unwrap().ends_with("/livez"));
        assert_eq!(
            node.read(component),
            before,
            "the file is back byte for byte"
        );
        assert!(!node
            .manifests()
            .join(format!(".staticpod-restart-{component}"))
            .exists());
        let backup = PathBuf::from(report["backup"].as_str().unwrap());
        let record = fs_err::read_to_string(backup.join("record.json")).unwrap();
        assert!(record.contains("\"restart\""), "{record}");
        assert_eq!(
            fs_err::read_to_string(backup.join(format!("{component}.yaml"))).unwrap(),
            before
        );
    }
}

#[test]
fn restart_no_wait_returns_once_the_file_is_back() {
    let node = Node::new(
        &[(
            "kube-scheduler",
            Version::new("v1").annotate("fake-kubelet/healthy-after-ms", "3000"),
        )],
        Knobs::default(),
    );
    let before = node.read("kube-scheduler");
    std::thread::sleep(Duration::from_millis(300));
    let output = node.run(&[
        "-o",
        "json",
        "restart",
        "kube-scheduler",
        "--no-wait",
        "--timeout",
        "30s",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let report = json(&output);
    assert_eq!(report["components"][0]["waited"], false);
    assert_eq!(node.read("kube-scheduler"), before);
}

#[test]
fn restart_with_the_kubelet_stopped_names_the_kubelet() {
    let node = Node::new(
        &[("etcd", Version::new("v1"))],
        Knobs {
            stopped: true,
            ..Knobs::default()
        },
    );
    let before = node.read("etcd");
    let start = Instant::now();
    let output = node.run(&["restart", "etcd", "--timeout", "1s"]);
    let text = stderr(&output);
    assert_eq!(output.status.code(), Some(3), "{text}");
    assert!(
        start.elapsed() < Duration::from_secs(4),
        "{:?}",
        start.elapsed()
    );
    assert!(text.contains("no kubelet process is visible"), "{text}");
    assert!(
        text.contains("is the kubelet running and is staticPodPath this directory?"),
        "{text}"
    );
    assert_eq!(node.read("etcd"), before);
}

#[test]
fn restart_killed_between_out_and_back_is_warned_about_and_restored() {
    let node = Node::new(
        &all(&Version::new("v1")),
        Knobs {
            slow_shutdown: Duration::from_secs(5),
            ..Knobs::default()
        },
    );
    node.kubelet().wait_all_healthy(SETTLE);
    let before = node.read("kube-apiserver");
    let root = node.root.path().to_str().unwrap().to_string();
    let proc_dir = node.kubelet().proc_dir().to_str().unwrap().to_string();
    let mut child = support::command(&[
        "--root",
        &root,
        "restart",
        "kube-apiserver",
        "--timeout",
        "20s",
        "--proc",
        &proc_dir,
    ])
    .stderr(std::process::Stdio::null())
    .spawn()
    .unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    while node.manifest_path("kube-apiserver").exists() {
        assert!(
            Instant::now() < deadline,
            "restart never moved the manifest out"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    // SIGKILL: no chance to clean up.
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(!node.manifest_path("kube-apiserver").exists());

    let etcd = node.manifest_path("etcd").display().to_string();
    for args in [
        vec!["hash"],
        vec!["verify", "--skip", "files"],
        vec!["apply", "--dry-run", "--from", &etcd],
        vec!["restart", "kube-apiserver"],
    ] {
        let output = node.run(&args);
        let text = stderr(&output);
        assert!(
            text.contains("an interrupted `staticpod restart` left kube-apiserver out of"),
            "{args:?}: {text}"
        );
        assert!(text.contains("staticpod restore"), "{text}");
    }
    assert_eq!(node.backups().len(), 1, "nothing above made a backup");
    let output = node.run(&["restore", "--latest"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(node.read("kube-apiserver"), before, "back byte for byte");
    let output = node.run(&["hash"]);
    assert!(
        !stderr(&output).contains("interrupted"),
        "{}",
        stderr(&output)
    );
    // The next restart removes the stale marker.
    let marker = node.manifests().join(".staticpod-restart-kube-apiserver");
    assert!(marker.exists());
    let output = node.run(&["restart", "etcd", "--timeout", "10s"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(!marker.exists());
}

// ---------------------------------------------------------------- apply / restore --wait

fn apply_wait(node: &Node, new: &tempfile::TempDir, timeout: &str) -> Output {
    let from = new.path().to_str().unwrap().to_string();
    node.run(&[
        "-o",
        "json",
        "apply",
        "--from",
        &from,
        "--wait",
        "--timeout",
        timeout,
    ])
}

fn entry<'a>(report: &'a serde_json::Value, component: &str) -> &'a serde_json::Value {
    report["components"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["component"] == component)
        .unwrap_or_else(|| panic!("{component} not in {report}"))
}

#[test]
fn image_only_upgrade_is_detected_by_a_new_process_not_the_old_one() {
    // Same argv; the old process lingers 1.5 s (slow shutdown) before the new one starts.
    let node = Node::new(
        &[("etcd", Version::new("v1"))],
        Knobs {
            slow_shutdown: Duration::from_millis(1500),
            ..Knobs::default()
        },
    );
    node.kubelet().wait_all_healthy(SETTLE);
    let old_pid = node.kubelet().pids()["etcd.yaml"];
    let new = node.new_dir(&[("etcd", Version::new("v2"))]);
    let output = apply_wait(&node, &new, "30s");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let report = json(&output);
    let etcd = entry(&report, "etcd");
    assert_eq!(etcd["waited"], true);
    assert_eq!(etcd["outcome"], "healthy");
    let pid = etcd["pid"].as_u64().unwrap() as u32;
    assert_ne!(
        pid, old_pid,
        "the old process has the same argv but is not the new pod"
    );
    assert_eq!(node.kubelet().pids()["etcd.yaml"], pid);
    assert!(etcd["healthyAfterMs"].as_u64().unwrap() >= 1400, "{etcd}");
    assert_eq!(
        etcd["probe"],
        format!("GET http://127.0.0.1:{}/livez", node.ports["etcd"])
    );
}

#[test]
fn cosmetic_change_is_not_waited_for() {
    let node = Node::new(&[("kube-scheduler", Version::new("v1"))], Knobs::default());
    node.kubelet().wait_all_healthy(SETTLE);
    let old_pid = node.kubelet().pids()["kube-scheduler.yaml"];
    let mut cosmetic = Version::new("v1");
    cosmetic.comment = Some("reformatted by hand".into());
    let new = node.new_dir(&[("kube-scheduler", cosmetic)]);
    let from = new.path().to_str().unwrap().to_string();
    let output = node.run(&[
        "-v",
        "-o",
        "json",
        "apply",
        "--from",
        &from,
        "--wait",
        "--timeout",
        "30s",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let report = json(&output);
    let scheduler = entry(&report, "kube-scheduler");
    assert_eq!(scheduler["status"], "cosmetic");
    assert_eq!(scheduler["action"], "replaced");
    assert_eq!(scheduler["waited"], false);
    assert_eq!(scheduler["outcome"], serde_json::Value::Null);
    assert!(stderr(&output).contains("kube-scheduler: cosmetic change, the kubelet does not restart the pod: not waiting for it"), "{}", stderr(&output));
    assert!(node
        .read("kube-scheduler")
        .starts_with("# reformatted by hand\n"));
    assert_eq!(node.kubelet().pids()["kube-scheduler.yaml"], old_pid);
}

#[test]
fn all_four_in_kubeadm_order_each_healthy_before_the_next() {
    let node = Node::new(&all(&Version::new("v1")), Knobs::default());
    node.kubelet().wait_all_healthy(SETTLE);
    let starts_before = node.kubelet().starts().len();
    let new = node.new_dir(&all(&Version::new("v2")
        .arg("--v=2")
        .annotate("fake-kubelet/healthy-after-ms", "300")));
    let output = apply_wait(&node, &new, "30s");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let report = json(&output);
    for component in ORDER {
        let e = entry(&report, component);
        assert_eq!(e["outcome"], "healthy", "{e}");
        assert!(e["healthyAfterMs"].as_u64().unwrap() >= 250, "{e}");
        assert!(e["backup"]
            .as_str()
            .unwrap()
            .ends_with(&format!("{component}.yaml")));
        assert_eq!(
            node.read(component),
            fs_err::read_to_string(new.path().join(format!("{component}.yaml"))).unwrap()
        );
    }
    let started: Vec<String> = node.kubelet().starts()[starts_before..]
        .iter()
        .map(|(name, _, _)| name.clone())
        .collect();
    assert_eq!(started, ORDER, "one at a time, in kubeadm's order");
    // Plain timestamped progress lines (stderr is not a terminal), one per phase.
    let text = stderr(&output);
    let healthy_lines: Vec<&str> = text
        .lines()
        .filter(|l| l.contains(": healthy after"))
        .collect();
    assert_eq!(healthy_lines.len(), 4, "{text}");
    assert!(
        healthy_lines[0].contains("staticpod: etcd: healthy after"),
        "{text}"
    );
    assert!(
        healthy_lines[0].as_bytes()[..4]
            .iter()
            .all(u8::is_ascii_digit),
        "timestamped: {text}"
    );
    // -q silences the progress.
    let back = node.new_dir(&all(&Version::new("v3")));
    let from = back.path().to_str().unwrap().to_string();
    let output = node.run(&["-q", "apply", "--from", &from, "--wait", "--timeout", "30s"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stderr(&output), "");
}

#[test]
fn timeout_on_the_second_component_puts_both_back_exit_3() {
    let node = Node::new(&all(&Version::new("v1")), Knobs::default());
    node.kubelet().wait_all_healthy(SETTLE);
    let old: Vec<String> = ORDER.iter().map(|c| node.read(c)).collect();
    let mut versions = all(&Version::new("v2").arg("--v=2"));
    versions[1].1 = versions[1].1.clone().annotate("fake-kubelet/probe", "500");
    let new = node.new_dir(&versions);
    let start = Instant::now();
    let output = apply_wait(&node, &new, "3s");
    let text = stderr(&output);
    assert_eq!(output.status.code(), Some(3), "{text}");
    assert!(
        start.elapsed() < Duration::from_secs(8),
        "{:?}",
        start.elapsed()
    );
    assert!(
        text.contains(&format!(
            "kube-apiserver did not come up healthy: process {}",
            entry(&json(&output), "kube-apiserver")["pid"]
        )),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "is up but its probe GET https://127.0.0.1:{}/livez gave 500 for",
            node.ports["kube-apiserver"]
        )),
        "{text}"
    );
    assert!(
        text.contains("put back kube-apiserver, etcd from"),
        "{text}"
    );
    assert!(
        text.contains(": every manifest is as it was; kube-apiserver, etcd are healthy again"),
        "{text}"
    );
    for (component, old) in ORDER.iter().zip(&old) {
        assert_eq!(&node.read(component), old, "{component} is all-old");
    }
    let report = json(&output);
    assert_eq!(entry(&report, "etcd")["outcome"], "rolled-back");
    assert_eq!(entry(&report, "kube-apiserver")["outcome"], "timeout");
    assert_eq!(
        entry(&report, "kube-controller-manager")["action"],
        "skipped"
    );
    assert_eq!(entry(&report, "kube-scheduler")["action"], "skipped");
    // Issue 12 item 2: the run changed nothing in the end, so it leaves no backup folder
    // that `restore --latest` would take for the last change.
    assert!(node.backups().is_empty(), "{:?}", node.backups());
    assert!(text.contains("its backup folder is removed"), "{text}");
    // ... and the report names no copy in the removed folder.
    assert_eq!(report["backup"], serde_json::Value::Null, "{report}");
    for component in ORDER {
        assert_eq!(
            entry(&report, component)["backup"],
            serde_json::Value::Null,
            "{report}"
        );
    }
    // The put-back pods are the old ones, and healthy.
    node.kubelet().wait_all_healthy(SETTLE);
}

#[test]
fn put_back_also_unhealthy_is_exit_4_with_each_file_and_backup() {
    // The apiserver was already unhealthy (always 500), and so is the new one.
    let mut versions = all(&Version::new("v1"));
    versions[1].1 = versions[1].1.clone().annotate("fake-kubelet/probe", "500");
    let node = Node::new(&versions, Knobs::default());
    std::thread::sleep(Duration::from_millis(500));
    let mut new = all(&Version::new("v2").arg("--v=2"));
    new[1].1 = new[1].1.clone().annotate("fake-kubelet/probe", "500");
    let new = node.new_dir(&new);
    let output = apply_wait(&node, &new, "2s");
    let text = stderr(&output);
    assert_eq!(output.status.code(), Some(4), "{text}");
    assert!(
        text.contains("putting the old manifests back did not fully work"),
        "{text}"
    );
    let apiserver = node.manifest_path("kube-apiserver");
    assert!(
        text.contains(&format!(
            "{}: holds the old manifest; the old file is back but its pod is not healthy",
            apiserver.display()
        )),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "{}: holds the old manifest; pod healthy; its backup: ",
            node.manifest_path("etcd").display()
        )),
        "{text}"
    );
    let report = json(&output);
    assert!(entry(&report, "kube-apiserver")["state"]
        .as_str()
        .unwrap()
        .contains("not healthy"));
}

#[test]
fn kubelet_stopped_times_out_naming_the_kubelet_within_the_timeout() {
    let node = Node::new(
        &all(&Version::new("v1")),
        Knobs {
            stopped: true,
            ..Knobs::default()
        },
    );
    let old = node.read("etcd");
    let new = node.new_dir(&all(&Version::new("v2").arg("--v=2")));
    let start = Instant::now();
    let output = apply_wait(&node, &new, "1s");
    let elapsed = start.elapsed();
    let text = stderr(&output);
    assert_eq!(output.status.code(), Some(3), "{text}");
    assert!(text.contains("no kubelet process is visible"), "{text}");
    assert!(
        text.contains("etcd did not come up healthy: no new process appeared within 1.0 s: the kubelet did not start it — is the kubelet running and is staticPodPath this directory?"),
        "{text}"
    );
    assert!(
        elapsed >= Duration::from_secs(1) && elapsed < Duration::from_secs(3),
        "--timeout 1s took {elapsed:?}"
    );
    assert_eq!(node.read("etcd"), old);
}

#[test]
fn crash_loop_is_reported_with_its_restarts() {
    let node = Node::new(
        &[("kube-controller-manager", Version::new("v1"))],
        Knobs::default(),
    );
    node.kubelet().wait_all_healthy(SETTLE);
    let new = node.new_dir(&[(
        "kube-controller-manager",
        Version::new("v2").annotate("fake-kubelet/crash", "true"),
    )]);
    let output = apply_wait(&node, &new, "2s");
    let text = stderr(&output);
    assert_eq!(output.status.code(), Some(3), "{text}");
    assert!(text.contains("the process restarted"), "{text}");
}

#[test]
fn restore_wait_puts_the_old_files_back_and_waits_for_them() {
    let node = Node::new(&all(&Version::new("v1")), Knobs::default());
    node.kubelet().wait_all_healthy(SETTLE);
    let old: Vec<String> = ORDER.iter().map(|c| node.read(c)).collect();
    let new = node.new_dir(&all(&Version::new("v2").arg("--v=2")));
    assert_eq!(apply_wait(&node, &new, "30s").status.code(), Some(0));
    let output = node.run(&[
        "-o",
        "json",
        "restore",
        "--latest",
        "--wait",
        "--timeout",
        "30s",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let report = json(&output);
    for (component, old) in ORDER.iter().zip(&old) {
        assert_eq!(&node.read(component), old);
        assert_eq!(entry(&report, component)["outcome"], "healthy");
    }
}

#[test]
fn without_wait_apply_returns_at_once() {
    let node = Node::new(
        &[("etcd", Version::new("v1"))],
        Knobs {
            stopped: true,
            ..Knobs::default()
        },
    );
    let new = node.new_dir(&[("etcd", Version::new("v2").arg("--v=2"))]);
    let from = new.path().to_str().unwrap().to_string();
    let output = node.run(&["-o", "json", "apply", "--from", &from]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(entry(&json(&output), "etcd").get("waited"), None);
}

// ---------------------------------------------------------------- property

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Behaviour {
    Healthy,
    /// The kubelet never starts the new pod.
    Never,
    /// The new pod's probe always answers 500.
    Unhealthy,
}

fn behaviour() -> impl Strategy<Value = Behaviour> {
    prop_oneof![
        2 => Just(Behaviour::Healthy),
        1 => Just(Behaviour::Never),
        1 => Just(Behaviour::Unhealthy),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 6, max_shrink_iters: 8, ..ProptestConfig::default() })]

    /// Whatever each component's new pod does, the files end all-new (exit 0) or all-old
    /// (exit 3); a mix only ever comes with exit 4, which lists every file.
    #[test]
    fn files_end_all_new_or_all_old(outcomes in proptest::collection::vec(behaviour(), 4)) {
        let node = Node::new(&all(&Version::new("v1")), Knobs::default());
        node.kubelet().wait_all_healthy(SETTLE);
        let old: Vec<String> = ORDER.iter().map(|c| node.read(c)).collect();
        let versions: Vec<(&'static str, Version)> = ORDER
            .iter()
            .zip(&outcomes)
            .map(|(c, b)| {
                let v = Version::new("v2").arg("--v=2");
                let v = match b {
                    Behaviour::Healthy => v,
                    Behaviour::Never => v.annotate("fake-kubelet/start", "never"),
                    Behaviour::Unhealthy => v.annotate("fake-kubelet/probe", "500"),
                };
                (*c, v)
            })
            .collect();
        let new = node.new_dir(&versions);
        let new_text: Vec<String> = ORDER
            .iter()
            .map(|c| fs_err::read_to_string(new.path().join(format!("{c}.yaml"))).unwrap())
            .collect();
        let output = apply_wait(&node, &new, "2s");
        let now: Vec<String> = ORDER.iter().map(|c| node.read(c)).collect();
        let text = stderr(&output);
        match output.status.code() {
            Some(0) => {
                prop_assert!(outcomes.iter().all(|b| *b == Behaviour::Healthy), "{text}");
                prop_assert_eq!(&now, &new_text);
            }
            Some(3) => {
                prop_assert!(outcomes.iter().any(|b| *b != Behaviour::Healthy), "{text}");
                prop_assert_eq!(&now, &old);
            }
            Some(4) => {
                for c in ORDER {
                    let named = text.contains(&node.manifest_path(c).display().to_string());
                    let first_bad = outcomes.iter().position(|b| *b != Behaviour::Healthy).unwrap_or(3);
                    let swapped = ORDER.iter().position(|x| *x == c).unwrap() <= first_bad;
                    prop_assert!(!swapped || named, "{c} not listed: {text}");
                }
            }
            other => prop_assert!(false, "exit {other:?}: {text}"),
        }
    }
}

#[test]
fn bad_timeout_and_unknown_component_are_bad_input() {
    let node = Node::new(&[("etcd", Version::new("v1"))], Knobs::default());
    let before = node.read("etcd");
    let new = node.new_dir(&[("etcd", Version::new("v2").arg("--v=2"))]);
    let output = apply_wait(&node, &new, "5x");
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("invalid duration \"5x\": expected a Go duration such as 90s"),
        "{}",
        stderr(&output)
    );
    let output = node.run(&["restart", "kube-proxy"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("unknown component"),
        "{}",
        stderr(&output)
    );
    assert_eq!(node.read("etcd"), before);
    assert!(node.backups().is_empty());
}
