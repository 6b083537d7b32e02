//! Files in a manifests directory that the kubelet would run but that are not the expected
//! components: backups (`*.bak`, `*~`, `*.orig`), copies, duplicate pod names, sub-directories.
//! The kubelet reads every file whose name does not start with a dot.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::decode;
use crate::fsx::read::{self, Limit};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stray {
    pub path: PathBuf,
    pub kind: StrayKind,
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StrayKind {
    /// `*.bak`, `*~`, `*.orig`, `*.bak*`.
    Backup,
    /// Any other file the kubelet reads.
    Unexpected,
    Directory,
    /// Two files declare the same namespace/name.
    Duplicate,
    /// Could not even be stat'ed.
    Unreadable,
}

/// Strays in `dir`, given the file names expected there. Reading errors are reported as strays
/// too (the operator must look at them either way).
pub fn find(dir: &Path, expected: &[String]) -> Vec<Stray> {
    let mut strays = Vec::new();
    let Ok(entries) = fs_err::read_dir(dir) else {
        return strays;
    };
    let mut names: Vec<(String, PathBuf)> = entries
        .flatten()
        .map(|e| (e.file_name().to_string_lossy().into_owned(), e.path()))
        .filter(|(name, _)| !name.starts_with('.'))
        .collect();
    names.sort();
    // Pod names are only needed to find duplicates, which take a file beyond the expected ones.
    let any_unexpected = names.iter().any(|(name, _)| !expected.contains(name));
    let mut pod_names: BTreeMap<String, Vec<PathBuf>> = BTreeMap::new();
    for (name, path) in names {
        let meta = match fs_err::metadata(&path) {
            Ok(meta) => meta,
            Err(e) => {
                strays.push(Stray {
                    path,
                    kind: StrayKind::Unreadable,
                    message: format!("cannot be read: {e}"),
                });
                continue;
            }
        };
        if meta.is_dir() {
            strays.push(Stray {
                path,
                kind: StrayKind::Directory,
                message: "a sub-directory: the kubelet does not read it and logs an error on every relist".into(),
            });
            continue;
        }
        if expected.contains(&name) && !any_unexpected {
            continue;
        }
        // Bounded and non-blocking: a FIFO, a device or a 2 GiB `*.bak` is judged without being
        // read to the end (the kubelet skips such files with an error too).
        let decoded = match read::read(&path, Limit::MANIFEST) {
            Ok(bytes) => Ok(decode(&bytes)),
            Err(e) => Err(e.reason()),
        };
        if let Ok(Ok(pod)) = &decoded {
            let pod_name = format!(
                "{}/{}",
                pod.pod.metadata.namespace.as_deref().unwrap_or("default"),
                pod.pod.metadata.name.as_deref().unwrap_or("")
            );
            pod_names.entry(pod_name).or_default().push(path.clone());
        }
        if expected.contains(&name) {
            continue;
        }
        let (kind, label) = if name.ends_with(".bak")
            || name.ends_with('~')
            || name.ends_with(".orig")
            || name.contains(".bak")
        {
            (StrayKind::Backup, "a backup copy")
        } else {
            (StrayKind::Unexpected, "not an expected component")
        };
        let what = match &decoded {
            Ok(Ok(_)) => "the kubelet runs it as a pod".to_string(),
            Ok(Err(e)) => format!("the kubelet tries to run it and logs an error ({e})"),
            Err(reason) => {
                format!("it {reason}; the kubelet does not run it and logs an error about it")
            }
        };
        strays.push(Stray {
            path,
            kind,
            message: format!("{label}: {what}; move it out of the manifests directory (e.g. to /etc/kubernetes/tmp)"),
        });
    }
    for (pod_name, paths) in pod_names {
        if paths.len() > 1 {
            let files: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
            strays.push(Stray {
                path: paths[0].clone(),
                kind: StrayKind::Duplicate,
                message: format!(
                    "duplicate pod name {pod_name} in {}: the kubelet runs only one of them (the one it read last) and flips between them",
                    files.join(", ")
                ),
            });
        }
    }
    strays
}

#[cfg(test)]
mod tests {
    use super::*;

    const POD: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: etcd\n  namespace: kube-system\nspec:\n  containers:\n  - name: etcd\n    image: etcd:1\n";

    #[test]
    fn fifos_and_oversized_strays_are_judged_unread() {
        let dir = tempfile::tempdir().expect("tempdir");
        let d = dir.path();
        fs_err::write(d.join("etcd.yaml"), POD).expect("write");
        rustix::fs::mknodat(
            rustix::fs::CWD,
            d.join("etcd.yaml.orig"),
            rustix::fs::FileType::Fifo,
            rustix::fs::Mode::from_raw_mode(0o600),
            0,
        )
        .expect("mkfifo");
        let big = fs_err::File::create(d.join("etcd.yaml.bak")).expect("create");
        big.set_len(64 * 1024 * 1024).expect("sparse");
        drop(big);
        let strays = find(d, &["etcd.yaml".to_string()]);
        assert_eq!(strays.len(), 2, "{strays:?}");
        assert!(
            strays[0].message.contains("larger than 10 MiB"),
            "{strays:?}"
        );
        assert!(strays[1].message.contains("is a FIFO"), "{strays:?}");
        assert!(strays.iter().all(|s| s.kind == StrayKind::Backup));
    }

    #[test]
    fn finds_backups_copies_dirs_and_duplicates() {
        let dir = tempfile::tempdir().expect("tempdir");
        let d = dir.path();
        fs_err::write(d.join("etcd.yaml"), POD).expect("write");
        fs_err::write(d.join("etcd.yaml.bak"), POD).expect("write");
        fs_err::write(d.join(".etcd.yaml.swp"), "ignored").expect("write");
        fs_err::write(d.join("notes.txt"), "hello").expect("write");
        fs_err::create_dir(d.join("old")).expect("mkdir");
        let strays = find(d, &["etcd.yaml".to_string()]);
        let messages: Vec<String> = strays
            .iter()
            .map(|s| {
                format!(
                    "{}: {}",
                    s.path
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default(),
                    s.message
                )
            })
            .collect();
        assert_eq!(strays.len(), 4, "{messages:#?}");
        assert!(messages[0].starts_with("etcd.yaml.bak: a backup copy"));
        assert!(messages[1].starts_with("notes.txt: not an expected component"));
        assert!(messages[2].starts_with("old: a sub-directory"));
        assert!(messages[3].contains("duplicate pod name kube-system/etcd"));
    }
}
