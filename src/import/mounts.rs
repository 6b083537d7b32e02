//! extraVolumes and extraEnvs: the hostPath volumes and env variables on disk that kubeadm's
//! defaults do not add.

use k8s_openapi::api::core::v1::{EnvVar, Pod, Volume, VolumeMount};

use crate::config::model::HostPathMount;

fn volumes(pod: &Pod) -> &[Volume] {
    pod.spec
        .as_ref()
        .and_then(|s| s.volumes.as_deref())
        .unwrap_or(&[])
}

fn mounts(pod: &Pod) -> &[VolumeMount] {
    pod.spec
        .as_ref()
        .and_then(|s| s.containers.first())
        .and_then(|c| c.volume_mounts.as_deref())
        .unwrap_or(&[])
}

/// The volumes on disk that differ from (or are absent in) the base render, as extraVolumes
/// (an extraVolume replaces a default of the same name). A volume that is not a plain
/// hostPath with one plain mount is left to the patch.
pub fn extra_volumes(base: &Pod, disk: &Pod) -> Vec<HostPathMount> {
    let mut extra = Vec::new();
    for volume in volumes(disk) {
        let mount: Vec<&VolumeMount> = mounts(disk)
            .iter()
            .filter(|m| m.name == volume.name)
            .collect();
        let base_volume = volumes(base).iter().find(|v| v.name == volume.name);
        let base_mount = mounts(base).iter().find(|m| m.name == volume.name);
        if base_volume == Some(volume) && mount.len() == 1 && base_mount == Some(mount[0]) {
            continue;
        }
        if let Some(found) = as_host_path_mount(volume, &mount) {
            extra.push(found);
        }
    }
    extra
}

fn as_host_path_mount(volume: &Volume, mounts: &[&VolumeMount]) -> Option<HostPathMount> {
    let [mount] = mounts else { return None };
    let host = volume.host_path.as_ref()?;
    let plain_volume = Volume {
        name: volume.name.clone(),
        host_path: Some(host.clone()),
        ..Default::default()
    };
    let plain_mount = VolumeMount {
        name: mount.name.clone(),
        mount_path: mount.mount_path.clone(),
        read_only: mount.read_only,
        ..Default::default()
    };
    // Only what an extraVolume can say; an empty read-only flag is `false`.
    if &plain_volume != volume || &plain_mount != *mount || mount.read_only == Some(false) {
        return None;
    }
    Some(HostPathMount {
        name: volume.name.clone(),
        host_path: host.path.clone(),
        mount_path: mount.mount_path.clone(),
        read_only: mount.read_only == Some(true),
        path_type: host.type_.clone()?,
    })
}

/// The env of the first container (kubeadm adds none without proxy variables or extraEnvs).
pub fn extra_envs(disk: &Pod) -> Vec<EnvVar> {
    disk.spec
        .as_ref()
        .and_then(|s| s.containers.first())
        .and_then(|c| c.env.clone())
        .unwrap_or_default()
}
