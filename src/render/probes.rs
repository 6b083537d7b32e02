//! Probes (`util/staticpod/utils.go`: LivenessProbe, ReadinessProbe, StartupProbe).

use std::time::Duration;

use k8s_openapi::api::core::v1::{ContainerPort, HTTPGetAction, Probe};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

/// The port name kubeadm 1.34+ gives the probed port (`constants.ProbePort`).
pub const PROBE_PORT_NAME: &str = "probe-port";

/// Where a component's probes point.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProbeTarget {
    /// Omitted from the probe when empty (the kubelet then uses the pod IP).
    pub host: String,
    pub port: i32,
    pub scheme: &'static str,
    /// 1.34+: probes reference the named port `probe-port`.
    pub named_port: bool,
}

impl ProbeTarget {
    fn probe(
        &self,
        path: &str,
        initial_delay: i32,
        timeout: i32,
        failure: i32,
        period: i32,
    ) -> Probe {
        let port = if self.named_port {
            IntOrString::String(PROBE_PORT_NAME.to_string())
        } else {
            IntOrString::Int(self.port)
        };
        let nonzero = |v: i32| (v != 0).then_some(v);
        Probe {
            http_get: Some(HTTPGetAction {
                host: (!self.host.is_empty()).then(|| self.host.clone()),
                path: Some(path.to_string()),
                port,
                scheme: Some(self.scheme.to_string()),
                ..Default::default()
            }),
            initial_delay_seconds: nonzero(initial_delay),
            timeout_seconds: nonzero(timeout),
            failure_threshold: nonzero(failure),
            period_seconds: nonzero(period),
            ..Default::default()
        }
    }

    /// initialDelay 10, timeout 15, failureThreshold 8, period 10.
    pub fn liveness(&self, path: &str) -> Probe {
        self.probe(path, 10, 15, 8, 10)
    }

    /// No initial delay, timeout 15, failureThreshold 3, period 1.
    pub fn readiness(&self, path: &str) -> Probe {
        self.probe(path, 0, 15, 3, 1)
    }

    /// initialDelay 10, timeout 15, period 10, failureThreshold `ceil(timeout / 10s)`.
    pub fn startup(&self, path: &str, health_check_timeout: Duration) -> Probe {
        let period = 10.0_f64;
        let threshold = (health_check_timeout.as_secs_f64() / period).ceil();
        let threshold = if threshold >= f64::from(i32::MAX) {
            i32::MAX
        } else {
            threshold as i32
        };
        self.probe(path, 10, 15, threshold, 10)
    }

    /// The `ports` entry 1.34+ declares for the named probe port.
    pub fn ports(&self) -> Option<Vec<ContainerPort>> {
        self.named_port.then(|| {
            vec![ContainerPort {
                container_port: self.port,
                name: Some(PROBE_PORT_NAME.to_string()),
                protocol: Some("TCP".to_string()),
                ..Default::default()
            }]
        })
    }
}

/// `getProbeAddress`: the unspecified addresses mean "probe the pod IP" (empty host).
pub fn probe_address(address: &str) -> String {
    if address == "0.0.0.0" || address == "::" {
        String::new()
    } else {
        address.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(named: bool) -> ProbeTarget {
        ProbeTarget {
            host: "127.0.0.1".into(),
            port: 10259,
            scheme: "HTTPS",
            named_port: named,
        }
    }

    #[test]
    fn startup_threshold_is_the_ceiling() {
        let t = target(false);
        let of = |secs| {
            t.startup("/livez", Duration::from_secs(secs))
                .failure_threshold
        };
        assert_eq!(of(240), Some(24));
        assert_eq!(of(95), Some(10));
        assert_eq!(of(0), None);
    }

    #[test]
    fn named_port() {
        let t = target(true);
        let probe = t.liveness("/livez");
        let port = probe.http_get.map(|h| h.port);
        assert_eq!(port, Some(IntOrString::String("probe-port".into())));
        assert_eq!(t.ports().map(|p| p[0].container_port), Some(10259));
        assert!(target(false).ports().is_none());
    }

    #[test]
    fn probe_address_clears_unspecified() {
        assert_eq!(probe_address("0.0.0.0"), "");
        assert_eq!(probe_address("::"), "");
        assert_eq!(probe_address("::1"), "::1");
    }
}
