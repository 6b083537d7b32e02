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

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InitConfiguration {
    pub api_version: Option<String>,
    pub kind: Option<String>,
    pub bootstrap_tokens: Ignored,
    pub node_registration: Option<NodeRegistration>,
    #[serde(rename = "localAPIEndpoint")]
    pub local_api_endpoint: Option<ApiEndpoint>,
    pub certificate_key: Ignored,
    pub skip_phases: Ignored,
    pub patches: Option<Patches>,
    /// v1beta4 only.
    pub dry_run: Ignored,
    /// v1beta4 only.
    pub timeouts: Option<Timeouts>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct JoinConfiguration {
    pub api_version: Option<String>,
    pub kind: Option<String>,
    pub node_registration: Option<NodeRegistration>,
    pub ca_cert_path: Ignored,
    pub discovery: Ignored,
    pub control_plane: Option<JoinControlPlane>,
    pub skip_phases: Ignored,
    pub patches: Option<Patches>,
    /// v1beta4 only.
    pub dry_run: Ignored,
    /// v1beta4 only.
    pub timeouts: Option<Timeouts>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct JoinControlPlane {
    #[serde(rename = "localAPIEndpoint")]
    pub local_api_endpoint: Option<ApiEndpoint>,
    pub certificate_key: Ignored,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClusterConfiguration {
    pub api_version: Option<String>,
    pub kind: Option<String>,
    pub etcd: Option<Etcd>,
    pub networking: Option<Networking>,
    pub kubernetes_version: Option<String>,
    pub control_plane_endpoint: Ignored,
    pub api_server: Option<ApiServer>,
    pub controller_manager: Option<ControlPlaneComponent>,
    pub scheduler: Option<ControlPlaneComponent>,
    #[serde(rename = "dns")]
    pub dns: Ignored,
    pub certificates_dir: Option<String>,
    pub image_repository: Option<String>,
    pub feature_gates: Option<BTreeMap<String, bool>>,
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

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiServer {
    pub extra_args: Option<ExtraArgs>,
    pub extra_volumes: Option<Vec<HostPathMount>>,
    /// v1beta4 only.
    pub extra_envs: Option<Vec<EnvVar>>,
    #[serde(rename = "certSANs")]
    pub cert_sans: Ignored,
    /// v1beta3 only.
    pub timeout_for_control_plane: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ControlPlaneComponent {
    pub extra_args: Option<ExtraArgs>,
    pub extra_volumes: Option<Vec<HostPathMount>>,
    /// v1beta4 only.
    pub extra_envs: Option<Vec<EnvVar>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Etcd {
    pub local: Option<LocalEtcd>,
    pub external: Option<ExternalEtcd>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LocalEtcd {
    pub image_repository: Option<String>,
    pub image_tag: Option<String>,
    pub data_dir: Option<String>,
    pub extra_args: Option<ExtraArgs>,
    /// v1beta4 only.
    pub extra_envs: Option<Vec<EnvVar>>,
    #[serde(rename = "serverCertSANs")]
    pub server_cert_sans: Ignored,
    #[serde(rename = "peerCertSANs")]
    pub peer_cert_sans: Ignored,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExternalEtcd {
    pub endpoints: Option<Vec<String>>,
    /// v1beta4, kubeadm 1.35+.
    pub http_endpoints: Ignored,
    pub ca_file: Option<String>,
    pub cert_file: Option<String>,
    pub key_file: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Networking {
    pub service_subnet: Option<String>,
    pub pod_subnet: Option<String>,
    pub dns_domain: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NodeRegistration {
    pub name: Option<String>,
    pub cri_socket: Ignored,
    pub taints: Ignored,
    pub kubelet_extra_args: Ignored,
    pub ignore_preflight_errors: Ignored,
    pub image_pull_policy: Ignored,
    /// v1beta4 only.
    pub image_pull_serial: Ignored,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiEndpoint {
    pub advertise_address: Option<String>,
    pub bind_port: Option<i64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Patches {
    pub directory: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Timeouts {
    pub control_plane_component_health_check: Option<String>,
    pub kubelet_health_check: Ignored,
    #[serde(rename = "kubernetesAPICall")]
    pub kubernetes_api_call: Ignored,
    #[serde(rename = "etcdAPICall")]
    pub etcd_api_call: Ignored,
    pub tls_bootstrap: Ignored,
    pub discovery: Ignored,
    pub upgrade_manifests: Ignored,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HostPathMount {
    pub name: String,
    pub host_path: String,
    pub mount_path: String,
    #[serde(default)]
    pub read_only: bool,
    #[serde(default)]
    pub path_type: String,
}

/// One v1beta4 `extraArgs` entry.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Arg {
    pub name: String,
    #[serde(default)]
    pub value: String,
}

/// `extraArgs` in either form: a v1beta3 map of strings or a v1beta4 list of `{name, value}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExtraArgs {
    Map(BTreeMap<String, String>),
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
