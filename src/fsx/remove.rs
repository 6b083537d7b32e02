//! Remove a manifest durably, only if it still holds the content the caller expects: how
//! `restart` moves a manifest out of the directory (its copy is in a verified backup first)
//! and how a rollback removes a file that did not exist before the swap.

use std::path::Path;

use super::protocol::{fsync_dir, parent_dir, Hooks, Refusal, Step};
use super::FsError;
use crate::manifest::sha256_hex;

/// Check that `path` holds content with SHA-256 `expected_sha`, remove it, fsync its
/// directory. A different content is refused ([`Refusal::ChangedConcurrently`]): someone
/// else wrote it, and it is left alone.
pub fn remove_if_unchanged(
    path: &Path,
    expected_sha: &str,
    hooks: &dyn Hooks,
) -> Result<(), FsError> {
    hooks
        .before(Step::VerifyUnchanged, path)
        .map_err(|e| FsError::at(path, Step::VerifyUnchanged, e))?;
    let bytes = super::read::read(path, super::read::Limit::MANIFEST).map_err(|e| {
        FsError::at(
            path,
            Step::VerifyUnchanged,
            std::io::Error::other(e.to_string()),
        )
    })?;
    let found = sha256_hex(&bytes);
    if found != expected_sha {
        return Err(FsError::at(
            path,
            Step::VerifyUnchanged,
            Refusal::ChangedConcurrently {
                expected: expected_sha.to_string(),
                found,
            }
            .into(),
        ));
    }
    hooks
        .before(Step::Remove, path)
        .and_then(|()| fs_err::remove_file(path))
        .map_err(|e| FsError::at(path, Step::Remove, e))?;
    fsync_dir(&parent_dir(path), hooks)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fsx::NoHooks;

    #[test]
    fn removes_only_the_expected_content() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("etcd.yaml");
        fs_err::write(&path, "a").unwrap();
        let error = remove_if_unchanged(&path, &sha256_hex(b"b"), &NoHooks).unwrap_err();
        assert!(error.to_string().contains("concurrently"), "{error}");
        assert!(path.exists());
        remove_if_unchanged(&path, &sha256_hex(b"a"), &NoHooks).unwrap();
        assert!(!path.exists());
    }
}
