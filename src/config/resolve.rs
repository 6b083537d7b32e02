//! kubeadm's defaulting and validation: raw documents (+ command-line overrides) → the
//! internal [`ClusterModel`]. Defaults are those of `v1beta3/defaults.go` and
//! `v1beta4/defaults.go` (identical for every field used here).

use std::collections::BTreeMap;
use std::net::IpAddr;
use std::path::Path;
use std::time::Duration;

use k8s_openapi::api::core::v1::EnvVar;

use super::api::{self, ExtraArgs};
use super::duration::parse_go_duration;
use super::error::ConfigError;
use super::load::{ConfigApi, Documents};
use super::model::{
    Arg, ClusterModel, ComponentConfig, Etcd, ExternalEtcd, HostPathMount, LocalEtcd,
    NodeOverrides, NodeRole,
};
use crate::kubeadm::version::KubeVersion;

pub const DEFAULT_SERVICE_SUBNET: &str = "10.96.0.0/12";
pub const DEFAULT_DNS_DOMAIN: &str = "cluster.local";
pub const DEFAULT_CERTIFICATES_DIR: &str = "/etc/kubernetes/pki";
pub const DEFAULT_IMAGE_REPOSITORY: &str = "registry.k8s.io";
pub const DEFAULT_CLUSTER_NAME: &str = "kubernetes";
pub const DEFAULT_ETCD_DATA_DIR: &str = "/var/lib/etcd";
pub const DEFAULT_BIND_PORT: u16 = 6443;
/// `ControlPlaneComponentHealthCheckTimeout` and the v1beta3 `timeoutForControlPlane` default.
pub const DEFAULT_HEALTH_CHECK_TIMEOUT: Duration = Duration::from_secs(240);

