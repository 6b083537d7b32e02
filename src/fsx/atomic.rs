//! Writing a set of new files (`render --out`) with the same protocol as `apply`
//! ([`super::protocol`]): every file is staged first (temp dot-file beside it, written,
//! chmod, fsync), then each is renamed into place and its directory fsynced. A crash at any
//! instant leaves each target either wholly old or wholly new, and the kubelet ignores
//! dot-files, so a temp file in a manifests directory is never run as a pod.

use std::path::PathBuf;

use super::protocol::{stage, ModeOwner, NoHooks, ReplaceOptions};
use super::FsError;

/// What `write_set` managed to do before an error.
#[derive(Debug)]
pub struct WriteReport {
    /// Targets that now hold their new content.
    pub written: Vec<PathBuf>,
    /// The error that stopped it.
    pub error: Option<FsError>,
}

/// Write every `(path, content)` with `mode`, owned by this process: all temp files are
/// staged and fsynced first, then renamed into place one by one. An error while staging
/// changes no target; an error while renaming leaves the earlier targets new and the rest old
/// (the report says which). Symlinked targets are followed (the file they point to is
/// written).
pub fn write_set(files: &[(PathBuf, Vec<u8>)], mode: u32) -> WriteReport {
    let options = ReplaceOptions {
        mode_owner: Some(ModeOwner {
            mode,
            uid: rustix::process::geteuid().as_raw(),
            gid: rustix::process::getegid().as_raw(),
        }),
        follow_symlinks: true,
        ..ReplaceOptions::default()
    };
    let mut staged = Vec::with_capacity(files.len());
    for (path, content) in files {
        match stage(path, content, &options, &NoHooks) {
            Ok(temp) => staged.push((temp, path)),
            Err(error) => {
                // Dropping the staged temp files removes them.
                return WriteReport {
                    written: Vec::new(),
                    error: Some(error),
                };
            }
        }
    }
    let mut written = Vec::new();
    for (temp, path) in staged {
        if let Err(error) = temp.commit(&NoHooks) {
            let renamed = error.after_rename();
            if renamed {
                written.push(path.clone());
            }
            return WriteReport {
                written,
                error: Some(error),
            };
        }
        written.push(path.clone());
    }
    WriteReport {
        written,
        error: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;
    use std::path::Path;

    fn entries(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs_err::read_dir(dir)
            .expect("read_dir")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn writes_with_mode_and_leaves_no_temp_files() {
        let dir = tempfile::tempdir().expect("tempdir");
        let a = dir.path().join("a.yaml");
        fs_err::write(&a, "old").expect("seed");
        let files = vec![
            (a.clone(), b"new-a".to_vec()),
            (dir.path().join("b.yaml"), b"new-b".to_vec()),
        ];
        let report = write_set(&files, 0o600);
        assert!(report.error.is_none());
        assert_eq!(report.written.len(), 2);
        assert_eq!(fs_err::read_to_string(&a).expect("read"), "new-a");
        let mode = fs_err::metadata(&a).expect("meta").permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        assert_eq!(entries(dir.path()), ["a.yaml", "b.yaml"]);
    }

    #[test]
    fn staging_failure_changes_nothing() {
        let dir = tempfile::tempdir().expect("tempdir");
        let a = dir.path().join("a.yaml");
        fs_err::write(&a, "old").expect("seed");
        let files = vec![
            (a.clone(), b"new".to_vec()),
            (dir.path().join("missing-dir/b.yaml"), b"x".to_vec()),
        ];
        let report = write_set(&files, 0o600);
        assert!(report.error.is_some());
        assert!(report.written.is_empty());
        assert_eq!(fs_err::read_to_string(&a).expect("read"), "old");
        assert_eq!(entries(dir.path()), ["a.yaml"]);
    }

    /// Issue 11 item 4: `render --out` and `apply` used two atomic-write paths; now one. The
    /// temp files of `write_set` are the protocol's (named after their writer).
    #[test]
    fn uses_the_protocol_temp_names() {
        let dir = tempfile::tempdir().expect("tempdir");
        let target = dir.path().join("etcd.yaml");
        let staged = stage(&target, b"x", &ReplaceOptions::default(), &NoHooks).expect("stage");
        let names = entries(dir.path());
        assert_eq!(names.len(), 1);
        assert!(crate::fsx::temp::is_staticpod_temp(&names[0]), "{names:?}");
        drop(staged);
        assert!(entries(dir.path()).is_empty());
    }
}
