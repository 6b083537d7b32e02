//! Atomic, durable file writes: temp dot-file in the target directory → write_all → fsync →
//! chmod → rename over the target → fsync the directory. A crash at any instant leaves each
//! target either wholly old or wholly new, and the kubelet ignores dot-files, so a temp file
//! in a manifests directory is never run as a pod.

use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

/// The file-system layer's error: names the file and the step that failed.
#[derive(Debug, thiserror::Error)]
#[error("{path}: {step}: {source}")]
pub struct FsError {
    pub path: PathBuf,
    pub step: &'static str,
    #[source]
    pub source: std::io::Error,
}

impl FsError {
    fn new(path: &Path, step: &'static str, source: std::io::Error) -> Self {
        FsError {
            path: path.to_path_buf(),
            step,
            source,
        }
    }
}

/// What `write_set` managed to do before an error.
#[derive(Debug)]
pub struct WriteReport {
    /// Targets that now hold their new content.
    pub written: Vec<PathBuf>,
    pub error: Option<FsError>,
}

/// Write every `(path, content)` with `mode`: all temp files are staged and fsynced first,
/// then renamed into place one by one, then each directory is fsynced. An error while staging
/// changes no target; an error while renaming leaves the earlier targets new and the rest old
/// (the report says which).
pub fn write_set(files: &[(PathBuf, Vec<u8>)], mode: u32) -> WriteReport {
    let mut staged = Vec::with_capacity(files.len());
    for (path, content) in files {
        match stage(path, content, mode) {
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
    let mut dirs: Vec<PathBuf> = Vec::new();
    for (temp, path) in staged {
        if let Err(e) = temp.persist(path) {
            return WriteReport {
                written,
                error: Some(FsError::new(path, "rename into place", e.error)),
            };
        }
        written.push(path.clone());
        let dir = parent(path);
        if !dirs.contains(&dir) {
            dirs.push(dir);
        }
    }
    for dir in dirs {
        if let Err(e) = fs_err::File::open(&dir).and_then(|d| d.sync_all()) {
            return WriteReport {
                written,
                error: Some(FsError::new(&dir, "fsync directory", e)),
            };
        }
    }
    WriteReport {
        written,
        error: None,
    }
}

fn parent(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

fn stage(path: &Path, content: &[u8], mode: u32) -> Result<tempfile::NamedTempFile, FsError> {
    let dir = parent(path);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut temp = tempfile::Builder::new()
        .prefix(&format!(".staticpod-{name}."))
        .suffix(".tmp")
        .tempfile_in(&dir)
        .map_err(|e| FsError::new(path, "create temp file", e))?;
    temp.write_all(content)
        .map_err(|e| FsError::new(temp.path(), "write", e))?;
    temp.as_file()
        .set_permissions(std::fs::Permissions::from_mode(mode))
        .map_err(|e| FsError::new(temp.path(), "chmod", e))?;
    temp.as_file()
        .sync_all()
        .map_err(|e| FsError::new(temp.path(), "fsync", e))?;
    Ok(temp)
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
