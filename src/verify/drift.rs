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
                format!("differs from what {} writes for the config (re-rendering would: {reasons}); the next kubeadm upgrade drops such hand edits: keep them with `staticpod import --patches-out DIR` (writes the config and kubeadm patches that reproduce this file) or re-render (staticpod diff shows the lines)", rendered.release),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verify::scan::members_from;
    use std::path::Path;

    const SCHEDULER: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: kube-scheduler\n  namespace: kube-system\nspec:\n  hostNetwork: true\n  containers:\n  - command:\n    - kube-scheduler\n    - --bind-address=127.0.0.1\n    image: registry.k8s.io/kube-scheduler:v1.31.2\n    name: kube-scheduler\n";

    fn run(on_disk: &[(Component, &str)], rendered: &[(Component, &str)]) -> Vec<Finding> {
        let files: Vec<(Component, Option<Vec<u8>>)> = on_disk
            .iter()
            .map(|(c, text)| (*c, Some(text.as_bytes().to_vec())))
            .collect();
        let members = members_from(Path::new("/m"), &files);
        let rendered = Rendered {
            release: "kubeadm v1.31.14".into(),
            manifests: rendered.iter().map(|(c, t)| (*c, t.to_string())).collect(),
        };
        check(&members, &rendered)
    }

    fn ids(found: &[Finding]) -> Vec<(&str, Severity)> {
        found.iter().map(|f| (f.id.as_str(), f.severity)).collect()
    }

    #[test]
    fn identical_manifests_do_not_drift() {
        let s = Component::KubeScheduler;
        assert_eq!(run(&[(s, SCHEDULER)], &[(s, SCHEDULER)]), Vec::new());
    }

    #[test]
    fn hand_edits_drift_and_reformatting_is_cosmetic() {
        let s = Component::KubeScheduler;
        let edited = SCHEDULER.replace(
            "    - --bind-address=127.0.0.1\n",
            "    - --bind-address=127.0.0.1\n    - --profiling=false\n",
        );
        let found = run(&[(s, &edited)], &[(s, SCHEDULER)]);
        assert_eq!(ids(&found), [("DRIFT-CHANGED", Severity::Warning)]);
        assert!(found[0].message.contains("--profiling=false"), "{found:#?}");
        assert!(found[0].message.contains("staticpod import --patches-out"));
        let reformatted = format!("# a comment\n{SCHEDULER}");
        assert_eq!(
            ids(&run(&[(s, &reformatted)], &[(s, SCHEDULER)])),
            [("DRIFT-COSMETIC", Severity::Info)]
        );
    }

    #[test]
    fn a_file_kubeadm_would_not_write_drifts_and_broken_files_are_left_to_validity() {
        let s = Component::KubeScheduler;
        let found = run(&[(s, SCHEDULER)], &[]);
        assert_eq!(ids(&found), [("DRIFT-CHANGED", Severity::Warning)]);
        assert!(found[0].message.contains("writes no kube-scheduler.yaml"));
        assert_eq!(run(&[(s, "kind: [")], &[(s, SCHEDULER)]), Vec::new());
    }
}
