//! Every kubeadm change (1.28.0 onwards) that alters manifest bytes or accepted config APIs,
//! pinned to the first release that carries it. One row per change, with its source.
//!
//! A change is present in release R when R is at or after its mainline release, or when R is
//! a patch release of a line that received a backport at or before R's patch.

use super::release::Release;

/// A behaviour switch in kubeadm's manifest rendering.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Change {
    /// `--authorization-mode` is not written when apiserver extraArgs set `authorization-config`.
    AuthzConfigSkipsMode,
    /// `kubeadm.k8s.io/v1beta4` accepted (extraArgs lists, extraEnvs, timeouts).
    V1beta4Accepted,
    /// Arguments built by `ArgumentsToCommand`: the merged list sorted by (name, value), and the
    /// user's `authorization-mode` no longer filtered.
    ArgListEra,
    /// etcd probes `/livez` + `/readyz` and an etcd readinessProbe.
    EtcdLivezReadyz,
    /// Extra CA directories `/etc/pki/ca-trust` + `/etc/pki/tls/certs` instead of `/etc/pki`.
    CaTrustDirs,
    /// kube-scheduler probes `/livez` + `/readyz` and a scheduler readinessProbe.
    SchedulerLivezReadyz,
    /// Env variables (proxy + extraEnvs) sorted by name; before, Go map order (random).
    EnvSorted,
    /// `metadata.creationTimestamp: null` is no longer written.
    NoCreationTimestamp,
    /// Probes use the named port `probe-port`, declared in `ports`.
    NamedProbePort,
    /// etcd >= 3.6 images get `--feature-gates=InitialCorruptCheck=true` and
    /// `--watch-progress-notify-interval` instead of the `--experimental-*` flags.
    Etcd36FlagsByImage,
    /// extraArgs overrides are appended after the sorted defaults, in the user's order.
    OverridesAppended,
    /// The etcd 3.6 flags are written whatever the etcd image.
    Etcd36FlagsAlways,
    /// No default `flexvolume-dir` volume in kube-controller-manager.
    NoFlexvolumeDir,
    /// `kubeadm.k8s.io/v1beta3` no longer accepted.
    V1beta3Removed,
    /// v1beta3 `apiServer.timeoutForControlPlane` is converted again. From 1.31.0 (v1beta4 the
    /// internal default) until this fix the conversion dropped it, so the startup probe's
    /// `failureThreshold` came from the 4m default whatever the v1beta3 config said.
    V1beta3TimeoutConverted,
}

/// One row of the change table.
pub struct ChangeRow {
    pub change: Change,
    /// First release of the mainline (minor .0 or later) that has the change.
    pub mainline: Release,
    /// Earlier lines that received the change in a patch release (first patch with it).
    pub backports: &'static [Release],
    pub source: &'static str,
}

const fn r(minor: u64, patch: u64) -> Release {
    Release::new(minor, patch)
}

