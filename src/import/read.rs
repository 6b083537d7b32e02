//! Reading the manifests to import: bounded reads, the kubelet's decode, and the check that a
//! file is a kubeadm-shaped control-plane manifest.

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::ImportError;
use crate::component::Component;
use crate::config::model::Arg;
use crate::fsx::{self, read::Limit};
use crate::manifest::{self, DecodedPod};

/// One manifest on disk that decoded as a kubeadm control-plane pod.
#[derive(Debug, Clone)]
pub struct DiskManifest {
    /// The component its file is named after.
    pub component: Component,
    /// The file read.
    pub path: PathBuf,
    /// Its bytes, as read.
    pub bytes: Vec<u8>,
    /// The pod the kubelet decodes from them.
    pub decoded: DecodedPod,
}

impl DiskManifest {
    /// The first container's command.
    pub fn command(&self) -> &[String] {
        self.decoded
            .pod
            .spec
            .as_ref()
            .and_then(|s| s.containers.first())
            .and_then(|c| c.command.as_deref())
            .unwrap_or(&[])
    }

    /// The last `--name=value` occurrence of a flag.
    pub fn flag(&self, name: &str) -> Option<&str> {
        let prefix = format!("--{name}=");
        self.command()
            .iter()
            .skip(1)
            .rev()
            .find_map(|a| a.strip_prefix(prefix.as_str()))
    }

    /// The first container's image.
    pub fn image(&self) -> Option<&str> {
        self.decoded
            .pod
            .spec
            .as_ref()?
            .containers
            .first()?
            .image
            .as_deref()
    }

    /// The value of annotation `key`.
    pub fn annotation(&self, key: &str) -> Option<&str> {
        self.decoded
            .pod
            .metadata
            .annotations
            .as_ref()?
            .get(key)
            .map(String::as_str)
    }

    /// The first container as JSON (the decoded pod's view).
    pub fn container_json(&self) -> Option<&Value> {
        self.decoded.json.pointer("/spec/containers/0")
    }
}

/// The flags of a command as kubeadm writes them (`--name=value` after the binary); `None`
/// when a token has another shape (`--name value`, a positional argument).
pub fn parse_flags(command: &[String]) -> Option<Vec<Arg>> {
    command
        .iter()
        .skip(1)
        .map(|token| {
            let (name, value) = token.strip_prefix("--")?.split_once('=')?;
            (!name.is_empty()).then(|| Arg::new(name, value))
        })
        .collect()
}

/// Read every present `<dir>/<component>.yaml` (the ones not imported still lend facts, e.g.
/// etcd's `--name`). A component named in `only` must exist and decode.
pub fn read_manifests(dir: &Path, only: &[Component]) -> Result<Vec<DiskManifest>, ImportError> {
    let mut found = Vec::new();
    for component in Component::ALL {
        let wanted = only.is_empty() || only.contains(&component);
        let path = dir.join(component.file_name());
        let Some(bytes) = read_bounded(&path)? else {
            if !only.is_empty() && wanted {
                return Err(ImportError::Input(format!(
                    "{}: no such file; --component {} needs it",
                    path.display(),
                    component.name()
                )));
            }
            continue;
        };
        match decode(component, path, bytes) {
            Ok(manifest) => found.push(manifest),
            Err(e) if wanted => return Err(e),
            // A file not being imported only lends facts; a broken one lends none.
            Err(_) => {}
        }
    }
    if found.is_empty() {
        return Err(ImportError::Input(format!(
            "{}: no control-plane manifest (etcd.yaml, kube-apiserver.yaml, \
             kube-controller-manager.yaml, kube-scheduler.yaml) to import",
            dir.display()
        )));
    }
    Ok(found)
}

/// Decode one manifest's bytes and check its shape.
pub fn decode(
    component: Component,
    path: PathBuf,
    bytes: Vec<u8>,
) -> Result<DiskManifest, ImportError> {
    let decoded = manifest::decode(&bytes).map_err(|e| {
        ImportError::Input(format!(
            "{}: cannot be decoded as a static pod: {e}",
            path.display()
        ))
    })?;
    let manifest = DiskManifest {
        component,
        path,
        bytes,
        decoded,
    };
    let binary = manifest.command().first().map(String::as_str);
    // A binary under another directory (a patched command) is still recognisable.
    let base_name = binary.map(|b| b.rsplit('/').next().unwrap_or(b));
    if base_name != Some(component.name()) {
        return Err(ImportError::Input(format!(
            "{}: spec.containers[0].command[0] is {}, expected {:?} (or a path ending in it): not a kubeadm-shaped {} \
             manifest, so there is no kubeadm configuration to infer from it",
            manifest.path.display(),
            binary.map_or("missing".to_string(), |b| format!("{b:?}")),
            component.name(),
            component.name()
        )));
    }
    Ok(manifest)
}

/// The file's bytes, `None` when it does not exist; anything but a regular file, or over the
/// kubelet's size limit, is an error ([`fsx::read`]: bounded and never blocking).
fn read_bounded(path: &Path) -> Result<Option<Vec<u8>>, ImportError> {
    match fsx::read::read(path, Limit::MANIFEST) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(e) if e.is_not_found() => Ok(None),
        Err(e) => Err(ImportError::Input(e.to_string())),
    }
}
