//! hostPath volumes and mounts (`phases/controlplane/volumes.go`, etcd's in `local.go`).
//! kubeadm keeps them in maps keyed by volume name, so a later mount of the same name
//! replaces an earlier one and both lists come out sorted by name.

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::{HostPathVolumeSource, Volume, VolumeMount};

use super::gopath;
use crate::config::model::{ExternalEtcd, HostPathMount};

/// One component's hostPath volumes, keyed by name.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Mounts(BTreeMap<String, (Volume, VolumeMount)>);

impl Mounts {
    /// `NewHostPathMount`: `path_type` is copied as given (an empty type stays `""`).
    pub fn add(
        &mut self,
        name: &str,
        host_path: &str,
        mount_path: &str,
        read_only: bool,
        path_type: &str,
    ) {
        self.0.insert(
            name.to_string(),
            (
                volume(name, host_path, path_type),
                mount(name, mount_path, read_only),
            ),
        );
    }

    pub fn add_extra(&mut self, extra: &[HostPathMount]) {
        for m in extra {
            self.add(
                &m.name,
                &m.host_path,
                &m.mount_path,
                m.read_only,
                &m.path_type,
            );
        }
    }

    /// Volumes then mounts, both sorted by volume name (byte order, as Go's sort.Strings).
    pub fn into_lists(self) -> (Vec<Volume>, Vec<VolumeMount>) {
        self.0.into_values().unzip()
    }
}

/// `staticpodutil.NewVolume`.
pub fn volume(name: &str, path: &str, path_type: &str) -> Volume {
    Volume {
        name: name.to_string(),
        host_path: Some(HostPathVolumeSource {
            path: path.to_string(),
            type_: Some(path_type.to_string()),
        }),
        ..Default::default()
    }
}

/// `staticpodutil.NewVolumeMount` (`readOnly: false` is omitted by Go's omitempty).
pub fn mount(name: &str, path: &str, read_only: bool) -> VolumeMount {
    VolumeMount {
        name: name.to_string(),
        mount_path: path.to_string(),
        read_only: read_only.then_some(true),
        ..Default::default()
    }
}

/// The volume name kubeadm derives from a CA directory: `/etc/pki/ca-trust` → `etc-pki-ca-trust`.
pub fn ca_dir_volume_name(path: &str) -> String {
    path.replace('/', "-").trim_start_matches('-').to_string()
}

/// `getEtcdCertVolumes`: the directories of the external etcd CA/cert/key files that are not
/// already mounted (under a CA directory, `/etc/ssl/certs` or the certificates dir), parents
/// absorbing children, named `etcd-certs-<i>` in sorted order.
pub fn external_etcd_cert_dirs(
    etcd: &ExternalEtcd,
    ca_dirs: &[&str],
    certificates_dir: &str,
) -> Vec<String> {
    let mut dirs: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
    for file in [&etcd.ca_file, &etcd.cert_file, &etcd.key_file] {
        let dir = gopath::dir(file);
        let under_ca_dir = ca_dirs.iter().any(|ca| dir.starts_with(ca));
        if dir == "."
            || under_ca_dir
            || dir.starts_with("/etc/ssl/certs")
            || dir.starts_with(certificates_dir)
        {
            continue;
        }
        let mut already = false;
        for existing in dirs.clone() {
            if existing.starts_with(&dir) {
                dirs.remove(&existing);
            } else if dir.starts_with(&existing) {
                already = true;
            }
        }
        if !already {
            dirs.insert(dir);
        }
    }
    dirs.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_from_paths() {
        assert_eq!(ca_dir_volume_name("/etc/pki/ca-trust"), "etc-pki-ca-trust");
        assert_eq!(
            ca_dir_volume_name("/usr/share/ca-certificates"),
            "usr-share-ca-certificates"
        );
    }

    #[test]
    fn later_mount_of_same_name_wins_and_lists_are_sorted() {
        let mut m = Mounts::default();
        m.add(
            "k8s-certs",
            "/etc/kubernetes/pki",
            "/etc/kubernetes/pki",
            true,
            "DirectoryOrCreate",
        );
        m.add(
            "ca-certs",
            "/etc/ssl/certs",
            "/etc/ssl/certs",
            true,
            "DirectoryOrCreate",
        );
        m.add("k8s-certs", "/srv/pki", "/srv/pki", false, "");
        let (volumes, mounts) = m.into_lists();
        let names: Vec<&str> = volumes.iter().map(|v| v.name.as_str()).collect();
        assert_eq!(names, ["ca-certs", "k8s-certs"]);
        assert_eq!(mounts[1].mount_path, "/srv/pki");
        assert_eq!(mounts[1].read_only, None);
    }

    #[test]
    fn etcd_cert_dirs_skip_mounted_and_merge_parents() {
        let etcd = ExternalEtcd {
            endpoints: vec![],
            ca_file: "/etc/etcd/pki/ca.crt".into(),
            cert_file: "/etc/etcd/client.crt".into(),
            key_file: "/etc/kubernetes/pki/etcd-client.key".into(),
        };
        let dirs = external_etcd_cert_dirs(&etcd, &[], "/etc/kubernetes/pki");
        assert_eq!(dirs, ["/etc/etcd"]);
        let relative = ExternalEtcd {
            ca_file: String::new(),
            cert_file: String::new(),
            key_file: String::new(),
            ..etcd
        };
        assert!(external_etcd_cert_dirs(&relative, &[], "/etc/kubernetes/pki").is_empty());
    }
}
