//! `staticpod restart COMPONENT…`: what the kubeadm docs tell operators to do after
//! `kubeadm certs renew` (move the manifest out, wait, move it back), done safely. One backup
//! folder (recorded as a restart) holds every named manifest first; then, per component in
//! kubeadm's order: a marker is left (see [`super::interrupted`]), the manifest is removed
//! (checked to be the backed-up content), staticpod waits until the component's process is
//! gone (bounded: not a fixed 20 s), puts the manifest back with the write protocol, removes
//! the marker and (unless `--no-wait`) waits for a new process and its probes.

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::interrupted;
use super::rollout::Outcome;
use super::{kubeadm_order, OpError, Say, WaitOptions};
use crate::component::Component;
use crate::fsx::read::{read, Limit};
use crate::fsx::remove::remove_if_unchanged;
use crate::fsx::{self, Expected, NoHooks, ReplaceOptions};
use crate::manifest::sha256_hex;
use crate::node::wait::{
    format_duration, wait_gone, wait_healthy, Need, WaitSettings, KUBELET_HINT,
};
use crate::node::{Baseline, ProcTable, Progress, WaitTarget};

/// One restarted component (`-o json`).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RestartedComponent {
    /// The component's name (`kube-apiserver`).
    pub component: &'static str,
    /// The manifest's path.
    pub path: String,
    /// Its copy in the backup folder.
    pub backup: String,
    /// The processes that ran it before, and how long they took to stop.
    pub old_pids: Vec<u32>,
    /// How long the old processes took to stop.
    pub stopped_after_ms: Option<u64>,
    /// Whether staticpod waited for the new process.
    pub waited: bool,
    /// The new process.
    pub pid: Option<u32>,
    /// How long the new process took to be healthy.
    pub healthy_after_ms: Option<u64>,
    /// The probe checked (`GET https://127.0.0.1:6443/livez`).
    pub probe: Option<String>,
    /// How the wait ended.
    pub outcome: Option<Outcome>,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// Why it was not healthy.
    pub reason: Option<String>,
}

/// What a restart did.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RestartReport {
    /// The backup folder holding every restarted manifest.
    pub backup: Option<String>,
    /// Each component, in kubeadm's order.
    pub components: Vec<RestartedComponent>,
}

/// The manifests directory must exist, the backup directory is created if missing (mode
/// 0700), then [`run`] holds the manifests directory's lock (the one apply, restore and
/// prune take; waited for up to `lock_timeout`). Err before anything ran: bad input (exit 2)
/// or the backup directory / lock could not be had (exit 3); no report goes with it.
pub fn run_locked(
    request: &RestartRequest<'_>,
    lock_timeout: std::time::Duration,
    progress: &Progress,
    say: &Say<'_>,
) -> Result<(RestartReport, Result<(), OpError>), OpError> {
    if !request.dir.is_dir() {
        return Err(OpError::BadInput(format!(
            "{}: no such manifests directory (see --root / --manifests-dir)",
            request.dir.display()
        )));
    }
    fsx::ensure_backup_dir(request.backups, &NoHooks)
        .map_err(|e| OpError::FailedRestored(e.to_string()))?;
    let _lock = fsx::lock(request.dir, lock_timeout, &NoHooks)
        .map_err(|e| OpError::FailedRestored(e.to_string()))?;
    Ok(run(request, progress, say))
}

/// What to restart and how.
pub struct RestartRequest<'a> {
    /// The manifests directory.
    pub dir: &'a Path,
    /// The backup directory.
    pub backups: &'a Path,
    /// The components to restart.
    pub components: &'a [Component],
    /// `--timeout` and `--proc`.
    pub wait: &'a WaitOptions,
    /// Wait for the new process and its health (`--wait`, the default).
    pub wait_healthy: bool,
}

