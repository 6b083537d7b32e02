//! The host facts kubeadm reads while rendering, resolved under `--root`:
//! which extra CA directories exist (`isExtraVolumeMountNeeded` stats each path) and whether
//! the cluster uses an external CA (`ca.crt` present without `ca.key`).

use std::collections::BTreeSet;
use std::path::Path;

use super::gopath;
use crate::node_path::{under_root, EscapesRoot};

/// What kubeadm would observe on the node.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HostFacts {
    /// Absolute node paths that exist (only the CA directories kubeadm probes are recorded).
    pub existing_paths: BTreeSet<String>,
    /// `certs.UsingExternalCA`: `ca.crt` exists in the certificates dir but `ca.key` does not.
    pub external_ca: bool,
}

impl HostFacts {
    /// Probe `paths` and the CA files under `root` (read-only: `stat` only). Fails when a
    /// path (e.g. the config's `certificatesDir`) climbs out of the root with `..`.
    pub fn probe(
        root: &Path,
        paths: &[&str],
        certificates_dir: &str,
    ) -> Result<HostFacts, EscapesRoot> {
        let mut existing_paths = BTreeSet::new();
        for path in paths {
            if fs_err::metadata(under_root(root, path)?).is_ok() {
                existing_paths.insert(path.to_string());
            }
        }
        let ca_crt = under_root(root, &gopath::join(certificates_dir, "ca.crt"))?;
        let ca_key = under_root(root, &gopath::join(certificates_dir, "ca.key"))?;
        let external_ca = fs_err::metadata(&ca_crt).is_ok_and(|m| m.is_file())
            && fs_err::symlink_metadata(&ca_key).is_err();
        Ok(HostFacts {
            existing_paths,
            external_ca,
        })
    }

    /// kubeadm would find `path` (one of the CA directories it probes) on the node.
    pub fn exists(&self, path: &str) -> bool {
        self.existing_paths.contains(path)
    }
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
        )
        .expect("inside the root");
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
        assert_eq!(
            HostFacts::probe(root.path(), &[], "/etc/kubernetes/pki").map(|f| f.external_ca),
            Ok(true)
        );
        fs_err::write(pki.join("ca.key"), "key").expect("write");
        assert_eq!(
            HostFacts::probe(root.path(), &[], "/etc/kubernetes/pki").map(|f| f.external_ca),
            Ok(false)
        );
    }

    #[test]
    fn a_certificates_dir_outside_the_root_is_refused() {
        let root = tempfile::tempdir().expect("tempdir");
        let err = HostFacts::probe(root.path(), &[], "../outside").expect_err("escapes");
        assert_eq!(err.path, "../outside/ca.crt");
    }
}
