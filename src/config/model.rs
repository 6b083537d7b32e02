//! The internal, defaulted configuration every renderer reads (kubeadm's internal
//! InitConfiguration / JoinConfiguration + ClusterConfiguration).

use std::collections::BTreeMap;
use std::time::Duration;

use k8s_openapi::api::core::v1::EnvVar;

use super::load::ConfigApi;
use crate::kubeadm::version::KubeVersion;

/// A flag for a component: `--name=value`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Arg {
    pub name: String,
    pub value: String,
}

impl Arg {
    pub fn new(name: impl Into<String>, value: impl Into<String>) -> Self {
        Arg {
            name: name.into(),
            value: value.into(),
        }
    }
}

/// The last value given for a flag, as kubeadm's `GetArgValue(args, name, -1)`.
pub fn last_value<'a>(args: &'a [Arg], name: &str) -> Option<&'a str> {
    args.iter()
        .rev()
        .find(|a| a.name == name)
        .map(|a| a.value.as_str())
}

/// A user-defined hostPath volume (`extraVolumes`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostPathMount {
    pub name: String,
    pub host_path: String,
    pub mount_path: String,
    pub read_only: bool,
    /// Copied verbatim; unset is the empty string, which kubeadm writes as `type: ""`.
    pub path_type: String,
}

/// Per-component user settings.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ComponentConfig {
    /// In the user's order (v1beta4) or sorted by name (v1beta3 map, as kubeadm converts it).
    pub extra_args: Vec<Arg>,
    pub extra_volumes: Vec<HostPathMount>,
    pub extra_envs: Vec<EnvVar>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LocalEtcd {
    pub image_repository: String,
    pub image_tag: String,
    pub data_dir: String,
    pub extra_args: Vec<Arg>,
    pub extra_envs: Vec<EnvVar>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExternalEtcd {
    pub endpoints: Vec<String>,
    pub ca_file: String,
    pub cert_file: String,
    pub key_file: String,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Etcd {
    Local(LocalEtcd),
    External(ExternalEtcd),
}

/// Whether this node is being created by `kubeadm init` or joins as a control-plane node.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeRole {
    Init,
    Join,
}

/// The defaulted configuration.
#[derive(Debug, Clone, PartialEq)]
pub struct ClusterModel {
    /// Config API versions seen in the file (each must be accepted by the emulated release).
    pub apis: Vec<ConfigApi>,
    pub from_configmap: bool,
    pub kubernetes_version: Option<KubeVersion>,
    pub image_repository: String,
    pub cluster_name: String,
    pub certificates_dir: String,
    pub service_subnet: String,
    pub pod_subnet: String,
    pub dns_domain: String,
    pub api_server: ComponentConfig,
    pub controller_manager: ComponentConfig,
    pub scheduler: ComponentConfig,
    pub etcd: Etcd,
    pub feature_gates: BTreeMap<String, bool>,
    pub role: NodeRole,
    /// Canonical IP text, or `None` when neither the config nor a flag gave one.
    pub advertise_address: Option<String>,
    pub bind_port: u16,
    pub node_name: Option<String>,
    /// `timeouts.controlPlaneComponentHealthCheck` (v1beta4) or
    /// `apiServer.timeoutForControlPlane` (v1beta3); default 4m.
    pub health_check_timeout: Duration,
    /// True when `health_check_timeout` came from v1beta3's `apiServer.timeoutForControlPlane`
    /// (which some kubeadm releases drop: see `kubeadm::Profile::drops_v1beta3_timeout`).
    pub health_check_timeout_from_v1beta3: bool,
    /// `patches.directory` from the Init/JoinConfiguration.
    pub patches_dir: Option<String>,
}

/// Node-local values given on the command line; they win over the file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NodeOverrides {
    pub advertise_address: Option<String>,
    pub node_name: Option<String>,
    pub kubernetes_version: Option<String>,
}
