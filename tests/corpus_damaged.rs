//! Real kubeadm outputs that were damaged or redacted after kubeadm wrote them
//! (`golden/corpus-damaged/`). They are not "fixed" into passing: each test proves that the
//! render differs from the damaged file by exactly the documented damage and nothing else.

use std::path::PathBuf;

use crate::golden::Case;

fn case(name: &str) -> (String, String) {
    let dir = PathBuf::from("golden/corpus-damaged").join(name);
    let damaged =
        fs_err::read_to_string(dir.join("damaged-kube-apiserver.yaml")).expect("damaged file");
    let rendered = Case { dir }.render().expect("renders");
    assert_eq!(rendered.manifests.len(), 1);
    (rendered.manifests[0].yaml.clone(), damaged)
}

#[test]
fn truncated_file_lost_exactly_its_first_character() {
    let (rendered, damaged) = case("v1.28.0-truncated-first-char");
    assert!(
        damaged.starts_with("piVersion: v1\n"),
        "the documented damage"
    );
    assert_eq!(rendered, format!("a{damaged}"));
}

/// Does `rendered` equal `redacted` with each placeholder standing for a non-empty value?
fn matches_redacted(rendered: &str, redacted: &str) -> bool {
    let placeholders = ["<ip>", "<url>", "<port>"];
    let Some((index, placeholder)) = placeholders
        .iter()
        .filter_map(|p| redacted.find(p).map(|i| (i, *p)))
        .min()
    else {
        return rendered == redacted;
    };
    let (prefix, rest) = redacted.split_at(index);
    let rest = &rest[placeholder.len()..];
    let Some(tail) = rendered.strip_prefix(prefix) else {
        return false;
    };
    // The value is at least one character and never spans a line.
    (1..=tail.len())
        .take_while(|n| !tail[..*n].contains('\n'))
        .filter(|n| tail.is_char_boundary(*n))
        .any(|n| matches_redacted(&tail[n..], rest))
}

#[test]
fn redacted_file_differs_only_at_its_placeholders() {
    let (rendered, damaged) = case("v1.30.0-redacted-placeholders");
    let redacted_lines = damaged.lines().filter(|l| l.contains('<')).count();
    assert_eq!(redacted_lines, 10, "the documented redactions");
    assert_eq!(rendered.lines().count(), damaged.lines().count());
    for (r, d) in rendered.lines().zip(damaged.lines()) {
        assert!(matches_redacted(r, d), "rendered {r:?} does not fit {d:?}");
    }
    // The matcher itself rejects a real difference.
    assert!(!matches_redacted(
        "    - --secure-port=6443",
        "    - --secure-port=<port>x"
    ));
    assert!(matches_redacted(
        "    - --secure-port=6443",
        "    - --secure-port=<port>"
    ));
}
