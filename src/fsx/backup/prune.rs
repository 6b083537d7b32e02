//! Removing backup folders: `backups prune`, and the folder of a run that changed nothing.
//!
//! A folder is removed in two steps: renamed to `.staticpod-discard-<name>` (one atomic step:
//! the folder leaves every listing at once, never half-deleted with some files missing) and
//! the backup directory fsynced, then the renamed folder is deleted. A crash between the two
//! leaves a dot-folder that no listing shows and the next prune deletes.

use std::path::{Path, PathBuf};

use super::inspect::{latest, list_backups, BackupListing};
use crate::fsx::protocol::{fsync_dir, parent_dir, Hooks, Step};
use crate::fsx::FsError;

const DISCARD_PREFIX: &str = ".staticpod-discard-";

/// Remove one backup folder (see the module docs).
pub fn discard_folder(folder: &Path, hooks: &dyn Hooks) -> Result<(), FsError> {
    let dir = parent_dir(folder);
    let name = folder
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let doomed = dir.join(format!("{DISCARD_PREFIX}{name}"));
    hooks
        .before(Step::Rename, folder)
        .and_then(|()| fs_err::rename(folder, &doomed))
        .map_err(|e| FsError::at(folder, Step::Rename, e))?;
    fsync_dir(&dir, hooks)?;
    remove_tree(&doomed, hooks)
}

fn remove_tree(path: &Path, hooks: &dyn Hooks) -> Result<(), FsError> {
    hooks
        .before(Step::Remove, path)
        .and_then(|()| fs_err::remove_dir_all(path))
        .map_err(|e| FsError::at(path, Step::Remove, e))?;
    fsync_dir(&parent_dir(path), hooks)
}

/// What [`prune`] did (or would do).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PruneReport {
    /// Folders removed (or that would be), newest first.
    pub removed: Vec<String>,
    /// Folders kept, newest first.
    pub kept: Vec<String>,
    /// Leftovers of an interrupted earlier removal that were deleted.
    pub leftovers: Vec<PathBuf>,
}

