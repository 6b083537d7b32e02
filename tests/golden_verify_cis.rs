//! `staticpod verify --profile cis` golden cases (`golden/verify/cis/<case>/CASE`): each case
//! starts from the node `kubeadm init` leaves with the bundled example config (the four
//! manifests rendered by the real binary, kubeconfigs, CA files, `/etc/passwd` and
//! `/etc/group` with an `etcd` user, etcd's data directory owned by it, kubeadm's modes), then
//! applies the case's operations and snapshots the report (the temporary root shown as
//! `<root>`). Certificates are not generated, so the runs use `--skip files`; flags added
//! without a mount would be `CONSIST-UNMOUNTED-PATH`, so `--skip consistency` too.
//!
//! CASE operations, one per line (`#` starts a comment):
//! - `include FILE`: the operations of `golden/verify/cis/FILE`;
//! - `add COMPONENT ARG`: ARG appended to the component's command;
//! - `drop COMPONENT ARG`: that exact command element removed;
//! - `write PATH FILE`: the case's FILE copied to the node path PATH (mode 0600);
//! - `text PATH LINE`: PATH (re)written with LINE and a newline (mode 0600);
//! - `remove PATH`: a file or directory removed;
//! - `chown PATH UID:GID`.

use std::os::unix::fs::{chown, PermissionsExt};
use std::path::Path;

const EXAMPLE: &str = "golden/example/kubeadm-config.yaml";
const ETCD_ID: u32 = 998;

fn set_mode(path: &Path, mode: u32) {
    fs_err::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

fn write(root: &Path, rel: &str, text: &str, mode: u32) {
    let path = root.join(rel);
    fs_err::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    fs_err::write(&path, text).expect("write");
    set_mode(&path, mode);
}

/// The node `kubeadm init` leaves (the parts the CIS checks read).
fn base(root: &Path) {
    for d in ["etc/ca-certificates", "usr/share/ca-certificates"] {
        fs_err::create_dir_all(root.join(d)).expect("mkdir");
    }
    let out = root.join("etc/kubernetes/manifests");
    let render = crate::support::staticpod(&[
        "-q",
        "--root",
        root.to_str().expect("UTF-8"),
        "render",
        "--config",
        EXAMPLE,
        "--no-proxy-env",
        "--out",
        out.to_str().expect("UTF-8"),
    ]);
    assert_eq!(render.status.code(), Some(0), "{render:?}");
    for c in [
        "kube-apiserver",
        "kube-controller-manager",
        "kube-scheduler",
        "etcd",
    ] {
        set_mode(&out.join(format!("{c}.yaml")), 0o600);
    }
    for conf in [
        "admin.conf",
        "super-admin.conf",
        "scheduler.conf",
        "controller-manager.conf",
    ] {
        write(
            root,
            &format!("etc/kubernetes/{conf}"),
            "kubeconfig\n",
            0o600,
        );
    }
    write(root, "etc/kubernetes/pki/ca.crt", "cluster CA\n", 0o644);
    write(root, "etc/kubernetes/pki/ca.key", "key\n", 0o600);
    write(root, "etc/kubernetes/pki/etcd/ca.crt", "etcd CA\n", 0o644);
    write(root, "etc/kubernetes/pki/etcd/ca.key", "key\n", 0o600);
    write(
        root,
        "etc/passwd",
        "root:x:0:0:root:/root:/bin/bash\netcd:x:998:998:etcd:/var/lib/etcd:/sbin/nologin\n",
        0o644,
    );
    write(root, "etc/group", "root:x:0:\netcd:x:998:\n", 0o644);
    let data = root.join("var/lib/etcd");
    fs_err::create_dir_all(data.join("member")).expect("mkdir");
    set_mode(&data, 0o700);
    chown(&data, Some(ETCD_ID), Some(ETCD_ID)).expect("chown (the tests run as root)");
}

fn apply(root: &Path, cis_dir: &Path, case_dir: &Path, ops: &str) {
    for line in ops.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut words = line.splitn(3, ' ');
        let (op, a, b) = (
            words.next().unwrap_or(""),
            words.next().unwrap_or(""),
            words.next().unwrap_or(""),
        );
        match op {
            "include" => {
                let text = fs_err::read_to_string(cis_dir.join(a)).expect("include");
                apply(root, cis_dir, case_dir, &text);
            }
            "add" | "drop" => {
                let path = root.join(format!("etc/kubernetes/manifests/{a}.yaml"));
                let text = fs_err::read_to_string(&path).expect("manifest");
                let anchor = format!("    - {a}\n");
                let new = if op == "add" {
                    assert!(text.contains(&anchor), "{a}: no `{anchor}`");
                    text.replacen(&anchor, &format!("{anchor}    - {b}\n"), 1)
                } else {
                    let element = format!("    - {b}\n");
                    assert!(text.contains(&element), "{a}: no `{element}`");
                    text.replacen(&element, "", 1)
                };
                fs_err::write(&path, new).expect("write manifest");
            }
            "write" => {
                let text = fs_err::read_to_string(case_dir.join(b)).expect("case file");
                write(root, a, &text, 0o600);
            }
            "text" => write(root, a, &format!("{b}\n"), 0o600),
            "remove" => {
                let path = root.join(a);
                if path.is_dir() {
                    fs_err::remove_dir_all(path).expect("remove");
                } else {
                    fs_err::remove_file(path).expect("remove");
                }
            }
            "chown" => {
                let (u, g) = b.split_once(':').expect("UID:GID");
                chown(root.join(a), u.parse().ok(), g.parse().ok()).expect("chown");
            }
            other => panic!("unknown CASE operation {other:?} in {}", case_dir.display()),
        }
    }
}

fn report(case: &Path) -> String {
    let cis_dir = case.parent().expect("cis dir").parent().expect("cis dir");
    let case_dir = case.parent().expect("case dir");
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    base(root);
    let ops = fs_err::read_to_string(case).expect("CASE");
    apply(root, cis_dir, case_dir, &ops);
    let root_str = root.to_str().expect("UTF-8");
    let o = crate::support::staticpod(&[
        "--root",
        root_str,
        "--color",
        "never",
        "verify",
        "--profile",
        "cis",
        "--skip",
        "files",
        "--skip",
        "consistency",
    ]);
    let stdout = String::from_utf8_lossy(&o.stdout).replace(root_str, "<root>");
    let stderr = String::from_utf8_lossy(&o.stderr).replace(root_str, "<root>");
    let mut text = format!("{}exit {:?}\n{stdout}", ops_summary(&ops), o.status.code());
    if !stderr.is_empty() {
        text += &format!("stderr:\n{stderr}");
    }
    text
}

/// The case's own comment lines (what it shows), for the snapshot's reader.
fn ops_summary(ops: &str) -> String {
    ops.lines()
        .filter(|l| l.starts_with('#'))
        .map(|l| format!("{l}\n"))
        .collect()
}

#[test]
fn cis_cases() {
    insta::glob!("../golden/verify/cis", "*/CASE", |case: &Path| {
        insta::assert_snapshot!(report(case));
    });
}
