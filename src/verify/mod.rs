//! `staticpod verify`: checks of a manifest set, each reported as a [`Finding`] with a stable
//! id, a severity, the component and file, and a one-line message with the fix.
//!
//! Checks, each in its own module:
//! 1. `validity`: each component file is one Pod the kubelet runs (decode, size, name,
//!    namespace, containers, images, host network, mounts, no API-object references);
//!    and `arguments`: the command line is one the component's flag parser accepts;
//! 2. strays (from [`crate::manifest::strays`]): files the kubelet would also run,
//!    duplicate pod names, sub-directories;
//! 3. `skew`: version skew policy, the etcd kubeadm ships, the upgrade path to a target;
//! 4. `consistency`: the components agree (CIDRs, certificates dir, etcd endpoints,
//!    advertise address, probes, mounted paths);
//! 5. `files`, `certs` and `kubeconfig`: referenced files exist; certificates (also
//!    the client certificates in kubeconfigs) parse, are valid, are signed by the named CA and
//!    match their keys;
//! 6. `drift` (with a config): manifests that differ from the render;
//! 7. [`cis`] (profile `cis`): CIS Kubernetes Benchmark v1.12 checks.

pub(crate) mod arguments;
pub(crate) mod certs;
pub mod cis;
pub(crate) mod consistency;
pub(crate) mod drift;
pub(crate) mod files;
/// A finding: id, severity, component, file, message.
pub mod finding;
pub(crate) mod kubeconfig;
/// Report formats of `verify`: Prometheus text exposition and JUnit XML.
pub mod report;
pub(crate) mod scan;
pub(crate) mod skew;
pub(crate) mod validity;

use std::path::{Path, PathBuf};
use std::time::SystemTime;

pub use crate::manifest::flags;
pub use finding::{Finding, Severity};

use crate::component::Component;
use crate::kubeadm::version::KubeVersion;
use crate::manifest::strays::{self, StrayKind};
use scan::{Member, PodView};

/// Groups of checks that `--skip` can turn off (validity always runs: the others need it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    /// Stray files in the manifests directory.
    Strays,
    /// Version skew and the upgrade path.
    Skew,
    /// Agreement between the components.
    Consistency,
    /// Referenced files and certificates (needs the node's files under the root).
    Files,
    /// Differences from the render (with a config).
    Drift,
}

/// Which checks run besides the default ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Profile {
    /// The default checks.
    #[default]
    Default,
    /// Adds the CIS Kubernetes Benchmark checks.
    Cis,
}

/// What to verify and how.
#[derive(Debug, Clone)]
pub struct Options {
    /// The node root: node paths (`/etc/kubernetes/pki/ca.crt`) are read under it.
    pub root: PathBuf,
    /// The static pod manifests directory.
    pub manifests_dir: PathBuf,
    /// The clock for certificate expiry.
    pub now: SystemTime,
    /// Also judge the upgrade path to this version.
    pub target: Option<KubeVersion>,
    /// Default or CIS.
    pub profile: Profile,
    /// Groups of checks not to run.
    pub skip: Vec<Check>,
    /// What kubeadm would write (enables the drift check).
    pub rendered: Option<drift::Rendered>,
}

/// Everything `verify` found, sorted for output.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Report {
    /// The findings, node-wide first, then by component, file and id.
    pub findings: Vec<Finding>,
}

impl Report {
    /// How many findings have `severity`.
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }

    /// Any error-level finding (`verify` exits 1).
    pub fn has_errors(&self) -> bool {
        self.count(Severity::Error) > 0
    }
}

/// Why `verify` could not look at all.
#[derive(Debug, thiserror::Error)]
pub enum VerifyError {
    /// The manifests directory does not exist.
    #[error("{}: no such manifests directory (see --root / --manifests-dir)", .0.display())]
    NoManifestsDir(PathBuf),
    /// It cannot be listed.
    #[error("{dir}: cannot read the manifests directory: {source}", dir = .0.display(), source = .1)]
    Unreadable(PathBuf, std::io::Error),
}

