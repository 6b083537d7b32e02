//! The operations layer (`staticpod::ops`) called in-process, without the binary: `apply`,
//! `restore` and `diff` on temporary nodes, checking their typed reports, their errors' exit
//! codes and the files they leave. Nothing here reads or writes /etc/kubernetes. The node
//! helpers here serve `ops_more` too.

use std::cell::RefCell;
use std::path::{Path, PathBuf};

use staticpod::node::Progress;
use staticpod::ops::apply::{self, ApplyRequest, Source};
use staticpod::ops::backups::{self, PruneRequest};
use staticpod::ops::diff::{self, DiffRequest};
use staticpod::ops::hash;
use staticpod::ops::install::{InstallError, InstallReport, Installed};
use staticpod::ops::plan::{self, PlanRequest};
use staticpod::ops::restore::{self, RestoreRequest, Which};
use staticpod::ops::{OpError, Say};
use staticpod::render::RenderRequest;

pub(crate) const EXAMPLE: &str = "golden/example/kubeadm-config.yaml";
const CORPUS: &str = "golden/render/corpus-v1.29.0-killercoda-patched-resources/expected";
pub(crate) const COMPONENTS: [&str; 4] = [
    "kube-apiserver",
    "kube-controller-manager",
    "kube-scheduler",
    "etcd",
];

/// Warnings and notes an operation said, in order.
#[derive(Default)]
pub(crate) struct Heard {
    pub(crate) warnings: RefCell<Vec<String>>,
    pub(crate) notes: RefCell<Vec<String>>,
}

