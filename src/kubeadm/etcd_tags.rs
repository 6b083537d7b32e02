//! kubeadm's compiled-in `SupportedEtcdVersion` map (constants.go) per patch release: the etcd
//! image tag written when `etcd.local.imageTag` is empty. Keyed by the minor of
//! `kubernetesVersion`. Patch releases changed these maps through cherry-picks, so each row
//! covers an exact patch range of one kubeadm line. Confidence: C = confirmed by a CHANGELOG
//! line or a real `kubeadm config images` output of that release; I = inferred from merge
//! dates between confirmed neighbours.

use super::release::Release;

/// One version of the map: kubeadm `v1.<line>.<first>` to `v1.<line>.<last>` (inclusive).
pub struct EtcdTable {
    /// The Kubernetes minor (e.g. 31 for 1.31).
    pub line: u64,
    /// The first patch release of the range.
    pub first: u64,
    /// The last patch release of the range.
    pub last: u64,
    /// (Kubernetes minor, etcd tag), ascending by minor.
    pub entries: &'static [(u64, &'static str)],
    /// Where the tag is recorded (kubeadm's constants.go at that release).
    pub source: &'static str,
}

macro_rules! keys {
    ($tag:literal: $($minor:literal),+) => { &[$(($minor, $tag)),+] };
}

/// The map per release range. A patch above `last` of a line's final row uses that row.
pub const ETCD_TABLES: &[EtcdTable] = &[
    EtcdTable { line: 28, first: 0, last: 5, entries: keys!("3.5.9-0": 22, 23, 24, 25, 26, 27, 28),
        source: "PR #118733 (milestone v1.28); v1.28.1 image lists (C for 28)" },
    EtcdTable { line: 28, first: 6, last: 7, entries: keys!("3.5.10-0": 22, 23, 24, 25, 26, 27, 28),
        source: "CHANGELOG-1.28 v1.28.6 'Etcd: Update to version 3.5.10' #121805 (C)" },
    EtcdTable { line: 28, first: 8, last: 13, entries: keys!("3.5.12-0": 22, 23, 24, 25, 26, 27, 28),
        source: "CHANGELOG-1.28 v1.28.8 #123069; v1.28.10 and v1.28.13 image lists (C from .10, I for .8)" },
    EtcdTable { line: 28, first: 14, last: 15, entries: keys!("3.5.15-0": 22, 23, 24, 25, 26, 27, 28),
        source: "PR #126399 (release-1.28); v1.28.15 images pull (C)" },
    EtcdTable { line: 29, first: 0, last: 2, entries: keys!("3.5.10-0": 22, 23, 24, 25, 26, 27, 28, 29),
        source: "PR #122265 context; v1.29.0 image lists (C for .0, I for .1-.2)" },
    EtcdTable { line: 29, first: 3, last: 8, entries: keys!("3.5.12-0": 22, 23, 24, 25, 26, 27, 28, 29, 30),
        source: "PR #123188 (release-1.29); v1.29.3 images pull (C)" },
    EtcdTable { line: 29, first: 9, last: 10, entries: keys!("3.5.15-0": 22, 23, 24, 25, 26, 27, 28, 29, 30),
        source: "PR #126397 (release-1.29); v1.29.9 image list (C for .9)" },
    EtcdTable { line: 29, first: 11, last: 15, entries: keys!("3.5.16-0": 22, 23, 24, 25, 26, 27, 28, 29, 30),
        source: "PR #127951 (release-1.29); v1.29.13/.15 image lists (C from .13, I for .11)" },
    EtcdTable { line: 30, first: 0, last: 4, entries: keys!("3.5.12-0": 22, 23, 24, 25, 26, 27, 28, 29, 30),
        source: "release-1.30 context in PR #126395; v1.30.1 digest list (C for .0/.1)" },
    EtcdTable { line: 30, first: 5, last: 14, entries: keys!("3.5.15-0": 22, 23, 24, 25, 26, 27, 28, 29, 30),
        source: "PR #126395 (release-1.30); kubeadm v1.30.5 config images list (C)" },
    EtcdTable { line: 31, first: 0, last: 13, entries: keys!("3.5.15-0": 29, 30, 31),
        source: "constants.go @3301161 (1.31); v1.31.1 outputs (C for .0/.1)" },
    EtcdTable { line: 31, first: 14, last: 14, entries: keys!("3.5.24-0": 29, 30, 31),
        source: "PR #135020 (release-1.31 cherry-pick of #134861) (I)" },
    EtcdTable { line: 32, first: 0, last: 9, entries: keys!("3.5.16-0": 29, 30, 31, 32),
        source: "kubeadm config images list v1.32.0 (C); release-1.32 DefaultEtcdVersion" },
    EtcdTable { line: 32, first: 10, last: 13, entries: keys!("3.5.24-0": 29, 30, 31, 32),
        source: "release-1.32 constants.go @00886ac; PR #135019; v1.32.13 image list (C)" },
    EtcdTable { line: 33, first: 0, last: 5, entries: keys!("3.5.21-0": 30, 31, 32, 33),
        source: "etcd bump guide diff (keys 30-33); PR #134779 review note (C)" },
    EtcdTable { line: 33, first: 6, last: 9, entries: keys!("3.5.24-0": 30, 31, 32, 33),
        source: "CHANGELOG-1.33 v1.33.6 #135018; v1.33.7 cluster (C)" },
    EtcdTable { line: 34, first: 0, last: 1, entries: &[(31, "3.5.21-0"), (32, "3.5.21-0"), (33, "3.5.21-0"), (34, "3.6.4-0")],
        source: "PR #133245; v1.34.0/.1 image lists (C)" },
    EtcdTable { line: 34, first: 2, last: 12, entries: &[(31, "3.5.24-0"), (32, "3.5.24-0"), (33, "3.5.24-0"), (34, "3.6.5-0")],
        source: "CHANGELOG-1.34 v1.34.2 #134861; v1.34.2/.3/.9/.10 image lists (C)" },
    EtcdTable { line: 35, first: 0, last: 9, entries: &[(34, "3.5.24-0"), (35, "3.6.6-0")],
        source: "PR #134866 (two dynamic keys) + #135271; v1.35.0/.2/.8 image lists (C for 35, I for 34)" },
    EtcdTable { line: 36, first: 0, last: 5, entries: keys!("3.6.8-0": 34, 35, 36),
        source: "PR #135589 (static map) + #137107 (3.6.8); v1.36.1/.5 image lists (C)" },
    EtcdTable { line: 37, first: 0, last: 1, entries: &[(34, "3.6.11-0"), (35, "3.6.11-0"), (36, "3.6.11-0"), (37, "3.7.0-0")],
        source: "PR #139427 + #140333 (3.7.0); v1.37.0/.1 image lists (C for 37); PR #138746 \
                 (master = 1.37 dev) set 34-36 to 3.6.11-0 (I)" },
];

