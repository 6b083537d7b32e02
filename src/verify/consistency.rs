//! Check 4: do the components agree with each other and with themselves? Service CIDR in
//! kube-apiserver and kube-controller-manager, `--cluster-cidr` when node CIDRs are allocated
//! (and not overlapping the services), one certificates directory, kube-apiserver's
//! `--etcd-servers` reaching the local etcd, the advertise address in the kubeadm annotation,
//! the flag and the probes, probes aimed at the port and scheme the component serves, and
//! every path a flag names inside a volume mount.

use std::collections::BTreeMap;
use std::net::IpAddr;

use ipnet::IpNet;
use k8s_openapi::api::core::v1::{Container, Probe};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use super::finding::{Finding, Severity};
use super::scan::PodView;
use crate::component::Component;

// The annotation kubeadm writes on kube-apiserver (`host:port`).
use crate::render::apiserver::ADVERTISE_ANNOTATION;
use crate::render::etcd::GoUrl;
use crate::render::inputs::split_host_port;

/// Flags whose value starts with `/` but is not a file path.
const NOT_PATHS: &[&str] = &["etcd-prefix"];

/// The flags kubeadm points into its certificates directory (etcd's under `<dir>/etcd`).
const CERT_FLAGS: &[(Component, &[&str])] = &[
    (
        Component::KubeApiserver,
        &[
            "client-ca-file",
            "tls-cert-file",
            "tls-private-key-file",
            "kubelet-client-certificate",
            "kubelet-client-key",
            "etcd-cafile",
            "etcd-certfile",
            "etcd-keyfile",
            "proxy-client-cert-file",
            "proxy-client-key-file",
            "requestheader-client-ca-file",
            "service-account-key-file",
            "service-account-signing-key-file",
        ],
    ),
    (
        Component::KubeControllerManager,
        &[
            "cluster-signing-cert-file",
            "cluster-signing-key-file",
            "root-ca-file",
            "service-account-private-key-file",
            "client-ca-file",
            "requestheader-client-ca-file",
        ],
    ),
    (
        Component::Etcd,
        &[
            "cert-file",
            "key-file",
            "peer-cert-file",
            "peer-key-file",
            "trusted-ca-file",
            "peer-trusted-ca-file",
        ],
    ),
];

pub fn check(pods: &[PodView<'_>]) -> Vec<Finding> {
    let find = |c: Component| pods.iter().find(|p| p.component == c);
    let mut out = Vec::new();
    let api = find(Component::KubeApiserver);
    let kcm = find(Component::KubeControllerManager);
    let etcd = find(Component::Etcd);
    if let (Some(api), Some(kcm)) = (api, kcm) {
        service_cidr(api, kcm, &mut out);
    }
    if let Some(kcm) = kcm {
        cluster_cidr(kcm, api, &mut out);
    }
    cert_dirs(pods, is_external_etcd(api), &mut out);
    if let (Some(api), Some(etcd)) = (api, etcd) {
        etcd_servers(api, etcd, &mut out);
    }
    if let Some(api) = api {
        advertise(api, &mut out);
    }
    for pod in pods {
        probes(pod, &mut out);
        unmounted_paths(pod, &mut out);
    }
    out
}

/// kube-apiserver uses an etcd kubeadm did not deploy on this node: its `--etcd-servers` are
/// all off this node, or one is plain `http://` (kubeadm's local etcd always serves TLS; a
/// local http endpoint is e.g. kine).
pub fn is_external_etcd(api: Option<&PodView<'_>>) -> bool {
    let Some(api) = api else { return false };
    let servers: Vec<Endpoint> = api
        .flags
        .list("etcd-servers")
        .iter()
        .filter_map(|s| Endpoint::parse(s))
        .collect();
    !servers.is_empty()
        && (servers.iter().all(|e| !is_loopback(&e.host))
            || servers.iter().any(|e| e.scheme == "http"))
}

fn finding(pod: &PodView<'_>, id: &str, severity: Severity, message: String) -> Finding {
    Finding {
        id: id.to_string(),
        severity,
        component: Some(pod.component.name().to_string()),
        file: Some(pod.path.to_path_buf()),
        message,
    }
}

fn networks(text: &str) -> Result<Vec<IpNet>, String> {
    text.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| {
            s.parse::<IpNet>()
                .map(|n| n.trunc())
                .map_err(|_| format!("{s:?} is not a CIDR"))
        })
        .collect()
}