/// Apply defaults and validate.
pub fn resolve(
    file: &Path,
    docs: Documents,
    overrides: &NodeOverrides,
) -> Result<ClusterModel, ConfigError> {
    let mut apis: Vec<ConfigApi> = Vec::new();
    for api in [
        docs.cluster.as_ref().map(|d| d.api),
        docs.init.as_ref().map(|d| d.api),
        docs.join.as_ref().map(|d| d.api),
    ]
    .into_iter()
    .flatten()
    {
        if !apis.contains(&api) {
            apis.push(api);
        }
    }
    if let (Some(init), Some(join)) = (&docs.init, &docs.join) {
        return Err(ConfigError::file(
            file,
            format!(
                "both {} and {} given: a node is either initialised or joined",
                init.label, join.label
            ),
        ));
    }

    let cluster_label = docs
        .cluster
        .as_ref()
        .map(|d| d.label.clone())
        .unwrap_or_else(|| "ClusterConfiguration (defaulted)".into());
    let cluster_api = docs.cluster.as_ref().map(|d| d.api);
    let cluster = docs.cluster.map(|d| d.doc).unwrap_or_default();
    let cerr = |field: &str, message: String| {
        ConfigError::file(file, message)
            .in_document(cluster_label.clone())
            .at(field)
    };

    // Version: a flag wins over the file.
    let version_text = overrides
        .kubernetes_version
        .clone()
        .or(cluster.kubernetes_version.clone())
        .filter(|v| !v.trim().is_empty());
    let kubernetes_version = match version_text {
        None => None,
        Some(text) => Some(parse_kubernetes_version(&text).map_err(|m| {
            if overrides.kubernetes_version.is_some() {
                ConfigError::file(file, m).at("--kubernetes-version")
            } else {
                cerr("kubernetesVersion", m)
            }
        })?),
    };

    let networking = cluster.networking.unwrap_or_default();
    let service_subnet = non_empty(networking.service_subnet, DEFAULT_SERVICE_SUBNET);
    validate_subnets(&service_subnet, true).map_err(|m| cerr("networking.serviceSubnet", m))?;
    let pod_subnet = networking.pod_subnet.unwrap_or_default();
    if !pod_subnet.is_empty() {
        validate_subnets(&pod_subnet, false).map_err(|m| cerr("networking.podSubnet", m))?;
    }
    let dns_domain = non_empty(networking.dns_domain, DEFAULT_DNS_DOMAIN);
    validate_dns_subdomain(&dns_domain).map_err(|m| cerr("networking.dnsDomain", m))?;

    let certificates_dir = non_empty(cluster.certificates_dir, DEFAULT_CERTIFICATES_DIR);
    if !certificates_dir.starts_with('/') {
        return Err(cerr(
            "certificatesDir",
            format!("{certificates_dir:?} must be an absolute path"),
        ));
    }
    let image_repository = non_empty(cluster.image_repository, DEFAULT_IMAGE_REPOSITORY);
    let cluster_name = non_empty(cluster.cluster_name, DEFAULT_CLUSTER_NAME);
    let feature_gates = cluster.feature_gates.unwrap_or_default();

    let api_server_raw = cluster.api_server.unwrap_or_default();
    let timeout_v1beta3 = api_server_raw.timeout_for_control_plane.clone();
    let is_v1beta3 = cluster_api == Some(ConfigApi::V1beta3);
    if !is_v1beta3 && timeout_v1beta3.is_some() {
        return Err(cerr(
            "apiServer.timeoutForControlPlane",
            "only exists in v1beta3; v1beta4 uses timeouts.controlPlaneComponentHealthCheck in \
             the Init/JoinConfiguration"
                .into(),
        ));
    }
    let api_server = component(
        cluster_api,
        "apiServer",
        api::ControlPlaneComponent {
            extra_args: api_server_raw.extra_args,
            extra_volumes: api_server_raw.extra_volumes,
            extra_envs: api_server_raw.extra_envs,
        },
    )
    .map_err(|(field, m)| cerr(&field, m))?;
    let controller_manager = component(
        cluster_api,
        "controllerManager",
        cluster.controller_manager.unwrap_or_default(),
    )
    .map_err(|(field, m)| cerr(&field, m))?;
    let scheduler = component(
        cluster_api,
        "scheduler",
        cluster.scheduler.unwrap_or_default(),
    )
    .map_err(|(field, m)| cerr(&field, m))?;

    let etcd = resolve_etcd(cluster_api, cluster.etcd.unwrap_or_default())
        .map_err(|(field, m)| cerr(&field, m))?;

    // Node-local part: InitConfiguration or JoinConfiguration.controlPlane.
    let (role, node_label, node_api, registration, endpoint, patches, timeouts) =
        match (docs.init, docs.join) {
            (_, Some(join)) => {
                let control_plane = join.doc.control_plane.ok_or_else(|| {
                    ConfigError::file(
                        file,
                        "has no controlPlane section: it joins a worker node, which has no \
                         control-plane manifests",
                    )
                    .in_document(join.label.clone())
                    .at("controlPlane")
                })?;
                (
                    NodeRole::Join,
                    join.label,
                    Some(join.api),
                    join.doc.node_registration,
                    control_plane.local_api_endpoint,
                    join.doc.patches,
                    join.doc.timeouts,
                )
            }
            (Some(init), None) => (
                NodeRole::Init,
                init.label,
                Some(init.api),
                init.doc.node_registration,
                init.doc.local_api_endpoint,
                init.doc.patches,
                init.doc.timeouts,
            ),
            (None, None) => (
                NodeRole::Init,
                "InitConfiguration (defaulted)".to_string(),
                None,
                None,
                None,
                None,
                None,
            ),
        };
    let nerr = |field: &str, message: String| {
        ConfigError::file(file, message)
            .in_document(node_label.clone())
            .at(field)
    };
    let endpoint_field = if role == NodeRole::Join {
        "controlPlane.localAPIEndpoint"
    } else {
        "localAPIEndpoint"
    };
    let endpoint = endpoint.unwrap_or_default();

    let advertise_address = match (&overrides.advertise_address, endpoint.advertise_address) {
        (Some(flag), _) => Some(
            canonical_ip(flag).map_err(|m| ConfigError::file(file, m).at("--advertise-address"))?,
        ),
        (None, Some(text)) if !text.is_empty() => Some(
            canonical_ip(&text)
                .map_err(|m| nerr(&format!("{endpoint_field}.advertiseAddress"), m))?,
        ),
        _ => None,
    };
    let bind_port = match endpoint.bind_port {
        None | Some(0) => DEFAULT_BIND_PORT,
        Some(port) => u16::try_from(port).ok().filter(|p| *p > 0).ok_or_else(|| {
            nerr(
                &format!("{endpoint_field}.bindPort"),
                format!("{port} is not a port number (expected 1-65535)"),
            )
        })?,
    };

    let node_name = match (&overrides.node_name, registration.and_then(|r| r.name)) {
        (Some(flag), _) => Some(
            normalize_node_name(flag).map_err(|m| ConfigError::file(file, m).at("--node-name"))?,
        ),
        (None, Some(name)) if !name.trim().is_empty() => {
            Some(normalize_node_name(&name).map_err(|m| nerr("nodeRegistration.name", m))?)
        }
        _ => None,
    };

    if node_api == Some(ConfigApi::V1beta3) && timeouts.is_some() {
        return Err(nerr(
            "timeouts",
            "only exists in v1beta4; v1beta3 uses apiServer.timeoutForControlPlane".into(),
        ));
    }
    let v1beta4_timeout = timeouts.and_then(|t| t.control_plane_component_health_check);
    let health_check_timeout_from_v1beta3 = v1beta4_timeout.is_none() && timeout_v1beta3.is_some();
    let health_check_timeout = match (v1beta4_timeout, timeout_v1beta3) {
        (Some(text), _) => parse_go_duration(&text)
            .map_err(|m| nerr("timeouts.controlPlaneComponentHealthCheck", m))?,
        (None, Some(text)) => {
            parse_go_duration(&text).map_err(|m| cerr("apiServer.timeoutForControlPlane", m))?
        }
        (None, None) => DEFAULT_HEALTH_CHECK_TIMEOUT,
    };

    let patches_dir = patches.and_then(|p| p.directory).filter(|d| !d.is_empty());

    Ok(ClusterModel {
        apis,
        from_configmap: docs.from_configmap,
        kubernetes_version,
        image_repository,
        cluster_name,
        certificates_dir,
        service_subnet,
        pod_subnet,
        dns_domain,
        api_server,
        controller_manager,
        scheduler,
        etcd,
        feature_gates,
        role,
        advertise_address,
        bind_port,
        node_name,
        health_check_timeout,
        health_check_timeout_from_v1beta3,
        patches_dir,
    })
}

