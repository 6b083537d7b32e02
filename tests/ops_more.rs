//! The operations layer called in-process for `render`, `import` and `verify`
//! (`staticpod::ops::{render, import, verify}`): typed reports and their JSON field names,
//! errors with their exit codes, and the files each writes or leaves alone. Every node is a
//! temporary directory; nothing here reads or writes /etc/kubernetes.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use staticpod::import::ImportRequest;
use staticpod::manifest::sha256_hex;
use staticpod::ops::verify::{Verified, VerifyRequest};
use staticpod::ops::{import, render, verify, OpError};
use staticpod::render::RenderRequest;
use staticpod::verify::{Check, Profile};

use crate::ops::{with_say, Heard, Node, COMPONENTS};

impl Node {
    /// A node whose manifests are the example rendered for it.
    fn rendered() -> Node {
        let node = Node::empty();
        with_say(&Heard::default(), |say| {
            render::write(&node.render_request(), &node.manifests(), say)
        })
        .expect("the example renders and is written");
        node
    }

    fn import_request(&self, patches_dir: Option<PathBuf>) -> ImportRequest {
        ImportRequest {
            manifests_dir: self.manifests(),
            root: self.root.path().to_path_buf(),
            patches_dir,
            ..ImportRequest::default()
        }
    }

    fn verify_request(&self) -> VerifyRequest {
        VerifyRequest {
            root: self.root.path().to_path_buf(),
            dir: self.manifests(),
            now: SystemTime::UNIX_EPOCH + Duration::from_secs(1_799_971_200),
            target: None,
            profile: Profile::Default,
            skip: Vec::new(),
            render: None,
            components: Vec::new(),
            metrics: false,
            textfile_dir: None,
        }
    }

    fn verify(&self, request: VerifyRequest) -> Result<Verified, OpError> {
        with_say(&Heard::default(), |say| verify::run(request, say))
    }
}

/// The top-level keys of a serialized report, in order.
fn keys(value: &serde_json::Value) -> Vec<String> {
    value
        .as_object()
        .expect("a JSON object")
        .keys()
        .cloned()
        .collect()
}

fn sorted(mut names: Vec<String>) -> Vec<String> {
    names.sort();
    names
}

#[test]
fn render_reports_every_manifest_with_its_hash_and_says_the_release() {
    let node = Node::empty();
    let heard = Heard::default();
    let report = with_say(&heard, |say| render::run(&node.render_request(), say)).expect("render");
    let names: Vec<&str> = report.manifests.iter().map(|m| m.component).collect();
    assert_eq!(names.len(), 4);
    for c in COMPONENTS {
        assert!(names.contains(&c), "{c} missing from {names:?}");
    }
    for m in &report.manifests {
        assert_eq!(m.file, format!("{}.yaml", m.component));
        assert_eq!(m.sha256, sha256_hex(m.content.as_bytes()));
        assert!(m.content.starts_with("apiVersion: v1\n"), "{}", m.content);
    }
    assert_eq!(report.kubernetes_version, "v1.33.9");
    assert!(
        heard.notes.borrow()[0].starts_with("emulating kubeadm "),
        "{:?}",
        heard.notes.borrow()
    );
    let stream = report.yaml_stream();
    assert_eq!(stream.matches("---\n").count(), 3);
    let json = serde_json::to_value(&report).expect("json");
    assert_eq!(
        keys(&json),
        sorted(vec![
            "kubeadmVersion".into(),
            "kubernetesVersion".into(),
            "manifests".into(),
            "warnings".into()
        ])
    );
    assert_eq!(
        keys(&json["manifests"][0]),
        sorted(vec![
            "component".into(),
            "content".into(),
            "file".into(),
            "sha256".into()
        ])
    );
}

