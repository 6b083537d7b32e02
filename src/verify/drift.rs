//! Check 6 (with `--config`): manifests on disk that differ from what kubeadm would write for
//! the config. A `changed` one carries hand edits that the next `kubeadm upgrade` (which
//! re-renders from the config) silently drops.

use super::finding::{Finding, Severity};
use super::scan::{Member, State};
use crate::component::Component;
use crate::diff::{self, Status};

/// How many of diff's reasons a finding quotes.
const REASONS_SHOWN: usize = 3;

/// The rendered side of the comparison.
#[derive(Debug, Clone)]
pub struct Rendered {
    /// `kubeadm v1.31.14`: who would write the manifests.
    pub release: String,
    pub manifests: Vec<(Component, String)>,
}

pub fn check(members: &[Member], rendered: &Rendered) -> Vec<Finding> {
    let mut out = Vec::new();
    for member in members {
        // Undecodable files are MANIFEST-INVALID; missing ones MANIFEST-MISSING.
        let State::Read {
            bytes,
            decoded: Ok(_),
        } = &member.state
        else {
            continue;
        };
        let new = rendered
            .manifests
            .iter()
            .find(|(c, _)| *c == member.component)
            .map(|(_, yaml)| yaml.as_bytes());
        let verdict = diff::classify(Some(bytes), new);
        let shown: Vec<&str> = verdict
            .reasons
            .iter()
            .take(REASONS_SHOWN)
            .map(String::as_str)
            .collect();
        let more = verdict.reasons.len().saturating_sub(REASONS_SHOWN);
        let reasons = if more > 0 {
            format!("{} (+{more} more)", shown.join("; "))
        } else {
            shown.join("; ")
        };
        let (id, severity, message) = match verdict.status {
            Status::Unchanged => continue,
            Status::Cosmetic => (
                "DRIFT-COSMETIC",
                Severity::Info,
                format!("differs from what {} writes only in form, the same pod for the kubelet ({reasons}); nothing to do", rendered.release),
            ),
            Status::Unexpected => (
                "DRIFT-CHANGED",
                Severity::Warning,
                format!("{} writes no {} for this config (e.g. external etcd), but the kubelet runs this one; remove it or fix the config", rendered.release, member.component.file_name()),
            ),
            Status::Changed | Status::Missing => (
                "DRIFT-CHANGED",
                Severity::Warning,
                format!("differs from what {} writes for the config (re-rendering would: {reasons}); the next kubeadm upgrade drops such hand edits: move them into the config (extraArgs, extraVolumes, patches) or re-render (staticpod diff shows the lines)", rendered.release),
            ),
        };
        out.push(Finding {
            id: id.into(),
            severity,
            component: Some(member.component.name().into()),
            file: Some(member.path.clone()),
            message,
        });
    }
    out
}