type FieldError = (String, String);

fn component(
    api: Option<ConfigApi>,
    field: &str,
    raw: api::ControlPlaneComponent,
) -> Result<ComponentConfig, FieldError> {
    let extra_args = extra_args(api, &format!("{field}.extraArgs"), raw.extra_args)?;
    let extra_envs = extra_envs(api, &format!("{field}.extraEnvs"), raw.extra_envs)?;
    let mut extra_volumes = Vec::new();
    for (index, volume) in raw
        .extra_volumes
        .unwrap_or_default()
        .into_iter()
        .enumerate()
    {
        extra_volumes.push(host_path_mount(
            &format!("{field}.extraVolumes[{index}]"),
            volume,
        )?);
    }
    Ok(ComponentConfig {
        extra_args,
        extra_volumes,
        extra_envs,
    })
}

fn host_path_mount(field: &str, raw: api::HostPathMount) -> Result<HostPathMount, FieldError> {
    for (name, value) in [
        ("name", &raw.name),
        ("hostPath", &raw.host_path),
        ("mountPath", &raw.mount_path),
    ] {
        if value.is_empty() {
            return Err((format!("{field}.{name}"), "must not be empty".into()));
        }
    }
    const PATH_TYPES: &[&str] = &[
        "",
        "DirectoryOrCreate",
        "Directory",
        "FileOrCreate",
        "File",
        "Socket",
        "CharDevice",
        "BlockDevice",
    ];
    if !PATH_TYPES.contains(&raw.path_type.as_str()) {
        return Err((
            format!("{field}.pathType"),
            format!(
                "{:?} is not a hostPath type (expected one of DirectoryOrCreate, Directory, \
                 FileOrCreate, File, Socket, CharDevice, BlockDevice)",
                raw.path_type
            ),
        ));
    }
    Ok(HostPathMount {
        name: raw.name,
        host_path: raw.host_path,
        mount_path: raw.mount_path,
        read_only: raw.read_only,
        path_type: raw.path_type,
    })
}

