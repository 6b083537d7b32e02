//! Pieces shared by the control-plane components: images, env, probes, hostPath mounts.

use std::time::Duration;

use k8s_openapi::api::core::v1::{Container, EnvVar, VolumeMount};

use super::env;
use super::inputs::Inputs;
use super::probes::ProbeTarget;
use super::volumes::{ca_dir_volume_name, external_etcd_cert_dirs, Mounts};
use crate::config::model::{last_value, Etcd};

/// `images.GetKubernetesImage`: `<imageRepository>/<name>:<version with + as _>`.
pub fn control_plane_image(inputs: &Inputs, name: &str) -> String {
    format!(
        "{}/{}:{}",
        inputs.model.image_repository,
        name,
        inputs.kubernetes_version.image_tag()
    )
}

/// The env of kube-apiserver / kube-controller-manager / kube-scheduler.
pub fn env(inputs: &Inputs, extra_envs: &[EnvVar]) -> Option<Vec<EnvVar>> {
    let proxy = env::proxy_vars(&inputs.environment);
    // MergeKubeadmEnvVars (1.28+): later lists override earlier ones by name; sorted by name
    // from 1.32, Go map order before (see `Profile::env_order_random`).
    let list = env::merge_sorted(&[&proxy, extra_envs]);
    (!list.is_empty()).then_some(list)
}

/// Probe paths of one component.
pub struct ProbePaths {
    pub liveness: &'static str,
    pub readiness: Option<&'static str>,
    pub startup: &'static str,
}

/// What differs between the kube-apiserver, kube-controller-manager and kube-scheduler
/// containers; everything else is built the same way by [`control_plane_container`].
pub struct ControlPlaneContainer<'a> {
    pub name: &'static str,
    pub command: Vec<String>,
    pub target: ProbeTarget,
    pub paths: ProbePaths,
    pub cpu: &'static str,
    pub extra_envs: &'a [EnvVar],
    pub volume_mounts: Vec<VolumeMount>,
}

/// The container of a control-plane component (the `v1.Container` literals of
/// `GetStaticPodSpecs`).
pub fn control_plane_container(inputs: &Inputs, c: ControlPlaneContainer<'_>) -> Container {
    Container {
        name: c.name.to_string(),
        image: Some(control_plane_image(inputs, c.name)),
        image_pull_policy: Some("IfNotPresent".into()),
        command: Some(c.command),
        env: env(inputs, c.extra_envs),
        ports: c.target.ports(),
        resources: Some(super::pod::requests(c.cpu, None)),
        volume_mounts: Some(c.volume_mounts),
        ..probes(&c.target, c.paths, inputs.model.health_check_timeout)
    }
}

/// A container holding only the probes (to be completed with struct update syntax).
pub fn probes(target: &ProbeTarget, paths: ProbePaths, timeout: Duration) -> Container {
    Container {
        liveness_probe: Some(target.liveness(paths.liveness)),
        readiness_probe: paths.readiness.map(|p| target.readiness(p)),
        startup_probe: Some(target.startup(paths.startup, timeout)),
        ..Default::default()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    ApiServer,
    ControllerManager,
    Scheduler,
}

const DIR_OR_CREATE: &str = "DirectoryOrCreate";
const FILE_OR_CREATE: &str = "FileOrCreate";
const CA_CERTS: &str = "/etc/ssl/certs";
const DEFAULT_FLEXVOLUME_DIR: &str = "/usr/libexec/kubernetes/kubelet-plugins/volume/exec";

/// `getHostPathVolumesForTheControlPlane`, for one component.
pub fn control_plane_mounts(inputs: &Inputs, which: Which) -> Mounts {
    let model = &inputs.model;
    let profile = &inputs.profile;
    let pki = model.certificates_dir.as_str();
    let mut mounts = Mounts::default();
    match which {
        Which::ApiServer => {
            mounts.add("k8s-certs", pki, pki, true, DIR_OR_CREATE);
            mounts.add("ca-certs", CA_CERTS, CA_CERTS, true, DIR_OR_CREATE);
            if let Etcd::External(external) = &model.etcd {
                for (i, dir) in external_etcd_cert_dirs(external, profile.ca_dirs, pki)
                    .iter()
                    .enumerate()
                {
                    mounts.add(&format!("etcd-certs-{i}"), dir, dir, true, DIR_OR_CREATE);
                }
            }
        }
        Which::ControllerManager => {
            mounts.add("k8s-certs", pki, pki, true, DIR_OR_CREATE);
            mounts.add("ca-certs", CA_CERTS, CA_CERTS, true, DIR_OR_CREATE);
            let kubeconfig = "/etc/kubernetes/controller-manager.conf";
            mounts.add("kubeconfig", kubeconfig, kubeconfig, true, FILE_OR_CREATE);
            if profile.flexvolume_dir {
                let dir = last_value(
                    &model.controller_manager.extra_args,
                    "flex-volume-plugin-dir",
                )
                .unwrap_or(DEFAULT_FLEXVOLUME_DIR);
                mounts.add("flexvolume-dir", dir, dir, false, DIR_OR_CREATE);
            }
        }
        Which::Scheduler => {
            let kubeconfig = "/etc/kubernetes/scheduler.conf";
            mounts.add("kubeconfig", kubeconfig, kubeconfig, true, FILE_OR_CREATE);
        }
    }
    if which != Which::Scheduler {
        for dir in profile.ca_dirs {
            if inputs.host.exists(dir) {
                mounts.add(&ca_dir_volume_name(dir), dir, dir, true, DIR_OR_CREATE);
            }
        }
    }
    let extra = match which {
        Which::ApiServer => &model.api_server.extra_volumes,
        Which::ControllerManager => &model.controller_manager.extra_volumes,
        Which::Scheduler => &model.scheduler.extra_volumes,
    };
    mounts.add_extra(extra);
    mounts
}
