//! What each component's manifest runs, for `staticpod_manifest_info`: its image, the image's
//! tag (the version) and the file's SHA-256.

use std::path::Path;

use crate::component::Component;
use crate::verify::scan::{self, State};

/// What one component's manifest runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManifestInfo {
    /// The component whose manifest it is.
    pub component: Component,
    /// The first container's image, empty without one.
    pub image: String,
    /// The image tag (`v1.33.9`, `3.5.21-0`), empty without one.
    pub version: String,
    /// SHA-256 of the file's bytes (as `sha256sum` prints it).
    pub sha256: String,
}

/// One entry per component file the kubelet can decode, in kubeadm's order.
pub fn read(manifests_dir: &Path) -> Vec<ManifestInfo> {
    let members = scan::read_members(manifests_dir);
    members
        .iter()
        .filter_map(|member| {
            let State::Read { bytes, .. } = &member.state else {
                return None;
            };
            let pod = member.pod()?;
            let image = pod.image().unwrap_or_default().to_string();
            Some(ManifestInfo {
                component: member.component,
                version: crate::manifest::image_tag(&image)
                    .unwrap_or_default()
                    .to_string(),
                image,
                sha256: crate::manifest::sha256_hex(bytes),
            })
        })
        .collect()
}