/// v1beta3 maps become a list sorted by name (kubeadm's conversion); v1beta4 lists keep the
/// user's order and duplicates.
fn extra_args(
    api: Option<ConfigApi>,
    field: &str,
    raw: Option<ExtraArgs>,
) -> Result<Vec<Arg>, FieldError> {
    match raw {
        None => Ok(Vec::new()),
        Some(ExtraArgs::Map(map)) => {
            if api == Some(ConfigApi::V1beta4) && !map.is_empty() {
                return Err((
                    field.to_string(),
                    "v1beta4 expects a list of {name, value}, not a map (the map form is \
                     v1beta3)"
                        .into(),
                ));
            }
            Ok(map.into_iter().map(|(k, v)| Arg::new(k, v)).collect())
        }
        Some(ExtraArgs::List(list)) => {
            if api != Some(ConfigApi::V1beta4) && !list.is_empty() {
                return Err((
                    field.to_string(),
                    "v1beta3 expects a map of flag name to string value, not a list (the list \
                     form is v1beta4)"
                        .into(),
                ));
            }
            let mut out = Vec::with_capacity(list.len());
            for (index, arg) in list.into_iter().enumerate() {
                if arg.name.is_empty() {
                    return Err((format!("{field}[{index}].name"), "must not be empty".into()));
                }
                if arg.name.starts_with('-') {
                    return Err((
                        format!("{field}[{index}].name"),
                        format!("{:?}: give the flag name without leading dashes", arg.name),
                    ));
                }
                out.push(Arg::new(arg.name, arg.value));
            }
            Ok(out)
        }
    }
}

fn extra_envs(
    api: Option<ConfigApi>,
    field: &str,
    raw: Option<Vec<EnvVar>>,
) -> Result<Vec<EnvVar>, FieldError> {
    let envs = raw.unwrap_or_default();
    if !envs.is_empty() && api != Some(ConfigApi::V1beta4) {
        return Err((
            field.to_string(),
            "extraEnvs exists only in v1beta4 (kubeadm 1.31+)".into(),
        ));
    }
    let mut out = Vec::with_capacity(envs.len());
    for (index, mut env) in envs.into_iter().enumerate() {
        if env.name.is_empty() {
            return Err((format!("{field}[{index}].name"), "must not be empty".into()));
        }
        // v1beta4 SetDefaults_EnvVar: fieldRef.apiVersion defaults to v1.
        if let Some(field_ref) = env.value_from.as_mut().and_then(|v| v.field_ref.as_mut()) {
            if field_ref.api_version.as_deref().unwrap_or("").is_empty() {
                field_ref.api_version = Some("v1".into());
            }
        }
        out.push(env);
    }
    Ok(out)
}

