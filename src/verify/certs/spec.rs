//! The certificate spec table: which flags of each control-plane component name CA files,
//! certificate/key pairs and service-account keys, and what kubeadm calls each file (for the
//! fix a finding suggests).

use std::path::{Path, PathBuf};

use crate::node_path::{under_root, EscapesRoot};

pub(super) struct Pair {
    pub(super) cert: &'static str,
    pub(super) key: &'static str,
    /// Flag naming the CA that must have signed `cert`.
    pub(super) ca: Option<&'static str>,
    /// The certificate is itself a CA (controller-manager cluster signing).
    pub(super) cert_is_ca: bool,
}

pub(super) struct Spec {
    pub(super) cas: &'static [&'static str],
    pub(super) pairs: &'static [Pair],
    /// (public keys flag, signing key flag) that must match.
    pub(super) sa_pair: Option<(&'static str, &'static str)>,
    /// A private key that must match the apiserver's service-account public keys.
    pub(super) sa_private: Option<&'static str>,
}

const fn pair(cert: &'static str, key: &'static str, ca: Option<&'static str>) -> Pair {
    Pair {
        cert,
        key,
        ca,
        cert_is_ca: false,
    }
}

pub(super) static APISERVER: Spec = Spec {
    cas: &[
        "client-ca-file",
        "etcd-cafile",
        "requestheader-client-ca-file",
    ],
    pairs: &[
        pair(
            "tls-cert-file",
            "tls-private-key-file",
            Some("client-ca-file"),
        ),
        pair(
            "kubelet-client-certificate",
            "kubelet-client-key",
            Some("client-ca-file"),
        ),
        pair("etcd-certfile", "etcd-keyfile", Some("etcd-cafile")),
        pair(
            "proxy-client-cert-file",
            "proxy-client-key-file",
            Some("requestheader-client-ca-file"),
        ),
    ],
    sa_pair: Some((
        "service-account-key-file",
        "service-account-signing-key-file",
    )),
    sa_private: None,
};

pub(super) static CONTROLLER_MANAGER: Spec = Spec {
    cas: &[
        "root-ca-file",
        "client-ca-file",
        "requestheader-client-ca-file",
    ],
    pairs: &[
        Pair {
            cert: "cluster-signing-cert-file",
            key: "cluster-signing-key-file",
            ca: None,
            cert_is_ca: true,
        },
        pair("tls-cert-file", "tls-private-key-file", None),
    ],
    sa_pair: None,
    sa_private: Some("service-account-private-key-file"),
};

pub(super) static SCHEDULER: Spec = Spec {
    cas: &["client-ca-file", "requestheader-client-ca-file"],
    pairs: &[pair("tls-cert-file", "tls-private-key-file", None)],
    sa_pair: None,
    sa_private: None,
};

pub(super) static ETCD: Spec = Spec {
    cas: &["trusted-ca-file", "peer-trusted-ca-file"],
    pairs: &[
        pair("cert-file", "key-file", Some("trusted-ca-file")),
        pair(
            "peer-cert-file",
            "peer-key-file",
            Some("peer-trusted-ca-file"),
        ),
    ],
    sa_pair: None,
    sa_private: None,
};

/// Every flag [`check`] reads for `component` (other checks skip these files).
pub fn checked_flags(component: &str) -> Vec<&'static str> {
    let Some(spec) = spec_for(component) else {
        return Vec::new();
    };
    let mut flags: Vec<&'static str> = spec.cas.to_vec();
    for pair in spec.pairs {
        flags.extend([pair.cert, pair.key]);
    }
    if let Some((public, private)) = spec.sa_pair {
        flags.extend([public, private]);
    }
    flags.extend(spec.sa_private);
    flags
}

pub(super) fn spec_for(name: &str) -> Option<&'static Spec> {
    match name {
        "kube-apiserver" => Some(&APISERVER),
        "kube-controller-manager" => Some(&CONTROLLER_MANAGER),
        "kube-scheduler" => Some(&SCHEDULER),
        "etcd" => Some(&ETCD),
        _ => None,
    }
}

