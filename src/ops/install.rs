//! The install path shared by `apply` and `restore`: [`validate`] (bad input → exit 2, nothing
//! created) → [`take_lock`] (the manifests directory's lock, stale temp files of dead runs
//! removed) → [`classify`] (read the current files under the lock, compare) → [`swap`] (back
//! up, swap, put back on failure) → [`finish`] (the report, or the error with its exit code).
//! With `--wait`, the swap phase is [`super::rollout`] (one component at a time, waiting for
//! each).

use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Serialize;

use super::rollout::{self, Change, RolloutReport};
use super::{OpError, Say, WaitOptions};
use crate::component::Component;
use crate::diff::{self, Status};
use crate::fsx::read::{read, Limit, ReadError};
use crate::fsx::{self, DirLock, NoHooks, SwapOutcome, SwapTarget};
use crate::manifest::{self, strays};
use crate::node::Progress;

/// A new manifest to install, and where it came from (named in every message about it).
#[derive(Debug, Clone)]
pub struct NewManifest {
    /// The component it is installed as.
    pub component: Component,
    /// Its bytes, installed as they are.
    pub bytes: Vec<u8>,
    /// `--from /x/etcd.yaml`, `the rendered etcd`, a backup copy's path.
    pub source: String,
}

/// Everything the install path needs.
#[derive(Debug, Clone)]
pub struct InstallRequest<'a> {
    /// The manifests directory.
    pub dir: &'a Path,
    /// The backup directory (one folder per run is made in it).
    pub backups: &'a Path,
    /// The manifests to install.
    pub new: Vec<NewManifest>,
    /// Fields added to the backup record (`command`, `source`, `from`).
    pub extra: serde_json::Value,
    /// For `restore`: the folder restored.
    pub restored_from: Option<PathBuf>,
    /// Compare and report only; lock, back up and change nothing.
    pub dry_run: bool,
    /// Seconds to wait for the manifests directory's lock.
    pub lock_timeout: u64,
    /// `--wait`: swap one component at a time and wait for each ([`super::rollout`]).
    pub wait: Option<WaitOptions>,
}

/// One manifest to install: where it goes and its new bytes.
#[derive(Debug, Clone)]
pub struct Planned {
    /// The component.
    pub component: Component,
    /// The file it replaces or creates.
    pub path: PathBuf,
    /// The new bytes.
    pub bytes: Vec<u8>,
    /// The comparison with the file on disk.
    pub verdict: diff::Verdict,
}

/// One component of an install (`-o json`).
#[derive(Debug, Clone, Serialize)]
pub struct InstalledComponent {
    /// The component's name (`kube-apiserver`).
    pub component: &'static str,
    /// The manifest's path.
    pub path: String,
    /// `replaced`, `created`, `unchanged`, `would replace`, `would create`.
    pub action: String,
    /// `diff`'s status against the file that was on disk.
    pub status: &'static str,
    /// Whether the kubelet restarts (or starts) the pod for it.
    pub restart: bool,
    /// Its copy in this run's backup folder (a replaced file only).
    pub backup: Option<String>,
    /// The status, for the text report.
    #[serde(skip)]
    pub verdict_status: Status,
}

/// What an install without `--wait` did (`-o json`).
#[derive(Debug, Clone, Serialize)]
pub struct InstallReport {
    /// This run's backup folder, when files were swapped.
    pub backup: Option<String>,
    /// Every component considered, in component order.
    pub components: Vec<InstalledComponent>,
    /// A dry run: nothing was changed (the text report is then always printed).
    #[serde(skip)]
    pub dry_run: bool,
}

/// How an install ended, when it did not fail before its swap phase.
#[derive(Debug, Clone)]
pub enum Installed {
    /// Without `--wait` (also a dry run, or nothing to change): done.
    Swapped(InstallReport),
    /// With `--wait`: the rollout's report, printed whether or not it succeeded, and its
    /// result.
    RolledOut(RolloutReport, Result<(), OpError>),
}

/// How an install failed: the error (its exit code), then the lines that go with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstallError {
    /// The failure and its exit code.
    pub error: OpError,
    /// Further error lines (exit 4: each file, its state and its backup copy).
    pub details: Vec<String>,
    /// Warnings that follow the error.
    pub warnings: Vec<String>,
}

impl InstallError {
    /// The exit code: 2, 3 or 4.
    pub fn exit_code(&self) -> u8 {
        self.error.exit_code()
    }
}

impl From<OpError> for InstallError {
    fn from(error: OpError) -> Self {
        InstallError {
            error,
            details: Vec::new(),
            warnings: Vec::new(),
        }
    }
}