fn resolve_etcd(api: Option<ConfigApi>, raw: api::Etcd) -> Result<Etcd, FieldError> {
    match (raw.local, raw.external) {
        (Some(_), Some(_)) => Err((
            "etcd".into(),
            "local and external are mutually exclusive: set one of them".into(),
        )),
        (None, Some(external)) => {
            let endpoints = external.endpoints.unwrap_or_default();
            if endpoints.is_empty() {
                return Err((
                    "etcd.external.endpoints".into(),
                    "must list at least one etcd endpoint URL".into(),
                ));
            }
            for (index, endpoint) in endpoints.iter().enumerate() {
                if !(endpoint.starts_with("http://") || endpoint.starts_with("https://")) {
                    return Err((
                        format!("etcd.external.endpoints[{index}]"),
                        format!("{endpoint:?} is not an http:// or https:// URL"),
                    ));
                }
            }
            let ca_file = external.ca_file.unwrap_or_default();
            let cert_file = external.cert_file.unwrap_or_default();
            let key_file = external.key_file.unwrap_or_default();
            if cert_file.is_empty() != key_file.is_empty() {
                return Err((
                    "etcd.external".into(),
                    "certFile and keyFile must be given together".into(),
                ));
            }
            Ok(Etcd::External(ExternalEtcd {
                endpoints,
                ca_file,
                cert_file,
                key_file,
            }))
        }
        (local, None) => {
            let local = local.unwrap_or_default();
            let data_dir = non_empty(local.data_dir, DEFAULT_ETCD_DATA_DIR);
            if !data_dir.starts_with('/') {
                return Err((
                    "etcd.local.dataDir".into(),
                    format!("{data_dir:?} must be an absolute path"),
                ));
            }
            Ok(Etcd::Local(LocalEtcd {
                image_repository: local.image_repository.unwrap_or_default(),
                image_tag: local.image_tag.unwrap_or_default(),
                data_dir,
                extra_args: extra_args(api, "etcd.local.extraArgs", local.extra_args)?,
                extra_envs: extra_envs(api, "etcd.local.extraEnvs", local.extra_envs)?,
            }))
        }
    }
}

fn non_empty(value: Option<String>, default: &str) -> String {
    value
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| default.to_string())
}

/// Offline, only exact versions can be used: labels such as `stable-1` or `ci/latest` are
/// resolved by kubeadm over the network.
pub fn parse_kubernetes_version(text: &str) -> Result<KubeVersion, String> {
    if text.contains('/') || text.starts_with("stable") || text.starts_with("latest") {
        return Err(format!(
            "{text:?} is a release label that kubeadm resolves over the network; give an exact \
             version such as v1.31.2"
        ));
    }
    KubeVersion::parse(text).map_err(|e| e.to_string())
}

/// `netutils.ParseIPSloppy(addr).String()`: the canonical text of an IP; unspecified
/// addresses are refused because kubeadm would pick one from this host's default route.
pub fn canonical_ip(text: &str) -> Result<String, String> {
    let ip: IpAddr = text.trim().parse().map_err(|_| {
        format!("{text:?} is not an IPv4 or IPv6 address (expected e.g. 192.168.0.10 or fd00::10)")
    })?;
    if ip.is_unspecified() {
        return Err(format!(
            "{text:?} makes kubeadm choose the address of this host's default-route interface, \
             which staticpod does not guess offline; give the node's address"
        ));
    }
    if ip.is_loopback() {
        return Err(format!(
            "{text:?} makes kubeadm pick a global address configured on this host's loopback \
             interface, which staticpod does not guess offline; give that address"
        ));
    }
    Ok(match ip {
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => v6.to_string(),
        },
        IpAddr::V4(v4) => v4.to_string(),
    })
}

/// `nodeutil.GetHostname`: trimmed and lower-cased; must not be empty.
pub fn normalize_node_name(text: &str) -> Result<String, String> {
    let name = text.trim().to_lowercase();
    if name.is_empty() {
        return Err("must not be empty".into());
    }
    Ok(name)
}