/// Run `f` with a [`Say`] that records into `heard`.
pub(crate) fn with_say<T>(heard: &Heard, f: impl FnOnce(&Say<'_>) -> T) -> T {
    let warn = |m: &str| heard.warnings.borrow_mut().push(m.to_string());
    let note = |m: &str| heard.notes.borrow_mut().push(m.to_string());
    f(&Say {
        warn: &warn,
        note: &note,
    })
}

/// A temporary node root with an empty manifests directory and the host CA directories the
/// example mounts.
pub(crate) struct Node {
    pub(crate) root: tempfile::TempDir,
}

impl Node {
    pub(crate) fn empty() -> Node {
        let root = tempfile::tempdir().expect("tempdir");
        for dir in [
            "etc/ca-certificates",
            "usr/share/ca-certificates",
            "etc/kubernetes/manifests",
        ] {
            fs_err::create_dir_all(root.path().join(dir)).expect("mkdir");
        }
        Node { root }
    }

    /// The real kubeadm v1.29.0 manifests.
    fn with_corpus() -> Node {
        let node = Node::empty();
        for c in COMPONENTS {
            fs_err::copy(
                Path::new(CORPUS).join(format!("{c}.yaml")),
                node.manifest(c),
            )
            .expect("copy");
        }
        node
    }

    pub(crate) fn manifests(&self) -> PathBuf {
        self.root.path().join("etc/kubernetes/manifests")
    }

    fn backups(&self) -> PathBuf {
        self.root.path().join("etc/kubernetes/tmp")
    }

    fn manifest(&self, component: &str) -> PathBuf {
        self.manifests().join(format!("{component}.yaml"))
    }

    fn read(&self, component: &str) -> Vec<u8> {
        fs_err::read(self.manifest(component)).expect("read manifest")
    }

    /// The bundled example, rendered for this node (no proxy environment).
    pub(crate) fn render_request(&self) -> RenderRequest {
        RenderRequest {
            config: PathBuf::from(EXAMPLE),
            root: self.root.path().to_path_buf(),
            ..RenderRequest::default()
        }
    }

    fn apply(
        &self,
        source: Source,
        dry_run: bool,
        heard: &Heard,
    ) -> Result<Installed, InstallError> {
        let manifests = self.manifests();
        let backups = self.backups();
        let request = ApplyRequest {
            dir: &manifests,
            backups: &backups,
            source,
            dry_run,
            lock_timeout: 1,
            wait: None,
        };
        with_say(heard, |say| apply::run(request, &Progress::new(true), say))
    }

    fn apply_example(&self, dry_run: bool) -> Result<Installed, InstallError> {
        let source = Source::Render(Box::new(self.render_request()));
        self.apply(source, dry_run, &Heard::default())
    }

    fn restore(
        &self,
        which: Which,
        components: &[&str],
        force: bool,
        heard: &Heard,
    ) -> Result<Installed, InstallError> {
        let manifests = self.manifests();
        let backups = self.backups();
        let request = RestoreRequest {
            dir: &manifests,
            backups: &backups,
            which,
            components: components.iter().map(|c| c.to_string()).collect(),
            force,
            dry_run: false,
            lock_timeout: 1,
            wait: None,
        };
        with_say(heard, |say| {
            restore::run(request, &Progress::new(true), say)
        })
    }

    fn backup_folders(&self) -> Vec<PathBuf> {
        staticpod::fsx::list_backups(&self.backups())
            .expect("list backups")
            .into_iter()
            .map(|b| b.path)
            .collect()
    }
}

fn swapped(result: Result<Installed, InstallError>) -> InstallReport {
    match result {
        Ok(Installed::Swapped(report)) => report,
        Ok(Installed::RolledOut(..)) => panic!("a rollout without --wait"),
        Err(e) => panic!("the install failed: {e}"),
    }
}

fn actions(report: &InstallReport) -> Vec<(&str, &str)> {
    report
        .components
        .iter()
        .map(|c| (c.component, c.action.as_str()))
        .collect()
}

// ---------------------------------------------------------------------------------------------
// apply
// ---------------------------------------------------------------------------------------------

#[test]
fn apply_into_an_empty_node_creates_the_rendered_files_and_reports_them() {
    let node = Node::empty();
    let report = swapped(node.apply_example(false));
    assert_eq!(
        actions(&report),
        [
            ("kube-apiserver", "created"),
            ("kube-controller-manager", "created"),
            ("kube-scheduler", "created"),
            ("etcd", "created"),
        ]
    );
    let rendered = staticpod::render::render(&node.render_request()).expect("render");
    for m in &rendered.manifests {
        assert_eq!(node.read(m.component.name()), m.yaml.as_bytes());
    }
    // Created files have no backup copy; the run's folder is named.
    let folder = report.backup.as_deref().expect("a backup folder");
    assert!(Path::new(folder).is_dir(), "{folder}");
    assert!(report.components.iter().all(|c| c.backup.is_none()));
    // The JSON report's fields, as `apply -o json` prints them (schema/v1).
    let json = serde_json::to_value(&report).expect("json");
    let keys: Vec<&String> = json["components"][0]
        .as_object()
        .expect("object")
        .keys()
        .collect();
    assert_eq!(
        keys,
        ["action", "backup", "component", "path", "restart", "status"]
    );
    assert_eq!(json["components"][0]["status"], "missing");
    assert_eq!(json["components"][0]["restart"], true);
}

#[test]
fn apply_twice_changes_nothing_the_second_time() {
    let node = Node::empty();
    swapped(node.apply_example(false));
    let folders = node.backup_folders();
    let report = swapped(node.apply_example(false));
    assert!(report.components.iter().all(|c| c.action == "unchanged"));
    assert_eq!(report.backup, None);
    assert_eq!(node.backup_folders(), folders);
}

#[test]
fn apply_over_the_corpus_backs_up_each_replaced_file() {
    let node = Node::with_corpus();
    let report = swapped(node.apply_example(false));
    let folder = PathBuf::from(report.backup.as_deref().expect("backup folder"));
    for c in &report.components {
        assert_eq!(c.action, "replaced", "{}", c.component);
        let copy = folder.join(format!("{}.yaml", c.component));
        assert_eq!(c.backup.as_deref(), copy.to_str());
        let original =
            fs_err::read(Path::new(CORPUS).join(format!("{}.yaml", c.component))).expect("corpus");
        assert_eq!(fs_err::read(&copy).expect("copy"), original);
    }
}

#[test]
fn apply_dry_run_reports_would_replace_and_changes_nothing() {
    let node = Node::with_corpus();
    let report = swapped(node.apply_example(true));
    assert!(report.dry_run);
    assert!(report
        .components
        .iter()
        .all(|c| c.action == "would replace"));
    for c in COMPONENTS {
        let original = fs_err::read(Path::new(CORPUS).join(format!("{c}.yaml"))).expect("corpus");
        assert_eq!(node.read(c), original);
    }
    assert!(
        !node.backups().exists(),
        "a dry run makes no backup directory"
    );
}

#[test]
fn apply_of_a_pod_under_another_name_is_bad_input_and_creates_nothing() {
    let node = Node::empty();
    let from = tempfile::tempdir().expect("tempdir");
    fs_err::copy(
        Path::new(CORPUS).join("kube-scheduler.yaml"),
        from.path().join("etcd.yaml"),
    )
    .expect("copy");
    let source = Source::Files {
        from: vec![from.path().to_path_buf()],
        components: Vec::new(),
    };
    let e = node
        .apply(source, false, &Heard::default())
        .expect_err("refused");
    assert_eq!(e.exit_code(), 2);
    assert!(
        e.to_string()
            .contains("the pod is named \"kube-scheduler\", not \"etcd\""),
        "{e}"
    );
    assert!(!node.backups().exists());
    assert_eq!(fs_err::read_dir(node.manifests()).expect("ls").count(), 0);
}

#[test]
fn apply_into_a_missing_manifests_dir_is_bad_input() {
    let node = Node::empty();
    fs_err::remove_dir(node.manifests()).expect("rmdir");
    let e = node.apply_example(false).expect_err("refused");
    assert_eq!(e.exit_code(), 2);
    assert!(e.to_string().contains("no such manifests directory"), "{e}");
}

// ---------------------------------------------------------------------------------------------
// restore
// ---------------------------------------------------------------------------------------------

#[test]
fn restore_latest_brings_back_the_old_bytes() {
    let node = Node::with_corpus();
    swapped(node.apply_example(false));
    let heard = Heard::default();
    let report = swapped(node.restore(Which::Latest, &[], false, &heard));
    assert!(report.components.iter().all(|c| c.action == "replaced"));
    for c in COMPONENTS {
        let original = fs_err::read(Path::new(CORPUS).join(format!("{c}.yaml"))).expect("corpus");
        assert_eq!(node.read(c), original, "{c}");
    }
    // The restore backed up what it replaced: a second folder.
    assert_eq!(node.backup_folders().len(), 2);
}

#[test]
fn restore_of_one_component_restores_only_it() {
    let node = Node::with_corpus();
    let first = swapped(node.apply_example(false));
    let applied_apiserver = node.read("kube-apiserver");
    let folder = PathBuf::from(first.backup.expect("backup"));
    let report = swapped(node.restore(Which::Folder(folder), &["etcd"], false, &Heard::default()));
    assert_eq!(actions(&report), [("etcd", "replaced")]);
    let original = fs_err::read(Path::new(CORPUS).join("etcd.yaml")).expect("corpus");
    assert_eq!(node.read("etcd"), original);
    assert_eq!(node.read("kube-apiserver"), applied_apiserver);
}

#[test]
fn restore_of_a_damaged_backup_is_bad_input_unless_forced() {
    let node = Node::with_corpus();
    let first = swapped(node.apply_example(false));
    let folder = PathBuf::from(first.backup.expect("backup"));
    let copy = folder.join("kube-scheduler.yaml");
    let mut bytes = fs_err::read(&copy).expect("copy");
    bytes.extend_from_slice(b"# damaged\n");
    fs_err::write(&copy, &bytes).expect("damage");
    let applied = node.read("kube-scheduler");

    let e = node
        .restore(Which::Folder(folder.clone()), &[], false, &Heard::default())
        .expect_err("refused");
    assert_eq!(e.exit_code(), 2);
    assert!(e.to_string().contains("does not verify"), "{e}");
    assert_eq!(node.read("kube-scheduler"), applied, "nothing was changed");

    let heard = Heard::default();
    swapped(node.restore(Which::Folder(folder), &[], true, &heard));
    assert_eq!(node.read("kube-scheduler"), bytes);
    let warnings = heard.warnings.borrow();
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("restoring anyway (--force)")),
        "{warnings:?}"
    );
}

