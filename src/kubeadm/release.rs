//! Which kubeadm releases staticpod can emulate, and how a release is chosen.

use std::fmt;

use super::version::KubeVersion;

/// A kubeadm release `v1.<minor>.<patch>` (always major 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Release {
    /// Kubernetes minor (major is always 1).
    pub minor: u64,
    /// Patch.
    pub patch: u64,
}

impl Release {
    /// kubeadm v1.`minor`.`patch`.
    pub const fn new(minor: u64, patch: u64) -> Self {
        Release { minor, patch }
    }
}

impl fmt::Display for Release {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "v1.{}.{}", self.minor, self.patch)
    }
}

/// The newest patch release known per minor line, with the evidence for it
/// (`kubeadm-release-facts.md` part 2, "latest patches as of 2026-10-06").
/// Lines 1.28–1.31 have ended; their last patch is final.
pub const KNOWN_LINES: &[(u64, u64, &str)] = &[
    (
        28,
        15,
        "last 1.28 release (EOL); kubeadm config images pull v1.28.15",
    ),
    (
        29,
        15,
        "last 1.29 release (EOL); kubeadm config images list v1.29.15",
    ),
    (
        30,
        14,
        "last 1.30 release (EOL); kubeadm config images pull v1.30.14",
    ),
    (31, 14, "last 1.31 release; PR #135020 image list"),
    (
        32,
        13,
        "newest 1.32 seen: config images list --kubernetes-version=v1.32.13",
    ),
    (33, 9, "newest 1.33 seen: v1.33.9 image pack"),
    (34, 12, "newest 1.34 patch as of 2026-10-06"),
    (35, 9, "newest 1.35 patch as of 2026-10-06"),
    (36, 5, "newest 1.36 patch as of 2026-10-06 (1.36.5 deb)"),
    (37, 1, "newest 1.37 patch as of 2026-10-06"),
];

/// Why a requested release cannot be emulated.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReleaseError {
    /// A minor staticpod has no profile for.
    #[error("kubeadm {requested} is outside the releases staticpod knows (v1.28.0 to v1.37.x)")]
    UnknownMinor {
        /// The version asked for.
        requested: String,
    },
    /// A pre-release (`-rc.1`, `-alpha.2`): no profile.
    #[error("kubeadm {requested} is a pre-release; staticpod emulates released versions only")]
    PreRelease {
        /// The version asked for.
        requested: String,
    },
    #[error(
        "Kubernetes {requested}: no kubeadm release staticpod knows deploys this minor (it \
         emulates kubeadm v1.28.0 to v1.37.x); pass --kubeadm-version to choose one"
    )]
    /// No known kubeadm release fits.
    NoReleaseFor {
        /// The version asked for.
        requested: String,
    },
}

/// The outcome of choosing a release: the release, plus a note when the requested patch is
/// newer than the newest one staticpod has facts for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chosen {
    /// The release to emulate.
    pub release: Release,
    /// Why it was chosen, when that is worth saying.
    pub note: Option<String>,
}

/// Resolve `--kubeadm-version` exactly (a patch newer than the newest known one is accepted
/// with a note: it behaves like the newest known patch of its line).
pub fn exact(version: &KubeVersion) -> Result<Chosen, ReleaseError> {
    if version.is_prerelease() {
        return Err(ReleaseError::PreRelease {
            requested: version.to_string(),
        });
    }
    let newest = newest_patch(version.major(), version.minor()).ok_or_else(|| {
        ReleaseError::UnknownMinor {
            requested: version.to_string(),
        }
    })?;
    let release = Release::new(version.minor(), version.patch());
    let note = (version.patch() > newest).then(|| {
        format!(
            "kubeadm {release} is newer than the newest 1.{} release staticpod has facts for \
             (v1.{}.{newest}); rendering with what is known up to that release",
            version.minor(),
            version.minor()
        )
    });
    Ok(Chosen { release, note })
}