#[test]
fn render_write_puts_the_same_bytes_in_the_directory_with_mode_0600() {
    use std::os::unix::fs::PermissionsExt;
    let node = Node::empty();
    let out = node.root.path().join("out/nested");
    let heard = Heard::default();
    let printed = with_say(&Heard::default(), |say| {
        render::run(&node.render_request(), say)
    })
    .expect("render");
    let written = with_say(&heard, |say| {
        render::write(&node.render_request(), &out, say)
    })
    .expect("written");
    assert_eq!(written.manifests.len(), 4);
    for (w, p) in written.manifests.iter().zip(&printed.manifests) {
        assert_eq!(w.component, p.component);
        assert_eq!(w.path, out.join(&p.file).display().to_string());
        let bytes = fs_err::read(&w.path).expect("written file");
        assert_eq!(bytes, p.content.as_bytes());
        assert_eq!(w.sha256, p.sha256);
        let mode = fs_err::metadata(&w.path)
            .expect("meta")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
        assert!(heard.notes.borrow().contains(&format!("wrote {}", w.path)));
    }
    let json = serde_json::to_value(&written).expect("json");
    assert_eq!(
        keys(&json["manifests"][0]),
        sorted(vec!["component".into(), "path".into(), "sha256".into()])
    );
}

#[test]
fn render_errors_carry_their_exit_codes_and_write_nothing() {
    let node = Node::empty();
    let missing = RenderRequest {
        config: node.root.path().join("no-such-config.yaml"),
        ..node.render_request()
    };
    let e = with_say(&Heard::default(), |say| render::run(&missing, say)).expect_err("no config");
    assert_eq!(e.exit_code(), 2);
    assert!(e.to_string().contains("no-such-config.yaml"), "{e}");

    // --out names a file: the directory cannot be created, nothing is written (exit 3).
    let file = node.root.path().join("a-file");
    fs_err::write(&file, "keep").expect("write");
    let out = file.join("sub");
    let e = with_say(&Heard::default(), |say| {
        render::write(&node.render_request(), &out, say)
    })
    .expect_err("not a directory");
    assert_eq!(e.exit_code(), 3);
    assert!(e.error.to_string().starts_with("--out: "), "{}", e.error);
    assert!(e.details.is_empty());
    assert_eq!(fs_err::read_to_string(&file).expect("read"), "keep");
}

#[test]
fn import_reproduces_the_rendered_example_and_writes_the_config() {
    let node = Node::rendered();
    let out = node.root.path().join("kubeadm.yaml");
    let heard = Heard::default();
    let imported = with_say(&heard, |say| {
        import::run(&node.import_request(None), Some(&out), say)
    })
    .expect("import");
    assert_eq!(imported.exit_code(), 0);
    assert!(!imported.patches_written);
    let config = fs_err::read_to_string(&out).expect("config written");
    assert_eq!(config, imported.report.config);
    assert!(
        config.contains("advertiseAddress: 192.168.10.11"),
        "{config}"
    );
    let apiserver = &imported.report.components[0];
    assert_eq!(
        apiserver.extra_args,
        ["audit-log-path", "audit-policy-file"]
    );
    let notes = heard.notes.borrow();
    assert!(
        notes
            .iter()
            .any(|n| n.starts_with("kube-apiserver: reproduced byte for byte with extraArgs")),
        "{notes:?}"
    );
    assert!(
        notes.contains(&format!("wrote {}", out.display())),
        "{notes:?}"
    );
}

#[test]
fn import_refuses_a_foreign_patch_and_writes_nothing() {
    let node = Node::rendered();
    let patches = node.root.path().join("patches");
    fs_err::create_dir_all(&patches).expect("mkdir");
    let foreign = patches.join("kube-apiserver+strategic.yaml");
    fs_err::write(&foreign, "spec: {}\n").expect("write");
    let out = node.root.path().join("kubeadm.yaml");
    let e = with_say(&Heard::default(), |say| {
        import::run(&node.import_request(Some(patches.clone())), Some(&out), say)
    })
    .expect_err("a foreign patch");
    assert_eq!(e.exit_code(), 2);
    assert!(
        e.error
            .to_string()
            .contains("kube-apiserver+strategic.yaml"),
        "{}",
        e.error
    );
    assert!(!out.exists(), "the config was written despite the refusal");
    assert_eq!(
        fs_err::read_to_string(&foreign).expect("read"),
        "spec: {}\n"
    );

    // No manifests at all: bad input.
    let empty = Node::empty();
    let e = with_say(&Heard::default(), |say| {
        import::run(&empty.import_request(None), None, say)
    })
    .expect_err("nothing to import");
    assert_eq!(e.exit_code(), 2);
}