#[test]
fn restore_latest_without_backups_or_with_a_bad_component_is_bad_input() {
    let node = Node::with_corpus();
    let e = node
        .restore(Which::Latest, &[], false, &Heard::default())
        .expect_err("no backups");
    assert_eq!(e.exit_code(), 2);
    swapped(node.apply_example(false));
    let e = node
        .restore(Which::Latest, &["kube-proxy"], false, &Heard::default())
        .expect_err("bad component");
    assert_eq!(e.exit_code(), 2);
    assert!(e.to_string().contains("kube-proxy"), "{e}");
}

#[test]
fn resolve_finds_a_folder_by_name_or_path_only() {
    let node = Node::with_corpus();
    let folder = PathBuf::from(swapped(node.apply_example(false)).backup.expect("backup"));
    let name = folder.file_name().and_then(|n| n.to_str()).expect("name");
    assert_eq!(
        restore::resolve(&node.backups(), name),
        Some(folder.clone())
    );
    let by_path = folder.to_str().expect("utf8");
    assert_eq!(restore::resolve(&node.backups(), by_path), Some(folder));
    assert_eq!(restore::resolve(&node.backups(), "no-such-folder"), None);
}

// ---------------------------------------------------------------------------------------------
// diff
// ---------------------------------------------------------------------------------------------

