//! Manifests read as the kubelet reads them (`staticpod::yaml::decode`): YAML 1.1 scalars and a
//! UTF-8 byte order mark, through `verify`, `hash` and `diff` (golden cases in
//! `golden/verify/yaml11`, snapshots `staticpod__yaml_input__*`; diff cases `golden/diff/yaml11-*`
//! run by `golden_diff.rs`).

use std::path::Path;

use crate::support::staticpod;

const CASES: &str = "golden/verify/yaml11";

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn verify(root: &str) -> (Option<i32>, String) {
    let o = staticpod(&[
        "--root", root, "--color", "never", "verify", "--skip", "files",
    ]);
    (o.status.code(), text(&o.stdout))
}

#[test]
fn verify_reports_yaml_1_1_cases() {
    insta::glob!("../golden/verify/yaml11", "*/ABOUT", |about: &Path| {
        let case = about
            .parent()
            .and_then(Path::file_name)
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let root = format!("{CASES}/{case}");
        let (code, stdout) = verify(&root);
        insta::assert_snapshot!(format!(
            "$ staticpod --root {root} verify --skip files\nexit {code:?}\n{stdout}"
        ));
    });
}

#[test]
fn unquoted_yaml_1_1_scalars_make_the_file_invalid_with_quote_it() {
    let (code, stdout) = verify(&format!("{CASES}/unquoted-scalars"));
    assert_eq!(code, Some(1), "{stdout}");
    let invalid: Vec<&str> = stdout
        .lines()
        .filter(|l| l.contains("MANIFEST-INVALID"))
        .collect();
    assert_eq!(invalid.len(), 3, "{stdout}");
    for (field, shown) in [
        (
            "metadata.annotations.example.com/backed-up (line 5 column 28)",
            "yes",
        ),
        ("spec.containers[0].env[0].value (line 45 column 14)", "off"),
        ("spec.containers[0].command[2] (line 15 column 7)", "0644"),
    ] {
        assert!(
            invalid.iter().any(|l| l.contains(field)
                && l.contains(&format!("unquoted {shown} as"))
                && l.contains(&format!("quote it: \"{shown}\""))),
            "{field}: {stdout}"
        );
    }
    // `hostNetwork: yes` is a boolean where the Pod wants one: the scheduler is fine.
    assert!(!stdout.contains("kube-scheduler ("), "{stdout}");
}

#[test]
fn hash_gives_no_semantic_digest_to_a_file_the_kubelet_cannot_decode() {
    let dir = format!("{CASES}/unquoted-scalars/etc/kubernetes/manifests");
    let o = staticpod(&[
        "-o",
        "json",
        "hash",
        &format!("{dir}/etcd.yaml"),
        &format!("{dir}/kube-scheduler.yaml"),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    let files = report["files"].as_array().expect("files");
    assert!(files[0]["semantic"].is_null(), "{report}");
    assert!(
        files[0]["error"]
            .as_str()
            .is_some_and(|e| e.contains("quote it: \"yes\"")),
        "{report}"
    );
    assert!(files[1]["semantic"].is_string(), "{report}");
}

#[test]
fn a_byte_order_mark_changes_the_bytes_but_not_the_pod() {
    let clean = "golden/verify/corpus/v1.25-ubuntu-a/etc/kubernetes/manifests/kube-apiserver.yaml";
    let bom = format!("{CASES}/bom/etc/kubernetes/manifests/kube-apiserver.yaml");
    assert!(fs_err::read(&bom)
        .expect("bom case")
        .starts_with(b"\xef\xbb\xbf"));
    let o = staticpod(&["hash", clean, &bom]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let lines: Vec<Vec<String>> = text(&o.stdout)
        .lines()
        .map(|l| l.split_whitespace().map(str::to_string).collect())
        .collect();
    assert_ne!(lines[0][0], lines[1][0], "raw digests differ");
    assert_eq!(lines[0][1], lines[1][1], "semantic digests are equal");
    let (code, stdout) = verify(&format!("{CASES}/bom"));
    assert_eq!(code, Some(0), "{stdout}");
}

#[test]
fn diff_says_the_kubelet_cannot_decode_an_unquoted_on_disk_file() {
    let dir = Path::new("golden/diff/yaml11-unquoted-env-value-on-disk");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let old = fs_err::read(root.join(dir).join("old.yaml")).expect("old");
    let new = fs_err::read(root.join(dir).join("new.yaml")).expect("new");
    let verdict = staticpod::diff::classify(Some(&old), Some(&new));
    assert!(verdict.restart);
    let reasons = verdict.reasons.join("\n");
    assert!(
        reasons.contains("not a valid static pod")
            && reasons.contains("the kubelet runs no pod from it")
            && reasons.contains("quote it: \"on\""),
        "{reasons}"
    );
}
