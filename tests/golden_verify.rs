//! `staticpod verify` on every case of the kubeadm manifest corpus (`golden/verify/corpus`):
//! one insta snapshot per case holding the text report, the JSON findings' ids, and with the
//! case's kubeadm config the drift run. Reviewed by hand: edited, damaged, renamed and
//! kubectl-dumped cases must show what a careful reviewer would flag.

use std::path::Path;

const CONFIGS: [&str; 3] = ["kubeadm-config.yaml", "kubeadm.yaml", "kubeadm-init.yaml"];

fn run(root: &str, extra: &[&str]) -> (Option<i32>, String, String) {
    let mut args = vec![
        "--root", root, "--color", "never", "verify", "--skip", "files",
    ];
    args.extend_from_slice(extra);
    let o = crate::support::staticpod(&args);
    (
        o.status.code(),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

fn report(case_dir: &Path) -> String {
    let name = case_dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let root = format!("golden/verify/corpus/{name}");
    let (code, stdout, stderr) = run(&root, &[]);
    let mut text =
        format!("$ staticpod --root {root} verify --skip files\nexit {code:?}\n{stdout}");
    if !stderr.is_empty() {
        text += &format!("stderr:\n{stderr}");
    }
    // The exit code follows the findings.
    let has_error = stdout.lines().any(|l| l.trim_start().starts_with("error "));
    assert_eq!(code, Some(i32::from(has_error)), "{name}: {stdout}");

    let (json_code, json, _) = run(&root, &["-o", "json"]);
    assert_eq!(json_code, code, "{name}: text and JSON exit codes differ");
    let value: serde_json::Value = serde_json::from_str(&json).expect("JSON report");
    let findings = value["findings"].as_array().expect("findings array");
    assert_eq!(
        findings.len(),
        stdout.lines().filter(|l| l.starts_with("  ")).count(),
        "{name}: text and JSON list different findings"
    );
    for f in findings {
        for key in ["id", "severity", "component", "file", "message"] {
            assert!(f.get(key).is_some(), "{name}: finding without {key}: {f}");
        }
    }

    let config = CONFIGS
        .iter()
        .map(|c| case_dir.join("config").join(c))
        .find(|p| p.exists());
    if let Some(config) = config {
        let file = config
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let config = format!("{root}/config/{file}");
        let (code, stdout, stderr) = run(&root, &["--config", &config, "--no-proxy-env"]);
        text += &format!(
            "\n$ staticpod --root {root} verify --skip files --config {config} --no-proxy-env\nexit {code:?}\n{stdout}"
        );
        if !stderr.is_empty() {
            text += &format!("stderr:\n{stderr}");
        }
    }
    text
}

#[test]
fn corpus_reports() {
    insta::glob!("../golden/verify/corpus", "*/SOURCE", |source: &Path| {
        let case_dir = source.parent().expect("case dir");
        insta::assert_snapshot!(report(case_dir));
    });
}

#[test]
fn every_corpus_case_has_a_report() {
    let cases =
        fs_err::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("golden/verify/corpus"))
            .expect("corpus")
            .filter_map(Result::ok)
            .filter(|e| e.path().join("SOURCE").exists())
            .count();
    // 37 manifest cases and 3 config-only cases (golden/verify/corpus/INDEX.md).
    assert_eq!(cases, 40);
}

/// Every finding id the verifier can emit is documented in the README's tables.
#[test]
fn every_finding_id_is_documented() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = fs_err::read_to_string(root.join("README.md")).expect("README");
    let mut ids = std::collections::BTreeSet::new();
    for entry in fs_err::read_dir(root.join("src/verify")).expect("src/verify") {
        let path = entry.expect("entry").path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let text = fs_err::read_to_string(&path).expect("source");
        // Ids are string literals like "CONSIST-ETCD-SERVERS" (upper case, dash-separated).
        for literal in text.split('"').skip(1).step_by(2) {
            let parts: Vec<&str> = literal.split('-').collect();
            let is_id = parts.len() >= 2
                && parts.iter().all(|p| {
                    !p.is_empty()
                        && p.chars()
                            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
                })
                && parts[0].chars().all(|c| c.is_ascii_uppercase())
                && parts[0] != "CIS";
            if is_id {
                ids.insert(literal.to_string());
            }
        }
    }
    assert!(ids.len() > 40, "found only {ids:?}");
    let missing: Vec<&String> = ids
        .iter()
        .filter(|id| !readme.contains(&format!("`{id}`")))
        .collect();
    assert!(
        missing.is_empty(),
        "finding ids missing from README: {missing:?}"
    );
    for (id, _, _) in staticpod::verify::cis::catalogue() {
        assert!(
            readme.contains(&format!("`CIS-{id}`")),
            "CIS-{id} missing from README"
        );
    }
}
