//! Check 3: version skew (Kubernetes version skew policy, kube-apiserver is the reference),
//! the etcd kubeadm ships for the running release, and with a target version the upgrade path
//! (`plan`'s rules: one minor at a time, no downgrade, a known release) and etcd's own upgrade
//! rules (one etcd minor at a time; 3.5 → 3.6 from 3.5.26 or later, etcd.io "Upgrade etcd
//! from v3.5 to v3.6").

use super::finding::{Finding, Severity};
use super::scan::PodView;
use crate::component::Component;
use crate::kubeadm::release;
use crate::kubeadm::version::KubeVersion;
use crate::kubeadm::{etcd_tags, version::etcd_tag_at_least};
use crate::manifest::image_tag;
use crate::plan::{self, tag_version, Current, Verdict};

/// etcd.io, "Upgrade etcd from v3.5 to v3.6": the v3.6 guide requires 3.5.20 or later on every
/// member (older ones fail with "too many learner members"); the current guide asks for 3.5.26,
/// whose fixes (3.5.24 – 3.5.26) remove further upgrade blockers.
const ETCD_36_REQUIRED: (u64, u64, u64) = (3, 5, 20);
const ETCD_36_RECOMMENDED: (u64, u64, u64) = (3, 5, 26);

pub fn check(pods: &[PodView<'_>], target: Option<&KubeVersion>) -> Vec<Finding> {
    let mut out = Vec::new();
    let find = |c: Component| pods.iter().find(|p| p.component == c);
    let finding = |id: &str, severity, pod: Option<&PodView<'_>>, message: String| Finding {
        id: id.to_string(),
        severity,
        component: pod.map(|p| p.component.name().to_string()),
        file: pod.map(|p| p.path.to_path_buf()),
        message,
    };

    let mut versions = Vec::new();
    for pod in pods.iter().filter(|p| p.component != Component::Etcd) {
        match Current::from_image(pod.component, pod.image()).version {
            Ok(v) => versions.push((pod.component, v)),
            Err(why) => out.push(finding(
                "SKEW-VERSION-UNKNOWN",
                Severity::Warning,
                Some(pod),
                format!("cannot tell the Kubernetes version of image {:?} ({why}): skew checks skip it; use the kubeadm image tag (vMAJOR.MINOR.PATCH)", pod.image().unwrap_or("")),
            )),
        }
    }
    let api = versions
        .iter()
        .find(|(c, _)| *c == Component::KubeApiserver)
        .map(|(_, v)| v.clone());
    if let Some(api) = &api {
        for (component, v) in versions
            .iter()
            .filter(|(c, _)| *c != Component::KubeApiserver)
        {
            let pod = find(*component);
            if v > api {
                out.push(finding(
                    "SKEW-NEWER",
                    Severity::Error,
                    pod,
                    format!("{component} {v} is newer than kube-apiserver {api}: the skew policy never allows that; run the kube-apiserver version or restore the matching backup"),
                ));
            } else if api.minor() > v.minor() + 1 || api.major() != v.major() {
                out.push(finding(
                    "SKEW-TOO-OLD",
                    Severity::Error,
                    pod,
                    format!("{component} {v} is more than one minor older than kube-apiserver {api}: the skew policy allows one; upgrade it to {api}"),
                ));
            } else if v != api {
                out.push(finding(
                    "SKEW-MIXED",
                    Severity::Warning,
                    pod,
                    format!("{component} runs {v} but kube-apiserver runs {api} (allowed by the skew policy, typical of an unfinished upgrade); finish the upgrade so all run {api}"),
                ));
            }
        }
        etcd_version(api, find(Component::Etcd), &mut out);
    }
    if let Some(target) = target {
        upgrade_path(pods, target, &mut out);
    }
    out
}

/// ETCD-VERSION / SKEW-UNMODELLED: the etcd tag against the one kubeadm ships for `api`.
fn etcd_version(api: &KubeVersion, etcd: Option<&PodView<'_>>, out: &mut Vec<Finding>) {
    let chosen = release::for_kubernetes(api);
    let Ok(chosen) = chosen else {
        out.push(Finding {
            id: "SKEW-UNMODELLED".into(),
            severity: Severity::Info,
            component: None,
            file: None,
            message: format!("kube-apiserver {api} is outside the kubeadm releases staticpod models (1.28 – 1.37): the etcd version and drift are not checked"),
        });
        return;
    };
    let Some(etcd) = etcd else { return };
    let Some(expected) = etcd_tags::default_tag(chosen.release, api.minor()) else {
        return;
    };
    let running = etcd.image().and_then(image_tag).unwrap_or("");
    if running == expected.tag {
        return;
    }
    let newer = tag_version(expected.tag)
        .and_then(|(a, b, c)| etcd_tag_at_least(running, a, b, c))
        .unwrap_or(false);
    let (severity, advice) = if newer {
        (
            Severity::Info,
            "newer than that; kubeadm keeps a newer etcd on upgrade, nothing to do",
        )
    } else {
        (
            Severity::Warning,
            "the etcd step of the upgrade did not run (--etcd-upgrade=false) or was overridden; run the etcd kubeadm ships, or pin it in the config (etcd.local.imageTag) on purpose",
        )
    };
    out.push(Finding {
        id: "ETCD-VERSION".into(),
        severity,
        component: Some(Component::Etcd.name().into()),
        file: Some(etcd.path.to_path_buf()),
        message: format!(
            "etcd runs {:?} but kubeadm {} ships {} for Kubernetes {api}: {advice}",
            running, chosen.release, expected.tag
        ),
    });
}