/// The one rule every command uses to pick the kubeadm release for Kubernetes `version`
/// (`plan --target-version`, `render`/`apply`/`diff --kubernetes-version` or the config's
/// `kubernetesVersion`): when `version` is itself a known kubeadm release, exactly it — the
/// upgrade procedure installs kubeadm V to move to V; otherwise (a patch newer than the newest
/// known one, or a pre-release) the newest known patch of its minor, with a note saying so.
pub fn for_kubernetes(version: &KubeVersion) -> Result<Chosen, ReleaseError> {
    let newest = newest_for(version)?;
    let known = !version.is_prerelease() && version.patch() <= newest.release.patch;
    if known {
        return Ok(Chosen {
            release: Release::new(version.minor(), version.patch()),
            note: None,
        });
    }
    let note = format!(
        "Kubernetes {version} is not a kubeadm release staticpod has facts for; emulating the \
         newest known 1.{} release, kubeadm {}",
        version.minor(),
        newest.release
    );
    Ok(Chosen {
        release: newest.release,
        note: Some(note),
    })
}

/// The newest known patch of a Kubernetes version's minor line.
pub fn newest_for(version: &KubeVersion) -> Result<Chosen, ReleaseError> {
    let newest = newest_patch(version.major(), version.minor()).ok_or_else(|| {
        ReleaseError::NoReleaseFor {
            requested: version.to_string(),
        }
    })?;
    Ok(Chosen {
        release: Release::new(version.minor(), newest),
        note: None,
    })
}

fn newest_patch(major: u64, minor: u64) -> Option<u64> {
    if major != 1 {
        return None;
    }
    KNOWN_LINES
        .iter()
        .find(|(line, _, _)| *line == minor)
        .map(|(_, patch, _)| *patch)
}

/// Every known release, oldest first (used by tests and `--help` text).
pub fn all_known() -> impl Iterator<Item = Release> {
    KNOWN_LINES
        .iter()
        .flat_map(|(minor, newest, _)| (0..=*newest).map(move |patch| Release::new(*minor, patch)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(text: &str) -> KubeVersion {
        KubeVersion::parse(text).expect("version")
    }

    #[test]
    fn default_is_newest_patch_of_the_minor() {
        assert_eq!(
            newest_for(&v("v1.30.0")).expect("known").release,
            Release::new(30, 14)
        );
        assert_eq!(
            newest_for(&v("v1.37.0")).expect("known").release,
            Release::new(37, 1)
        );
    }

    #[test]
    fn exact_accepts_known_and_notes_newer_patches() {
        let chosen = exact(&v("v1.33.2")).expect("known");
        assert_eq!(chosen.release, Release::new(33, 2));
        assert!(chosen.note.is_none());
        let newer = exact(&v("v1.33.12")).expect("newer patch is accepted");
        assert!(newer.note.is_some());
    }

    /// Issue 12 item 11: plan and render/apply chose different releases for one V.
    #[test]
    fn one_rule_exact_when_known_else_newest_with_a_note() {
        let exact = for_kubernetes(&v("v1.33.2")).expect("known");
        assert_eq!((exact.release, exact.note), (Release::new(33, 2), None));
        let newer = for_kubernetes(&v("v1.33.12")).expect("newer patch");
        assert_eq!(newer.release, Release::new(33, 9));
        assert!(newer.note.is_some_and(|n| n.contains("kubeadm v1.33.9")));
        let pre = for_kubernetes(&v("v1.34.0-rc.1")).expect("pre-release");
        assert_eq!(pre.release, Release::new(34, 12));
        assert!(for_kubernetes(&v("v1.38.0")).is_err());
    }

    #[test]
    fn rejects_unknown_minors_and_prereleases() {
        assert!(exact(&v("v1.27.3")).is_err());
        assert!(exact(&v("v1.38.0")).is_err());
        assert!(exact(&v("v2.0.0")).is_err());
        assert!(exact(&v("v1.37.0-alpha.1")).is_err());
    }

    #[test]
    fn all_known_covers_every_line() {
        let all: Vec<Release> = all_known().collect();
        assert_eq!(all.first(), Some(&Release::new(28, 0)));
        assert_eq!(all.last(), Some(&Release::new(37, 1)));
        assert!(all.windows(2).all(|w| w[0] < w[1]));
    }
}