/// Keep the `keep` (≥ 1) newest folders that are whole backups, and always the one
/// `restore --latest` means; remove the other whole backups, and the incomplete folders older
/// than the newest whole backup (a newer incomplete one may be a run writing it right now).
/// Incomplete folders never count towards `keep`. Hold the lock of the manifests directory.
pub fn prune(
    backup_dir: &Path,
    keep: usize,
    dry_run: bool,
    hooks: &dyn Hooks,
) -> Result<PruneReport, FsError> {
    let list = list_backups(backup_dir)?;
    let protected = latest(backup_dir).ok().map(|l| l.folder);
    let newest_backup = list.iter().position(|l| l.status.is_backup());
    let mut whole = 0;
    let (mut removed, mut kept) = (Vec::new(), Vec::new());
    let mut doomed: Vec<&BackupListing> = Vec::new();
    for (i, listing) in list.iter().enumerate() {
        let remove = if listing.status.is_backup() {
            whole += 1;
            whole > keep && protected.as_deref() != Some(listing.path.as_path())
        } else {
            newest_backup.is_some_and(|newest| i > newest)
        };
        if remove {
            doomed.push(listing);
            removed.push(listing.name.clone());
        } else {
            kept.push(listing.name.clone());
        }
    }
    let mut leftovers = Vec::new();
    if dry_run {
        return Ok(PruneReport {
            removed,
            kept,
            leftovers,
        });
    }
    // An earlier prune killed between its rename and its delete.
    for entry in
        fs_err::read_dir(backup_dir).map_err(|e| FsError::at(backup_dir, Step::Inspect, e))?
    {
        let entry = entry.map_err(|e| FsError::at(backup_dir, Step::Inspect, e))?;
        let is_leftover = entry
            .file_name()
            .to_str()
            .is_some_and(|n| n.starts_with(DISCARD_PREFIX))
            && entry.file_type().is_ok_and(|t| t.is_dir());
        if is_leftover {
            remove_tree(&entry.path(), hooks)?;
            leftovers.push(entry.path());
        }
    }
    for listing in doomed {
        discard_folder(&listing.path, hooks)?;
    }
    Ok(PruneReport {
        removed,
        kept,
        leftovers,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fsx::backup::inspect::Status;
    use crate::fsx::backup::test_support::*;
    use crate::fsx::backup::{create_backup_at, RECORD_FILE};

    fn backups_at(backups: &Path, manifests: &Path, times: &[u64]) -> Vec<PathBuf> {
        let files = files(manifests);
        times
            .iter()
            .map(|t| {
                create_backup_at(
                    backups,
                    &refs(&files),
                    serde_json::Value::Null,
                    at(*t),
                    &NoHooks,
                )
                .expect("backup")
                .path
            })
            .collect()
    }

    /// Issue 12 item 1: with an incomplete newest folder, `prune --keep 1` kept it and removed
    /// the only good backup.
    #[test]
    fn incomplete_folders_never_count_and_the_newest_complete_is_kept() {
        let (_root, manifests, backups) = node();
        let made = backups_at(&backups, &manifests, &[100, 200]);
        let broken = backups.join("staticpod-backup-manifests-2099-01-01-00-00-00");
        fs_err::create_dir(&broken).expect("mkdir");
        fs_err::write(broken.join("etcd.yaml"), "partial").expect("write");
        let list = list_backups(&backups).expect("list");
        assert_eq!(list[0].status, Status::Incomplete);
        let report = prune(&backups, 1, false, &NoHooks).expect("prune");
        assert_eq!(report.kept.len(), 2, "{report:?}");
        assert!(made[1].is_dir(), "the newest complete backup is kept");
        assert!(!made[0].exists());
        assert!(
            broken.is_dir(),
            "a newer incomplete folder may be in progress"
        );
        assert_eq!(latest(&backups).expect("latest").folder, made[1]);
    }

    #[test]
    fn older_incomplete_folders_go_and_dry_run_removes_nothing() {
        let (_root, manifests, backups) = node();
        let made = backups_at(&backups, &manifests, &[100, 200, 300]);
        fs_err::remove_file(made[0].join(RECORD_FILE)).expect("rm");
        let before = entries(&backups);
        let report = prune(&backups, 1, true, &NoHooks).expect("dry run");
        assert_eq!(report.removed.len(), 2);
        assert_eq!(entries(&backups), before);
        prune(&backups, 1, false, &NoHooks).expect("prune");
        assert_eq!(
            entries(&backups),
            [made[2].file_name().expect("name").to_string_lossy()]
        );
    }

    /// Issue 11 item 4: prune's removal is a fault-tested fsx operation. A failure at any step
    /// leaves every folder either whole and listed, or gone from the listing; the newest is
    /// always kept, and a leftover is cleaned by the next prune.
    #[test]
    fn a_failure_at_any_step_never_leaves_a_half_folder() {
        for step in [Step::Rename, Step::FsyncDir, Step::Remove] {
            for nth in 1..=3 {
                let (_root, manifests, backups) = node();
                let made = backups_at(&backups, &manifests, &[100, 200, 300]);
                let hooks = FailAt::new(step, nth);
                let result = prune(&backups, 1, false, &hooks);
                for listing in list_backups(&backups).expect("list") {
                    assert_eq!(listing.status, Status::Complete, "{step} #{nth}");
                    assert!(verify_backup_ok(&listing.path), "{step} #{nth}");
                }
                assert!(made[2].is_dir(), "{step} #{nth}: the newest is kept");
                if hooks.calls() >= nth {
                    assert!(result.is_err(), "{step} #{nth}");
                }
                let report = prune(&backups, 1, false, &NoHooks).expect("again");
                assert!(report.removed.len() + report.leftovers.len() <= 2);
                assert_eq!(
                    entries(&backups),
                    [made[2].file_name().expect("name").to_string_lossy()],
                    "{step} #{nth}"
                );
            }
        }
    }

    /// Issue 12 item 2: `--latest` is the state before the last change that was made; a run
    /// that wrote every file back unchanged (`restart`) is no change.
    #[test]
    fn latest_passes_over_a_run_that_changed_no_content() {
        use crate::fsx::backup::create::{create_with, RecordInfo};
        let (_root, manifests, backups) = node();
        let made = backups_at(&backups, &manifests, &[100]);
        let files = [
            ("etcd", manifests.join("etcd.yaml")),
            ("kube-apiserver", manifests.join("kube-apiserver.yaml")),
        ];
        let same: Vec<Option<String>> = files
            .iter()
            .map(|(_, p)| Some(crate::manifest::sha256_hex(&fs_err::read(p).expect("read"))))
            .collect();
        let info = RecordInfo {
            new_sha256: same,
            ..RecordInfo::default()
        };
        let restart =
            create_with(&backups, &refs(&files), info, at(200), &NoHooks).expect("backup");
        let chosen = latest(&backups).expect("latest");
        assert_eq!(chosen.folder, made[0]);
        assert!(chosen.skipped[0].contains("same content"), "{chosen:?}");
        assert!(restart.path.is_dir());
    }

    fn verify_backup_ok(folder: &Path) -> bool {
        crate::fsx::backup::verify_backup(folder).is_ok_and(|v| v.ok())
    }
}
