//! Everything one render needs, resolved: the emulated release, the defaulted config, the
//! node-local facts and what kubeadm would see on the host.

use crate::config::model::ClusterModel;
use crate::kubeadm::version::KubeVersion;
use crate::kubeadm::Profile;

use super::host::HostFacts;

/// One etcd member for a control-plane join (`--initial-cluster`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EtcdMember {
    pub name: String,
    pub peer_url: String,
}

#[derive(Debug, Clone)]
pub struct Inputs {
    pub profile: Profile,
    pub model: ClusterModel,
    pub kubernetes_version: KubeVersion,
    /// Canonical IP text.
    pub advertise_address: String,
    pub node_name: String,
    pub host: HostFacts,
    /// kubeadm's process environment (only `*_proxy` variables are used); empty with
    /// `--no-proxy-env`.
    pub environment: Vec<(String, String)>,
    /// Members for a join (`--initial-cluster`, with `--initial-cluster-state=existing`).
    pub etcd_members: Vec<EtcdMember>,
}

impl Inputs {
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