fn service_cidr(api: &PodView<'_>, kcm: &PodView<'_>, out: &mut Vec<Finding>) {
    let flag = "service-cluster-ip-range";
    let (Some(a), Some(k)) = (api.flags.get(flag), kcm.flags.get(flag)) else {
        return;
    };
    let same = match (networks(a), networks(k)) {
        (Ok(a), Ok(k)) => a == k,
        _ => a == k,
    };
    if !same {
        out.push(finding(
            kcm,
            "CONSIST-SERVICE-CIDR",
            Severity::Error,
            format!("--{flag}={k} differs from kube-apiserver's {a}: node IPAM and service IPs disagree; set networking.serviceSubnet once and re-render both"),
        ));
    }
}

fn cluster_cidr(kcm: &PodView<'_>, api: Option<&PodView<'_>>, out: &mut Vec<Finding>) {
    let allocate = kcm.flags.bool("allocate-node-cidrs") == Some(true);
    let cluster = kcm.flags.get("cluster-cidr");
    if allocate && cluster.is_none() {
        out.push(finding(
            kcm,
            "CONSIST-CLUSTER-CIDR",
            Severity::Error,
            "--allocate-node-cidrs=true without --cluster-cidr: the node IPAM controller fails and nodes get no pod CIDR; set networking.podSubnet (kubeadm then writes both)".into(),
        ));
    }
    let Some(cluster) = cluster else { return };
    let pods = match networks(cluster) {
        Ok(n) => n,
        Err(why) => {
            out.push(finding(
                kcm,
                "CONSIST-CLUSTER-CIDR",
                Severity::Error,
                format!("--cluster-cidr={cluster}: {why}; write it as address/prefix (e.g. 10.244.0.0/16)"),
            ));
            return;
        }
    };
    let services = api
        .and_then(|a| a.flags.get("service-cluster-ip-range"))
        .or_else(|| kcm.flags.get("service-cluster-ip-range"))
        .and_then(|s| networks(s).ok())
        .unwrap_or_default();
    for p in &pods {
        for s in services
            .iter()
            .filter(|s| s.contains(&p.network()) || p.contains(&s.network()))
        {
            out.push(finding(
                kcm,
                "CONSIST-CIDR-OVERLAP",
                Severity::Error,
                format!("pod network {p} overlaps the service network {s}: pod and service IPs collide; choose disjoint networking.podSubnet and serviceSubnet"),
            ));
        }
    }
}

fn cert_dirs(pods: &[PodView<'_>], external_etcd: bool, out: &mut Vec<Finding>) {
    let mut dirs: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for pod in pods {
        let Some((_, flags)) = CERT_FLAGS.iter().find(|(c, _)| *c == pod.component) else {
            continue;
        };
        for flag in flags.iter() {
            if external_etcd && flag.starts_with("etcd-") {
                continue; // the external etcd's client certs live wherever the user put them
            }
            let Some(value) = pod.flags.get(flag) else {
                continue;
            };
            let Some((dir, _)) = value.rsplit_once('/') else {
                continue;
            };
            let dir = dir.strip_suffix("/etcd").unwrap_or(dir);
            let dir = if dir.is_empty() { "/" } else { dir };
            dirs.entry(dir.to_string())
                .or_default()
                .push(format!("{} --{flag}", pod.component));
        }
    }
    if dirs.len() > 1 {
        let list: Vec<String> = dirs
            .iter()
            .map(|(dir, users)| {
                format!(
                    "{dir} ({}{})",
                    users[0],
                    if users.len() > 1 {
                        format!(" and {} more", users.len() - 1)
                    } else {
                        String::new()
                    }
                )
            })
            .collect();
        out.push(Finding {
            id: "CONSIST-CERT-DIR".into(),
            severity: Severity::Warning,
            component: None,
            file: None,
            message: format!("certificates come from more than one directory: {}; kubeadm uses one certificatesDir (certs renew, upgrade and rotation only see that one); move them there", list.join(", ")),
        });
    }
}

/// `scheme://host:port`, host without IPv6 brackets.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Endpoint {
    scheme: String,
    host: String,
    port: Option<u16>,
}

