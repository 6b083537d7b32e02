//! `apply --wait` / `restore --wait`: what `kubeadm upgrade apply` does per component, done on
//! the node itself. One backup folder holds every file this run replaces; then, in kubeadm's
//! order, each component is swapped (same write protocol as without `--wait`), and when its
//! change restarts the pod, staticpod waits for a **new** process with the new manifest's argv
//! and for its probes. When one does not come up healthy in time, that component and every
//! one this run already swapped are put back from the backup (newest first, same protocol),
//! staticpod waits for each put-back pod to be healthy again (any process with the old argv:
//! the old pod may never have stopped), and the run fails with exit 3, or exit 4 when the
//! put-back files do not come back healthy either.

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::{kubeadm_order, OpError, Say, WaitOptions};
use crate::component::Component;
use crate::diff::Status;
use crate::fsx::backup::BackedUpFile;
use crate::fsx::read::{read, Limit};
use crate::fsx::remove::remove_if_unchanged;
use crate::fsx::{self, Expected, NoHooks, ReplaceOptions};
use crate::manifest::sha256_hex;
use crate::node::wait::{format_duration, wait_healthy, Need, WaitOutcome, WaitSettings};
use crate::node::{Baseline, ProcTable, Progress, WaitTarget};

/// One manifest to install.
#[derive(Debug, Clone)]
pub struct Change {
    /// The component.
    pub component: Component,
    /// The file it replaces or creates.
    pub path: PathBuf,
    /// The new bytes.
    pub bytes: Vec<u8>,
    /// `diff`'s classification against the file on disk.
    pub status: Status,
    /// Whether the kubelet restarts (or starts) the pod for it.
    pub restart: bool,
}

/// How a waited-for component ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// Up and healthy.
    Healthy,
    /// Not up and healthy in time (its file was then put back).
    Timeout,
    /// Swapped, then put back because a later component timed out.
    RolledBack,
}

/// One component in the report (`-o json`).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ComponentReport {
    /// The component's name (`kube-apiserver`).
    pub component: &'static str,
    /// The manifest's path.
    pub path: String,
    /// `replaced`, `created`, `unchanged`, or `skipped` (not reached: an earlier one failed).
    pub action: &'static str,
    /// `diff`'s status against the file that was on disk.
    pub status: &'static str,
    /// Whether the kubelet restarts (or starts) the pod for it.
    pub restart: bool,
    /// Its copy in this run's backup folder.
    pub backup: Option<String>,
    /// Whether staticpod waited for its pod.
    pub waited: bool,
    /// The new process, once found.
    pub pid: Option<u32>,
    /// How long the new process took to be healthy.
    pub healthy_after_ms: Option<u64>,
    /// The probe checked (`GET https://127.0.0.1:6443/livez`).
    pub probe: Option<String>,
    /// How the wait ended.
    pub outcome: Option<Outcome>,
    /// Why it timed out.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// After a put-back that did not end healthy: what the file holds and how the pod is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
}

/// What a rollout did.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RolloutReport {
    /// This run's backup folder.
    pub backup: Option<String>,
    /// Every component considered, in component order.
    pub components: Vec<ComponentReport>,
}

