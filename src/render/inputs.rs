//! Everything one render needs, resolved: the emulated release, the defaulted config, the
//! node-local facts and what kubeadm would see on the host.

use crate::config::model::ClusterModel;
use crate::kubeadm::version::KubeVersion;
use crate::kubeadm::Profile;

use super::host::HostFacts;

/// One etcd member for a control-plane join (`--initial-cluster`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EtcdMember {
    /// The member name (etcd `--name`).
    pub name: String,
    /// Its peer URL.
    pub peer_url: String,
}

/// Everything a component renderer reads: the release profile, the config model and the node facts.
#[derive(Debug, Clone)]
pub struct Inputs {
    /// What the emulated kubeadm release writes.
    pub profile: Profile,
    /// The defaulted config.
    pub model: ClusterModel,
    /// The Kubernetes version rendered.
    pub kubernetes_version: KubeVersion,
    /// Canonical IP text.
    pub advertise_address: String,
    /// The node name (etcd member name).
    pub node_name: String,
    /// What kubeadm would observe on the node.
    pub host: HostFacts,
    /// kubeadm's process environment (only `*_proxy` variables are used); empty with
    /// `--no-proxy-env`.
    pub environment: Vec<(String, String)>,
    /// Members for a join (`--initial-cluster`, with `--initial-cluster-state=existing`).
    pub etcd_members: Vec<EtcdMember>,
}

impl Inputs {
    /// The advertise address is IPv6.
    pub fn advertise_is_ipv6(&self) -> bool {
        self.advertise_address.contains(':')
    }

    /// `net.JoinHostPort(advertiseAddress, port)`.
    pub fn advertise_host_port(&self, port: u16) -> String {
        join_host_port(&self.advertise_address, port)
    }

    /// The loopback address of the advertise address's family.
    pub fn loopback(&self) -> &'static str {
        if self.advertise_is_ipv6() {
            "::1"
        } else {
            "127.0.0.1"
        }
    }
}

/// `net.JoinHostPort`: brackets around hosts containing a colon.
pub fn join_host_port(host: &str, port: u16) -> String {
    if host.contains(':') {
        format!("[{host}]:{port}")
    } else {
        format!("{host}:{port}")
    }
}

/// The inverse of [`join_host_port`], lenient: `10.0.0.1:6443` → (`10.0.0.1`, Some(`6443`));
/// `[fd00::1]:6443` → (`fd00::1`, Some(`6443`)); a bare host (IPv6 too) has no port.
pub fn split_host_port(text: &str) -> (&str, Option<&str>) {
    if let Some(v6) = text.strip_prefix('[') {
        if let Some((host, rest)) = v6.split_once(']') {
            return (host, rest.strip_prefix(':'));
        }
    }
    match text.rsplit_once(':') {
        Some((host, port)) if !host.contains(':') => (host, Some(port)),
        _ => (text, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_port_round_trip() {
        assert_eq!(split_host_port("10.0.0.1:6443"), ("10.0.0.1", Some("6443")));
        assert_eq!(split_host_port("[fd00::1]:6443"), ("fd00::1", Some("6443")));
        assert_eq!(split_host_port("10.0.0.1"), ("10.0.0.1", None));
        assert_eq!(split_host_port("fd00::1"), ("fd00::1", None));
        for (host, port) in [("10.0.0.1", 6443), ("fd00::1", 443)] {
            let joined = join_host_port(host, port);
            let port_text = port.to_string();
            assert_eq!(split_host_port(&joined), (host, Some(port_text.as_str())));
        }
    }
}
