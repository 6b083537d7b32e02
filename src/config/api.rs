//! The kubeadm config documents as written in files: `kubeadm.k8s.io/v1beta3` and `v1beta4`
//! InitConfiguration, ClusterConfiguration and JoinConfiguration.
//!
//! One set of types covers both versions (they differ in a handful of fields); `load` checks
//! the version-specific fields afterwards. Every field kubeadm knows is listed, so that only
//! truly unknown fields are reported (kubeadm warns about them and goes on). Fields that do not
//! affect manifests are accepted as [`Ignored`].

use std::collections::BTreeMap;
use std::fmt;

use k8s_openapi::api::core::v1::EnvVar;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;

/// A field kubeadm knows that has no effect on the control-plane manifests (read as a plain
/// value, so it is not reported as unknown).
pub type Ignored = Option<serde_json::Value>;

/// kubeadm's `InitConfiguration` (v1beta3 and v1beta4).
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InitConfiguration {
    /// `apiVersion`.
    pub api_version: Option<String>,
    /// `kind`.
    pub kind: Option<String>,
    /// `bootstrapTokens`.
    pub bootstrap_tokens: Ignored,
    /// `nodeRegistration`.
    pub node_registration: Option<NodeRegistration>,
    /// `localAPIEndpoint`.
    #[serde(rename = "localAPIEndpoint")]
    pub local_api_endpoint: Option<ApiEndpoint>,
    /// `certificateKey`.
    pub certificate_key: Ignored,
    /// `skipPhases`.
    pub skip_phases: Ignored,
    /// `patches`.
    pub patches: Option<Patches>,
    /// v1beta4 only.
    pub dry_run: Ignored,
    /// v1beta4 only.
    pub timeouts: Option<Timeouts>,
}

/// kubeadm's `JoinConfiguration` (v1beta3 and v1beta4).
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct JoinConfiguration {
    /// `apiVersion`.
    pub api_version: Option<String>,
    /// `kind`.
    pub kind: Option<String>,
    /// `nodeRegistration`.
    pub node_registration: Option<NodeRegistration>,
    /// `caCertPath`.
    pub ca_cert_path: Ignored,
    /// `discovery`.
    pub discovery: Ignored,
    /// `controlPlane`.
    pub control_plane: Option<JoinControlPlane>,
    /// `skipPhases`.
    pub skip_phases: Ignored,
    /// `patches`.
    pub patches: Option<Patches>,
    /// v1beta4 only.
    pub dry_run: Ignored,
    /// v1beta4 only.
    pub timeouts: Option<Timeouts>,
}

/// kubeadm's `JoinControlPlane` (v1beta3 and v1beta4).
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct JoinControlPlane {
    /// `localAPIEndpoint`.
    #[serde(rename = "localAPIEndpoint")]
    pub local_api_endpoint: Option<ApiEndpoint>,
    /// `certificateKey`.
    pub certificate_key: Ignored,
}

/// kubeadm's `ClusterConfiguration` (v1beta3 and v1beta4).
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClusterConfiguration {
    /// `apiVersion`.
    pub api_version: Option<String>,
    /// `kind`.
    pub kind: Option<String>,
    /// `etcd`.
    pub etcd: Option<Etcd>,
    /// `networking`.
    pub networking: Option<Networking>,
    /// `kubernetesVersion`.
    pub kubernetes_version: Option<String>,
    /// `controlPlaneEndpoint`.
    pub control_plane_endpoint: Ignored,
    /// `apiServer`.
    pub api_server: Option<ApiServer>,
    /// `controllerManager`.
    pub controller_manager: Option<ControlPlaneComponent>,
    /// `scheduler`.
    pub scheduler: Option<ControlPlaneComponent>,
    /// `dns`.
    #[serde(rename = "dns")]
    pub dns: Ignored,
    /// `certificatesDir`.
    pub certificates_dir: Option<String>,
    /// `imageRepository`.
    pub image_repository: Option<String>,
    /// `featureGates`.
    pub feature_gates: Option<BTreeMap<String, bool>>,
    /// `clusterName`.
    pub cluster_name: Option<String>,
    /// v1beta4 only.
    pub proxy: Ignored,
    /// v1beta4 only.
    pub encryption_algorithm: Ignored,
    /// v1beta4 only.
    pub certificate_validity_period: Ignored,
    /// v1beta4 only.
    pub ca_certificate_validity_period: Ignored,
}

/// kubeadm's `ApiServer` (v1beta3 and v1beta4).
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiServer {
    /// `extraArgs`.
    pub extra_args: Option<ExtraArgs>,
    /// `extraVolumes`.
    pub extra_volumes: Option<Vec<HostPathMount>>,
    /// v1beta4 only.
    pub extra_envs: Option<Vec<EnvVar>>,
    /// `certSANs`.
    #[serde(rename = "certSANs")]
    pub cert_sans: Ignored,
    /// v1beta3 only.
    pub timeout_for_control_plane: Option<String>,
}

/// kubeadm's `ControlPlaneComponent` (v1beta3 and v1beta4).
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ControlPlaneComponent {
    /// `extraArgs`.
    pub extra_args: Option<ExtraArgs>,
    /// `extraVolumes`.
    pub extra_volumes: Option<Vec<HostPathMount>>,
    /// v1beta4 only.
    pub extra_envs: Option<Vec<EnvVar>>,
}

