//! The swap protocol over a set of manifests: back up, replace one by one, put back on
//! failure, and record where the run got to (see [`super`]).

use std::fmt;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use super::create::{create_with, mark_done, RecordInfo};
use super::inspect::read_copy;
use super::{io_error, BackedUpFile, BackupFolder, RunState};
use crate::fsx::protocol::{
    fsync_dir, parent_dir, replace_file, Expected, Hooks, ReplaceOptions, Step,
};
use crate::fsx::read::{read, Limit, ReadError};
use crate::fsx::FsError;
use crate::manifest::sha256_hex;

/// One manifest for [`swap_set`].
#[derive(Debug, Clone, Copy)]
pub struct SwapTarget<'a> {
    /// The backup file's stem (`kube-apiserver`).
    pub component: &'a str,
    /// The manifest to replace.
    pub path: &'a Path,
    /// Its new content.
    pub new_bytes: &'a [u8],
}

/// What a file holds after a failed [`swap_set`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileState {
    /// The content it had before the swap (or still no file, if it had none).
    Old,
    /// The swap's new content.
    New,
    /// No file, where there was one before.
    Missing,
    /// Something else (edited concurrently) or unreadable; the text says what.
    Other(String),
}

impl fmt::Display for FileState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FileState::Old => f.write_str("holds its old content (put back)"),
            FileState::New => f.write_str("holds the NEW content (could not be put back)"),
            FileState::Missing => f.write_str("is MISSING (it existed before)"),
            FileState::Other(what) => write!(f, "holds something else: {what}"),
        }
    }
}

/// One target after a failed swap that could not be fully undone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TargetReport {
    /// The target manifest.
    pub path: PathBuf,
    /// What it holds now.
    pub state: FileState,
    /// Its copy in the backup folder (`None`: there was no file before the swap; restoring it
    /// means removing it).
    pub backup: Option<PathBuf>,
    /// Why putting it back failed, if it was tried.
    pub restore_error: Option<String>,
}

/// How a [`swap_set`] ended.
#[derive(Debug)]
pub enum SwapOutcome {
    /// Every target holds its new content; `backup` holds the old ones.
    Swapped {
        /// The folder holding the old files.
        backup: BackupFolder,
    },
    /// It failed and every target is as it was before (untouched, or put back from the backup).
    /// The run changed nothing, so its backup folder is removed: `backup` is `None`, or the
    /// folder when it could not be removed (its record stays pending; `--latest` skips it).
    FailedRestored {
        /// What failed: the file, the step and the cause.
        error: FsError,
        /// The backup folder, only when it could not be removed.
        backup: Option<BackupFolder>,
    },
    /// It failed and some targets could not be put back: `files` gives every target's state
    /// and its backup copy, for the operator to finish by hand.
    FailedUnrestored {
        /// What failed: the file, the step and the cause.
        error: FsError,
        /// The folder holding the old files.
        backup: BackupFolder,
        /// Every target's state, in the order given.
        files: Vec<TargetReport>,
    },
}

