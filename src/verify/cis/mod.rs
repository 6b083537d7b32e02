//! CIS Kubernetes Benchmark v1.12 checks (control plane, sections 1 and 2) that
//! can be decided offline from the static pod manifests and the files under a
//! node root.
//!
//! The checks follow kube-bench's `cfg/cis-1.12/master.yaml` (section 1) and
//! `cfg/cis-1.12/etcd.yaml` (section 2). Every check is one row of `CHECKS`;
//! [`check`] only interprets the table.
//!
//! Not covered, because they cannot be decided from files on disk:
//! - 1.1.9/1.1.10 (CNI files: location comes from the running kubelet),
//! - 1.2.20 (`--request-timeout` "as appropriate": site-specific).
//!
//! Flags are read as the component reads them ([`super::flags::Flags`]): a list flag given
//! twice appends (`--enable-admission-plugins`, `--authorization-mode`, `--tls-cipher-suites`),
//! a scalar given twice: the last wins, a boolean never takes the next argument; an absent
//! flag has the binary's default (`--bind-address` 0.0.0.0, `--profiling` true, …). Files a
//! flag names (encryption and admission configurations, CA files, etcd's data directory) are
//! read at the host path behind the volume mount holding them.

use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};

use super::finding::{Finding, Severity};
use super::flags::Flags;
use crate::component::Component;

mod content;
mod evaluate;
mod owners;
mod table;
#[cfg(test)]
mod tests;

use evaluate::{eval_flags, file_check, Outcome};
use table::{Check, Kind, CATALOGUE, CHECKS};

/// A component whose manifest is present, with its flags as the component reads them.
pub(super) struct Present<'a> {
    pub(super) input: &'a ComponentInput,
    /// Effective values by name.
    pub(super) args: HashMap<&'a str, &'a str>,
    /// The flags of [`ComponentInput::host_command`] (node paths).
    pub(super) host: &'a Flags,
}

/// One control-plane component as found in its static pod manifest.
pub struct ComponentInput {
    /// `kube-apiserver`, `kube-controller-manager`, `kube-scheduler` or `etcd`.
    pub component: String,
    /// Absolute path of the manifest on this machine.
    pub manifest: PathBuf,
    /// Container command, e.g. `["kube-apiserver", "--profiling=false", …]`.
    pub command: Vec<String>,
    /// The same with every path a flag names replaced by the host path behind its volume
    /// mount (`verify::files::host_command`; the identity for kubeadm's manifests).
    pub host_command: Vec<String>,
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
    let read = |c: &ComponentInput, command: &[String]| match c.component.parse::<Component>() {
        Ok(component) => Flags::parse_as(component, command),
        Err(_) => Flags::parse(command),
    };
    let parsed: Vec<(&ComponentInput, Flags, Flags)> = components
        .iter()
        .filter_map(|c| match fs_err::metadata(&c.manifest) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => None,
            _ => Some((c, read(c, &c.command), read(c, &c.host_command))),
        })
        .collect();
    let present: Vec<Present<'_>> = parsed
        .iter()
        .map(|(input, flags, host)| Present {
            input,
            args: flags.iter().collect(),
            host,
        })
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
                for p in present.iter().filter(|p| p.input.component == component) {
                    let input = p.input;
                    let outcome = eval_flags(&p.args, flags, default, cond, undecided_by);
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
            Kind::Content(kind) => content::check(chk, kind, root, &present, &mut out),
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
