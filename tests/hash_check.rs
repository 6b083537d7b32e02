//! `staticpod hash` and `hash --check` (issue 12 item 12): the output of `hash` is a list
//! `hash --check` reads back, names needing GNU escapes round-trip, and an unreadable file is
//! reported as unreadable, not as a mismatch.

use std::path::Path;

use crate::support::staticpod;

const CORPUS: &str = "golden/render/corpus-v1.29.0-killercoda-patched-resources/expected";

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Issue 12 item 12: `staticpod hash > SUMS; staticpod hash --check SUMS` round-trips, also
/// for a name with a backslash and a line break (GNU escapes).
#[test]
fn hash_output_checks_back() {
    let dir = tempfile::tempdir().expect("tempdir");
    let manifests = dir.path().join("etc/kubernetes/manifests");
    fs_err::create_dir_all(&manifests).expect("mkdir");
    for c in ["etcd", "kube-scheduler"] {
        fs_err::copy(
            Path::new(CORPUS).join(format!("{c}.yaml")),
            manifests.join(format!("{c}.yaml")),
        )
        .expect("copy");
    }
    fs_err::write(manifests.join("odd\\name\nwith break.yaml"), "not a pod\n").expect("write");
    let root = dir.path().to_str().expect("utf8");
    let o = staticpod(&["--root", root, "hash"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let sums = dir.path().join("SUMS");
    fs_err::write(&sums, &o.stdout).expect("write");
    assert_eq!(text(&o.stdout).lines().count(), 3, "{}", text(&o.stdout));
    let o = staticpod(&["hash", "--check", sums.to_str().expect("utf8")]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}\n{}",
        text(&o.stdout),
        text(&o.stderr)
    );
    assert_eq!(
        text(&o.stdout).matches(": OK").count(),
        3,
        "{}",
        text(&o.stdout)
    );

    // One file changed, one gone: one mismatch, one unreadable, each said as such.
    fs_err::write(manifests.join("etcd.yaml"), "edited\n").expect("edit");
    fs_err::remove_file(manifests.join("kube-scheduler.yaml")).expect("rm");
    let o = staticpod(&["hash", "--check", sums.to_str().expect("utf8")]);
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    assert!(err.contains("1 computed checksum did NOT match"), "{err}");
    assert!(err.contains("1 listed file could not be read"), "{err}");
    assert!(err.contains("kube-scheduler.yaml: no such file"), "{err}");
    assert!(text(&o.stdout).contains("kube-scheduler.yaml: FAILED open or read"));
}