/// Back up every target into a new folder of `backup_dir`, then replace the targets one by
/// one with [`replace_file`] (each checked against the content just backed up, so a concurrent
/// edit stops the swap). When target N fails, the targets already replaced (and N itself if
/// the failure came after its rename) are put back from the backup, newest first, again with
/// [`replace_file`] (checked to still hold the new content; a target that did not exist is
/// removed). Hold the [`mod@crate::fsx::lock`] lock around it.
pub fn swap_set(
    backup_dir: &Path,
    targets: &[SwapTarget<'_>],
    record_extra: serde_json::Value,
    hooks: &dyn Hooks,
) -> SwapOutcome {
    swap_set_restoring(backup_dir, targets, None, record_extra, hooks)
}

/// [`swap_set`] for a `restore` of the folder `restored_from` (written into the record, so
/// that an interrupted restore can be finished by `restore --latest`).
pub fn swap_set_restoring(
    backup_dir: &Path,
    targets: &[SwapTarget<'_>],
    restored_from: Option<&Path>,
    record_extra: serde_json::Value,
    hooks: &dyn Hooks,
) -> SwapOutcome {
    let files: Vec<(&str, &Path)> = targets.iter().map(|t| (t.component, t.path)).collect();
    let info = RecordInfo {
        state: Some(RunState::Pending),
        new_sha256: targets
            .iter()
            .map(|t| Some(sha256_hex(t.new_bytes)))
            .collect(),
        restored_from: restored_from.map(Path::to_path_buf),
        extra: record_extra,
    };
    let mut backup = match create_with(backup_dir, &files, info, SystemTime::now(), hooks) {
        Ok(backup) => backup,
        Err(error) => {
            return SwapOutcome::FailedRestored {
                error,
                backup: None,
            }
        }
    };
    for (i, target) in targets.iter().enumerate() {
        let before = &backup.record.files[i];
        let options = ReplaceOptions {
            expected: match &before.sha256 {
                Some(sha) => Expected::Sha256(sha.clone()),
                None => Expected::Absent,
            },
            ..ReplaceOptions::default()
        };
        if let Err(error) = replace_file(target.path, target.new_bytes, &options, hooks) {
            let touched = if error.after_rename() { i + 1 } else { i };
            return roll_back(targets, touched, backup, error, hooks);
        }
    }
    // Every manifest is new. Should this last write fail, the record stays pending, which
    // `--latest` reads the same way for an apply (it changed files: its backup is the latest).
    let _ = mark_done(&mut backup, hooks);
    SwapOutcome::Swapped { backup }
}

fn roll_back(
    targets: &[SwapTarget<'_>],
    touched: usize,
    backup: BackupFolder,
    error: FsError,
    hooks: &dyn Hooks,
) -> SwapOutcome {
    let mut restore_errors: Vec<Option<String>> = vec![None; targets.len()];
    for j in (0..touched).rev() {
        if let Err(e) = restore_one(&targets[j], &backup.record.files[j], &backup.path, hooks) {
            restore_errors[j] = Some(e.to_string());
        }
    }
    let files: Vec<TargetReport> = targets
        .iter()
        .zip(&backup.record.files)
        .zip(restore_errors)
        .map(|((target, before), restore_error)| TargetReport {
            path: target.path.to_path_buf(),
            state: state_of(target, before),
            backup: before.backup_file.as_ref().map(|f| backup.path.join(f)),
            restore_error,
        })
        .collect();
    if files.iter().all(|f| f.state == FileState::Old) {
        // The run changed nothing in the end: its folder is no backup of a change.
        let backup = match super::prune::discard_folder(&backup.path, hooks) {
            Ok(()) => None,
            Err(_) => Some(backup),
        };
        SwapOutcome::FailedRestored { error, backup }
    } else {
        SwapOutcome::FailedUnrestored {
            error,
            backup,
            files,
        }
    }
}

/// Put one target back as the backup recorded it.
fn restore_one(
    target: &SwapTarget<'_>,
    before: &BackedUpFile,
    folder: &Path,
    hooks: &dyn Hooks,
) -> Result<(), FsError> {
    let new_sha = sha256_hex(target.new_bytes);
    let Some(copy) = before.backup_file.as_ref().map(|f| folder.join(f)) else {
        // There was no file: remove the one the swap created, if it still is ours.
        verify_unchanged_for_removal(target.path, &new_sha)?;
        hooks
            .before(Step::Remove, target.path)
            .and_then(|()| fs_err::remove_file(target.path))
            .map_err(|e| FsError::at(target.path, Step::Remove, e))?;
        return fsync_dir(&parent_dir(target.path), hooks);
    };
    let bytes = read_copy(&copy).map_err(|status| {
        FsError::at(
            &copy,
            Step::Inspect,
            io_error(std::io::ErrorKind::InvalidData, status.to_string()),
        )
    })?;
    let found = sha256_hex(&bytes);
    if Some(found.as_str()) != before.sha256.as_deref() {
        return Err(FsError::at(
            &copy,
            Step::Inspect,
            io_error(
                std::io::ErrorKind::InvalidData,
                format!(
                    "backup copy is damaged (sha256 {found}, recorded {}); not restoring from it",
                    before.sha256.as_deref().unwrap_or("none")
                ),
            ),
        ));
    }
    let options = ReplaceOptions {
        expected: Expected::Sha256(new_sha),
        mode_owner: before.mode_owner(),
        follow_symlinks: false,
    };
    replace_file(target.path, &bytes, &options, hooks)
}

fn verify_unchanged_for_removal(path: &Path, new_sha: &str) -> Result<(), FsError> {
    let bytes = read(path, Limit::MANIFEST)
        .map_err(|e| FsError::at(path, Step::VerifyUnchanged, e.into()))?;
    let found = sha256_hex(&bytes);
    if found != new_sha {
        return Err(FsError::at(
            path,
            Step::VerifyUnchanged,
            crate::fsx::protocol::Refusal::ChangedConcurrently {
                expected: new_sha.to_string(),
                found,
            }
            .into(),
        ));
    }
    Ok(())
}

fn state_of(target: &SwapTarget<'_>, before: &BackedUpFile) -> FileState {
    match read(target.path, Limit::MANIFEST) {
        Ok(bytes) => {
            let sha = sha256_hex(&bytes);
            if before.sha256.as_deref() == Some(sha.as_str()) {
                FileState::Old
            } else if bytes == target.new_bytes {
                FileState::New
            } else {
                FileState::Other(format!("unexpected content (sha256 {sha})"))
            }
        }
        Err(ReadError::NotFound { .. }) => {
            if before.existed {
                FileState::Missing
            } else {
                FileState::Old
            }
        }
        Err(e) => FileState::Other(format!("unreadable: {}", e.reason())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fsx::backup::test_support::*;
    use crate::fsx::backup::verify_backup;
    use crate::fsx::protocol::{Hooks, Step};
    use std::collections::BTreeSet;
    fn manifests_state(manifests: &Path) -> Vec<(String, String)> {
        entries(manifests)
            .into_iter()
            .filter(|n| !n.starts_with('.'))
            .map(|n| {
                let content = fs_err::read_to_string(manifests.join(&n)).expect("read");
                (n, content)
            })
            .collect()
    }

    const NEW_ETCD: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: etcd\n# v2\n";
    const NEW_API: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: kube-apiserver\n# v2\n";
    const NEW_SCHED: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: kube-scheduler\n";

    fn swap_targets(manifests: &Path) -> Vec<(&'static str, PathBuf, &'static str)> {
        vec![
            ("etcd", manifests.join("etcd.yaml"), NEW_ETCD),
            (
                "kube-apiserver",
                manifests.join("kube-apiserver.yaml"),
                NEW_API,
            ),
            (
                "kube-scheduler",
                manifests.join("kube-scheduler.yaml"),
                NEW_SCHED,
            ),
        ]
    }

    fn as_targets<'a>(list: &'a [(&'static str, PathBuf, &'static str)]) -> Vec<SwapTarget<'a>> {
        list.iter()
            .map(|(component, path, new)| SwapTarget {
                component,
                path,
                new_bytes: new.as_bytes(),
            })
            .collect()
    }

    #[test]
    fn swap_set_replaces_everything() {
        let (_root, manifests, backups) = node();
        let list = swap_targets(&manifests);
        let outcome = swap_set(
            &backups,
            &as_targets(&list),
            serde_json::Value::Null,
            &NoHooks,
        );
        let SwapOutcome::Swapped { backup } = outcome else {
            panic!("expected success, got {outcome:?}");
        };
        assert_eq!(
            manifests_state(&manifests),
            [
                ("etcd.yaml".to_string(), NEW_ETCD.to_string()),
                ("kube-apiserver.yaml".to_string(), NEW_API.to_string()),
                ("kube-scheduler.yaml".to_string(), NEW_SCHED.to_string()),
            ]
        );
        assert!(verify_backup(&backup.path).expect("verify").ok());
        let mode = |p: PathBuf| fs_err::metadata(p).expect("m").permissions().mode() & 0o7777;
        assert_eq!(mode(manifests.join("kube-apiserver.yaml")), 0o644);
        assert_eq!(mode(manifests.join("kube-scheduler.yaml")), 0o600);
    }

    #[test]
    fn swap_set_failing_anywhere_restores_everything() {
        let mut outcomes = BTreeSet::new();
        for step in Step::ALL {
            for nth in 1..=6 {
                let (_root, manifests, backups) = node();
                let original = manifests_state(&manifests);
                let list = swap_targets(&manifests);
                let hooks = FailAt::new(step, nth);
                let outcome = swap_set(
                    &backups,
                    &as_targets(&list),
                    serde_json::Value::Null,
                    &hooks,
                );
                if hooks.calls() < nth {
                    assert!(
                        matches!(outcome, SwapOutcome::Swapped { .. }),
                        "{outcome:?}"
                    );
                    continue;
                }
                match outcome {
                    SwapOutcome::FailedRestored { error, backup } => {
                        assert_eq!(error.failed_step(), Some(step), "{error}");
                        assert_eq!(manifests_state(&manifests), original, "{step} #{nth}");
                        outcomes.insert(format!("{step} #{nth}: restored"));
                        // Issue 12 item 2: a run that changed nothing leaves no backup that
                        // could become "latest".
                        if let Some(backup) = backup {
                            assert!(verify_backup(&backup.path).expect("verify").ok());
                            assert_eq!(backup.record.state, RunState::Pending);
                        }
                        for listing in crate::fsx::list_backups(&backups).expect("list") {
                            assert_ne!(listing.status, crate::fsx::Status::Complete);
                        }
                        assert!(crate::fsx::latest(&backups).is_err(), "{step} #{nth}");
                    }
                    // The failure hit the last step, marking the record done: every manifest
                    // is new and the record says the run did not finish.
                    SwapOutcome::Swapped { backup } => {
                        assert_eq!(backup.record.state, RunState::Pending, "{step} #{nth}");
                        assert!(matches!(step, Step::WriteRecord | Step::FsyncDir));
                        assert_eq!(
                            crate::fsx::latest(&backups).expect("latest").folder,
                            backup.path
                        );
                    }
                    other => panic!("{step} #{nth}: {other:?}"),
                }
                let leftovers: Vec<String> = entries(&manifests)
                    .into_iter()
                    .filter(|n| n.starts_with('.'))
                    .collect();
                assert!(leftovers.is_empty(), "{step} #{nth}: {leftovers:?}");
            }
        }
        // The interesting cases did happen: a rename failing after two targets were swapped,
        // and a directory fsync failing after a target's rename.
        assert!(outcomes.contains("rename into place #3: restored"));
        assert!(outcomes.contains("fsync directory #4: restored"));
    }

    #[test]
    fn swap_set_reports_what_it_could_not_restore() {
        let (_root, manifests, backups) = node();
        let list = swap_targets(&manifests);
        // The third rename fails, and so does every rename of the roll-back.
        let hooks = FailAt::new(Step::Rename, 3).and_after();
        let outcome = swap_set(
            &backups,
            &as_targets(&list),
            serde_json::Value::Null,
            &hooks,
        );
        let SwapOutcome::FailedUnrestored {
            error,
            backup,
            files,
        } = outcome
        else {
            panic!("expected an unrestored failure, got {outcome:?}");
        };
        assert_eq!(error.failed_step(), Some(Step::Rename));
        let states: Vec<&FileState> = files.iter().map(|f| &f.state).collect();
        assert_eq!(states, [&FileState::New, &FileState::New, &FileState::Old]);
        assert_eq!(files[0].backup, Some(backup.path.join("etcd.yaml")));
        assert_eq!(files[2].backup, None, "kube-scheduler had no file");
        assert!(files[0].restore_error.is_some());
        assert!(files[2].restore_error.is_none());
        // The backup holds what is needed to finish by hand.
        assert_eq!(
            fs_err::read_to_string(backup.path.join("etcd.yaml")).expect("read"),
            pod("etcd")
        );
    }

    #[test]
    fn swap_set_stops_on_a_concurrent_edit() {
        let (_root, manifests, backups) = node();
        let list = swap_targets(&manifests);
        // Someone edits kube-apiserver.yaml after the backup was taken.
        struct EditAfterBackup(PathBuf);
        impl Hooks for EditAfterBackup {
            fn before(&self, step: Step, _path: &Path) -> std::io::Result<()> {
                if step == Step::CreateTemp {
                    fs_err::write(&self.0, "hand edit\n")?;
                }
                Ok(())
            }
        }
        let hooks = EditAfterBackup(manifests.join("kube-apiserver.yaml"));
        let outcome = swap_set(
            &backups,
            &as_targets(&list),
            serde_json::Value::Null,
            &hooks,
        );
        let SwapOutcome::FailedUnrestored { error, files, .. } = outcome else {
            panic!("{outcome:?}");
        };
        assert!(error.refusal().is_some(), "{error}");
        // etcd was put back; the edited file keeps the hand edit, reported as such.
        assert_eq!(files[0].state, FileState::Old);
        assert!(matches!(files[1].state, FileState::Other(_)));
        assert_eq!(
            fs_err::read_to_string(manifests.join("kube-apiserver.yaml")).expect("read"),
            "hand edit\n"
        );
        assert!(!manifests.join("kube-scheduler.yaml").exists());
    }
}