/// Restart each component as the module docs say. Hold the lock around it.
pub fn run(
    request: &RestartRequest<'_>,
    progress: &Progress,
    say: &Say<'_>,
) -> (RestartReport, Result<(), OpError>) {
    let mut report = RestartReport {
        backup: None,
        components: Vec::new(),
    };
    interrupted::clear_stale(request.dir);
    let mut components = request.components.to_vec();
    components.sort_by_key(|c| kubeadm_order(*c));
    components.dedup();
    // Read and understand every manifest before touching any.
    let mut plans: Vec<(Component, PathBuf, Vec<u8>, WaitTarget)> = Vec::new();
    for &component in &components {
        let path = request.dir.join(component.file_name());
        let bytes = match read(&path, Limit::MANIFEST) {
            Ok(bytes) => bytes,
            Err(e) => {
                return (
                    report,
                    Err(OpError::BadInput(format!(
                        "{component}: cannot restart it: {e}; nothing was changed"
                    ))),
                )
            }
        };
        match WaitTarget::from_manifest(component, &bytes) {
            Ok(target) => plans.push((component, path, bytes, target)),
            Err(e) => {
                return (
                    report,
                    Err(OpError::BadInput(format!(
                        "{}: {e}; nothing was changed",
                        path.display()
                    ))),
                )
            }
        }
    }
    let table = ProcTable::new(&request.wait.proc_dir);
    if !table.kubelet_visible() {
        (say.warn)(&format!(
            "no kubelet process is visible in {}: unless the kubelet runs, the wait for the old \
             process to stop will time out (the manifest is then put back)",
            request.wait.proc_dir.display()
        ));
    }
    let files: Vec<(&str, &Path)> = plans
        .iter()
        .map(|(c, path, _, _)| (c.name(), path.as_path()))
        .collect();
    // The record says each file is put back with its own content: a restart changes no
    // manifest, so `restore --latest` passes over this folder (fsx::backup::inspect::latest).
    let info = fsx::backup::create::RecordInfo {
        state: None,
        new_sha256: plans
            .iter()
            .map(|(_, _, bytes, _)| Some(crate::manifest::sha256_hex(bytes)))
            .collect(),
        restored_from: None,
        extra: serde_json::json!({"command": "restart"}),
    };
    let backup = fsx::backup::create::create_with(
        request.backups,
        &files,
        info,
        std::time::SystemTime::now(),
        &NoHooks,
    );
    let backup = match backup {
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
    let settings = WaitSettings::with_timeout(request.wait.timeout);

    for (k, (component, path, bytes, target)) in plans.iter().enumerate() {
        let name = component.name();
        let before = &backup.record.files[k];
        let copy = before
            .backup_file
            .as_ref()
            .map(|f| backup.path.join(f))
            .unwrap_or_else(|| backup.path.clone());
        let mut entry = RestartedComponent {
            component: name,
            path: path.display().to_string(),
            backup: copy.display().to_string(),
            old_pids: Vec::new(),
            stopped_after_ms: None,
            waited: false,
            pid: None,
            healthy_after_ms: None,
            probe: target.probe_text(),
            outcome: None,
            reason: None,
        };
        let old = table.matching(&target.argv).unwrap_or_default();
        entry.old_pids = old.iter().map(|p| p.pid).collect();
        if old.is_empty() {
            (say.warn)(&format!(
                "{component}: no process runs its command line now; restarting it starts one"
            ));
        }
        let baseline = Baseline::take(&table, &target.argv);
        if let Err(e) = interrupted::mark(request.dir, *component, &backup.path) {
            report.components.push(entry);
            return (
                report,
                Err(OpError::FailedRestored(format!(
                    "{component}: could not write the restart marker: {e}; its manifest was not \
                     moved"
                ))),
            );
        }
        let sha = sha256_hex(bytes);
        if let Err(e) = remove_if_unchanged(path, &sha, &NoHooks) {
            let _ = interrupted::clear(request.dir, *component);
            report.components.push(entry);
            return (
                report,
                Err(OpError::FailedRestored(format!(
                    "{component}: could not move the manifest out: {e}; it was left in place"
                ))),
            );
        }
        progress.update(name, "moved out of the manifests directory");
        let gone = wait_gone(&table, name, &old, settings, progress);
        // Back in place whatever happened: never leave a manifest out.
        let options = ReplaceOptions {
            expected: Expected::Absent,
            mode_owner: before.mode_owner(),
            follow_symlinks: false,
        };
        if let Err(e) = fsx::replace_file(path, bytes, &options, &NoHooks) {
            report.components.push(entry);
            return (
                report,
                Err(OpError::FailedPartial(format!(
                    "{component}: could not put the manifest back: {e}; {} is missing and its pod \
                     is stopped; its backup: {} (`staticpod restore {} --component {component}` \
                     puts it back)",
                    path.display(),
                    copy.display(),
                    backup.path.display()
                ))),
            );
        }
        let _ = interrupted::clear(request.dir, *component);
        match gone {
            Ok(after) => {
                entry.stopped_after_ms = Some(u64::try_from(after.as_millis()).unwrap_or(u64::MAX));
            }
            Err(left) => {
                let pids: Vec<String> = left.iter().map(u32::to_string).collect();
                report.components.push(entry);
                return (
                    report,
                    Err(OpError::FailedRestored(format!(
                        "{component}: the kubelet did not stop it within {} (pid {} still runs): \
                         is the kubelet running and is staticPodPath this directory? The manifest \
                         is back in place, unchanged",
                        format_duration(request.wait.timeout),
                        pids.join(", ")
                    ))),
                );
            }
        }
        progress.update(name, "put back");
        if !request.wait_healthy {
            progress.finish(name, "put back (not waiting: --no-wait)");
            report.components.push(entry);
            continue;
        }
        let outcome = wait_healthy(&table, target, &Need::New(baseline), settings, progress);
        entry.waited = true;
        entry.pid = outcome.pid;
        if outcome.healthy {
            entry.healthy_after_ms = Some(outcome.elapsed_ms);
            entry.outcome = Some(Outcome::Healthy);
            progress.finish(
                name,
                &format!(
                    "restarted, healthy after {} (pid {})",
                    format_duration(std::time::Duration::from_millis(outcome.elapsed_ms)),
                    outcome.pid.map(|p| p.to_string()).unwrap_or_default()
                ),
            );
            report.components.push(entry);
            continue;
        }
        let reason = outcome.reason.unwrap_or_else(|| KUBELET_HINT.to_string());
        progress.finish(name, &format!("not healthy: {reason}"));
        entry.outcome = Some(Outcome::Timeout);
        entry.reason = Some(reason.clone());
        report.components.push(entry);
        return (
            report,
            Err(OpError::FailedRestored(format!(
                "{component} did not come up healthy after the restart: {reason}; its manifest \
                 is in place, unchanged"
            ))),
        );
    }
    (report, Ok(()))
}