#[test]
fn verify_reports_findings_filters_by_component_and_serializes_the_schema_fields() {
    let node = Node::rendered();
    let all = node.verify(node.verify_request()).expect("verify");
    let json = serde_json::to_value(all.json()).expect("json");
    assert_eq!(
        keys(&json),
        sorted(vec![
            "findings".into(),
            "manifestsDir".into(),
            "summary".into()
        ])
    );
    assert_eq!(json["manifestsDir"], node.manifests().display().to_string());
    let findings = json["findings"].as_array().expect("array");
    assert_eq!(findings.len(), all.report.findings.len());
    let counted = json["summary"]["errors"].as_u64().unwrap_or(0)
        + json["summary"]["warnings"].as_u64().unwrap_or(0)
        + json["summary"]["info"].as_u64().unwrap_or(0);
    assert_eq!(counted as usize, findings.len());
    if let Some(first) = findings.first() {
        assert_eq!(
            keys(first),
            sorted(vec![
                "component".into(),
                "file".into(),
                "id".into(),
                "message".into(),
                "severity".into()
            ])
        );
    }
    assert_eq!(all.exit_code(), if all.report.has_errors() { 1 } else { 0 });
    assert!(
        all.metrics.is_empty(),
        "metrics computed though not asked for"
    );

    let only_etcd = node
        .verify(VerifyRequest {
            components: vec![staticpod::component::Component::Etcd],
            ..node.verify_request()
        })
        .expect("verify");
    assert!(only_etcd
        .report
        .findings
        .iter()
        .all(|f| f.component.is_none() || f.component.as_deref() == Some("etcd")));
    let kept = all
        .report
        .findings
        .iter()
        .filter(|f| f.component.is_none() || f.component.as_deref() == Some("etcd"))
        .count();
    assert_eq!(only_etcd.report.findings.len(), kept);
}

#[test]
fn verify_drift_renders_for_the_node_and_finds_a_hand_edit() {
    let node = Node::rendered();
    let with_render = || VerifyRequest {
        render: Some(node.render_request()),
        ..node.verify_request()
    };
    let drift = |v: &Verified| {
        v.report
            .findings
            .iter()
            .filter(|f| f.id.starts_with("DRIFT-"))
            .count()
    };
    let clean = node.verify(with_render()).expect("verify");
    assert_eq!(drift(&clean), 0);
    let path = node.manifests().join("kube-scheduler.yaml");
    let text = fs_err::read_to_string(&path).expect("read");
    fs_err::write(
        &path,
        text.replace("- --leader-elect=true", "- --leader-elect=false"),
    )
    .expect("edit");
    let edited = node.verify(with_render()).expect("verify");
    assert!(edited
        .report
        .findings
        .iter()
        .any(|f| f.id == "DRIFT-CHANGED" && f.component.as_deref() == Some("kube-scheduler")));
    // Skipped drift: the render is not even attempted (a missing config is no error).
    let skipped = node
        .verify(VerifyRequest {
            render: Some(RenderRequest {
                config: node.root.path().join("missing.yaml"),
                ..node.render_request()
            }),
            skip: vec![Check::Drift],
            ..node.verify_request()
        })
        .expect("drift skipped");
    assert_eq!(drift(&skipped), 0);
}

