//! kube-scheduler.yaml (`getSchedulerCommand`).

use k8s_openapi::api::core::v1::Pod;

use super::args::{self, Defaults};
use super::common::{self, ControlPlaneContainer, ProbePaths, Which};
use super::inputs::Inputs;
use super::pod;
use super::probes::{probe_address, ProbeTarget};
use crate::config::model::last_value;

/// `KubeSchedulerPort`.
pub const PORT: i32 = 10259;

pub fn render(inputs: &Inputs) -> Pod {
    let model = &inputs.model;
    let kubeconfig = "/etc/kubernetes/scheduler.conf";
    let defaults = Defaults::new(&[
        ("bind-address", "127.0.0.1"),
        ("leader-elect", "true"),
        ("kubeconfig", kubeconfig),
        ("authentication-kubeconfig", kubeconfig),
        ("authorization-kubeconfig", kubeconfig),
    ]);
    let user = &model.scheduler.extra_args;
    let command = args::command("kube-scheduler", defaults, user, inputs.profile.arg_order);

    let target = ProbeTarget {
        host: probe_address(last_value(user, "bind-address").unwrap_or("127.0.0.1")),
        port: PORT,
        scheme: "HTTPS",
        named_port: inputs.profile.named_probe_port,
    };
    let paths = if inputs.profile.scheduler_livez_readyz {
        ProbePaths {
            liveness: "/livez",
            readiness: Some("/readyz"),
            startup: "/livez",
        }
    } else {
        ProbePaths {
            liveness: "/healthz",
            readiness: None,
            startup: "/healthz",
        }
    };
    let (volumes, volume_mounts) =
        common::control_plane_mounts(inputs, Which::Scheduler).into_lists();
    let container = common::control_plane_container(
        inputs,
        ControlPlaneContainer {
            name: "kube-scheduler",
            command,
            target,
            paths,
            cpu: "100m",
            extra_envs: &model.scheduler.extra_envs,
            volume_mounts,
        },
    );
    pod::component_pod(container, volumes, None)
}