fn diff(
    node: &Node,
    render: RenderRequest,
    heard: &Heard,
) -> Result<diff::DiffReport, staticpod::ops::OpError> {
    let manifests = node.manifests();
    let request = DiffRequest {
        dir: &manifests,
        render,
        context: 3,
    };
    with_say(heard, |say| diff::run(request, say))
}

#[test]
fn diff_after_apply_is_unchanged_and_sees_a_changed_flag() {
    let node = Node::empty();
    swapped(node.apply_example(false));
    let report = diff(&node, node.render_request(), &Heard::default()).expect("diff");
    assert!(!report.differs());
    assert_eq!(report.components.len(), 4);
    assert!(report
        .components
        .iter()
        .all(|c| c.status == "unchanged" && c.diff.is_empty()));
    assert_eq!(report.kubernetes_version, "v1.33.9");

    let path = node.manifest("kube-scheduler");
    let text = String::from_utf8(node.read("kube-scheduler")).expect("utf8");
    let edited = text.replacen("--leader-elect=true", "--leader-elect=false", 1);
    assert_ne!(
        edited, text,
        "the example's scheduler has --leader-elect=true"
    );
    fs_err::write(&path, edited).expect("edit");
    fs_err::write(node.manifests().join("old-etcd.yaml.bak"), "x").expect("stray");
    let heard = Heard::default();
    let report = diff(&node, node.render_request(), &heard).expect("diff");
    assert!(report.differs());
    let scheduler = &report.components[2];
    assert_eq!(scheduler.component, "kube-scheduler");
    assert_eq!(scheduler.status, "changed");
    assert!(scheduler.restart);
    assert!(scheduler.hand_edited, "same image: a hand edit");
    assert!(
        scheduler.diff.contains("-    - --leader-elect=false"),
        "{}",
        scheduler.diff
    );
    assert_eq!(report.strays.len(), 1, "{:?}", report.strays);
    assert!(heard
        .warnings
        .borrow()
        .iter()
        .any(|w| w.contains("old-etcd.yaml.bak")));
    let json = serde_json::to_value(&report).expect("json");
    let keys: Vec<&String> = json.as_object().expect("object").keys().collect();
    assert_eq!(
        keys,
        [
            "components",
            "kubeadmVersion",
            "kubernetesVersion",
            "manifestsDir",
            "strays",
            "warnings"
        ]
    );
}