/// Swap, wait, and roll back as the module docs say. `changes` holds every component the
/// command considered (unchanged ones are reported, not touched). Hold the lock around it.
pub fn run(
    backups: &Path,
    changes: &[Change],
    restored_from: Option<&Path>,
    extra: serde_json::Value,
    wait: &WaitOptions,
    progress: &Progress,
    say: &Say<'_>,
) -> (RolloutReport, Result<(), OpError>) {
    let mut report = RolloutReport {
        backup: None,
        components: changes.iter().map(initial_report).collect(),
    };
    for change in changes.iter().filter(|c| c.status == Status::Unchanged) {
        (say.note)(&format!(
            "{}: unchanged, nothing to swap or wait for",
            change.component
        ));
    }
    let mut order: Vec<usize> = (0..changes.len())
        .filter(|&i| changes[i].status != Status::Unchanged)
        .collect();
    order.sort_by_key(|&i| kubeadm_order(changes[i].component));
    if order.is_empty() {
        return (report, Ok(()));
    }
    // Everything that can be refused is refused before the first file changes.
    let mut targets: Vec<Option<WaitTarget>> = vec![None; changes.len()];
    for &i in &order {
        let change = &changes[i];
        if change.restart {
            match WaitTarget::from_manifest(change.component, &change.bytes) {
                Ok(target) => targets[i] = Some(target),
                Err(e) => {
                    return (
                        report,
                        Err(OpError::BadInput(format!(
                            "{e}; nothing was changed (--wait needs it)"
                        ))),
                    )
                }
            }
        } else {
            (say.note)(&format!(
                "{}: {} change, the kubelet does not restart the pod: not waiting for it",
                change.component,
                change.status.as_str()
            ));
        }
    }
    let table = ProcTable::new(&wait.proc_dir);
    if targets.iter().any(Option::is_some) && !table.kubelet_visible() {
        (say.warn)(&format!(
            "no kubelet process is visible in {}: unless the kubelet runs, the wait will time \
             out and every file will be put back",
            wait.proc_dir.display()
        ));
    }

    let files: Vec<(&str, &Path)> = order
        .iter()
        .map(|&i| (changes[i].component.name(), changes[i].path.as_path()))
        .collect();
    // The record says "pending" until every component is swapped (see fsx::backup): a run
    // that is killed, or puts everything back, is never mistaken for the latest change.
    let info = fsx::backup::create::RecordInfo {
        state: Some(fsx::RunState::Pending),
        new_sha256: order
            .iter()
            .map(|&i| Some(crate::manifest::sha256_hex(&changes[i].bytes)))
            .collect(),
        restored_from: restored_from.map(Path::to_path_buf),
        extra,
    };
    let backup = fsx::backup::create::create_with(
        backups,
        &files,
        info,
        std::time::SystemTime::now(),
        &NoHooks,
    );
    let mut backup = match backup {
        Ok(backup) => backup,
        Err(e) => {
            return (
                report,
                Err(OpError::FailedRestored(format!(
                    "{e}; every manifest was left as it was"
                ))),
            )
        }
    };
    report.backup = Some(backup.path.display().to_string());
    // `order[k]`'s backup record is `backup.record.files[k]`.
    let before = |k: usize| &backup.record.files[k];
    for (k, &i) in order.iter().enumerate() {
        report.components[i].backup = before(k)
            .backup_file
            .as_ref()
            .map(|f| backup.path.join(f).display().to_string());
    }

    let settings = WaitSettings::with_timeout(wait.timeout);
    // The old pods, to wait for after a put-back: only those that ran before this run (a pod
    // that was not running cannot be expected to be healthy again).
    let old_targets: Vec<Option<WaitTarget>> = order
        .iter()
        .enumerate()
        .map(|(k, &i)| {
            let change = &changes[i];
            if !change.restart {
                return None;
            }
            let bytes = read(
                &backup.path.join(before(k).backup_file.as_ref()?),
                Limit::MANIFEST,
            )
            .ok()?;
            let target = WaitTarget::from_manifest(change.component, &bytes).ok()?;
            if table.matching(&target.argv).unwrap_or_default().is_empty() {
                (say.note)(&format!(
                    "{}: no process runs the current manifest's command line; if it is put \
                     back, staticpod will not wait for it",
                    change.component
                ));
                return None;
            }
            Some(target)
        })
        .collect();
    let mut swapped: Vec<usize> = Vec::new(); // positions in `order`
    let mut failure: Option<String> = None;
    for (k, &i) in order.iter().enumerate() {
        let change = &changes[i];
        let baseline = targets[i].as_ref().map(|t| Baseline::take(&table, &t.argv));
        let options = ReplaceOptions {
            expected: match &before(k).sha256 {
                Some(sha) => Expected::Sha256(sha.clone()),
                None => Expected::Absent,
            },
            ..ReplaceOptions::default()
        };
        if let Err(e) = fsx::replace_file(&change.path, &change.bytes, &options, &NoHooks) {
            if e.after_rename() {
                swapped.push(k);
            }
            report.components[i].action = "skipped";
            failure = Some(format!("{}: {e}", change.component));
            break;
        }
        swapped.push(k);
        report.components[i].action = action(change.status);
        let (Some(target), Some(baseline)) = (&targets[i], baseline) else {
            continue;
        };
        let outcome = wait_healthy(&table, target, &Need::New(baseline), settings, progress);
        record_wait(&mut report.components[i], &outcome);
        if outcome.healthy {
            progress.finish(
                change.component.name(),
                &format!(
                    "healthy after {} (pid {})",
                    format_duration(std::time::Duration::from_millis(outcome.elapsed_ms)),
                    outcome.pid.map(|p| p.to_string()).unwrap_or_default()
                ),
            );
            report.components[i].outcome = Some(Outcome::Healthy);
        } else {
            let reason = outcome.reason.clone().unwrap_or_default();
            progress.finish(change.component.name(), &format!("not healthy: {reason}"));
            report.components[i].outcome = Some(Outcome::Timeout);
            report.components[i].reason = Some(reason.clone());
            failure = Some(format!(
                "{} did not come up healthy: {reason}",
                change.component
            ));
            break;
        }
    }
    for &i in &order {
        if report.components[i].action == "pending" {
            report.components[i].action = "skipped";
        }
    }
    let Some(failure) = failure else {
        // Should this last write fail, the record stays pending: `--latest` still finds it.
        let _ = fsx::backup::create::mark_done(&mut backup, &NoHooks);
        return (report, Ok(()));
    };

    // Put back, newest first, then wait for each put-back pod.
    let mut problems: Vec<(usize, String)> = Vec::new();
    for &k in swapped.iter().rev() {
        let i = order[k];
        let change = &changes[i];
        if report.components[i].outcome == Some(Outcome::Healthy) {
            report.components[i].outcome = Some(Outcome::RolledBack);
        }
        progress.update(change.component.name(), "putting the old manifest back");
        if let Err(e) = put_back(change, before(k), &backup.path) {
            problems.push((i, format!("could not put the old file back: {e}")));
        }
    }
    for &k in swapped.iter().rev() {
        let i = order[k];
        let change = &changes[i];
        if !change.restart || !before(k).existed || problems.iter().any(|(p, _)| *p == i) {
            continue;
        }
        let Some(old_target) = &old_targets[k] else {
            continue;
        };
        let outcome = wait_healthy(&table, old_target, &Need::Any, settings, progress);
        if outcome.healthy {
            progress.finish(change.component.name(), "put back and healthy");
        } else {
            let reason = outcome.reason.unwrap_or_default();
            progress.finish(
                change.component.name(),
                &format!("put back but not healthy: {reason}"),
            );
            problems.push((
                i,
                format!("the old file is back but its pod is not healthy: {reason}"),
            ));
        }
    }
    let names: Vec<&str> = swapped
        .iter()
        .rev()
        .map(|&k| changes[order[k]].component.name())
        .collect();
    if problems.is_empty() {
        let healthy_again: Vec<&str> = swapped
            .iter()
            .rev()
            .filter(|&&k| old_targets[k].is_some())
            .map(|&k| changes[order[k]].component.name())
            .collect();
        let pods = match healthy_again.len() {
            0 => String::new(),
            1 => format!("; {} is healthy again", healthy_again[0]),
            _ => format!("; {} are healthy again", healthy_again.join(", ")),
        };
        // The run changed nothing in the end: its folder is no backup of a change.
        // The report then names no copy in it: a script must not be sent to a removed folder.
        let removed = match fsx::backup::discard_folder(&backup.path, &NoHooks) {
            Ok(()) => {
                report.backup = None;
                for component in &mut report.components {
                    component.backup = None;
                }
                " (its backup folder is removed: the run changed nothing)".to_string()
            }
            Err(_) => String::new(),
        };
        let message = format!(
            "{failure}; put back {} from {}: every manifest is as it was{pods}{removed}",
            names.join(", "),
            backup.path.display(),
        );
        return (report, Err(OpError::FailedRestored(message)));
    }
    let mut message = format!(
        "{failure}; putting the old manifests back did not fully work; each file, its state and \
         its backup copy:"
    );
    for &k in swapped.iter().rev() {
        let i = order[k];
        let change = &changes[i];
        let file_state = file_state(change, before(k));
        let pod = problems
            .iter()
            .find(|(p, _)| *p == i)
            .map_or("pod healthy".to_string(), |(_, why)| why.clone());
        let copy = before(k)
            .backup_file
            .as_ref()
            .map_or("none (the file did not exist before)".to_string(), |f| {
                backup.path.join(f).display().to_string()
            });
        let state = format!("{file_state}; {pod}");
        message += &format!("\n  {}: {state}; its backup: {copy}", change.path.display());
        report.components[i].state = Some(state);
    }
    (report, Err(OpError::FailedPartial(message)))
}