/// Verify the manifests directory of `options`.
pub fn verify(options: &Options) -> Result<Report, VerifyError> {
    let dir = &options.manifests_dir;
    match fs_err::metadata(dir) {
        Ok(meta) if meta.is_dir() => {}
        Ok(_) => return Err(VerifyError::NoManifestsDir(dir.clone())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(VerifyError::NoManifestsDir(dir.clone()))
        }
        Err(e) => return Err(VerifyError::Unreadable(dir.clone(), e)),
    }
    if let Err(e) = fs_err::read_dir(dir) {
        return Err(VerifyError::Unreadable(dir.clone(), e));
    }
    let members = scan::read_members(dir);
    let mut findings = Vec::new();
    if !options.skip.contains(&Check::Strays) {
        findings.extend(stray_findings(dir));
    }
    findings.extend(check_members(options, &members));
    Ok(sorted(findings))
}

/// Every check but the directory listing, over members already read.
pub fn check_members(options: &Options, members: &[Member]) -> Vec<Finding> {
    let runs = |check: Check| !options.skip.contains(&check);
    let pods: Vec<PodView<'_>> = members.iter().filter_map(Member::pod).collect();
    let api = pods
        .iter()
        .find(|p| p.component == Component::KubeApiserver);
    let mut findings = validity::check(members, consistency::is_external_etcd(api));
    findings.extend(arguments::check(&pods));
    if runs(Check::Skew) {
        findings.extend(skew::check(&pods, options.target.as_ref()));
    }
    if runs(Check::Consistency) {
        findings.extend(consistency::check(&pods));
    }
    if runs(Check::Files) {
        findings.extend(files::check(&options.root, &pods));
        let commands: Vec<(String, Vec<String>)> = pods
            .iter()
            .map(|p| (p.component.name().to_string(), files::host_command(p)))
            .collect();
        findings.extend(certs::check(&options.root, &commands, options.now));
        findings.extend(kubeconfig::check(&options.root, &pods, options.now));
    }
    if let (true, Some(rendered)) = (runs(Check::Drift), &options.rendered) {
        findings.extend(drift::check(members, rendered));
    }
    if options.profile == Profile::Cis {
        let inputs: Vec<cis::ComponentInput> = pods
            .iter()
            .map(|p| cis::ComponentInput {
                component: p.component.name().to_string(),
                manifest: p.path.to_path_buf(),
                command: p.command.clone(),
                host_command: files::host_command(p),
            })
            .collect();
        findings.extend(cis::check(&options.root, &inputs));
    }
    findings
}

fn stray_findings(dir: &Path) -> Vec<Finding> {
    let expected: Vec<String> = Component::ALL.iter().map(|c| c.file_name()).collect();
    strays::find(dir, &expected)
        .into_iter()
        .map(|stray| {
            let (id, severity) = match stray.kind {
                StrayKind::Backup | StrayKind::Unexpected => ("STRAY-FILE", Severity::Error),
                StrayKind::Duplicate => ("STRAY-DUPLICATE", Severity::Error),
                StrayKind::Directory => ("STRAY-DIR", Severity::Warning),
                StrayKind::Unreadable => ("STRAY-FILE", Severity::Error),
            };
            Finding {
                id: id.into(),
                severity,
                component: None,
                file: Some(stray.path),
                message: stray.message,
            }
        })
        .collect()
}

/// Output order: node-wide findings first, then components in kubeadm's order; within a
/// group errors first, then by id, file and message.
pub fn sorted(mut findings: Vec<Finding>) -> Report {
    let group = |f: &Finding| match f.component.as_deref() {
        None => 0,
        Some(name) => Component::ALL
            .iter()
            .position(|c| c.name() == name)
            .map_or(5, |i| i + 1),
    };
    findings.sort_by(|a, b| {
        group(a)
            .cmp(&group(b))
            .then_with(|| b.severity.cmp(&a.severity))
            .then_with(|| natural(&a.id).cmp(&natural(&b.id)))
            .then_with(|| a.file.cmp(&b.file))
            .then_with(|| a.message.cmp(&b.message))
    });
    findings.dedup();
    Report { findings }
}

/// `CIS-1.2.10` after `CIS-1.2.9`: digit runs compare as numbers.
fn natural(id: &str) -> Vec<(u64, String)> {
    let mut parts = Vec::new();
    let mut rest = id;
    while !rest.is_empty() {
        let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if digits > 0 {
            parts.push((rest[..digits].parse().unwrap_or(u64::MAX), String::new()));
            rest = &rest[digits..];
        } else {
            let text = rest.len() - rest.trim_start_matches(|c: char| !c.is_ascii_digit()).len();
            parts.push((0, rest[..text].to_string()));
            rest = &rest[text..];
        }
    }
    parts
}
