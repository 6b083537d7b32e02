//! The host facts kubeadm reads while rendering, resolved under `--root`:
//! which extra CA directories exist (`isExtraVolumeMountNeeded` stats each path) and whether
//! the cluster uses an external CA (`ca.crt` present without `ca.key`).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::gopath;

/// What kubeadm would observe on the node.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HostFacts {
    /// Absolute node paths that exist (only the CA directories kubeadm probes are recorded).
    pub existing_paths: BTreeSet<String>,
    /// `certs.UsingExternalCA`: `ca.crt` exists in the certificates dir but `ca.key` does not.
    pub external_ca: bool,
}

impl HostFacts {
    /// Probe `paths` and the CA files under `root` (read-only: `stat` only).
    pub fn probe(root: &Path, paths: &[&str], certificates_dir: &str) -> HostFacts {
        let existing_paths = paths
            .iter()
            .filter(|p| fs_err::metadata(under_root(root, p)).is_ok())
            .map(|p| p.to_string())
            .collect();
        let ca_crt = under_root(root, &gopath::join(certificates_dir, "ca.crt"));
        let ca_key = under_root(root, &gopath::join(certificates_dir, "ca.key"));
        let external_ca = fs_err::metadata(&ca_crt).is_ok_and(|m| m.is_file())
            && fs_err::symlink_metadata(&ca_key).is_err();
        HostFacts {
            existing_paths,
            external_ca,
        }
    }

    pub fn exists(&self, path: &str) -> bool {
        self.existing_paths.contains(path)
    }
}

/// The on-disk location of an absolute node path under `root`.
pub fn under_root(root: &Path, node_path: &str) -> PathBuf {
    root.join(node_path.trim_start_matches('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn probes_under_root_only() {
        let root = tempfile::tempdir().expect("tempdir");
        fs_err::create_dir_all(root.path().join("etc/ca-certificates")).expect("mkdir");
        let facts = HostFacts::probe(
            root.path(),
            &["/etc/ca-certificates", "/etc/pki"],
            "/etc/kubernetes/pki",
        );
        assert!(facts.exists("/etc/ca-certificates"));
        assert!(!facts.exists("/etc/pki"));
        assert!(!facts.external_ca);
    }

    #[test]
    fn external_ca_needs_crt_without_key() {
        let root = tempfile::tempdir().expect("tempdir");
        let pki = root.path().join("etc/kubernetes/pki");
        fs_err::create_dir_all(&pki).expect("mkdir");
        fs_err::write(pki.join("ca.crt"), "cert").expect("write");
        assert!(HostFacts::probe(root.path(), &[], "/etc/kubernetes/pki").external_ca);
        fs_err::write(pki.join("ca.key"), "key").expect("write");
        assert!(!HostFacts::probe(root.path(), &[], "/etc/kubernetes/pki").external_ca);
    }
}
