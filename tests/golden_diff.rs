//! Golden diff cases: `golden/diff/<case>/` holds `old.yaml` (on disk) and/or `new.yaml`
//! (rendered), `expect` (the status the kubelet semantics must give) and `ABOUT`. The test
//! asserts the status and snapshots the whole report (status, restart, reasons, unified diff).

use std::path::Path;

use staticpod::diff;

fn report(dir: &Path) -> (String, String) {
    let read = |name: &str| fs_err::read(dir.join(name)).ok();
    let (old, new) = (read("old.yaml"), read("new.yaml"));
    let verdict = diff::classify(old.as_deref(), new.as_deref());
    let text = |b: &Option<Vec<u8>>| {
        b.as_deref()
            .map(String::from_utf8_lossy)
            .unwrap_or_default()
            .into_owned()
    };
    let mut out = format!(
        "status: {}\nrestart: {}\n",
        verdict.status.as_str(),
        verdict.restart
    );
    for reason in &verdict.reasons {
        out += &format!("reason: {reason}\n");
    }
    out += "\n";
    out += &diff::unified(&text(&old), &text(&new), "old.yaml", "new.yaml", 3);
    (verdict.status.as_str().to_string(), out)
}

#[test]
fn golden_diff_cases() {
    let mut count = 0;
    insta::glob!("../golden/diff", "*/expect", |expect: &Path| {
        let dir = expect.parent().expect("case dir");
        let want = fs_err::read_to_string(expect).expect("expect file");
        let (status, text) = report(dir);
        assert_eq!(status, want.trim(), "{}", dir.display());
        insta::assert_snapshot!(text);
        count += 1;
    });
    assert!(count >= 15, "only {count} diff cases");
}
