//! What `--wait` looks for once a manifest is in place: the argv its container runs
//! (`command` + `args`, what the runtime executes and what `/proc/PID/cmdline` shows) and the
//! probes the kubelet will run (startup first, then readiness, else liveness).

use std::time::Duration;

use k8s_openapi::api::core::v1::{Container, Pod, Probe};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use super::probe::Check;
use crate::component::Component;
use crate::manifest;

/// The kubelet's default `timeoutSeconds`.
const DEFAULT_TIMEOUT_SECONDS: i32 = 1;

/// One probe stage: a check that must succeed `success_threshold` times in a row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stage {
    /// `startupProbe`, `readinessProbe` or `livenessProbe`.
    pub field: &'static str,
    /// What the probe does.
    pub check: Check,
    /// `successThreshold` (at least 1).
    pub success_threshold: u32,
    /// `timeoutSeconds` (default 1 s): how long one attempt may take.
    pub timeout: Duration,
}

/// What a running, healthy pod of this manifest looks like.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaitTarget {
    /// The component the manifest runs.
    pub component: Component,
    /// The container's command followed by its args: what the pod's process runs.
    pub argv: Vec<String>,
    /// Empty: no probe, the process being up is all there is to check.
    pub stages: Vec<Stage>,
}

impl WaitTarget {
    /// From a manifest's bytes; the error names the field that is wrong.
    pub fn from_manifest(component: Component, bytes: &[u8]) -> Result<WaitTarget, String> {
        let decoded = manifest::decode(bytes).map_err(|e| format!("{component}: {e}"))?;
        let pod = &decoded.pod;
        let containers = pod.spec.as_ref().map(|s| &s.containers[..]).unwrap_or(&[]);
        let (index, container) = containers
            .iter()
            .enumerate()
            .find(|(_, c)| c.name == component.name())
            .or_else(|| containers.iter().enumerate().next())
            .ok_or_else(|| format!("{component}: spec.containers is empty"))?;
        let field = |name: &str| format!("spec.containers[{index}].{name}");
        let mut argv: Vec<String> = container.command.clone().unwrap_or_default();
        argv.extend(container.args.clone().unwrap_or_default());
        if argv.is_empty() {
            return Err(format!(
                "{component}: {} and {} are empty: without them the process cannot be told \
                 apart (its argv comes from the image), so --wait cannot see it",
                field("command"),
                field("args")
            ));
        }
        let host = default_host(pod);
        let mut stages = Vec::new();
        if let Some(probe) = &container.startup_probe {
            stages.push(stage(
                "startupProbe",
                probe,
                container,
                &host,
                &field("startupProbe"),
            )?);
        }
        let steady = container
            .readiness_probe
            .as_ref()
            .map(|p| ("readinessProbe", p))
            .or_else(|| {
                container
                    .liveness_probe
                    .as_ref()
                    .map(|p| ("livenessProbe", p))
            });
        if let Some((name, probe)) = steady {
            stages.push(stage(name, probe, container, &host, &field(name))?);
        }
        Ok(WaitTarget {
            component,
            argv,
            stages,
        })
    }

    /// The probe shown in reports: the last stage's check (`GET https://…/livez`).
    pub fn probe_text(&self) -> Option<String> {
        self.stages.last().map(|s| s.check.to_string())
    }
}

/// The host a probe without one goes to: the pod IP, which for a hostNetwork static pod is
/// the node's address: the one the manifest advertises (kubeadm's annotations), else
/// 127.0.0.1.
fn default_host(pod: &Pod) -> String {
    let annotations = pod.metadata.annotations.clone().unwrap_or_default();
    let advertised = annotations
        .get(crate::render::apiserver::ADVERTISE_ANNOTATION)
        .map(|endpoint| {
            crate::render::inputs::split_host_port(endpoint)
                .0
                .to_string()
        })
        .or_else(|| {
            annotations
                .get(crate::render::etcd::ADVERTISE_ANNOTATION)
                .and_then(|urls| urls.split(',').next())
                .and_then(|url| url.split_once("://"))
                .map(|(_, rest)| {
                    let authority = rest.split('/').next().unwrap_or(rest);
                    crate::render::inputs::split_host_port(authority)
                        .0
                        .to_string()
                })
        });
    advertised
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "127.0.0.1".to_string())
}

fn stage(
    name: &'static str,
    probe: &Probe,
    container: &Container,
    default_host: &str,
    field: &str,
) -> Result<Stage, String> {
    let check = if let Some(http) = &probe.http_get {
        let scheme = match http.scheme.as_deref().unwrap_or("HTTP") {
            s if s.eq_ignore_ascii_case("http") => "http",
            s if s.eq_ignore_ascii_case("https") => "https",
            other => {
                return Err(format!(
                    "{field}.httpGet.scheme is \"{other}\": expected HTTP or HTTPS"
                ))
            }
        };
        let host = http
            .host
            .clone()
            .filter(|h| !h.is_empty())
            .unwrap_or_else(|| default_host.to_string());
        let port = resolve_port(&http.port, container, &format!("{field}.httpGet.port"))?;
        let path = http.path.clone().unwrap_or_default();
        Check::Http {
            scheme,
            host,
            port,
            path,
        }
    } else if let Some(tcp) = &probe.tcp_socket {
        let host = tcp
            .host
            .clone()
            .filter(|h| !h.is_empty())
            .unwrap_or_else(|| default_host.to_string());
        let port = resolve_port(&tcp.port, container, &format!("{field}.tcpSocket.port"))?;
        Check::Tcp { host, port }
    } else if probe.exec.is_some() {
        Check::Exec
    } else if let Some(grpc) = &probe.grpc {
        let port = u16::try_from(grpc.port)
            .ok()
            .filter(|p| *p > 0)
            .ok_or_else(|| format!("{field}.grpc.port {} is not a port number", grpc.port))?;
        Check::Tcp {
            host: default_host.to_string(),
            port,
        }
    } else {
        return Err(format!(
            "{field} has no handler: expected httpGet, tcpSocket, exec or grpc"
        ));
    };
    let success_threshold = probe.success_threshold.unwrap_or(1).max(1) as u32;
    let timeout_seconds = probe
        .timeout_seconds
        .unwrap_or(DEFAULT_TIMEOUT_SECONDS)
        .max(1);
    Ok(Stage {
        field: name,
        check,
        success_threshold,
        timeout: Duration::from_secs(timeout_seconds as u64),
    })
}

