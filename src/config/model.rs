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
    /// Flag name, without `--`.
    pub name: String,
    /// Flag value.
    pub value: String,
}

impl Arg {
    /// An argument `--name=value`.
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
    /// Volume (and volume mount) name.
    pub name: String,
    /// Path on the node.
    pub host_path: String,
    /// Path in the container.
    pub mount_path: String,
    /// Mounted read-only.
    pub read_only: bool,
    /// Copied verbatim; unset is the empty string, which kubeadm writes as `type: ""`.
    pub path_type: String,
}

/// Per-component user settings.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ComponentConfig {
    /// In the user's order (v1beta4) or sorted by name (v1beta3 map, as kubeadm converts it).
    pub extra_args: Vec<Arg>,
    /// `extraVolumes`: more hostPath mounts.
    pub extra_volumes: Vec<HostPathMount>,
    /// `extraEnvs` (kubeadm 1.31+): more container environment variables.
    pub extra_envs: Vec<EnvVar>,
}

/// `etcd.local`: the etcd static pod kubeadm writes.
#[derive(Debug, Clone, PartialEq)]
pub struct LocalEtcd {
    /// `imageRepository` (defaulted to the cluster's).
    pub image_repository: String,
    /// `imageTag` (empty: the release's default etcd tag).
    pub image_tag: String,
    /// `dataDir`.
    pub data_dir: String,
    /// `extraArgs`, in the order given.
    pub extra_args: Vec<Arg>,
    /// `extraEnvs`.
    pub extra_envs: Vec<EnvVar>,
}

/// `etcd.external`: an etcd cluster kubeadm does not run (no etcd manifest).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExternalEtcd {
    /// Client URLs.
    pub endpoints: Vec<String>,
    /// CA file kube-apiserver trusts for etcd.
    pub ca_file: String,
    /// Client certificate kube-apiserver presents to etcd.
    pub cert_file: String,
    /// Its key.
    pub key_file: String,
}

/// Where etcd runs.
#[derive(Debug, Clone, PartialEq)]
pub enum Etcd {
    /// A local etcd static pod.
    Local(LocalEtcd),
    /// External etcd.
    External(ExternalEtcd),
}

/// Whether this node is being created by `kubeadm init` or joins as a control-plane node.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeRole {
    /// `kubeadm init`: the first control-plane node.
    Init,
    /// `kubeadm join --control-plane`: a further one.
    Join,
}

/// The defaulted configuration.
#[derive(Debug, Clone, PartialEq)]
pub struct ClusterModel {
    /// Config API versions seen in the file (each must be accepted by the emulated release).
    pub apis: Vec<ConfigApi>,
    /// The input was a `kubeadm-config` ConfigMap dump (no node-local values).
    pub from_configmap: bool,
    /// `kubernetesVersion`, when the config sets one.
    pub kubernetes_version: Option<KubeVersion>,
    /// `imageRepository`.
    pub image_repository: String,
    /// `clusterName`.
    pub cluster_name: String,
    /// `certificatesDir`.
    pub certificates_dir: String,
    /// `networking.serviceSubnet`.
    pub service_subnet: String,
    /// `networking.podSubnet` (may be empty).
    pub pod_subnet: String,
    /// `networking.dnsDomain`.
    pub dns_domain: String,
    /// `apiServer`.
    pub api_server: ComponentConfig,
    /// `controllerManager`.
    pub controller_manager: ComponentConfig,
    /// `scheduler`.
    pub scheduler: ComponentConfig,
    /// `etcd`.
    pub etcd: Etcd,
    /// `featureGates`.
    pub feature_gates: BTreeMap<String, bool>,
    /// Init or join.
    pub role: NodeRole,
    /// Canonical IP text, or `None` when neither the config nor a flag gave one.
    pub advertise_address: Option<String>,
    /// `localAPIEndpoint.bindPort` (join: `controlPlane.localAPIEndpoint.bindPort`).
    pub bind_port: u16,
    /// `nodeRegistration.name`, when set.
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
    /// `--advertise-address`.
    pub advertise_address: Option<String>,
    /// `--node-name`.
    pub node_name: Option<String>,
    /// `--kubernetes-version`.
    pub kubernetes_version: Option<String>,
}
