//! Backup folders: staticpod's own (`staticpod-backup-manifests-YYYY-MM-DD-HH-MM-SS[-N]/`) and
//! kubeadm's (`kubeadm-backup-manifests-YYYY-MM-DD-HH-MM-SS/`, which `kubeadm upgrade` writes
//! into `/etc/kubernetes/tmp` with mode 0700).
//!
//! A staticpod backup folder (mode 0700) holds, written in this order and each fsynced:
//!
//! 1. one copy per backed-up manifest, named `<component>.yaml`, with the original's mode;
//! 2. `SHA256SUMS` in `sha256sum` format (`<hex>  <file>`), so
//!    `cd <folder> && sha256sum -c SHA256SUMS` checks it by hand;
//! 3. `record.json` ([`BackupRecord`]): time, tool version, per file its original path, mode,
//!    owner and SHA-256 (or that it did not exist) and the SHA-256 of what replaces it, the
//!    run's state, plus the caller's extra data.
//!
//! Then the folder and the backup directory are fsynced. `record.json` is written last, so a
//! folder without it (a crash while backing up) is incomplete: it fails [`verify_backup`],
//! never counts as a backup ([`Status::Incomplete`]) and a failed [`create_backup`] removes it.
//!
//! # The state of a run, and `--latest`
//!
//! [`swap_set`] writes its record as [`RunState::Pending`] before the first manifest is
//! replaced, and rewrites it as [`RunState::Done`] once every manifest is swapped: a folder
//! still pending belongs to a run that was killed or could not put everything back. A run that
//! failed and put every manifest back removes its folder (it changed nothing). [`latest`]
//! turns this into "the state before the last change that was made": a pending `apply` whose
//! files are all still the old ones changed nothing and is skipped; a `restore` leads to the
//! folder it restored (`restored_from`), so a restore killed at any step and run again goes
//! where the first one was going, and repeating `restore --latest` never toggles back.
//!
//! Files: [`create`] (write a folder), [`inspect`] (list, status, verify, read the record,
//! `--latest`), [`swap`] (the swap protocol over a set of manifests), [`prune`](mod@prune) (remove old
//! folders).
//!
//! Time: our folder names use UTC; kubeadm's use the node's local time (Go's
//! `time.Now().Format("2006-01-02-15-04-05")`). [`list_backups`] orders by the time in the name,
//! so on a node whose zone is not UTC, ours and kubeadm's interleave by up to the zone offset.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::protocol::ModeOwner;

pub mod create;
pub mod inspect;
pub mod prune;
pub mod swap;

pub use create::{create_backup, create_backup_at, ensure_backup_dir};
pub use inspect::{
    latest, list_backups, parse_sums, read_record, verify_backup, BackupListing, CheckStatus,
    FileCheck, Latest, Status, Verification,
};
pub use prune::{discard_folder, prune, PruneReport};
pub use swap::{swap_set, FileState, SwapOutcome, SwapTarget, TargetReport};

/// Name prefix of staticpod's backup folders.
pub const OUR_PREFIX: &str = "staticpod-backup-manifests-";
/// Name prefix of kubeadm's manifest backup folders.
pub const KUBEADM_PREFIX: &str = "kubeadm-backup-manifests-";
/// The checksum list of one of our folders.
pub const SUMS_FILE: &str = "SHA256SUMS";
/// The record of one of our folders.
pub const RECORD_FILE: &str = "record.json";

/// Where the run that wrote a folder got to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RunState {
    /// The backup is complete, the swap has not been seen to finish (running, killed, or
    /// failed without putting everything back).
    Pending,
    /// Every manifest was swapped (or the folder is a plain snapshot from [`create_backup`]).
    Done,
}

fn done() -> RunState {
    // Records written before the field existed: their run is judged finished.
    RunState::Done
}

/// `record.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BackupRecord {
    /// Always `staticpod`.
    pub tool: String,
    /// staticpod's version that wrote it.
    pub version: String,
    /// UTC, RFC 3339 (`2026-05-01T12:34:56Z`).
    pub time: String,
    /// One entry per target of the run, in the order given.
    pub files: Vec<BackedUpFile>,
    /// Where the run got to (see the module docs).
    #[serde(default = "done")]
    pub state: RunState,
    /// For a `restore`: the folder it restores (so an interrupted restore can be finished).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub restored_from: Option<PathBuf>,
    /// Whatever the caller added (command line, target version, …).
    pub extra: serde_json::Value,
}

