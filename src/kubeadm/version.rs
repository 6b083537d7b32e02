//! Kubernetes and kubeadm version strings (`v1.31.2`, `1.31.2`, `v1.31.0-rc.1+abc`).

use std::fmt;

/// A parsed Kubernetes-style semantic version. Kubernetes always writes a leading `v`;
/// kubeadm accepts the value with or without it and normalises to the `v` form.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct KubeVersion(semver::Version);

impl KubeVersion {
    /// Parse `v1.31.2` / `1.31.2` (pre-release and build metadata allowed).
    pub fn parse(text: &str) -> Result<Self, VersionError> {
        let trimmed = text.trim();
        let bare = trimmed.strip_prefix('v').unwrap_or(trimmed);
        semver::Version::parse(bare)
            .map(KubeVersion)
            .map_err(|source| VersionError {
                text: text.to_string(),
                reason: source.to_string(),
            })
    }

    /// Major version (1).
    pub fn major(&self) -> u64 {
        self.0.major
    }
    /// Minor version.
    pub fn minor(&self) -> u64 {
        self.0.minor
    }
    /// Patch version.
    pub fn patch(&self) -> u64 {
        self.0.patch
    }
    /// Has a pre-release suffix (`-rc.1`).
    pub fn is_prerelease(&self) -> bool {
        !self.0.pre.is_empty()
    }

    /// The image tag kubeadm derives from a version: the `v` form with `+` replaced by `_`
    /// (`KubernetesVersionToImageTag`).
    pub fn image_tag(&self) -> String {
        self.to_string().replace('+', "_")
    }
}

impl fmt::Display for KubeVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "v{}", self.0)
    }
}

/// A version string that is not `[v]MAJOR.MINOR.PATCH[-pre][+build]`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{text:?} is not a version of the form v1.31.2 ({reason})")]
pub struct VersionError {
    /// The text that did not parse.
    pub text: String,
    /// Why.
    pub reason: String,
}

/// Compare an etcd image tag such as `3.6.4-0` with a plain version, the way kubeadm does
/// (`version.ParseSemantic`): the `-0` suffix is a semver pre-release, so `3.6.4-0` is
/// above `3.6.0` but `3.6.0-0` is below it. `None` when the tag does not parse.
pub fn etcd_tag_at_least(tag: &str, major: u64, minor: u64, patch: u64) -> Option<bool> {
    let bare = tag.strip_prefix('v').unwrap_or(tag);
    let parsed = semver::Version::parse(bare).ok()?;
    Some(parsed >= semver::Version::new(major, minor, patch))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_with_and_without_v() {
        let a = KubeVersion::parse("v1.31.2").expect("parse");
        let b = KubeVersion::parse("1.31.2").expect("parse");
        assert_eq!(a, b);
        assert_eq!(a.to_string(), "v1.31.2");
        assert_eq!((a.major(), a.minor(), a.patch()), (1, 31, 2));
    }

    #[test]
    fn image_tag_replaces_plus() {
        let v = KubeVersion::parse("v1.30.1+k3s1").expect("parse");
        assert_eq!(v.image_tag(), "v1.30.1_k3s1");
    }

    #[test]
    fn rejects_labels() {
        assert!(KubeVersion::parse("stable-1").is_err());
        assert!(KubeVersion::parse("v1.30").is_err());
    }

    #[test]
    fn etcd_tag_comparison_follows_semver_prerelease_rules() {
        assert_eq!(etcd_tag_at_least("3.6.4-0", 3, 6, 0), Some(true));
        assert_eq!(etcd_tag_at_least("3.6.0-0", 3, 6, 0), Some(false));
        assert_eq!(etcd_tag_at_least("3.5.24-0", 3, 6, 0), Some(false));
        assert_eq!(etcd_tag_at_least("latest", 3, 6, 0), None);
    }
}
