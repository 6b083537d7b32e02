//! etcd.yaml for local (stacked) etcd (`phases/etcd/local.go`: GetEtcdPodSpec, getEtcdCommand).

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::{Container, Pod};

use super::args::{self, Defaults};
use super::common::ProbePaths;
use super::gopath::join;
use super::inputs::{join_host_port, Inputs};
use super::pod;
use super::probes::ProbeTarget;
use super::volumes::{mount, volume};
use crate::config::model::{last_value, LocalEtcd};
use crate::kubeadm::version::etcd_tag_at_least;
use crate::kubeadm::{etcd_tags, EtcdFlags};

/// The annotation holding etcd's advertised client URL (`kubeadm.kubernetes.io/etcd.advertise-client-urls`).
pub const ADVERTISE_ANNOTATION: &str = "kubeadm.kubernetes.io/etcd.advertise-client-urls";
const METRICS_PORT: i32 = 2381;

/// The etcd image tag: `etcd.local.imageTag`, else the release's map entry for the
/// Kubernetes minor.
pub fn image_tag(inputs: &Inputs, local: &LocalEtcd, warnings: &mut Vec<String>) -> String {
    if !local.image_tag.is_empty() {
        return local.image_tag.clone();
    }
    match etcd_tags::default_tag(inputs.profile.release, inputs.kubernetes_version.minor()) {
        Some(found) => {
            if let Some(warning) = found.warning {
                warnings.push(warning);
            }
            found.tag.to_string()
        }
        // Unreachable for known releases (tested); keep a clear value rather than panic.
        None => "unknown".to_string(),
    }
}

/// The etcd static pod for a local etcd.
pub fn render(inputs: &Inputs, local: &LocalEtcd, warnings: &mut Vec<String>) -> Pod {
    let model = &inputs.model;
    let pki = |file: &str| join(&model.certificates_dir, file);
    let client_url = format!("https://{}", inputs.advertise_host_port(2379));
    let peer_url = format!("https://{}", inputs.advertise_host_port(2380));
    let loopback = inputs.loopback();
    let tag = image_tag(inputs, local, warnings);
    let v36 = match inputs.profile.etcd_flags {
        EtcdFlags::Experimental => false,
        EtcdFlags::ByImageTag => etcd_tag_at_least(&tag, 3, 6, 0).unwrap_or(false),
        EtcdFlags::Etcd36 => true,
    };
    let mut defaults = Defaults::new(&[
        ("name", inputs.node_name.as_str()),
        (
            "listen-client-urls",
            &format!("https://{},{client_url}", join_host_port(loopback, 2379)),
        ),
        ("advertise-client-urls", &client_url),
        ("listen-peer-urls", &peer_url),
        ("initial-advertise-peer-urls", &peer_url),
        ("data-dir", &local.data_dir),
        ("cert-file", &pki("etcd/server.crt")),
        ("key-file", &pki("etcd/server.key")),
        ("trusted-ca-file", &pki("etcd/ca.crt")),
        ("client-cert-auth", "true"),
        ("peer-cert-file", &pki("etcd/peer.crt")),
        ("peer-key-file", &pki("etcd/peer.key")),
        ("peer-trusted-ca-file", &pki("etcd/ca.crt")),
        ("peer-client-cert-auth", "true"),
        ("snapshot-count", "10000"),
        (
            "listen-metrics-urls",
            &format!("http://{}", join_host_port(loopback, 2381)),
        ),
    ]);
    if v36 {
        defaults.set("feature-gates", "InitialCorruptCheck=true");
        defaults.set("watch-progress-notify-interval", "5s");
    } else {
        defaults.set("experimental-initial-corrupt-check", "true");
        defaults.set("experimental-watch-progress-notify-interval", "5s");
    }
    if inputs.etcd_members.is_empty() {
        defaults.set(
            "initial-cluster",
            format!("{}={peer_url}", inputs.node_name),
        );
    } else {
        let members: Vec<String> = inputs
            .etcd_members
            .iter()
            .map(|m| format!("{}={}", m.name, m.peer_url))
            .collect();
        defaults.set("initial-cluster", members.join(","));
        defaults.set("initial-cluster-state", "existing");
    }
    let command = args::command(
        "etcd",
        defaults,
        &local.extra_args,
        inputs.profile.arg_order,
    );

    let (host, port, scheme) = probe_endpoint(local, loopback);
    let target = ProbeTarget {
        host,
        port,
        scheme,
        named_port: inputs.profile.named_probe_port,
    };
    let paths = if inputs.profile.etcd_livez_readyz {
        ProbePaths {
            liveness: "/livez",
            readiness: Some("/readyz"),
            startup: "/readyz",
        }
    } else {
        ProbePaths {
            liveness: "/health?exclude=NOSPACE&serializable=true",
            readiness: None,
            startup: "/health?serializable=false",
        }
    };
    let certs_dir = format!("{}/etcd", model.certificates_dir); // concatenated, not cleaned
    let repository = if local.image_repository.is_empty() {
        &model.image_repository
    } else {
        &local.image_repository
    };
    let env = super::env::merge_sorted(&[&local.extra_envs]);
    let container = Container {
        name: "etcd".into(),
        image: Some(format!("{repository}/etcd:{tag}")),
        image_pull_policy: Some("IfNotPresent".into()),
        command: Some(command),
        env: (!env.is_empty()).then_some(env),
        ports: target.ports(),
        resources: Some(pod::requests("100m", Some("100Mi"))),
        // A literal list in local.go: data first, certificates second (not sorted).
        volume_mounts: Some(vec![
            mount("etcd-data", &local.data_dir, false),
            mount("etcd-certs", &certs_dir, false),
        ]),
        ..super::common::probes(&target, paths, model.health_check_timeout)
    };
    let volumes = vec![
        volume("etcd-certs", &certs_dir, "DirectoryOrCreate"),
        volume("etcd-data", &local.data_dir, "DirectoryOrCreate"),
    ];
    let annotations = BTreeMap::from([(ADVERTISE_ANNOTATION.to_string(), client_url)]);
    pod::component_pod(container, volumes, Some(annotations))
}