impl fmt::Display for InstallError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.error)?;
        for line in &self.details {
            write!(f, "\n{line}")?;
        }
        Ok(())
    }
}

impl std::error::Error for InstallError {}

/// Validate, lock, compare, back up and swap; shared by `apply` and `restore`. Warnings and
/// notes go through `say`; `progress` shows the `--wait` phase.
pub fn run(
    request: InstallRequest<'_>,
    progress: &Progress,
    say: &Say<'_>,
) -> Result<Installed, InstallError> {
    validate(&request).map_err(OpError::BadInput)?;
    let expected: Vec<String> = Component::ALL.iter().map(|c| c.file_name()).collect();
    for stray in strays::find(request.dir, &expected) {
        (say.warn)(&format!("{}: {}", stray.path.display(), stray.message));
    }
    // Hold the lock from before reading the current files until the swap is done, so what is
    // compared and backed up is what gets replaced (other staticpod runs wait).
    let _lock = if request.dry_run {
        None
    } else {
        Some(take_lock(request.dir, request.lock_timeout, say).map_err(OpError::FailedRestored)?)
    };
    let planned = classify(request.dir, request.new).map_err(OpError::BadInput)?;
    let changing: Vec<&Planned> = planned
        .iter()
        .filter(|p| p.verdict.status != Status::Unchanged)
        .collect();
    if request.dry_run || changing.is_empty() {
        return Ok(Installed::Swapped(report(&planned, None, request.dry_run)));
    }
    if let Some(wait) = &request.wait {
        if let Err(e) = fsx::ensure_backup_dir(request.backups, &NoHooks) {
            return Err(
                OpError::FailedRestored(format!("{e}; every manifest was left as it was")).into(),
            );
        }
        let changes: Vec<Change> = planned
            .iter()
            .map(|p| Change {
                component: p.component,
                path: p.path.clone(),
                bytes: p.bytes.clone(),
                status: p.verdict.status,
                restart: p.verdict.restart,
            })
            .collect();
        let (report, result) = rollout::run(
            request.backups,
            &changes,
            request.restored_from.as_deref(),
            request.extra,
            wait,
            progress,
            say,
        );
        return Ok(Installed::RolledOut(report, result));
    }
    let outcome = swap(
        request.backups,
        &changing,
        request.restored_from.as_deref(),
        request.extra,
    );
    finish(&planned, outcome)
}

/// Phase 1: everything that can be judged without the lock. Bad input changes nothing and
/// creates nothing (no lock file, no backup directory). Err: the message for exit 2.
pub fn validate(request: &InstallRequest<'_>) -> Result<(), String> {
    let dir = request.dir;
    if !dir.is_dir() {
        return Err(format!(
            "{}: no such manifests directory (see --root / --manifests-dir)",
            dir.display()
        ));
    }
    fsx::backup::create::check_placement(dir, request.backups)?;
    // Never install something the kubelet cannot run, or a pod under another component's name.
    for new in &request.new {
        let component = new.component;
        match manifest::decode(&new.bytes) {
            Ok(pod) if pod.pod.metadata.name.as_deref() == Some(component.name()) => {}
            Ok(pod) => {
                return Err(format!(
                    "{}: the pod is named \"{}\", not \"{}\"; refusing to install it as {}",
                    new.source,
                    pod.pod.metadata.name.unwrap_or_default(),
                    component.name(),
                    component.file_name()
                ))
            }
            Err(e) => {
                return Err(format!(
                    "{}: not a valid static pod, refusing to install it as {}: {e}",
                    new.source,
                    component.file_name()
                ))
            }
        }
        // What is there now must be a file staticpod can replace (symlinks are judged by the
        // swap protocol, which refuses them and puts everything back).
        let path = dir.join(component.file_name());
        if let Ok(meta) = fs_err::symlink_metadata(&path) {
            if let Some(kind) = fsx::read::kind_of(meta.file_type()) {
                if !meta.file_type().is_symlink() {
                    return Err(format!(
                        "{}: is a {kind}, not a regular file; refusing to replace it (nothing was \
                         changed)",
                        path.display()
                    ));
                }
            }
        }
    }
    Ok(())
}

/// Phase 2: the lock of the manifests directory (waiting up to `timeout` seconds); then
/// remove temp files of dead runs (each named in a note). Err: the message for exit 3.
pub fn take_lock(dir: &Path, timeout: u64, say: &Say<'_>) -> Result<DirLock, String> {
    let lock = fsx::lock(dir, Duration::from_secs(timeout), &NoHooks).map_err(|e| e.to_string())?;
    match fsx::cleanup_stale_temps(dir, &NoHooks) {
        Ok(removed) => {
            for path in removed {
                (say.note)(&format!(
                    "removed a temp file left by an interrupted run: {}",
                    path.display()
                ));
            }
        }
        Err(e) => (say.warn)(&format!("could not clean up old temp files: {e}")),
    }
    Ok(lock)
}