impl Endpoint {
    /// A `scheme://host[:port]` flag value, read like Go's `url.Parse` (kubeadm's and etcd's
    /// reading); the scheme's default port when none is written.
    fn parse(url: &str) -> Option<Endpoint> {
        let url = GoUrl::parse(url.trim()).filter(|u| !u.scheme.is_empty())?;
        let default_port = match url.scheme.as_str() {
            "https" => Some(443),
            "http" => Some(80),
            _ => None,
        };
        Some(Endpoint {
            port: url.port.parse().ok().or(default_port),
            scheme: url.scheme,
            host: url.hostname,
        })
    }
}

fn is_loopback(host: &str) -> bool {
    host == "localhost" || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

fn is_unspecified(host: &str) -> bool {
    host.is_empty() || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_unspecified())
}

/// Could a client dialing `host` reach a listener bound to `bound`?
fn reaches(host: &str, bound: &str) -> bool {
    is_unspecified(bound) || same_host(host, bound) || (is_loopback(host) && is_loopback(bound))
}

fn etcd_servers(api: &PodView<'_>, etcd: &PodView<'_>, out: &mut Vec<Finding>) {
    let servers = api.flags.list("etcd-servers");
    let listeners: Vec<Endpoint> = etcd
        .flags
        .list("listen-client-urls")
        .iter()
        .filter_map(|u| Endpoint::parse(u))
        .collect();
    if servers.is_empty() || listeners.is_empty() {
        return;
    }
    let reached = servers.iter().filter_map(|s| Endpoint::parse(s)).any(|s| {
        listeners
            .iter()
            .any(|l| l.scheme == s.scheme && l.port == s.port && reaches(&s.host, &l.host))
    });
    if !reached {
        out.push(finding(
            api,
            "CONSIST-ETCD-SERVERS",
            Severity::Error,
            format!(
                "--etcd-servers={} reaches none of the local etcd's --listen-client-urls={}: kube-apiserver cannot reach its etcd; point it at https://127.0.0.1:<client port>",
                servers.join(","),
                etcd.flags.get("listen-client-urls").unwrap_or("")
            ),
        ));
    }
}

fn advertise(api: &PodView<'_>, out: &mut Vec<Finding>) {
    let flag = api.flags.get("advertise-address");
    let port = api.flags.get("secure-port").unwrap_or("6443");
    if let Some(annotation) = api.annotation(ADVERTISE_ANNOTATION) {
        let (host, annotated_port) = split_host_port(annotation);
        if flag.is_some_and(|f| !same_host(f, host)) || annotated_port.is_some_and(|p| p != port) {
            out.push(finding(
                api,
                "CONSIST-ADVERTISE",
                Severity::Error,
                format!(
                    "annotation {ADVERTISE_ANNOTATION}={annotation} disagrees with --advertise-address={} --secure-port={port}: kubeadm reads the annotation to find this API endpoint (upgrade, join); make them equal",
                    flag.unwrap_or("(unset)")
                ),
            ));
        }
    }
    let Some(flag) = flag else { return };
    let Some(container) = api.container else {
        return;
    };
    for (kind, probe) in container_probes(container) {
        let Some(host) = probe.http_get.as_ref().and_then(|h| h.host.as_deref()) else {
            continue;
        };
        if !host.is_empty() && !same_host(host, flag) {
            out.push(finding(
                api,
                "CONSIST-ADVERTISE",
                Severity::Error,
                format!("{kind}.httpGet.host {host} is not the --advertise-address {flag}: kubeadm probes the advertise address; after an address change the stale probe fails and restarts the pod; make them equal"),
            ));
        }
    }
}

