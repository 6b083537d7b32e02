//! `restore`: verify a backup folder, then install its files with the install path
//! ([`super::install`]), which backs up the current files first.

use std::path::{Path, PathBuf};

use serde_json::json;

use super::install::{self, InstallError, InstallRequest, Installed, NewManifest};
use super::{OpError, Say, WaitOptions};
use crate::component::Component;
use crate::fsx::backup::inspect::read_copy;
use crate::fsx::{self, BackupKind};
use crate::manifest::sha256_hex;
use crate::node::Progress;

/// Which backup folder to restore.
#[derive(Debug, Clone)]
pub enum Which {
    /// The state before the last change that was made (`--latest`).
    Latest,
    /// A folder, already resolved (see [`resolve`]).
    Folder(PathBuf),
}

/// What to restore and how.
#[derive(Debug, Clone)]
pub struct RestoreRequest<'a> {
    /// The manifests directory.
    pub dir: &'a Path,
    /// The backup directory.
    pub backups: &'a Path,
    /// The folder.
    pub which: Which,
    /// Component names as given (`--component`); empty: every file the folder holds.
    pub components: Vec<String>,
    /// Restore a folder that does not verify.
    pub force: bool,
    /// Compare and report only.
    pub dry_run: bool,
    /// Seconds to wait for the manifests directory's lock.
    pub lock_timeout: u64,
    /// `--wait`: swap one component at a time and wait for each.
    pub wait: Option<WaitOptions>,
}

/// A backup folder by id (a folder name in `backups`) or by path; `None` when neither is a
/// directory.
pub fn resolve(backups: &Path, id: &str) -> Option<PathBuf> {
    let named = backups.join(id);
    if !id.contains('/') && named.is_dir() {
        return Some(named);
    }
    let path = PathBuf::from(id);
    path.is_dir().then_some(path)
}

/// Find and verify the folder, read its copies (bad input → exit 2, nothing changed), then
/// install them.
pub fn run(
    request: RestoreRequest<'_>,
    progress: &Progress,
    say: &Say<'_>,
) -> Result<Installed, InstallError> {
    let (folder, new) = manifests(&request, say).map_err(OpError::BadInput)?;
    // A whole-folder restore is recorded as such: `--latest` then leads back to the same
    // folder (idempotent after a kill). A restore of some components only is undone like an
    // apply (going to the folder would restore the others too).
    let whole = request.components.is_empty();
    install::run(
        InstallRequest {
            dir: request.dir,
            backups: request.backups,
            new,
            extra: json!({"command": "restore", "from": folder.display().to_string()}),
            restored_from: whole.then_some(folder),
            dry_run: request.dry_run,
            lock_timeout: request.lock_timeout,
            wait: request.wait,
        },
        progress,
        say,
    )
}

/// The folder and the manifests to install from it. Err: the message for exit 2.
fn manifests(
    request: &RestoreRequest<'_>,
    say: &Say<'_>,
) -> Result<(PathBuf, Vec<NewManifest>), String> {
    let folder = match &request.which {
        // The state before the last change that was made (fsx::backup::inspect::latest):
        // never an incomplete folder, never a run that changed nothing; an interrupted
        // restore is finished.
        Which::Latest => {
            let latest = fsx::latest(request.backups)?;
            for skipped in &latest.skipped {
                (say.note)(&format!("--latest: passed over {skipped}"));
            }
            latest.folder
        }
        Which::Folder(folder) => folder.clone(),
    };
    let mut components = Vec::new();
    for name in &request.components {
        components.push(name.parse::<Component>()?);
    }

    let verification = fsx::verify_backup(&folder).map_err(|e| e.to_string())?;
    if !verification.ok() {
        let problems = verification.problem_sentences();
        if request.force {
            (say.warn)(&format!(
                "{} does not verify ({}); restoring anyway (--force)",
                folder.display(),
                problems.join("; ")
            ));
        } else {
            return Err(format!(
                "{} does not verify: {}; nothing was changed (--force restores anyway)",
                folder.display(),
                problems.join("; ")
            ));
        }
    }

    let mut new = Vec::new();
    for component in Component::ALL {
        if !components.is_empty() && !components.contains(&component) {
            continue;
        }
        let copy = folder.join(component.file_name());
        match read_copy(&copy) {
            Ok(bytes) => {
                // What is installed is exactly what was verified: a copy swapped after the
                // check is refused.
                let verified = verification.verified_sha256(&component.file_name());
                if verified.is_some_and(|sha| sha != sha256_hex(&bytes)) {
                    return Err(format!(
                        "{}: changed since it was verified a moment ago; nothing was changed",
                        copy.display()
                    ));
                }
                new.push(NewManifest {
                    component,
                    bytes,
                    source: copy.display().to_string(),
                });
            }
            Err(fsx::backup::CheckStatus::Missing) => {
                if components.contains(&component) {
                    return Err(format!(
                        "{}: the backup holds no {}",
                        folder.display(),
                        component.file_name()
                    ));
                }
            }
            Err(status) => {
                return Err(format!("{} {status}; nothing was changed", copy.display()));
            }
        }
    }
    if new.is_empty() {
        return Err(format!("{}: no manifests to restore", folder.display()));
    }
    if verification.kind == BackupKind::Staticpod {
        if let Ok(record) = fsx::backup::read_record(&folder) {
            for file in record.files.iter().filter(|f| !f.existed) {
                (say.warn)(&format!(
                    "{} did not exist before that change; restore leaves the current file (remove it by hand to stop that pod)",
                    file.original_path.display()
                ));
            }
        }
    }
    Ok((folder, new))
}