#[test]
fn diff_takes_missing_node_facts_from_the_manifests_on_disk() {
    let node = Node::empty();
    swapped(node.apply_example(false));
    // The example without its node-local section: the advertise address and node name come
    // from the kube-apiserver and etcd manifests on disk.
    let config = fs_err::read_to_string(EXAMPLE).expect("example");
    let stripped: String = config
        .lines()
        .filter(|l| !l.contains("advertiseAddress") && !l.trim_start().starts_with("name: cp-1"))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_ne!(stripped, config);
    let path = node.root.path().join("config.yaml");
    fs_err::write(&path, stripped).expect("write config");
    let mut render = node.render_request();
    render.config = path;
    let heard = Heard::default();
    let report = diff(&node, render, &heard).expect("diff");
    let notes = heard.notes.borrow();
    assert!(
        notes.iter().any(|n| n
            == "advertise address 192.168.10.11 taken from the kube-apiserver manifest on disk"),
        "{notes:?}"
    );
    assert!(
        notes.iter().any(|n| n.contains("node name cp-1")),
        "{notes:?}"
    );
    assert!(
        !report.differs(),
        "{:?}",
        report
            .components
            .iter()
            .map(|c| c.status)
            .collect::<Vec<_>>()
    );
}

#[test]
fn diff_of_a_manifest_that_is_a_directory_is_bad_input() {
    let node = Node::empty();
    fs_err::create_dir(node.manifest("etcd")).expect("mkdir");
    let e = diff(&node, node.render_request(), &Heard::default()).expect_err("refused");
    assert_eq!(e.exit_code(), 2);
    assert!(e.to_string().contains("etcd.yaml"), "{e}");
}

#[test]
fn apply_while_another_run_holds_the_lock_fails_with_exit_3_and_changes_nothing() {
    let node = Node::with_corpus();
    let held = staticpod::fsx::lock(
        &node.manifests(),
        std::time::Duration::from_secs(1),
        &staticpod::fsx::NoHooks,
    )
    .expect("lock");
    let manifests = node.manifests();
    let backups = node.backups();
    let request = ApplyRequest {
        dir: &manifests,
        backups: &backups,
        source: Source::Render(Box::new(node.render_request())),
        dry_run: false,
        lock_timeout: 0,
        wait: None,
    };
    let e = with_say(&Heard::default(), |say| {
        apply::run(request, &Progress::new(true), say)
    })
    .expect_err("the lock is held");
    drop(held);
    assert_eq!(e.exit_code(), 3, "{e}");
    assert!(e.to_string().contains(".staticpod.lock"), "{e}");
    for c in COMPONENTS {
        let original = fs_err::read(Path::new(CORPUS).join(format!("{c}.yaml"))).expect("corpus");
        assert_eq!(node.read(c), original, "{c}");
    }
    assert!(!node.backups().exists());
}

// ---------------------------------------------------------------------------------------------
// hash (the operations hash, plan and backups are called in-process too)
// ---------------------------------------------------------------------------------------------

/// `sha256sum` of the corpus etcd.yaml (coreutils 9, computed outside staticpod).
const CORPUS_ETCD_SHA256: &str = "1152148fec90f3fce970b35885630b281e8d2450ebab3dac4182bf8dc643217d";

