//! Which check ids a verify run ran: the ids each group of checks can report, for JUnit's
//! "one testcase per check that ran" (a check that found nothing passed).

use crate::verify::{cis, Check, Options, Profile, Report};

/// A group of checks, as `--skip` and the README's tables name them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Group {
    /// The group's name (`validity`, `files`, …): the JUnit testsuite's name.
    pub name: &'static str,
    /// Every finding id its checks can report.
    pub ids: &'static [&'static str],
}

/// Whether the kubelet can run each manifest and its command line (always runs).
pub const VALIDITY: Group = Group {
    name: "validity",
    ids: &[
        "MANIFEST-MISSING",
        "MANIFEST-UNREADABLE",
        "MANIFEST-SYMLINK",
        "MANIFEST-TOO-LARGE",
        "MANIFEST-INVALID",
        "MANIFEST-MULTI-DOC",
        "POD-NAME",
        "POD-NAMESPACE",
        "POD-MIRROR-DUMP",
        "POD-COMMAND",
        "POD-NO-CONTAINERS",
        "POD-NO-IMAGE",
        "POD-API-REFERENCE",
        "POD-HOST-NETWORK",
        "POD-MOUNT-NO-VOLUME",
        "POD-DUPLICATE-VOLUME",
        "FLAG-POSITIONAL",
        "FLAG-SYNTAX",
    ],
};

/// Files in the manifests directory the kubelet also reads (`--skip strays`).
pub const STRAYS: Group = Group {
    name: "strays",
    ids: &["STRAY-FILE", "STRAY-DUPLICATE", "STRAY-DIR"],
};

/// Version skew between the components and against the releases staticpod knows (`--skip skew`).
pub const SKEW: Group = Group {
    name: "skew",
    ids: &[
        "SKEW-VERSION-UNKNOWN",
        "SKEW-NEWER",
        "SKEW-TOO-OLD",
        "SKEW-MIXED",
        "SKEW-UNMODELLED",
        "ETCD-VERSION",
    ],
};

/// With `--target-version` (part of the skew group).
pub const UPGRADE: Group = Group {
    name: "upgrade",
    ids: &["UPGRADE-PATH", "UPGRADE-ETCD", "UPGRADE-ALLOWED"],
};

/// Settings the manifests must agree on (`--skip consistency`).
pub const CONSISTENCY: Group = Group {
    name: "consistency",
    ids: &[
        "CONSIST-SERVICE-CIDR",
        "CONSIST-CLUSTER-CIDR",
        "CONSIST-CIDR-OVERLAP",
        "CONSIST-CERT-DIR",
        "CONSIST-ETCD-SERVERS",
        "CONSIST-ADVERTISE",
        "CONSIST-PROBE-PORT",
        "CONSIST-PROBE-HOST",
        "CONSIST-UNMOUNTED-PATH",
    ],
};

/// Files and certificates the manifests point to (`--skip files`).
pub const FILES: Group = Group {
    name: "files",
    ids: &[
        "FILE-MISSING",
        "HOSTPATH-MISSING",
        "HOSTPATH-TYPE",
        "CERT-MISSING",
        "CERT-UNREADABLE",
        "CERT-PARSE",
        "CERT-EXPIRED",
        "CERT-NOT-YET-VALID",
        "CERT-EXPIRING",
        "CERT-EXPIRY",
        "CERT-WRONG-CA",
        "CERT-NOT-CA",
        "CERT-KEY-MISMATCH",
        "KUBECONFIG-CA",
        "KUBECONFIG-CLIENT-CA",
        "KUBECONFIG-PARSE",
        "PATH-OUTSIDE-ROOT",
    ],
};

/// The manifests against rendered ones (only with a configuration to render; `--skip drift`).
pub const DRIFT: Group = Group {
    name: "drift",
    ids: &["DRIFT-CHANGED", "DRIFT-COSMETIC"],
};

