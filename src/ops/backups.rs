//! `backups list | show | prune`: the backup folders of a node, one folder checked against
//! its checksums, and removing the oldest under the manifests directory's lock.

use std::path::Path;

use serde::Serialize;

use super::{OpError, Say};
use crate::fsx::{self, backup::CheckStatus, BackupRecord, NoHooks};

/// One backup folder (`-o json`).
#[derive(Debug, Clone, Serialize)]
pub struct BackupEntry {
    /// The folder's name (what `show` and `restore` take).
    pub id: String,
    /// `staticpod` or `kubeadm`.
    pub kind: &'static str,
    /// The time in its name.
    pub time: String,
    /// The folder's path.
    pub path: String,
    /// `complete`, `interrupted`, `incomplete` or `kubeadm`.
    pub status: &'static str,
    /// The status, for the text report.
    #[serde(skip)]
    pub folder_status: fsx::Status,
}

/// What `backups list` found (`-o json`).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BackupList {
    /// The backup directory listed.
    pub backup_dir: String,
    /// Its folders, oldest first.
    pub backups: Vec<BackupEntry>,
}

/// List the backup folders in `backups`. Err: an unreadable backup directory (exit 2).
pub fn list(backups: &Path) -> Result<BackupList, OpError> {
    let list = fsx::list_backups(backups).map_err(|e| OpError::BadInput(e.to_string()))?;
    Ok(BackupList {
        backup_dir: backups.display().to_string(),
        backups: list
            .into_iter()
            .map(|b| BackupEntry {
                kind: b.kind.as_str(),
                time: b.time,
                path: b.path.display().to_string(),
                status: b.status.as_str(),
                folder_status: b.status,
                id: b.name,
            })
            .collect(),
    })
}

/// One file of a shown folder (`-o json`).
#[derive(Debug, Clone, Serialize)]
pub struct ShownFile {
    /// Its name in the folder.
    pub name: String,
    /// `ok`, or what is wrong with it (a sentence).
    pub status: String,
}

/// What `backups show` found (`-o json`).
#[derive(Debug, Clone, Serialize)]
pub struct BackupShow {
    /// The folder.
    pub path: String,
    /// `staticpod` or `kubeadm`.
    pub kind: &'static str,
    /// Every file and the folder as a whole checked out (exit 0; otherwise exit 1).
    pub verified: bool,
    /// Every file checked.
    pub files: Vec<ShownFile>,
    /// Problems of the folder as a whole.
    pub problems: Vec<String>,
    /// Its `record.json`, when it has a readable one.
    pub record: Option<BackupRecord>,
}

/// Check the folder `id` (a name in `backups`, or a path) against its checksums.
/// Err: no such folder, or it cannot be read (exit 2).
pub fn show(backups: &Path, id: &str) -> Result<BackupShow, OpError> {
    let Some(folder) = super::restore::resolve(backups, id) else {
        return Err(OpError::BadInput(format!(
            "{id}: no such backup folder in {} (see `staticpod backups list`)",
            backups.display()
        )));
    };
    let verification = fsx::verify_backup(&folder).map_err(|e| OpError::BadInput(e.to_string()))?;
    let record = fsx::backup::read_record(&folder).ok();
    Ok(BackupShow {
        path: folder.display().to_string(),
        kind: verification.kind.as_str(),
        verified: verification.ok(),
        files: verification
            .files
            .into_iter()
            .map(|f| ShownFile {
                name: f.name,
                status: match f.status {
                    CheckStatus::Ok => "ok".to_string(),
                    other => other.to_string(),
                },
            })
            .collect(),
        problems: verification.problems,
        record,
    })
}

/// What to prune.
#[derive(Debug, Clone)]
pub struct PruneRequest<'a> {
    /// The backup directory.
    pub backups: &'a Path,
    /// The manifests directory, whose lock is held while folders are removed.
    pub manifests: &'a Path,
    /// How many of the newest folders to keep (at least 1).
    pub keep: usize,
    /// Only report what would be removed.
    pub dry_run: bool,
    /// Seconds to wait for the lock (`--lock-timeout`).
    pub lock_timeout: u64,
}

/// What `backups prune` removed (`-o json`).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PruneOutcome {
    /// Nothing was removed, `removed` is what would be.
    pub dry_run: bool,
    /// The folders removed (or that would be), by name.
    pub removed: Vec<String>,
    /// How many folders are kept.
    pub kept: usize,
}

/// Remove all but the `keep` newest backup folders, holding the manifests directory's lock
/// (the one apply and restore take) unless it is a dry run or there is no such directory.
/// Err: `keep` is 0 (exit 2); the lock is busy (exit 3); a removal failed (exit 4: every
/// folder is either whole or gone).
pub fn prune(request: PruneRequest<'_>, say: &Say<'_>) -> Result<PruneOutcome, OpError> {
    if request.keep == 0 {
        return Err(OpError::BadInput(
            "--keep must be at least 1: the newest backup is never removed".into(),
        ));
    }
    // No folder is removed while a run on this node backs up or reads one.
    let _lock = if request.dry_run || !request.manifests.is_dir() {
        None
    } else {
        Some(
            super::install::take_lock(request.manifests, request.lock_timeout, say)
                .map_err(OpError::FailedRestored)?,
        )
    };
    let report =
        fsx::prune(request.backups, request.keep, request.dry_run, &NoHooks).map_err(|e| {
            OpError::FailedPartial(format!(
                "{e}; every backup folder is either whole or gone (run prune again to finish)"
            ))
        })?;
    Ok(PruneOutcome {
        dry_run: request.dry_run,
        removed: report.removed,
        kept: report.kept.len(),
    })
}