#[test]
fn hash_of_the_manifests_dir_lists_every_file_sorted_with_both_digests() {
    let node = Node::with_corpus();
    fs_err::write(node.manifests().join("notes.txt"), "not a pod\n").expect("write");
    fs_err::write(node.manifests().join(".hidden.yaml"), "x").expect("write");
    let heard = Heard::default();
    let report = with_say(&heard, |say| hash::hash(&node.manifests(), &[], say)).expect("hash");
    let names: Vec<String> = report
        .files
        .iter()
        .map(|f| f.path.rsplit('/').next().unwrap_or_default().to_string())
        .collect();
    assert_eq!(
        names,
        [
            "etcd.yaml",
            "kube-apiserver.yaml",
            "kube-controller-manager.yaml",
            "kube-scheduler.yaml",
            "notes.txt"
        ]
    );
    assert_eq!(report.files[0].sha256, CORPUS_ETCD_SHA256);
    assert!(report.files[..4]
        .iter()
        .all(|f| f.semantic.as_ref().is_some_and(|d| d.len() == 64) && f.error.is_none()));
    let stray = &report.files[4];
    assert!(stray.semantic.is_none() && stray.error.is_some());
    let warnings = heard.warnings.borrow();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].contains("notes.txt: not a valid static pod"),
        "{warnings:?}"
    );
    let json = serde_json::to_value(&report).expect("json");
    assert_eq!(json["files"][4]["semantic"], serde_json::Value::Null);
    assert_eq!(json["files"][0]["sha256"], CORPUS_ETCD_SHA256);
}

#[test]
fn hash_of_a_missing_file_or_dir_is_bad_input() {
    let node = Node::empty();
    let missing = node.manifest("etcd");
    let e = with_say(&Heard::default(), |say| {
        hash::hash(&node.manifests(), std::slice::from_ref(&missing), say)
    })
    .expect_err("missing file");
    assert_eq!(e.exit_code(), 2);
    assert!(e.to_string().contains("etcd.yaml"), "{e}");
    let gone = node.root.path().join("no-such-dir");
    let e = with_say(&Heard::default(), |say| hash::hash(&gone, &[], say)).expect_err("no dir");
    assert_eq!(e.exit_code(), 2);
    assert!(e.to_string().contains("no-such-dir"), "{e}");
}

#[test]
fn hash_check_round_trips_and_reports_mismatched_unreadable_and_malformed_lines() {
    let node = Node::with_corpus();
    let report = with_say(&Heard::default(), |say| {
        hash::hash(&node.manifests(), &[], say)
    })
    .expect("hash");
    // `hash`'s own three columns, as the text report writes them.
    let mut sums: String = report
        .files
        .iter()
        .map(|f| {
            format!(
                "{}  {}  {}\n",
                f.sha256,
                f.semantic.as_deref().unwrap_or("-"),
                f.path
            )
        })
        .collect();
    let list = node.root.path().join("SUMS");
    fs_err::write(&list, &sums).expect("write");
    let heard = Heard::default();
    let ok = with_say(&heard, |say| hash::check(&list, say)).expect("check");
    assert!(ok.ok && ok.malformed_lines == 0 && ok.files.len() == 4);
    assert!(ok.files.iter().all(|f| f.status == "OK"));
    assert!(heard.warnings.borrow().is_empty());

    fs_err::write(node.manifest("etcd"), "changed\n").expect("write");
    sums += &format!("{}  {}\n", "0".repeat(64), node.manifest("gone").display());
    sums += "not a checksum line\n";
    fs_err::write(&list, &sums).expect("write");
    let heard = Heard::default();
    let bad = with_say(&heard, |say| hash::check(&list, say)).expect("check");
    assert!(!bad.ok);
    assert_eq!(bad.malformed_lines, 1);
    assert_eq!((bad.mismatched(), bad.unreadable()), (1, 1));
    assert_eq!(bad.files[0].status, "FAILED");
    assert_eq!(bad.files[4].status, "FAILED open or read");
    let json = serde_json::to_value(&bad).expect("json");
    assert_eq!(json["malformedLines"], 1);
    assert_eq!(json["files"][4]["unreadable"], true);
    let warnings = heard.warnings.borrow();
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("gone.yaml: no such file")),
        "{warnings:?}"
    );
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("line 6: not in sha256sum format")),
        "{warnings:?}"
    );

    fs_err::write(&list, "nothing here\n").expect("write");
    let e = with_say(&Heard::default(), |say| hash::check(&list, say)).expect_err("no lines");
    assert_eq!(e.exit_code(), 2);
    assert!(
        e.to_string()
            .contains("no properly formatted sha256sum lines"),
        "{e}"
    );
}