fn same_host(a: &str, b: &str) -> bool {
    a == b || (a.parse::<IpAddr>().is_ok() && a.parse::<IpAddr>().ok() == b.parse::<IpAddr>().ok())
}

fn container_probes(container: &Container) -> Vec<(&'static str, &Probe)> {
    [
        ("livenessProbe", &container.liveness_probe),
        ("readinessProbe", &container.readiness_probe),
        ("startupProbe", &container.startup_probe),
    ]
    .into_iter()
    .filter_map(|(kind, probe)| probe.as_ref().map(|p| (kind, p)))
    .collect()
}

/// The insecure HTTP port kube-controller-manager (10252, removed in 1.24) and kube-scheduler
/// (10251, removed in 1.23) served by default before those releases (kubeadm probed it then).
fn insecure_default(pod: &PodView<'_>) -> Option<u16> {
    let tag = pod.image().and_then(crate::manifest::image_tag)?;
    let version = crate::plan::version_of_tag(tag).ok()?;
    match pod.component {
        Component::KubeControllerManager if version.minor() < 24 => Some(10252),
        Component::KubeScheduler if version.minor() < 23 => Some(10251),
        _ => None,
    }
}

/// Where the component serves its health endpoints: (scheme, bound host, port, flag).
fn serving(pod: &PodView<'_>) -> Vec<(String, String, Option<u16>, String)> {
    let secure = |default: u16| {
        let port = pod.flags.get("secure-port");
        let parsed = port.map_or(Some(default), |p| p.parse().ok());
        let bind = pod
            .flags
            .get("bind-address")
            .unwrap_or("0.0.0.0")
            .to_string();
        let mut endpoints = vec![(
            "https".to_string(),
            bind,
            parsed,
            format!("--secure-port={}", port.unwrap_or(&default.to_string())),
        )];
        let insecure = match pod.flags.get("port") {
            Some(port) => port.parse::<u16>().ok().filter(|p| *p != 0),
            None => insecure_default(pod),
        };
        if let Some(port) = insecure {
            let address = pod.flags.get("address").unwrap_or("0.0.0.0").to_string();
            endpoints.push((
                "http".to_string(),
                address,
                Some(port),
                format!("--port={port}"),
            ));
        }
        endpoints
    };
    match pod.component {
        Component::KubeApiserver => secure(6443),
        Component::KubeControllerManager => secure(10257),
        Component::KubeScheduler => secure(10259),
        Component::Etcd => ["listen-metrics-urls", "listen-client-urls"]
            .into_iter()
            .flat_map(|flag| {
                pod.flags
                    .list(flag)
                    .into_iter()
                    .filter_map(move |u| Endpoint::parse(u).map(|e| (e, format!("--{flag}"))))
            })
            .map(|(e, flag)| (e.scheme, e.host, e.port, flag))
            .collect(),
    }
}