#[test]
fn verify_textfile_is_the_metrics_and_failures_keep_the_findings() {
    let node = Node::rendered();
    let textfiles = tempfile::tempdir().expect("tempdir");
    let verified = node
        .verify(VerifyRequest {
            textfile_dir: Some(textfiles.path().to_path_buf()),
            ..node.verify_request()
        })
        .expect("verify");
    assert!(verified.textfile_error.is_none());
    assert!(
        verified.metrics.contains("staticpod_"),
        "{}",
        verified.metrics
    );
    let written =
        fs_err::read_to_string(textfiles.path().join("staticpod.prom")).expect("textfile");
    assert_eq!(written, verified.metrics);

    // The target is a directory: the write fails (exit 3), the findings are still there.
    let blocked = tempfile::tempdir().expect("tempdir");
    fs_err::create_dir(blocked.path().join("staticpod.prom")).expect("mkdir");
    let failed = node
        .verify(VerifyRequest {
            textfile_dir: Some(blocked.path().to_path_buf()),
            ..node.verify_request()
        })
        .expect("verify");
    let e = failed.textfile_error.as_ref().expect("a write error");
    assert_eq!(e.exit_code(), 3);
    assert_eq!(failed.exit_code(), 3);
    assert!(e.to_string().contains("was left as it was"), "{e}");
    assert_eq!(failed.report, verified.report);
    assert!(blocked.path().join("staticpod.prom").is_dir());
}

#[test]
fn verify_bad_directories_are_bad_input() {
    let node = Node::rendered();
    let missing = node.root.path().join("no-such-dir");
    let e = node
        .verify(VerifyRequest {
            textfile_dir: Some(missing.clone()),
            ..node.verify_request()
        })
        .expect_err("missing textfile dir");
    assert_eq!(e.exit_code(), 2);
    assert!(e.to_string().contains("--textfile-dir"), "{e}");
    let e = node
        .verify(VerifyRequest {
            dir: missing,
            ..node.verify_request()
        })
        .expect_err("missing manifests dir");
    assert_eq!(e.exit_code(), 2);
    assert!(e.to_string().contains("no-such-dir"), "{e}");
}

#[test]
fn written_reports_name_paths_under_the_given_directory() {
    let node = Node::empty();
    let out = node.root.path().join("o");
    let written = with_say(&Heard::default(), |say| {
        render::write(&node.render_request(), &out, say)
    })
    .expect("written");
    assert!(written
        .manifests
        .iter()
        .all(|m| Path::new(&m.path).parent() == Some(out.as_path())));
}

#[test]
fn restart_refuses_before_touching_anything() {
    use staticpod::component::Component;
    use staticpod::node::Progress;
    use staticpod::ops::restart::{self, RestartRequest};
    use staticpod::ops::WaitOptions;
    let node = Node::rendered();
    let wait = WaitOptions {
        timeout: Duration::from_secs(1),
        proc_dir: node.root.path().join("proc"),
    };
    let run = |dir: &Path, backups: &Path| {
        let request = RestartRequest {
            dir,
            backups,
            components: &[Component::KubeScheduler],
            wait: &wait,
            wait_healthy: false,
        };
        with_say(&Heard::default(), |say| {
            restart::run_locked(&request, Duration::from_secs(1), &Progress::new(true), say)
        })
    };
    let backups = node.root.path().join("etc/kubernetes/tmp");

    // No manifests directory: bad input, no backup directory made.
    let missing = node.root.path().join("no-manifests");
    let e = run(&missing, &backups)
        .map(|_| ())
        .expect_err("missing dir");
    assert_eq!(e.exit_code(), 2);
    assert!(e.to_string().contains("no-manifests"), "{e}");
    assert!(!backups.exists());

    // The backup directory cannot be made (a file is in the way): exit 3, manifest intact.
    let before = fs_err::read(node.manifests().join("kube-scheduler.yaml")).expect("read");
    fs_err::write(&backups, "in the way").expect("write");
    let e = run(&node.manifests(), &backups)
        .map(|_| ())
        .expect_err("backup dir is a file");
    assert_eq!(e.exit_code(), 3);
    let after = fs_err::read(node.manifests().join("kube-scheduler.yaml")).expect("read");
    assert_eq!(before, after);
}