// ---------------------------------------------------------------------------------------------
// plan
// ---------------------------------------------------------------------------------------------

fn plan_for(node: &Node, target: &str, allow_downgrade: bool) -> Result<plan::PlanReport, OpError> {
    let manifests = node.manifests();
    let request = PlanRequest {
        dir: &manifests,
        target_version: target,
        allow_downgrade,
    };
    with_say(&Heard::default(), |say| plan::run(request, say))
}

#[test]
fn plan_of_the_corpus_allows_the_next_minor_and_refuses_a_skip() {
    let node = Node::with_corpus();
    let next = plan_for(&node, "v1.30.14", false).expect("plan");
    assert!(next.allowed && next.reasons.is_empty());
    assert_eq!(next.target, "v1.30.14");
    let etcd = next
        .components
        .iter()
        .find(|c| c.component == "etcd")
        .expect("etcd row");
    assert_eq!(
        (etcd.current.as_str(), etcd.target.as_str()),
        ("3.5.10-0", "3.5.15-0")
    );
    assert_eq!(etcd.verdict, "upgrade");
    let json = serde_json::to_value(&next).expect("json");
    assert!(json["kubeadmVersion"].is_string(), "{json}");

    let skip = plan_for(&node, "v1.31.0", false).expect("plan");
    assert!(!skip.allowed);
    assert!(
        skip.reasons
            .iter()
            .any(|r| r.contains("one minor at a time")),
        "{:?}",
        skip.reasons
    );
    let down = plan_for(&node, "v1.28.15", true).expect("plan");
    assert!(down.allowed);
    assert_eq!(down.components[0].verdict, "downgrade");
}

#[test]
fn plan_with_a_bad_version_or_without_a_manifests_dir_is_bad_input() {
    let node = Node::with_corpus();
    let e = plan_for(&node, "1.30", false).expect_err("bad version");
    assert_eq!(e.exit_code(), 2);
    assert!(e.to_string().starts_with("--target-version: "), "{e}");
    fs_err::remove_dir_all(node.manifests()).expect("rm");
    let e = plan_for(&node, "v1.30.0", false).expect_err("no dir");
    assert_eq!(e.exit_code(), 2);
    assert!(e.to_string().contains("no such manifests directory"), "{e}");
}

// ---------------------------------------------------------------------------------------------
// backups
// ---------------------------------------------------------------------------------------------

#[test]
fn backups_list_and_show_see_the_folder_apply_wrote() {
    let node = Node::with_corpus();
    swapped(node.apply_example(false));
    let list = backups::list(&node.backups()).expect("list");
    assert_eq!(list.backups.len(), 1);
    let entry = &list.backups[0];
    assert_eq!((entry.kind, entry.status), ("staticpod", "complete"));
    assert_eq!(list.backup_dir, node.backups().display().to_string());
    let json = serde_json::to_value(&list).expect("json");
    assert_eq!(json["backups"][0]["id"], entry.id.as_str());
    assert!(json["backupDir"].is_string());

    let shown = backups::show(&node.backups(), &entry.id).expect("show");
    assert!(shown.verified, "{:?}", shown.problems);
    assert_eq!(shown.files.len(), 4);
    assert!(shown.files.iter().all(|f| f.status == "ok"));
    assert!(shown.record.is_some());

    // A damaged copy: show still reports, but not verified.
    let copy = Path::new(&entry.path).join("etcd.yaml");
    fs_err::write(&copy, "damaged\n").expect("damage");
    let shown = backups::show(&node.backups(), &entry.id).expect("show");
    assert!(!shown.verified);
    let etcd = shown
        .files
        .iter()
        .find(|f| f.name == "etcd.yaml")
        .expect("etcd");
    assert_ne!(etcd.status, "ok");

    let e = backups::show(&node.backups(), "no-such-folder").expect_err("no folder");
    assert_eq!(e.exit_code(), 2);
    assert!(
        e.to_string()
            .contains("no-such-folder: no such backup folder"),
        "{e}"
    );
}