/// A comma-separated list of one or two CIDRs (two must be of different IP families).
/// The service subnet may hold at most 2^20 addresses, as kubeadm checks.
fn validate_subnets(text: &str, service: bool) -> Result<(), String> {
    let parts: Vec<&str> = text.split(',').collect();
    if parts.len() > 2 {
        return Err(format!(
            "{text:?}: at most two CIDRs (one IPv4, one IPv6) are allowed"
        ));
    }
    let mut families = Vec::new();
    for part in &parts {
        let (ip, bits) = parse_cidr(part)?;
        if service {
            let host_bits = if ip.is_ipv4() { 32 } else { 128 } - bits;
            if host_bits > 20 {
                return Err(format!(
                    "{part:?} is too large for a service subnet: at most 2^20 addresses (prefix \
                     /{} or longer)",
                    if ip.is_ipv4() { 12 } else { 108 }
                ));
            }
        }
        families.push(ip.is_ipv4());
    }
    if families.len() == 2 && families[0] == families[1] {
        return Err(format!(
            "{text:?}: a dual-stack value needs one IPv4 and one IPv6 CIDR"
        ));
    }
    Ok(())
}

fn parse_cidr(text: &str) -> Result<(IpAddr, u32), String> {
    let (addr, bits) = text
        .split_once('/')
        .ok_or_else(|| format!("{text:?} is not a CIDR such as 10.96.0.0/12"))?;
    let ip: IpAddr = addr
        .parse()
        .map_err(|_| format!("{text:?} is not a CIDR such as 10.96.0.0/12"))?;
    let bits: u32 = bits
        .parse()
        .map_err(|_| format!("{text:?}: the prefix length must be a number"))?;
    let max = if ip.is_ipv4() { 32 } else { 128 };
    if bits > max {
        return Err(format!("{text:?}: prefix length above {max}"));
    }
    Ok((ip, bits))
}

fn validate_dns_subdomain(text: &str) -> Result<(), String> {
    let valid_label = |label: &str| {
        !label.is_empty()
            && label.len() <= 63
            && label
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            && !label.starts_with('-')
            && !label.ends_with('-')
    };
    if text.len() > 253 || !text.split('.').all(valid_label) {
        return Err(format!(
            "{text:?} is not a DNS subdomain (lower-case letters, digits, '-' and '.')"
        ));
    }
    Ok(())
}

/// Feature gates that kubeadm knows, reported when the config names one staticpod cannot
/// reproduce.
pub fn unsupported_feature_gates(gates: &BTreeMap<String, bool>) -> Option<String> {
    gates
        .get("RootlessControlPlane")
        .copied()
        .unwrap_or(false)
        .then(|| {
            "featureGates.RootlessControlPlane: kubeadm allocates user and group IDs on the \
             host at run time for this gate, so its manifests cannot be reproduced offline"
                .to_string()
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_ip_forms() {
        assert_eq!(canonical_ip("192.168.0.10"), Ok("192.168.0.10".into()));
        assert_eq!(canonical_ip("2001:DB8:0:0::0001"), Ok("2001:db8::1".into()));
        assert_eq!(canonical_ip("::ffff:10.0.0.1"), Ok("10.0.0.1".into()));
        assert!(canonical_ip("0.0.0.0").is_err());
        assert!(canonical_ip("::").is_err());
        assert!(canonical_ip("127.0.0.1").is_err());
        assert!(canonical_ip("node1").is_err());
    }

    #[test]
    fn subnets() {
        assert!(validate_subnets("10.96.0.0/12", true).is_ok());
        assert!(validate_subnets("10.96.0.0/8", true).is_err());
        assert!(validate_subnets("fd00::/112,10.96.0.0/16", true).is_ok());
        assert!(validate_subnets("10.0.0.0/16,10.1.0.0/16", false).is_err());
        assert!(validate_subnets("10.0.0.0", false).is_err());
        assert!(validate_subnets("10.0.0.0/33", false).is_err());
    }

    #[test]
    fn node_names_are_trimmed_and_lowercased() {
        assert_eq!(normalize_node_name(" CP-1 "), Ok("cp-1".into()));
        assert!(normalize_node_name("  ").is_err());
    }
}
