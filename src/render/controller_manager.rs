//! kube-controller-manager.yaml (`getControllerManagerCommand`).

use k8s_openapi::api::core::v1::Pod;

use super::args::{self, Defaults};
use super::common::{self, ControlPlaneContainer, ProbePaths, Which};
use super::gopath::join;
use super::inputs::Inputs;
use super::pod;
use super::probes::{probe_address, ProbeTarget};
use crate::config::model::last_value;

/// `KubeControllerManagerPort`.
pub const PORT: i32 = 10257;

pub fn render(inputs: &Inputs) -> Pod {
    let model = &inputs.model;
    let pki = |file: &str| join(&model.certificates_dir, file);
    let kubeconfig = "/etc/kubernetes/controller-manager.conf";
    let ca = pki("ca.crt");
    let mut defaults = Defaults::new(&[
        ("bind-address", "127.0.0.1"),
        ("leader-elect", "true"),
        ("kubeconfig", kubeconfig),
        ("authentication-kubeconfig", kubeconfig),
        ("authorization-kubeconfig", kubeconfig),
        ("client-ca-file", &ca),
        ("requestheader-client-ca-file", &pki("front-proxy-ca.crt")),
        ("root-ca-file", &ca),
        ("service-account-private-key-file", &pki("sa.key")),
        ("cluster-signing-cert-file", &ca),
        ("cluster-signing-key-file", &pki("ca.key")),
        ("use-service-account-credentials", "true"),
        ("controllers", "*,bootstrapsigner,tokencleaner"),
    ]);
    // With an external CA the signing flags are emptied so the csrsigning controller stays off.
    if inputs.host.external_ca {
        defaults.set("cluster-signing-key-file", "");
        defaults.set("cluster-signing-cert-file", "");
    }
    if !model.pod_subnet.is_empty() {
        defaults.set("allocate-node-cidrs", "true");
        defaults.set("cluster-cidr", model.pod_subnet.clone());
        if !model.service_subnet.is_empty() {
            defaults.set("service-cluster-ip-range", model.service_subnet.clone());
        }
    }
    if !model.cluster_name.is_empty() {
        defaults.set("cluster-name", model.cluster_name.clone());
    }
    let user = &model.controller_manager.extra_args;
    let command = args::command(
        "kube-controller-manager",
        defaults,
        user,
        inputs.profile.arg_order,
    );

    let target = ProbeTarget {
        host: probe_address(last_value(user, "bind-address").unwrap_or("127.0.0.1")),
        port: PORT,
        scheme: "HTTPS",
        named_port: inputs.profile.named_probe_port,
    };
    let (volumes, volume_mounts) =
        common::control_plane_mounts(inputs, Which::ControllerManager).into_lists();
    let container = common::control_plane_container(
        inputs,
        ControlPlaneContainer {
            name: "kube-controller-manager",
            command,
            target,
            paths: ProbePaths {
                liveness: "/healthz",
                readiness: None,
                startup: "/healthz",
            },
            cpu: "200m",
            extra_envs: &model.controller_manager.extra_envs,
            volume_mounts,
        },
    );
    pod::component_pod(container, volumes, None)
}