/// One manifest in a backup.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackedUpFile {
    /// The component's name (`kube-apiserver`, …); the copy is named after it.
    pub component: String,
    /// Where the manifest lives (as given to [`create_backup`]).
    pub original_path: PathBuf,
    /// False when there was no file to back up: restoring means removing the file.
    pub existed: bool,
    /// The copy's name inside the folder (`<component>.yaml`), when it existed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backup_file: Option<String>,
    /// Permission bits in octal (`"0600"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<String>,
    /// Owner user id of the original, when it existed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uid: Option<u32>,
    /// Owner group id of the original, when it existed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gid: Option<u32>,
    /// Size of the original in bytes, when it existed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<u64>,
    /// SHA-256 of the original content.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    /// SHA-256 of the content the run installs in its place (swaps only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_sha256: Option<String>,
}

impl BackedUpFile {
    /// The original mode and owner, when the file existed.
    pub fn mode_owner(&self) -> Option<ModeOwner> {
        Some(ModeOwner {
            mode: u32::from_str_radix(self.mode.as_deref()?, 8).ok()?,
            uid: self.uid?,
            gid: self.gid?,
        })
    }
}

/// A backup folder [`create_backup`] wrote.
#[derive(Debug, Clone, PartialEq)]
pub struct BackupFolder {
    /// The folder.
    pub path: PathBuf,
    /// Its `record.json`, as written (or read back).
    pub record: BackupRecord,
}

impl BackupFolder {
    /// The copy of `component`'s manifest, when it existed.
    pub fn copy_of(&self, component: &str) -> Option<PathBuf> {
        let file = self
            .record
            .files
            .iter()
            .find(|f| f.component == component)?;
        Some(self.path.join(file.backup_file.as_deref()?))
    }
}

pub(crate) fn io_error(kind: std::io::ErrorKind, message: String) -> std::io::Error {
    std::io::Error::new(kind, message)
}

/// Who wrote a backup folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BackupKind {
    /// `staticpod-backup-manifests-*`.
    Staticpod,
    /// `kubeadm-backup-manifests-*`.
    Kubeadm,
}

impl BackupKind {
    /// `staticpod` or `kubeadm`.
    pub fn as_str(self) -> &'static str {
        match self {
            BackupKind::Staticpod => "staticpod",
            BackupKind::Kubeadm => "kubeadm",
        }
    }
}

#[cfg(test)]
pub(crate) mod test_support {
    pub(crate) use super::*;
    pub(crate) use crate::fsx::protocol::tests::entries;
    pub(crate) use crate::fsx::protocol::{FailAt, NoHooks};
    pub(crate) use std::os::unix::fs::PermissionsExt;
    pub(crate) use std::path::Path;
    use std::time::Duration;
    pub(crate) use std::time::SystemTime;

    pub(crate) fn at(secs: u64) -> SystemTime {
        SystemTime::UNIX_EPOCH + Duration::from_secs(secs)
    }

    pub(crate) fn pod(name: &str) -> String {
        format!("apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\nspec:\n  containers: []\n")
    }

    /// A manifests dir with two manifests (mode 0600 and 0644) and a backup dir.
    pub(crate) fn node() -> (tempfile::TempDir, PathBuf, PathBuf) {
        let root = tempfile::tempdir().expect("tempdir");
        let manifests = root.path().join("manifests");
        let backups = root.path().join("tmp");
        fs_err::create_dir(&manifests).expect("mkdir");
        ensure_backup_dir(&backups, &NoHooks).expect("backup dir");
        for (name, mode) in [("etcd", 0o600), ("kube-apiserver", 0o644)] {
            let path = manifests.join(format!("{name}.yaml"));
            fs_err::write(&path, pod(name)).expect("seed");
            fs_err::set_permissions(&path, std::fs::Permissions::from_mode(mode)).expect("chmod");
        }
        (root, manifests, backups)
    }

    pub(crate) fn files(manifests: &Path) -> Vec<(&'static str, PathBuf)> {
        vec![
            ("etcd", manifests.join("etcd.yaml")),
            ("kube-apiserver", manifests.join("kube-apiserver.yaml")),
            ("kube-scheduler", manifests.join("kube-scheduler.yaml")),
        ]
    }

    pub(crate) fn refs<'a>(files: &'a [(&'static str, PathBuf)]) -> Vec<(&'a str, &'a Path)> {
        files.iter().map(|(c, p)| (*c, p.as_path())).collect()
    }
}
