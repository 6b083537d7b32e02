//! kubeadm release profiles: what a given kubeadm release does when it writes manifests.
//!
//! Behaviour is chosen by the kubeadm *release* being emulated, never by scattered version
//! checks: [`changes`] lists every byte-relevant change with its first release, [`etcd_tags`]
//! holds the per-patch etcd tag maps, and [`Profile`] folds both into plain fields the renderer
//! reads.

pub mod changes;
pub mod etcd_tags;
pub mod release;
pub mod version;

use changes::{has, Change};
pub use release::Release;

/// How `command` is built from the default flags and the user's extraArgs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArgOrder {
    /// ≤1.30 `BuildArgumentListFromMap`: defaults overlaid with the extraArgs map, sorted by
    /// flag name.
    MapSorted,
    /// 1.31+ `ArgumentsToCommand` before PR #135400: overrides plus non-overridden defaults,
    /// sorted by (name, value).
    ListSorted,
    /// PR #135400: non-overridden defaults sorted by (name, value), then the overrides in the
    /// order the user wrote them.
    OverridesAppended,
}

/// Which etcd flag spelling a release writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EtcdFlags {
    /// `--experimental-initial-corrupt-check`, `--experimental-watch-progress-notify-interval`.
    Experimental,
    /// The 3.6 spelling when the etcd image tag is ≥ 3.6.0, else the experimental one.
    ByImageTag,
    /// Always the 3.6 spelling.
    Etcd36,
}

/// Extra CA directories mounted into kube-apiserver and kube-controller-manager when they
/// exist on the host (volumes.go `caCertsExtraVolumePaths`).
pub const CA_DIRS_OLD: &[&str] = &[
    "/etc/pki",
    "/usr/share/ca-certificates",
    "/usr/local/share/ca-certificates",
    "/etc/ca-certificates",
];
/// 1.31+ list (PR #124361).
pub const CA_DIRS_NEW: &[&str] = &[
    "/etc/pki/ca-trust",
    "/etc/pki/tls/certs",
    "/etc/ca-certificates",
    "/usr/share/ca-certificates",
    "/usr/local/share/ca-certificates",
];

/// Everything the renderer needs to know about one kubeadm release.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    pub release: Release,
    pub arg_order: ArgOrder,
    pub accepts_v1beta3: bool,
    pub accepts_v1beta4: bool,
    /// The user's `authorization-mode` is filtered to valid modes and written through the
    /// extraArgs map (≤1.30); later releases filter only the default.
    pub authz_mode_in_extra_args: bool,
    pub authz_config_skips_mode: bool,
    /// kubeadm 1.28–1.31 write env variables in Go map order (random when there are several);
    /// staticpod sorts them by name (as 1.32+ does) and says so.
    pub env_order_random: bool,
    pub creation_timestamp_null: bool,
    pub named_probe_port: bool,
    pub etcd_livez_readyz: bool,
    pub scheduler_livez_readyz: bool,
    pub etcd_flags: EtcdFlags,
    pub flexvolume_dir: bool,
    /// v1beta3 `apiServer.timeoutForControlPlane` is lost in conversion (1.31.0 up to the fix,
    /// see [`Change::V1beta3TimeoutConverted`]): the 4m default feeds the startup probe.
    pub drops_v1beta3_timeout: bool,
    pub ca_dirs: &'static [&'static str],
}

impl Profile {
    pub fn for_release(release: Release) -> Profile {
        let on = |change| has(release, change);
        let arg_order = if on(Change::OverridesAppended) {
            ArgOrder::OverridesAppended
        } else if on(Change::ArgListEra) {
            ArgOrder::ListSorted
        } else {
            ArgOrder::MapSorted
        };
        let etcd_flags = if on(Change::Etcd36FlagsAlways) {
            EtcdFlags::Etcd36
        } else if on(Change::Etcd36FlagsByImage) {
            EtcdFlags::ByImageTag
        } else {
            EtcdFlags::Experimental
        };
        Profile {
            release,
            arg_order,
            accepts_v1beta3: !on(Change::V1beta3Removed),
            accepts_v1beta4: on(Change::V1beta4Accepted),
            authz_mode_in_extra_args: !on(Change::ArgListEra),
            authz_config_skips_mode: on(Change::AuthzConfigSkipsMode),
            env_order_random: !on(Change::EnvSorted),
            creation_timestamp_null: !on(Change::NoCreationTimestamp),
            named_probe_port: on(Change::NamedProbePort),
            etcd_livez_readyz: on(Change::EtcdLivezReadyz),
            scheduler_livez_readyz: on(Change::SchedulerLivezReadyz),
            etcd_flags,
            flexvolume_dir: !on(Change::NoFlexvolumeDir),
            drops_v1beta3_timeout: on(Change::V1beta4Accepted)
                && !on(Change::V1beta3TimeoutConverted),
            ca_dirs: if on(Change::CaTrustDirs) {
                CA_DIRS_NEW
            } else {
                CA_DIRS_OLD
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eras() {
        let p128 = Profile::for_release(Release::new(28, 0));
        assert_eq!(p128.arg_order, ArgOrder::MapSorted);
        assert!(p128.accepts_v1beta3 && !p128.accepts_v1beta4);
        assert!(p128.creation_timestamp_null && !p128.named_probe_port);
        assert_eq!(p128.ca_dirs, CA_DIRS_OLD);

        let p131 = Profile::for_release(Release::new(31, 0));
        assert_eq!(p131.arg_order, ArgOrder::ListSorted);
        assert!(p131.accepts_v1beta3 && p131.accepts_v1beta4);
        assert!(p131.etcd_livez_readyz && !p131.scheduler_livez_readyz);

        let p134 = Profile::for_release(Release::new(34, 0));
        assert_eq!(p134.etcd_flags, EtcdFlags::ByImageTag);
        assert!(!p134.creation_timestamp_null && p134.named_probe_port);
        assert_eq!(p134.arg_order, ArgOrder::ListSorted);
        assert_eq!(
            Profile::for_release(Release::new(34, 4)).arg_order,
            ArgOrder::OverridesAppended
        );

        let p136 = Profile::for_release(Release::new(36, 0));
        assert_eq!(p136.etcd_flags, EtcdFlags::Etcd36);
        assert!(!p136.flexvolume_dir);

        let p137 = Profile::for_release(Release::new(37, 0));
        assert!(!p137.accepts_v1beta3 && p137.accepts_v1beta4);
    }
}