fn initial_report(change: &Change) -> ComponentReport {
    ComponentReport {
        component: change.component.name(),
        path: change.path.display().to_string(),
        action: if change.status == Status::Unchanged {
            "unchanged"
        } else {
            "pending"
        },
        status: change.status.as_str(),
        restart: change.restart,
        backup: None,
        waited: false,
        pid: None,
        healthy_after_ms: None,
        probe: None,
        outcome: None,
        reason: None,
        state: None,
    }
}

fn action(status: Status) -> &'static str {
    match status {
        Status::Missing => "created",
        Status::Unchanged => "unchanged",
        _ => "replaced",
    }
}

fn record_wait(report: &mut ComponentReport, outcome: &WaitOutcome) {
    report.waited = true;
    report.pid = outcome.pid;
    report.probe = outcome.probe.clone();
    report.healthy_after_ms = outcome.healthy.then_some(outcome.elapsed_ms);
}

/// Put one swapped file back as the backup recorded it (checked to still hold the new
/// content); a file that did not exist before is removed.
fn put_back(change: &Change, before: &BackedUpFile, folder: &Path) -> Result<(), String> {
    let new_sha = sha256_hex(&change.bytes);
    let Some(copy) = before.backup_file.as_ref().map(|f| folder.join(f)) else {
        return remove_if_unchanged(&change.path, &new_sha, &NoHooks).map_err(|e| e.to_string());
    };
    let bytes = read(&copy, Limit::MANIFEST).map_err(|e| e.to_string())?;
    let found = sha256_hex(&bytes);
    if Some(found.as_str()) != before.sha256.as_deref() {
        return Err(format!(
            "{}: the backup copy is damaged (sha256 {found}, recorded {}); not restoring from it",
            copy.display(),
            before.sha256.as_deref().unwrap_or("none")
        ));
    }
    let options = ReplaceOptions {
        expected: Expected::Sha256(new_sha),
        mode_owner: before.mode_owner(),
        follow_symlinks: false,
    };
    fsx::replace_file(&change.path, &bytes, &options, &NoHooks).map_err(|e| e.to_string())
}

fn file_state(change: &Change, before: &BackedUpFile) -> String {
    match read(&change.path, Limit::MANIFEST) {
        Ok(bytes) if before.sha256.as_deref() == Some(sha256_hex(&bytes).as_str()) => {
            "holds the old manifest".into()
        }
        Ok(bytes) if bytes == change.bytes => "holds the NEW manifest".into(),
        Ok(bytes) => format!("holds something else (sha256 {})", sha256_hex(&bytes)),
        Err(_) if !before.existed && !change.path.exists() => "absent, as before".into(),
        Err(e) => format!("unreadable or missing: {e}"),
    }
}