/// The CA file kubeadm names in `flag`.
pub(super) fn default_ca_for(flag: &str) -> &'static str {
    match flag {
        "etcd-cafile" | "trusted-ca-file" | "peer-trusted-ca-file" => {
            "/etc/kubernetes/pki/etcd/ca.crt"
        }
        "requestheader-client-ca-file" => "/etc/kubernetes/pki/front-proxy-ca.crt",
        _ => "/etc/kubernetes/pki/ca.crt",
    }
}

/// A file referenced by a flag.
#[derive(Clone, Debug)]
pub(super) struct Ref {
    pub(super) component: String,
    pub(super) flag: &'static str,
    /// As written in the flag.
    pub(super) node: PathBuf,
    /// Resolved under the root (the root itself when the path climbs out of it).
    pub(super) disk: PathBuf,
    /// Set when the path climbs out of the root with `..`: nothing is read.
    pub(super) outside: Option<EscapesRoot>,
}

impl Ref {
    pub(super) fn new(root: &Path, component: &str, flag: &'static str, value: &str) -> Self {
        let value = value.trim();
        let (disk, outside) = match under_root(root, value) {
            Ok(disk) => (disk, None),
            Err(e) => (root.to_path_buf(), Some(e)),
        };
        Ref {
            component: component.to_string(),
            flag,
            disk,
            node: PathBuf::from(value),
            outside,
        }
    }

    /// "`--flag` /node/path"
    pub(super) fn what(&self) -> String {
        format!("`--{}` {}", self.flag, self.node.display())
    }

    /// The kubeadm name of this file (`apiserver`, `etcd-server`, `front-proxy-ca`, `sa`…).
    pub(super) fn kubeadm_name(&self) -> Option<&'static str> {
        let stem = self.node.file_stem()?.to_str()?;
        let in_etcd = self
            .node
            .parent()
            .and_then(Path::file_name)
            .is_some_and(|d| d == "etcd");
        let name = match (in_etcd, stem) {
            (true, "ca") => "etcd-ca",
            (true, "server") => "etcd-server",
            (true, "peer") => "etcd-peer",
            (true, "healthcheck-client") => "etcd-healthcheck-client",
            (false, "ca") => "ca",
            (false, "apiserver") => "apiserver",
            (false, "apiserver-kubelet-client") => "apiserver-kubelet-client",
            (false, "apiserver-etcd-client") => "apiserver-etcd-client",
            (false, "front-proxy-ca") => "front-proxy-ca",
            (false, "front-proxy-client") => "front-proxy-client",
            (false, "sa") => "sa",
            _ => return None,
        };
        Some(name)
    }

    pub(super) fn is_kubeadm_ca(&self) -> bool {
        matches!(
            self.kubeadm_name(),
            Some("ca" | "etcd-ca" | "front-proxy-ca")
        )
    }

    /// How to replace a broken or missing file.
    pub(super) fn recreate_hint(&self) -> String {
        match self.kubeadm_name() {
            Some(n) if self.is_kubeadm_ca() => format!(
                "restore it from a backup (recreating with `kubeadm init phase certs {n}` invalidates every certificate it signed)"
            ),
            Some("sa") => "restore it from a backup or regenerate the pair with `kubeadm init phase certs sa` (invalidates existing service-account tokens)".to_string(),
            Some(n) => format!("recreate it with `kubeadm init phase certs {n}`"),
            None => format!("restore the file or fix `--{}`", self.flag),
        }
    }

    /// How to renew an expired / expiring certificate.
    pub(super) fn renew_hint(&self, is_ca: bool) -> String {
        match self.kubeadm_name() {
            _ if is_ca || self.is_kubeadm_ca() => "CA certificates are not renewed by `kubeadm certs renew`; rotate the CA (see \"Manual rotation of CA certificates\")".to_string(),
            Some("sa") | None => "renew or re-issue the certificate".to_string(),
            Some(n) => format!("renew with `kubeadm certs renew {n}`"),
        }
    }

    pub(super) fn reissue_hint(&self) -> String {
        match self.kubeadm_name() {
            Some(n) if !self.is_kubeadm_ca() && n != "sa" => {
                format!("`kubeadm certs renew {n}`")
            }
            _ => "re-issue it".to_string(),
        }
    }
}