/// Phase 3: read each current file (under the lock) and compare it with the new one. Err: the
/// message for exit 2.
pub fn classify(dir: &Path, new: Vec<NewManifest>) -> Result<Vec<Planned>, String> {
    let mut planned = Vec::new();
    for NewManifest {
        component, bytes, ..
    } in new
    {
        let path = dir.join(component.file_name());
        let old = match read(&path, Limit::MANIFEST) {
            Ok(old) => Some(old),
            Err(ReadError::NotFound { .. }) => None,
            Err(e) => return Err(format!("{e} (nothing was changed)")),
        };
        let verdict = diff::classify(old.as_deref(), Some(&bytes));
        planned.push(Planned {
            component,
            path,
            bytes,
            verdict,
        });
    }
    Ok(planned)
}

/// Phase 4: back up the files that change, swap them, put them back on failure.
pub fn swap(
    backups: &Path,
    changing: &[&Planned],
    restored_from: Option<&Path>,
    extra: serde_json::Value,
) -> SwapOutcome {
    if let Err(error) = fsx::ensure_backup_dir(backups, &NoHooks) {
        return SwapOutcome::FailedRestored {
            error,
            backup: None,
        };
    }
    let targets: Vec<SwapTarget<'_>> = changing
        .iter()
        .map(|p| SwapTarget {
            component: p.component.name(),
            path: &p.path,
            new_bytes: &p.bytes,
        })
        .collect();
    fsx::backup::swap::swap_set_restoring(backups, &targets, restored_from, extra, &NoHooks)
}

/// Phase 5: the report of a swap, or its error with the exit code and every line to print.
pub fn finish(planned: &[Planned], outcome: SwapOutcome) -> Result<Installed, InstallError> {
    match outcome {
        SwapOutcome::Swapped { backup } => Ok(Installed::Swapped(report(
            planned,
            Some(&backup.path),
            false,
        ))),
        SwapOutcome::FailedRestored { error, backup } => Err(InstallError {
            error: OpError::FailedRestored(format!("{error}; every manifest was left as it was")),
            details: Vec::new(),
            warnings: backup
                .map(|backup| {
                    format!(
                        "{}: this run's backup folder could not be removed; `restore --latest` \
                         skips it (it changed nothing)",
                        backup.path.display()
                    )
                })
                .into_iter()
                .collect(),
        }),
        SwapOutcome::FailedUnrestored {
            error,
            backup,
            files,
        } => {
            let mut details = Vec::new();
            for file in &files {
                let copy = file.backup.as_ref().map_or(
                    "there is none (it did not exist before: remove it to go back)".to_string(),
                    |p| p.display().to_string(),
                );
                let why = file
                    .restore_error
                    .as_ref()
                    .map(|e| format!(" Putting it back failed: {e}."))
                    .unwrap_or_default();
                details.push(format!(
                    "  {} {}; its backup copy: {copy}.{why}",
                    file.path.display(),
                    file.state,
                ));
            }
            details.push(format!(
                "backup folder: {} (`staticpod restore --latest` restores it)",
                backup.path.display()
            ));
            Err(InstallError {
                error: OpError::FailedPartial(format!(
                    "{error}; some manifests could NOT be put back:"
                )),
                details,
                warnings: Vec::new(),
            })
        }
    }
}

fn report(planned: &[Planned], backup: Option<&Path>, dry_run: bool) -> InstallReport {
    let verb = if dry_run { "would replace" } else { "replaced" };
    let components = planned
        .iter()
        .map(|p| {
            let status = p.verdict.status;
            InstalledComponent {
                component: p.component.name(),
                path: p.path.display().to_string(),
                action: match status {
                    Status::Unchanged => "unchanged".to_string(),
                    Status::Missing => verb.replace("replace", "create"),
                    _ => verb.to_string(),
                },
                status: status.as_str(),
                restart: p.verdict.restart,
                backup: backup
                    .filter(|_| status != Status::Unchanged && status != Status::Missing)
                    .map(|b| b.join(p.component.file_name()).display().to_string()),
                verdict_status: status,
            }
        })
        .collect();
    InstallReport {
        backup: backup.map(|b| b.display().to_string()),
        components,
        dry_run,
    }
}