fn prune(
    node: &Node,
    keep: usize,
    dry_run: bool,
    lock_timeout: u64,
) -> Result<backups::PruneOutcome, OpError> {
    let (manifests, dir) = (node.manifests(), node.backups());
    let request = PruneRequest {
        backups: &dir,
        manifests: &manifests,
        keep,
        dry_run,
        lock_timeout,
    };
    with_say(&Heard::default(), |say| backups::prune(request, say))
}

#[test]
fn backups_prune_keeps_the_newest_and_dry_run_removes_nothing() {
    let node = Node::with_corpus();
    swapped(node.apply_example(false));
    // A change on disk, so the second apply backs up again.
    fs_err::write(
        node.manifest("etcd"),
        fs_err::read(Path::new(CORPUS).join("etcd.yaml")).expect("corpus"),
    )
    .expect("write");
    swapped(node.apply_example(false));
    let folders = node.backup_folders();
    assert_eq!(folders.len(), 2);

    let dry = prune(&node, 1, true, 1).expect("dry run");
    assert!(dry.dry_run && dry.kept == 1 && dry.removed.len() == 1);
    assert_eq!(node.backup_folders(), folders);

    let done = prune(&node, 1, false, 1).expect("prune");
    assert_eq!(done.removed, dry.removed);
    // The newest (by the time, then the `-N` suffix, in its name) is the one kept.
    let listed = staticpod::fsx::list_backups(&node.backups()).expect("list");
    assert_eq!(listed.len(), 1);
    let newest = folders
        .iter()
        .max_by_key(|f| {
            let name = f
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .to_string();
            let stamp_end = "staticpod-backup-manifests-YYYY-MM-DD-HH-MM-SS".len();
            let seq: u32 = name
                .get(stamp_end + 1..)
                .and_then(|n| n.parse().ok())
                .unwrap_or(0);
            (name.get(..stamp_end).unwrap_or_default().to_string(), seq)
        })
        .expect("two folders");
    assert_eq!(&listed[0].path, newest);
    let json = serde_json::to_value(&done).expect("json");
    assert_eq!(json["dryRun"], false);
    assert_eq!(json["kept"], 1);

    let e = prune(&node, 0, false, 1).expect_err("keep 0");
    assert_eq!(e.exit_code(), 2);
    assert!(e.to_string().contains("--keep must be at least 1"), "{e}");
}

#[test]
fn backups_prune_while_the_lock_is_held_is_exit_3_and_removes_nothing() {
    let node = Node::with_corpus();
    swapped(node.apply_example(false));
    fs_err::write(
        node.manifest("etcd"),
        fs_err::read(Path::new(CORPUS).join("etcd.yaml")).expect("corpus"),
    )
    .expect("write");
    swapped(node.apply_example(false));
    let folders = node.backup_folders();
    let held = staticpod::fsx::lock(
        &node.manifests(),
        std::time::Duration::from_secs(1),
        &staticpod::fsx::NoHooks,
    )
    .expect("lock");
    let e = prune(&node, 1, false, 0).expect_err("the lock is held");
    drop(held);
    assert_eq!(e.exit_code(), 3, "{e}");
    assert_eq!(node.backup_folders(), folders);
}