/// The table. Sources are CHANGELOG sections and PRs of kubernetes/kubernetes.
pub const CHANGES: &[ChangeRow] = &[
    ChangeRow {
        change: Change::AuthzConfigSkipsMode,
        mainline: r(30, 0),
        backports: &[],
        source: "PR #123654, v1.30.0 release notes (Bug or Regression); no backport",
    },
    ChangeRow {
        change: Change::V1beta4Accepted,
        mainline: r(31, 0),
        backports: &[],
        source: "PR #125029, v1.31.0 release notes",
    },
    ChangeRow {
        change: Change::ArgListEra,
        mainline: r(31, 0),
        backports: &[],
        source: "PR #125029 (ArgumentsToCommand over []Arg); kubernetes/kubeadm#3173 output",
    },
    ChangeRow {
        change: Change::EtcdLivezReadyz,
        mainline: r(31, 0),
        backports: &[],
        source: "PR #124465, v1.31.0 release notes",
    },
    ChangeRow {
        change: Change::CaTrustDirs,
        mainline: r(31, 0),
        backports: &[],
        source: "PR #124361, v1.31.0 release notes; volumes.go caCertsExtraVolumePaths",
    },
    ChangeRow {
        change: Change::SchedulerLivezReadyz,
        mainline: r(32, 0),
        backports: &[],
        source: "PR #126945, CHANGELOG-1.32 v1.32.0-alpha.1",
    },
    ChangeRow {
        change: Change::EnvSorted,
        mainline: r(32, 0),
        backports: &[],
        source: "PR #126743 (merged 2024-08-16, after the 1.31 branch cut): MergeKubeadmEnvVars \
                 sorts by name; before it iterated a Go map",
    },
    ChangeRow {
        change: Change::NoCreationTimestamp,
        mainline: r(34, 0),
        backports: &[],
        source: "PR #130989 (apimachinery omits zero creationTimestamp), CHANGELOG-1.34 alpha.1",
    },
    ChangeRow {
        change: Change::NamedProbePort,
        mainline: r(34, 0),
        backports: &[],
        source: "PR #132776, CHANGELOG-1.34 v1.34.0-beta.0",
    },
    ChangeRow {
        change: Change::Etcd36FlagsByImage,
        mainline: r(34, 0),
        backports: &[],
        source: "PR #132838, CHANGELOG-1.34 v1.34.0-beta.0",
    },
    ChangeRow {
        change: Change::OverridesAppended,
        mainline: r(36, 0),
        backports: &[r(32, 12), r(33, 8), r(34, 4), r(35, 1)],
        source: "PR #135400 (1.36.0); cherry-picks #135853 (v1.35.1, CHANGELOG), #135852 \
                 (v1.34.4, CHANGELOG), #135851 (1.33.8) and #135850 (1.32.12) in the same \
                 2026-02-10 patch train",
    },
    ChangeRow {
        change: Change::Etcd36FlagsAlways,
        mainline: r(36, 0),
        backports: &[],
        source: "PR #135701, CHANGELOG-1.36 v1.36.0 (Other)",
    },
    ChangeRow {
        change: Change::NoFlexvolumeDir,
        mainline: r(36, 0),
        backports: &[],
        source: "PR #136423, CHANGELOG-1.36 v1.36.0 (ACTION REQUIRED)",
    },
    ChangeRow {
        change: Change::V1beta3Removed,
        mainline: r(37, 0),
        backports: &[],
        source: "PR #136016, CHANGELOG-1.37 v1.37.0-alpha.1",
    },
    ChangeRow {
        change: Change::V1beta3TimeoutConverted,
        mainline: r(35, 0),
        backports: &[r(31, 13), r(32, 9), r(33, 5), r(34, 1)],
        source: "PR #133513 (kubernetes/kubeadm#3228: \"timeoutForControlPlane not honored\", \
                 default 4m0s used); cherry-picks #133776 (v1.31.13), #133755 (v1.32.9), \
                 #133754 (v1.33.5), #133753 (v1.34.1), each in its CHANGELOG's section",
    },
];

/// Whether `release` carries `change`.
pub fn has(release: Release, change: Change) -> bool {
    CHANGES
        .iter()
        .filter(|row| row.change == change)
        .any(|row| {
            release >= row.mainline
                || row
                    .backports
                    .iter()
                    .any(|b| b.minor == release.minor && release.patch >= b.patch)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_change_has_exactly_one_row() {
        let all = [
            Change::AuthzConfigSkipsMode,
            Change::V1beta4Accepted,
            Change::ArgListEra,
            Change::EtcdLivezReadyz,
            Change::CaTrustDirs,
            Change::SchedulerLivezReadyz,
            Change::EnvSorted,
            Change::NoCreationTimestamp,
            Change::NamedProbePort,
            Change::Etcd36FlagsByImage,
            Change::OverridesAppended,
            Change::Etcd36FlagsAlways,
            Change::NoFlexvolumeDir,
            Change::V1beta3Removed,
            Change::V1beta3TimeoutConverted,
        ];
        for change in all {
            assert_eq!(CHANGES.iter().filter(|row| row.change == change).count(), 1);
        }
        assert_eq!(CHANGES.len(), all.len());
    }

    #[test]
    fn mainline_changes_apply_from_their_release_on() {
        assert!(!has(r(29, 15), Change::AuthzConfigSkipsMode));
        assert!(has(r(30, 0), Change::AuthzConfigSkipsMode));
        assert!(has(r(37, 1), Change::AuthzConfigSkipsMode));
        assert!(!has(r(33, 9), Change::NamedProbePort));
        assert!(has(r(34, 0), Change::NamedProbePort));
    }

    #[test]
    fn backports_apply_only_inside_their_line() {
        assert!(!has(r(31, 14), Change::OverridesAppended));
        assert!(!has(r(32, 11), Change::OverridesAppended));
        assert!(has(r(32, 12), Change::OverridesAppended));
        assert!(!has(r(33, 7), Change::OverridesAppended));
        assert!(has(r(33, 8), Change::OverridesAppended));
        assert!(!has(r(34, 3), Change::OverridesAppended));
        assert!(has(r(34, 4), Change::OverridesAppended));
        assert!(!has(r(35, 0), Change::OverridesAppended));
        assert!(has(r(35, 1), Change::OverridesAppended));
        assert!(has(r(36, 0), Change::OverridesAppended));
    }

    #[test]
    fn v1beta3_timeout_fix_reached_each_line_in_its_own_patch() {
        for (minor, fixed) in [(31, 13), (32, 9), (33, 5), (34, 1)] {
            assert!(!has(r(minor, fixed - 1), Change::V1beta3TimeoutConverted));
            assert!(has(r(minor, fixed), Change::V1beta3TimeoutConverted));
        }
        assert!(has(r(35, 0), Change::V1beta3TimeoutConverted));
    }
}