/// A probe port: a number, or the name of one of the container's ports (or, as the kubelet
/// falls back to, a number written as a string).
fn resolve_port(port: &IntOrString, container: &Container, field: &str) -> Result<u16, String> {
    let number = match port {
        IntOrString::Int(n) => i64::from(*n),
        IntOrString::String(name) => {
            let named = container
                .ports
                .iter()
                .flatten()
                .find(|p| p.name.as_deref() == Some(name.as_str()))
                .map(|p| i64::from(p.container_port));
            match named.or_else(|| name.parse::<i64>().ok()) {
                Some(n) => n,
                None => {
                    return Err(format!(
                        "{field} is \"{name}\", which names none of the container's ports"
                    ))
                }
            }
        }
    };
    u16::try_from(number)
        .ok()
        .filter(|p| *p > 0)
        .ok_or_else(|| format!("{field} is {number}: expected a port number from 1 to 65535"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const POD: &str = r#"apiVersion: v1
kind: Pod
metadata:
  name: kube-apiserver
  namespace: kube-system
  annotations:
    kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint: 10.0.0.5:6443
spec:
  hostNetwork: true
  containers:
  - name: kube-apiserver
    image: registry.k8s.io/kube-apiserver:v1.31.0
    command:
    - kube-apiserver
    - --secure-port=6443
    ports:
    - name: probe-port
      containerPort: 6443
    startupProbe:
      httpGet:
        host: 10.0.0.5
        path: /livez
        port: probe-port
        scheme: HTTPS
      failureThreshold: 24
    readinessProbe:
      httpGet:
        path: /readyz
        port: 6443
        scheme: HTTPS
      successThreshold: 2
      timeoutSeconds: 15
    livenessProbe:
      tcpSocket:
        port: 6443
"#;

    #[test]
    fn argv_and_probe_stages() {
        let target = WaitTarget::from_manifest(Component::KubeApiserver, POD.as_bytes()).unwrap();
        assert_eq!(target.argv, vec!["kube-apiserver", "--secure-port=6443"]);
        assert_eq!(target.stages.len(), 2);
        assert_eq!(target.stages[0].field, "startupProbe");
        assert_eq!(
            target.stages[0].check.to_string(),
            "GET https://10.0.0.5:6443/livez"
        );
        // Readiness wins over liveness; an empty host is the advertised address.
        assert_eq!(target.stages[1].field, "readinessProbe");
        assert_eq!(
            target.stages[1].check.to_string(),
            "GET https://10.0.0.5:6443/readyz"
        );
        assert_eq!(target.stages[1].success_threshold, 2);
        assert_eq!(target.stages[1].timeout, Duration::from_secs(15));
    }

    #[test]
    fn exec_and_no_probe() {
        let text = POD.replace(
            "    startupProbe:\n      httpGet:\n        host: 10.0.0.5\n        path: /livez\n        port: probe-port\n        scheme: HTTPS\n      failureThreshold: 24\n",
            "    startupProbe:\n      exec:\n        command: [\"true\"]\n",
        );
        let target = WaitTarget::from_manifest(Component::KubeApiserver, text.as_bytes()).unwrap();
        assert_eq!(target.stages[0].check, Check::Exec);
        assert!(target.stages[0].check.run(Duration::from_secs(1)).success);
        assert!(target.stages[0].check.to_string().contains("not run"));
        let bare = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: etcd\nspec:\n  containers:\n  - name: etcd\n    image: x\n    command: [etcd]\n";
        let target = WaitTarget::from_manifest(Component::Etcd, bare.as_bytes()).unwrap();
        assert_eq!(
            (target.argv.clone(), target.stages.len()),
            (vec!["etcd".to_string()], 0)
        );
        let no_command = bare.replace("    command: [etcd]\n", "");
        let error = WaitTarget::from_manifest(Component::Etcd, no_command.as_bytes()).unwrap_err();
        assert!(
            error.contains("spec.containers[0].command and spec.containers[0].args are empty"),
            "{error}"
        );
    }

    #[test]
    fn liveness_when_no_readiness_and_unknown_port_name_is_an_error() {
        let text = POD
            .replace("    readinessProbe:\n      httpGet:\n        path: /readyz\n        port: 6443\n        scheme: HTTPS\n      successThreshold: 2\n      timeoutSeconds: 15\n", "")
            .replace("kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint: 10.0.0.5:6443", "x: z");
        let target = WaitTarget::from_manifest(Component::KubeApiserver, text.as_bytes()).unwrap();
        assert_eq!(target.stages[1].field, "livenessProbe");
        assert_eq!(target.stages[1].check.to_string(), "TCP 127.0.0.1:6443");
        let text = POD.replace("port: probe-port", "port: nope");
        let error =
            WaitTarget::from_manifest(Component::KubeApiserver, text.as_bytes()).unwrap_err();
        assert!(
            error.contains("spec.containers[0].startupProbe.httpGet.port is \"nope\""),
            "{error}"
        );
    }
}