/// kubeadm's `Etcd` (v1beta3 and v1beta4).
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Etcd {
    /// `local`.
    pub local: Option<LocalEtcd>,
    /// `external`.
    pub external: Option<ExternalEtcd>,
}

/// kubeadm's `LocalEtcd` (v1beta3 and v1beta4).
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LocalEtcd {
    /// `imageRepository`.
    pub image_repository: Option<String>,
    /// `imageTag`.
    pub image_tag: Option<String>,
    /// `dataDir`.
    pub data_dir: Option<String>,
    /// `extraArgs`.
    pub extra_args: Option<ExtraArgs>,
    /// v1beta4 only.
    pub extra_envs: Option<Vec<EnvVar>>,
    /// `serverCertSANs`.
    #[serde(rename = "serverCertSANs")]
    pub server_cert_sans: Ignored,
    /// `peerCertSANs`.
    #[serde(rename = "peerCertSANs")]
    pub peer_cert_sans: Ignored,
}

/// kubeadm's `ExternalEtcd` (v1beta3 and v1beta4).
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExternalEtcd {
    /// `endpoints`.
    pub endpoints: Option<Vec<String>>,
    /// v1beta4, kubeadm 1.35+.
    pub http_endpoints: Ignored,
    /// `caFile`.
    pub ca_file: Option<String>,
    /// `certFile`.
    pub cert_file: Option<String>,
    /// `keyFile`.
    pub key_file: Option<String>,
}

/// kubeadm's `Networking` (v1beta3 and v1beta4).
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Networking {
    /// `serviceSubnet`.
    pub service_subnet: Option<String>,
    /// `podSubnet`.
    pub pod_subnet: Option<String>,
    /// `dnsDomain`.
    pub dns_domain: Option<String>,
}

/// kubeadm's `NodeRegistration` (v1beta3 and v1beta4).
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NodeRegistration {
    /// `name`.
    pub name: Option<String>,
    /// `criSocket`.
    pub cri_socket: Ignored,
    /// `taints`.
    pub taints: Ignored,
    /// `kubeletExtraArgs`.
    pub kubelet_extra_args: Ignored,
    /// `ignorePreflightErrors`.
    pub ignore_preflight_errors: Ignored,
    /// `imagePullPolicy`.
    pub image_pull_policy: Ignored,
    /// v1beta4 only.
    pub image_pull_serial: Ignored,
}

/// kubeadm's `ApiEndpoint` (v1beta3 and v1beta4).
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiEndpoint {
    /// `advertiseAddress`.
    pub advertise_address: Option<String>,
    /// `bindPort`.
    pub bind_port: Option<i64>,
}

/// kubeadm's `Patches` (v1beta3 and v1beta4).
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Patches {
    /// `directory`.
    pub directory: Option<String>,
}

/// kubeadm's `Timeouts` (v1beta3 and v1beta4).
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Timeouts {
    /// `controlPlaneComponentHealthCheck`.
    pub control_plane_component_health_check: Option<String>,
    /// `kubeletHealthCheck`.
    pub kubelet_health_check: Ignored,
    /// `kubernetesAPICall`.
    #[serde(rename = "kubernetesAPICall")]
    pub kubernetes_api_call: Ignored,
    /// `etcdAPICall`.
    #[serde(rename = "etcdAPICall")]
    pub etcd_api_call: Ignored,
    /// `tlsBootstrap`.
    pub tls_bootstrap: Ignored,
    /// `discovery`.
    pub discovery: Ignored,
    /// `upgradeManifests`.
    pub upgrade_manifests: Ignored,
}

/// kubeadm's `HostPathMount` (v1beta3 and v1beta4).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HostPathMount {
    /// `name`.
    pub name: String,
    /// `hostPath`.
    pub host_path: String,
    /// `mountPath`.
    pub mount_path: String,
    /// `readOnly`.
    #[serde(default)]
    pub read_only: bool,
    /// `pathType`.
    #[serde(default)]
    pub path_type: String,
}

/// One v1beta4 `extraArgs` entry.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Arg {
    /// `name`.
    pub name: String,
    /// `value`.
    #[serde(default)]
    pub value: String,
}

/// `extraArgs` in either form: a v1beta3 map of strings or a v1beta4 list of `{name, value}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExtraArgs {
    /// `Map`.
    Map(BTreeMap<String, String>),
    /// `List`.
    List(Vec<Arg>),
}

impl<'de> Deserialize<'de> for ExtraArgs {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ArgsVisitor;
        impl<'de> Visitor<'de> for ArgsVisitor {
            type Value = ExtraArgs;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(
                    "a map of flag name to string value (v1beta3) or a list of {name, value} \
                     (v1beta4)",
                )
            }
            fn visit_unit<E: de::Error>(self) -> Result<ExtraArgs, E> {
                Ok(ExtraArgs::List(Vec::new()))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ExtraArgs, A::Error> {
                let mut out = BTreeMap::new();
                while let Some(key) = map.next_key::<String>()? {
                    let value = map.next_value::<String>()?;
                    out.insert(key, value);
                }
                Ok(ExtraArgs::Map(out))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<ExtraArgs, A::Error> {
                let mut out = Vec::new();
                while let Some(arg) = seq.next_element::<Arg>()? {
                    out.push(arg);
                }
                Ok(ExtraArgs::List(out))
            }
        }
        deserializer.deserialize_any(ArgsVisitor)
    }
}
