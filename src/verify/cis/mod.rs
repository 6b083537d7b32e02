//! CIS Kubernetes Benchmark v1.12 checks (control plane, sections 1 and 2) that
//! can be decided offline from the static pod manifests and the files under a
//! node root.
//!
//! The checks follow kube-bench's `cfg/cis-1.12/master.yaml` (section 1) and
//! `cfg/cis-1.12/etcd.yaml` (section 2). Every check is one row of [`CHECKS`];
//! [`check`] only interprets the table.
//!
//! Not covered, because they cannot be decided from files on disk:
//! - 1.1.9/1.1.10 (CNI files: location comes from the running kubelet),
//! - 1.1.12 (etcd data dir owned by `etcd:etcd`: kubeadm runs etcd as root and
//!   the `etcd` user/group ids are not known offline),
//! - 1.2.3, 1.2.9, 1.2.11, 1.2.20, 1.2.28, 1.2.29, 2.7 (site-specific Manual checks).
//!
//! Flag semantics: [`super::flags::Flags`] (`--name=value`, `--name value`, bare `--name`
//! read as `true`); the last occurrence of a flag wins.

use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};

use super::finding::{Finding, Severity};
use super::flags::Flags;

mod evaluate;
mod table;
#[cfg(test)]
mod tests;

use evaluate::{eval_flags, file_check, Outcome};
use table::{Check, Kind, CATALOGUE, CHECKS};

/// One control-plane component as found in its static pod manifest.
pub struct ComponentInput {
    /// `kube-apiserver`, `kube-controller-manager`, `kube-scheduler` or `etcd`.
    pub component: String,
    /// Absolute path of the manifest on this machine.
    pub manifest: PathBuf,
    /// Container command, e.g. `["kube-apiserver", "--profiling=false", …]`.
    pub command: Vec<String>,
}

pub(crate) const APISERVER: &str = "kube-apiserver";
pub(crate) const CONTROLLER_MANAGER: &str = "kube-controller-manager";
pub(crate) const SCHEDULER: &str = "kube-scheduler";
pub(crate) const ETCD: &str = "etcd";

/// Every check: (CIS id, one-line title, automated?) for the README table.
pub fn catalogue() -> &'static [(&'static str, &'static str, bool)] {
    &CATALOGUE
}

/// Runs every check. `root` is the node root on this machine: node paths such
/// as `/etc/kubernetes/admin.conf` are resolved under it. Findings are sorted
/// by CIS id (numerically), then component, file and message.
pub fn check(root: &Path, components: &[ComponentInput]) -> Vec<Finding> {
    let parsed: Vec<(&ComponentInput, Flags)> = components
        .iter()
        .filter_map(|c| match fs_err::metadata(&c.manifest) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => None,
            _ => Some((c, Flags::parse(&c.command))),
        })
        .collect();
    let present: Vec<(&ComponentInput, HashMap<&str, &str>)> = parsed
        .iter()
        .map(|(c, flags)| (*c, flags.iter().collect()))
        .collect();
    let mut out = Vec::new();
    for chk in CHECKS {
        match chk.kind {
            Kind::Flag {
                component,
                flags,
                default,
                cond,
                undecided_by,
            } => {
                for (input, args) in present.iter().filter(|(c, _)| c.component == component) {
                    let outcome = eval_flags(args, flags, default, cond, undecided_by);
                    let (severity, message) = match outcome {
                        Outcome::Pass => continue,
                        Outcome::Fail(found) => {
                            (fail_severity(chk), format!("{found}; fix: {}", chk.fix))
                        }
                        Outcome::Undecided(why) => (Severity::Warning, why),
                    };
                    out.push(finding(
                        chk,
                        severity,
                        Some(component),
                        Some(&input.manifest),
                        message,
                    ));
                }
            }
            Kind::File { target, want } => file_check(chk, target, want, root, &present, &mut out),
        }
    }
    out.sort_by(|a, b| {
        id_key(&a.id)
            .cmp(&id_key(&b.id))
            .then_with(|| a.component.cmp(&b.component))
            .then_with(|| a.file.cmp(&b.file))
            .then_with(|| a.message.cmp(&b.message))
    });
    out
}

fn fail_severity(chk: &Check) -> Severity {
    if chk.automated {
        Severity::Error
    } else {
        Severity::Warning
    }
}

fn finding(
    chk: &Check,
    severity: Severity,
    component: Option<&str>,
    file: Option<&Path>,
    message: String,
) -> Finding {
    Finding {
        id: format!("CIS-{}", chk.id),
        severity,
        component: component.map(str::to_owned),
        file: file.map(Path::to_path_buf),
        message,
    }
}

fn id_key(id: &str) -> Vec<u32> {
    id.trim_start_matches("CIS-")
        .split('.')
        .map(|p| p.parse().unwrap_or(u32::MAX))
        .collect()
}