/// `GetEtcdProbeEndpoint`: host, port and scheme from the first URL of the last
/// `listen-metrics-urls` extraArg, else the loopback address on port 2381 over HTTP.
pub fn probe_endpoint(local: &LocalEtcd, loopback: &str) -> (String, i32, &'static str) {
    let default = (loopback.to_string(), METRICS_PORT, "HTTP");
    let Some(urls) = last_value(&local.extra_args, "listen-metrics-urls") else {
        return default;
    };
    let first = urls.split(',').next().unwrap_or("");
    let Some(url) = GoUrl::parse(first) else {
        return default;
    };
    let scheme = if url.scheme == "https" {
        "HTTPS"
    } else {
        "HTTP"
    };
    let host = if url.hostname.is_empty() {
        loopback.to_string()
    } else {
        url.hostname
    };
    let port = url
        .port
        .parse::<i32>()
        .ok()
        .filter(|p| (1..=65535).contains(p))
        .unwrap_or(METRICS_PORT);
    (host, port, scheme)
}

/// The parts of Go's `url.Parse` result that the probe uses (also how `verify` reads the
/// components' URL flags). Without a valid `scheme://` all parts are empty; None is
/// `url.Parse`'s error (an invalid port or bracket).
pub struct GoUrl {
    /// The scheme (`https`), empty when there is none.
    pub scheme: String,
    /// The host without brackets and port (`url.Hostname()`).
    pub hostname: String,
    /// The port (`url.Port()`), empty when there is none.
    pub port: String,
}

impl GoUrl {
    /// `url.Parse(text)`; None where Go returns an error.
    pub fn parse(text: &str) -> Option<GoUrl> {
        let (scheme, rest) = match text.split_once("://") {
            Some((scheme, rest)) if is_scheme(scheme) => (scheme.to_ascii_lowercase(), rest),
            _ => {
                return Some(GoUrl {
                    scheme: String::new(),
                    hostname: String::new(),
                    port: String::new(),
                })
            }
        };
        let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
        let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
        let (hostname, port) = if let Some(bracketed) = host_port.strip_prefix('[') {
            let (host, after) = bracketed.split_once(']')?;
            let port = match after {
                "" => "",
                p => p.strip_prefix(':')?,
            };
            (host, port)
        } else {
            match host_port.rsplit_once(':') {
                Some((h, p)) => (h, p),
                None => (host_port, ""),
            }
        };
        if !port.chars().all(|c| c.is_ascii_digit()) {
            return None; // url.Parse: invalid port
        }
        Some(GoUrl {
            scheme,
            hostname: hostname.to_string(),
            port: port.to_string(),
        })
    }
}

fn is_scheme(text: &str) -> bool {
    let mut chars = text.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::model::Arg;

    fn local(args: &[(&str, &str)]) -> LocalEtcd {
        LocalEtcd {
            image_repository: String::new(),
            image_tag: String::new(),
            data_dir: "/var/lib/etcd".into(),
            extra_args: args.iter().map(|(n, v)| Arg::new(*n, *v)).collect(),
            extra_envs: vec![],
        }
    }

    #[test]
    fn probe_endpoint_defaults_and_metrics_url() {
        assert_eq!(
            probe_endpoint(&local(&[]), "127.0.0.1"),
            ("127.0.0.1".into(), 2381, "HTTP")
        );
        let l = local(&[(
            "listen-metrics-urls",
            "https://[::1]:2382,http://10.0.0.1:2381",
        )]);
        assert_eq!(probe_endpoint(&l, "::1"), ("::1".into(), 2382, "HTTPS"));
        let l = local(&[("listen-metrics-urls", "http://0.0.0.0:2381")]);
        assert_eq!(
            probe_endpoint(&l, "127.0.0.1"),
            ("0.0.0.0".into(), 2381, "HTTP")
        );
        let l = local(&[("listen-metrics-urls", "http://:abc")]);
        assert_eq!(
            probe_endpoint(&l, "127.0.0.1"),
            ("127.0.0.1".into(), 2381, "HTTP")
        );
        let l = local(&[("listen-metrics-urls", "http://etcd.local")]);
        assert_eq!(
            probe_endpoint(&l, "127.0.0.1"),
            ("etcd.local".into(), 2381, "HTTP")
        );
    }
}