/// The groups a run with `options` ran, each with its ids, in the README's order; the CIS
/// group's ids come from [`cis::catalogue`]. An id the report holds that no group lists (a
/// check newer than this table) is added to the group `other`, so no finding goes unreported.
pub fn ran(options: &Options, report: &Report) -> Vec<(&'static str, Vec<String>)> {
    let runs = |check: Check| !options.skip.contains(&check);
    let mut groups: Vec<Group> = vec![VALIDITY];
    if runs(Check::Strays) {
        groups.push(STRAYS);
    }
    if runs(Check::Skew) {
        groups.push(SKEW);
        if options.target.is_some() {
            groups.push(UPGRADE);
        }
    }
    if runs(Check::Consistency) {
        groups.push(CONSISTENCY);
    }
    if runs(Check::Files) {
        groups.push(FILES);
    }
    if runs(Check::Drift) && options.rendered.is_some() {
        groups.push(DRIFT);
    }
    let owned = |ids: &[&str]| ids.iter().map(|id| id.to_string()).collect::<Vec<_>>();
    let mut out: Vec<(&'static str, Vec<String>)> =
        groups.iter().map(|g| (g.name, owned(g.ids))).collect();
    if options.profile == Profile::Cis {
        // The catalogue holds the CIS numbers (`1.2.5`); findings are `CIS-1.2.5`.
        let ids = cis::catalogue()
            .iter()
            .map(|(id, _, _)| format!("CIS-{id}"));
        out.push(("cis", ids.collect()));
    }
    let mut other: Vec<String> = Vec::new();
    for finding in &report.findings {
        let known = out.iter().any(|(_, ids)| ids.contains(&finding.id));
        if !known && !other.contains(&finding.id) {
            other.push(finding.id.clone());
        }
    }
    if !other.is_empty() {
        out.push(("other", other));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verify::{Finding, Severity};

    fn options(skip: Vec<Check>, profile: Profile) -> Options {
        Options {
            root: "/".into(),
            manifests_dir: "/etc/kubernetes/manifests".into(),
            now: std::time::SystemTime::UNIX_EPOCH,
            target: None,
            profile,
            skip,
            rendered: None,
        }
    }

    #[test]
    fn groups_follow_skip_and_profile_and_unknown_ids_are_kept() {
        let names = |groups: &[(&str, Vec<String>)]| -> Vec<String> {
            groups.iter().map(|(n, _)| n.to_string()).collect()
        };
        let empty = Report::default();
        let all = ran(&options(Vec::new(), Profile::Default), &empty);
        assert_eq!(
            names(&all),
            ["validity", "strays", "skew", "consistency", "files"]
        );
        let skipped = ran(
            &options(vec![Check::Files, Check::Skew], Profile::Cis),
            &empty,
        );
        assert_eq!(
            names(&skipped),
            ["validity", "strays", "consistency", "cis"]
        );
        let cis = &skipped[3].1;
        assert_eq!(cis.len(), cis::catalogue().len());
        assert!(cis.iter().all(|id| id.starts_with("CIS-")));

        let report = Report {
            findings: vec![Finding {
                id: "NEW-CHECK".into(),
                severity: Severity::Error,
                component: None,
                file: None,
                message: "m".into(),
            }],
        };
        let with_new = ran(&options(Vec::new(), Profile::Default), &report);
        assert_eq!(
            with_new.last(),
            Some(&("other", vec!["NEW-CHECK".to_string()]))
        );
    }

    /// Every id the check modules can emit (quoted in their source) is in a group here.
    #[test]
    fn every_emitted_id_is_catalogued() {
        let sources = [
            include_str!("../validity.rs"),
            include_str!("../mod.rs"),
            include_str!("../skew.rs"),
            include_str!("../consistency.rs"),
            include_str!("../files.rs"),
            include_str!("../arguments.rs"),
            include_str!("../certs/mod.rs"),
            include_str!("../certs/checks.rs"),
            include_str!("../certs/chain.rs"),
            include_str!("../certs/keys.rs"),
            include_str!("../certs/spec.rs"),
            include_str!("../certs/validity.rs"),
            include_str!("../kubeconfig.rs"),
            include_str!("../drift.rs"),
        ];
        let prefixes = [
            "MANIFEST-",
            "POD-",
            "STRAY-",
            "SKEW-",
            "ETCD-",
            "UPGRADE-",
            "CONSIST-",
            "FILE-",
            "HOSTPATH-",
            "CERT-",
            "KUBECONFIG-",
            "DRIFT-",
            "FLAG-",
            "PATH-",
        ];
        let all: Vec<&str> = [VALIDITY, STRAYS, SKEW, UPGRADE, CONSISTENCY, FILES, DRIFT]
            .iter()
            .flat_map(|g| g.ids.iter().copied())
            .collect();
        let mut seen = 0;
        for source in sources {
            for (i, _) in source.match_indices('"') {
                let rest = &source[i + 1..];
                let len = rest
                    .find(|c: char| !(c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-'))
                    .unwrap_or(rest.len());
                let (token, after) = rest.split_at(len);
                let is_id = after.starts_with('"')
                    && prefixes.iter().any(|p| token.starts_with(p))
                    && !token.ends_with('-');
                if is_id {
                    seen += 1;
                    assert!(all.contains(&token), "{token} is not in the catalogue");
                }
            }
        }
        assert!(seen > 40, "only {seen} ids found in the check sources");
    }
}