/// Result of the lookup, with kubeadm's warning when the version is above the map.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EtcdTag {
    /// The etcd image tag.
    pub tag: &'static str,
    /// Said when the tag is a guess (a release newer than the table).
    pub warning: Option<String>,
}

/// The table a release uses (the last row of its line covers newer, unknown patches).
pub fn table_for(release: Release) -> Option<&'static EtcdTable> {
    let rows = ETCD_TABLES.iter().filter(|t| t.line == release.minor);
    let mut last = None;
    for row in rows {
        if release.patch >= row.first && release.patch <= row.last {
            return Some(row);
        }
        last = Some(row);
    }
    last.filter(|row| release.patch > row.last)
}

/// `constants.EtcdSupportedVersion`: exact minor → its tag; below the smallest key → the
/// smallest key's tag; above the largest key → the largest key's tag plus a warning.
pub fn default_tag(release: Release, kubernetes_minor: u64) -> Option<EtcdTag> {
    let table = table_for(release)?;
    let (min_minor, min_tag) = *table.entries.first()?;
    let (max_minor, max_tag) = *table.entries.last()?;
    if let Some((_, tag)) = table.entries.iter().find(|(m, _)| *m == kubernetes_minor) {
        return Some(EtcdTag { tag, warning: None });
    }
    if kubernetes_minor < min_minor {
        return Some(EtcdTag {
            tag: min_tag,
            warning: None,
        });
    }
    Some(EtcdTag {
        tag: max_tag,
        warning: (kubernetes_minor > max_minor).then(|| {
            format!(
                "kubeadm {release} has no etcd version for Kubernetes 1.{kubernetes_minor}; \
                 using etcd {max_tag} (the one for 1.{max_minor})"
            )
        }),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kubeadm::release::all_known;

    #[test]
    fn every_known_release_has_a_table() {
        for release in all_known() {
            assert!(table_for(release).is_some(), "{release} has no etcd table");
        }
    }

    #[test]
    fn rows_of_a_line_are_contiguous() {
        for release in all_known() {
            let hits = ETCD_TABLES
                .iter()
                .filter(|t| t.line == release.minor && (t.first..=t.last).contains(&release.patch))
                .count();
            assert_eq!(hits, 1, "{release} matches {hits} rows");
        }
    }

    #[test]
    fn pinned_tags_from_the_release_facts() {
        let cases = [
            ((28, 0), 28, "3.5.9-0"),
            ((28, 6), 28, "3.5.10-0"),
            ((28, 15), 28, "3.5.15-0"),
            ((29, 0), 29, "3.5.10-0"),
            ((29, 3), 29, "3.5.12-0"),
            ((29, 15), 29, "3.5.16-0"),
            ((30, 0), 30, "3.5.12-0"),
            ((30, 5), 30, "3.5.15-0"),
            ((31, 0), 31, "3.5.15-0"),
            ((32, 0), 32, "3.5.16-0"),
            ((32, 13), 32, "3.5.24-0"),
            ((33, 0), 33, "3.5.21-0"),
            ((33, 6), 33, "3.5.24-0"),
            ((34, 0), 34, "3.6.4-0"),
            ((34, 2), 34, "3.6.5-0"),
            ((34, 2), 33, "3.5.24-0"),
            ((35, 0), 35, "3.6.6-0"),
            ((35, 0), 34, "3.5.24-0"),
            ((36, 5), 36, "3.6.8-0"),
            ((37, 1), 37, "3.7.0-0"),
        ];
        for ((minor, patch), k8s_minor, tag) in cases {
            let got = default_tag(Release::new(minor, patch), k8s_minor).expect("table");
            assert_eq!(got.tag, tag, "kubeadm v1.{minor}.{patch} for 1.{k8s_minor}");
        }
    }

    #[test]
    fn below_uses_smallest_above_warns() {
        let below = default_tag(Release::new(31, 0), 20).expect("table");
        assert_eq!(below.tag, "3.5.15-0");
        assert!(below.warning.is_none());
        let above = default_tag(Release::new(31, 0), 33).expect("table");
        assert_eq!(above.tag, "3.5.15-0");
        assert!(above.warning.is_some());
    }
}