/// UPGRADE-PATH / UPGRADE-ETCD / UPGRADE-ALLOWED for `--target-version`.
fn upgrade_path(pods: &[PodView<'_>], target: &KubeVersion, out: &mut Vec<Finding>) {
    let current: Vec<Current> = pods
        .iter()
        .map(|pod| Current::from_image(pod.component, pod.image()))
        .collect();
    let plan = plan::plan(&current, target, false);
    let node = |id: &str, severity, message: String| Finding {
        id: id.to_string(),
        severity,
        component: None,
        file: None,
        message,
    };
    for reason in &plan.reasons {
        out.push(node(
            "UPGRADE-PATH",
            Severity::Error,
            format!("upgrade to {target} refused: {reason}"),
        ));
    }
    let etcd_row = plan.rows.iter().find(|r| r.component == Component::Etcd);
    // etcd's own rules matter once the Kubernetes path itself is allowed.
    let etcd_upgrade = etcd_row.filter(|r| plan.allowed() && r.verdict == Verdict::Upgrade);
    if let Some(row) = etcd_upgrade {
        if let (Some(cur), Some(tgt)) = (tag_version(&row.current), tag_version(&row.target)) {
            if tgt.0 != cur.0 || tgt.1 > cur.1 + 1 {
                out.push(node(
                    "UPGRADE-ETCD",
                    Severity::Error,
                    format!("etcd {} → {} skips an etcd minor: etcd upgrades one minor at a time; upgrade Kubernetes through the intermediate release first", row.current, row.target),
                ));
            } else if tgt.1 == cur.1 + 1 && (cur.0, cur.1) == (3, 5) && cur < ETCD_36_REQUIRED {
                out.push(node(
                    "UPGRADE-ETCD",
                    Severity::Warning,
                    format!("etcd {} → {}: etcd requires 3.5.20 or later on every member before 3.6 (older members fail the upgrade with \"too many learner members\"); first upgrade to the newest 1.{} patch, which ships a newer 3.5", row.current, row.target, target.minor().saturating_sub(1)),
                ));
            } else if tgt.1 == cur.1 + 1 && (cur.0, cur.1) == (3, 5) && cur < ETCD_36_RECOMMENDED {
                out.push(node(
                    "UPGRADE-ETCD",
                    Severity::Info,
                    format!("etcd {} → {}: etcd.io's current 3.5 → 3.6 guide recommends 3.5.26 or later (fixes for upgrade blockers); take an etcd backup (etcdctl snapshot save) before the upgrade", row.current, row.target),
                ));
            }
        }
    }
    let running = current
        .iter()
        .find(|c| c.component == Component::KubeApiserver)
        .and_then(|c| c.version.as_ref().ok());
    if plan.allowed() && running == Some(target) {
        out.push(node(
            "UPGRADE-ALLOWED",
            Severity::Info,
            format!("kube-apiserver already runs {target}: nothing to upgrade"),
        ));
    } else if plan.allowed() {
        let etcd = etcd_row
            .map(|r| {
                format!(
                    ", etcd {} → {} ({})",
                    r.current,
                    r.target,
                    r.verdict.as_str()
                )
            })
            .unwrap_or_default();
        let release = plan
            .release
            .map(|r| format!(" (kubeadm {r})"))
            .unwrap_or_default();
        out.push(node(
            "UPGRADE-ALLOWED",
            Severity::Info,
            format!("upgrade to {target} is allowed{release}{etcd}; preview it with staticpod diff --kubernetes-version {target}"),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verify::scan::{members_from, Member};
    use std::path::Path;

    fn pod(component: Component, image: &str) -> (Component, Option<Vec<u8>>) {
        let text = format!(
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {0}\n  namespace: kube-system\nspec:\n  hostNetwork: true\n  containers:\n  - name: {0}\n    image: {image}\n",
            component.name()
        );
        (component, Some(text.into_bytes()))
    }

    /// `check` over members (the decodable ones).
    fn check(members: &[Member], target: Option<&KubeVersion>) -> Vec<Finding> {
        let pods: Vec<PodView<'_>> = members.iter().filter_map(Member::pod).collect();
        super::check(&pods, target)
    }

    fn node(api: &str, kcm: &str, sched: &str, etcd: &str) -> Vec<Member> {
        members_from(
            Path::new("/m"),
            &[
                pod(
                    Component::KubeApiserver,
                    &format!("registry.k8s.io/kube-apiserver:{api}"),
                ),
                pod(
                    Component::KubeControllerManager,
                    &format!("registry.k8s.io/kube-controller-manager:{kcm}"),
                ),
                pod(
                    Component::KubeScheduler,
                    &format!("registry.k8s.io/kube-scheduler:{sched}"),
                ),
                pod(Component::Etcd, &format!("registry.k8s.io/etcd:{etcd}")),
            ],
        )
    }

    fn ids(findings: &[Finding]) -> Vec<(&str, Severity)> {
        findings
            .iter()
            .map(|f| (f.id.as_str(), f.severity))
            .collect()
    }

    #[test]
    fn a_consistent_node_passes() {
        let found = check(&node("v1.31.14", "v1.31.14", "v1.31.14", "3.5.24-0"), None);
        assert_eq!(ids(&found), [], "{found:#?}");
    }

    #[test]
    fn skew_rules() {
        let found = check(&node("v1.31.14", "v1.32.0", "v1.29.1", "3.5.24-0"), None);
        assert_eq!(
            ids(&found),
            [
                ("SKEW-NEWER", Severity::Error),
                ("SKEW-TOO-OLD", Severity::Error)
            ]
        );
        let mixed = check(&node("v1.31.14", "v1.30.14", "v1.31.14", "3.5.24-0"), None);
        assert_eq!(ids(&mixed), [("SKEW-MIXED", Severity::Warning)]);
        let unknown = check(&node("v1.31.14", "latest", "v1.31.14", "3.5.24-0"), None);
        assert_eq!(ids(&unknown), [("SKEW-VERSION-UNKNOWN", Severity::Warning)]);
    }

    #[test]
    fn etcd_against_the_kubeadm_table() {
        let older = check(&node("v1.31.14", "v1.31.14", "v1.31.14", "3.5.15-0"), None);
        assert_eq!(ids(&older), [("ETCD-VERSION", Severity::Warning)]);
        assert!(
            older[0].message.contains("3.5.24-0"),
            "{}",
            older[0].message
        );
        let newer = check(&node("v1.31.14", "v1.31.14", "v1.31.14", "3.6.5-0"), None);
        assert_eq!(ids(&newer), [("ETCD-VERSION", Severity::Info)]);
        let old_release = check(&node("v1.22.2", "v1.22.2", "v1.22.2", "3.5.0-0"), None);
        assert_eq!(ids(&old_release), [("SKEW-UNMODELLED", Severity::Info)]);
    }

    #[test]
    fn upgrade_paths() {
        let n = node("v1.33.9", "v1.33.9", "v1.33.9", "3.5.24-0");
        let ok = check(&n, KubeVersion::parse("v1.34.12").ok().as_ref());
        assert_eq!(
            ids(&ok),
            [
                ("UPGRADE-ETCD", Severity::Info),
                ("UPGRADE-ALLOWED", Severity::Info)
            ],
            "{ok:#?}"
        );
        assert!(ok[1].message.contains("3.6.5-0"), "{}", ok[1].message);
        let same = check(&n, KubeVersion::parse("v1.33.9").ok().as_ref());
        assert_eq!(
            ids(&same),
            [("UPGRADE-ALLOWED", Severity::Info)],
            "{same:#?}"
        );
        assert!(same[0].message.contains("nothing to upgrade"), "{same:#?}");
        let skip = check(&n, KubeVersion::parse("v1.35.9").ok().as_ref());
        assert_eq!(ids(&skip), [("UPGRADE-PATH", Severity::Error)]);
        let old_35 = node("v1.33.1", "v1.33.1", "v1.33.1", "3.5.16-0");
        let prereq = check(&old_35, KubeVersion::parse("v1.34.12").ok().as_ref());
        assert!(
            ids(&prereq).contains(&("UPGRADE-ETCD", Severity::Warning)),
            "{prereq:#?}"
        );
        let etcd_34 = node("v1.35.9", "v1.35.9", "v1.35.9", "3.4.13-0");
        let skip_etcd = check(&etcd_34, KubeVersion::parse("v1.36.5").ok().as_ref());
        assert!(
            ids(&skip_etcd).contains(&("UPGRADE-ETCD", Severity::Error)),
            "{skip_etcd:#?}"
        );
    }
}