fn probes(pod: &PodView<'_>, out: &mut Vec<Finding>) {
    let Some(container) = pod.container else {
        return;
    };
    let endpoints = serving(pod);
    if endpoints.is_empty() {
        return;
    }
    for (kind, probe) in container_probes(container) {
        let Some(get) = &probe.http_get else { continue };
        let scheme = get.scheme.as_deref().unwrap_or("HTTP").to_ascii_lowercase();
        let host = get.host.as_deref().unwrap_or("");
        let port = match &get.port {
            IntOrString::Int(p) => u16::try_from(*p).ok(),
            IntOrString::String(name) => {
                let named = container
                    .ports
                    .iter()
                    .flatten()
                    .find(|p| p.name.as_deref() == Some(name.as_str()))
                    .and_then(|p| u16::try_from(p.container_port).ok());
                if named.is_none() {
                    out.push(finding(
                        pod,
                        "CONSIST-PROBE-PORT",
                        Severity::Error,
                        format!("{kind}.httpGet.port {name:?} names no container port: the probe fails and the kubelet restarts the pod; name the port in ports or use its number"),
                    ));
                    continue;
                }
                named
            }
        };
        let matching: Vec<_> = endpoints
            .iter()
            .filter(|(s, _, p, _)| *s == scheme && *p == port)
            .collect();
        let wanted: Vec<String> = endpoints
            .iter()
            .map(|(s, _, p, flag)| {
                format!(
                    "{} port {} ({flag})",
                    s.to_uppercase(),
                    p.map_or("?".to_string(), |p| p.to_string())
                )
            })
            .collect();
        if matching.is_empty() {
            out.push(finding(
                pod,
                "CONSIST-PROBE-PORT",
                Severity::Error,
                format!(
                    "{kind} checks {} port {} but {} serves {}: the probe fails and the kubelet restarts the pod over and over; aim the probe at the served port and scheme",
                    scheme.to_uppercase(),
                    port.map_or("?".to_string(), |p| p.to_string()),
                    pod.component,
                    wanted.join(", ")
                ),
            ));
            continue;
        }
        if !host.is_empty() && !matching.iter().any(|(_, bound, _, _)| reaches(host, bound)) {
            let bound: Vec<&str> = matching.iter().map(|(_, b, _, _)| b.as_str()).collect();
            out.push(finding(
                pod,
                "CONSIST-PROBE-HOST",
                Severity::Error,
                format!("{kind}.httpGet.host {host} cannot reach {} listening on {}: the probe fails and the kubelet restarts the pod; probe the address it binds (kubeadm follows --bind-address)", pod.component, bound.join(", ")),
            ));
        }
    }
}

/// Flags naming files or directories the component writes: unmounted, they live inside the
/// container (lost on restart, invisible on the host) instead of failing the start.
const OUTPUT_PATHS: &[&str] = &[
    "audit-log-path",
    "log-file",
    "log-dir",
    "cert-dir",
    "data-dir",
    "wal-dir",
];

fn unmounted_paths(pod: &PodView<'_>, out: &mut Vec<Finding>) {
    let Some(container) = pod.container else {
        return;
    };
    let mounts: Vec<&str> = container
        .volume_mounts
        .iter()
        .flatten()
        .map(|m| m.mount_path.trim_end_matches('/'))
        .collect();
    let covered = |path: &str| {
        mounts.iter().any(|m| {
            m.is_empty() || path == *m || path.strip_prefix(m).is_some_and(|r| r.starts_with('/'))
        })
    };
    for (flag, _) in pod.flags.iter() {
        if NOT_PATHS.contains(&flag) {
            continue;
        }
        for value in pod.flags.all(flag) {
            for path in value
                .split(',')
                .map(str::trim)
                .filter(|p| p.starts_with('/'))
            {
                if covered(path) {
                    continue;
                }
                if flag == "flex-volume-plugin-dir" {
                    out.push(finding(
                        pod,
                        "CONSIST-UNMOUNTED-PATH",
                        Severity::Warning,
                        format!("--{flag}={path} is not inside any volumeMount: {} cannot see the FlexVolume drivers installed on the host (kubeadm 1.36+ no longer mounts it); mount it, or drop the flag if no FlexVolume driver is used", pod.component),
                    ));
                } else if OUTPUT_PATHS.contains(&flag) {
                    out.push(finding(
                        pod,
                        "CONSIST-UNMOUNTED-PATH",
                        Severity::Warning,
                        format!("--{flag}={path} is not inside any volumeMount: {} writes it inside the container, where it is invisible on the host and lost on every restart; add a hostPath volume and mount for it", pod.component),
                    ));
                } else {
                    out.push(finding(
                        pod,
                        "CONSIST-UNMOUNTED-PATH",
                        Severity::Error,
                        format!("--{flag}={path} is not inside any volumeMount: the container cannot see the host file and {} fails to start; add a hostPath volume and mount for it (extraVolumes in the kubeadm config)", pod.component),
                    ));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests;
