//! `render`: what kubeadm would write for a config, printed ([`run`]) or written to a
//! directory ([`write`]).

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::output_files::{self, WriteError};
use super::{OpError, Say};
use crate::manifest::sha256_hex;
use crate::render::{self, RenderRequest, Rendered};

/// One rendered manifest (`render -o json`).
#[derive(Debug, Clone, Serialize)]
pub struct RenderedManifest {
    /// The component's name (`kube-apiserver`).
    pub component: &'static str,
    /// Its file name (`kube-apiserver.yaml`).
    pub file: String,
    /// The SHA-256 of its bytes, in hex.
    pub sha256: String,
    /// The manifest, byte for byte as kubeadm writes it.
    pub content: String,
}

/// What `render` produced (`render -o json`).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RenderReport {
    /// The kubeadm release emulated.
    pub kubeadm_version: String,
    /// The Kubernetes version rendered.
    pub kubernetes_version: String,
    /// The manifests, in component order.
    pub manifests: Vec<RenderedManifest>,
    /// The render's warnings.
    pub warnings: Vec<String>,
}

impl RenderReport {
    /// The manifests as one YAML stream (`---` between documents), what text output prints.
    pub fn yaml_stream(&self) -> String {
        let docs: Vec<&str> = self.manifests.iter().map(|m| m.content.as_str()).collect();
        docs.join("---\n")
    }
}

/// One manifest written by `render --out` (`-o json`).
#[derive(Debug, Clone, Serialize)]
pub struct WrittenManifest {
    /// The component's name.
    pub component: &'static str,
    /// The file written.
    pub path: String,
    /// The SHA-256 of its bytes, in hex.
    pub sha256: String,
}

/// What `render --out DIR` wrote (`-o json`).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WrittenReport {
    /// The kubeadm release emulated.
    pub kubeadm_version: String,
    /// The Kubernetes version rendered.
    pub kubernetes_version: String,
    /// The files written, in component order.
    pub manifests: Vec<WrittenManifest>,
    /// The render's warnings.
    pub warnings: Vec<String>,
}

/// Render; the render's notes and warnings go through `say`. Err: bad input (exit 2).
pub fn run(request: &RenderRequest, say: &Say<'_>) -> Result<RenderReport, OpError> {
    let rendered = rendered(request, say)?;
    Ok(RenderReport {
        kubeadm_version: rendered.release.to_string(),
        kubernetes_version: rendered.kubernetes_version.to_string(),
        manifests: rendered
            .manifests
            .iter()
            .map(|m| RenderedManifest {
                component: m.component.name(),
                file: m.component.file_name(),
                sha256: sha256_hex(m.yaml.as_bytes()),
                content: m.yaml.clone(),
            })
            .collect(),
        warnings: rendered.warnings,
    })
}

/// Render, then write every manifest into `dir` (created if missing) atomically, mode 0600;
/// each file written is named in a note. Err: bad input (exit 2), nothing written (exit 3),
/// some files written (exit 4, each named in the details).
pub fn write(
    request: &RenderRequest,
    dir: &Path,
    say: &Say<'_>,
) -> Result<WrittenReport, WriteError> {
    let rendered = rendered(request, say)?;
    fs_err::create_dir_all(dir).map_err(|e| OpError::FailedRestored(format!("--out: {e}")))?;
    let files: Vec<(PathBuf, Vec<u8>)> = render::output_paths(dir, &rendered)
        .into_iter()
        .map(|(path, yaml)| (path, yaml.into_bytes()))
        .collect();
    output_files::write(&files, 0o600, say)?;
    Ok(WrittenReport {
        kubeadm_version: rendered.release.to_string(),
        kubernetes_version: rendered.kubernetes_version.to_string(),
        manifests: files
            .iter()
            .zip(&rendered.manifests)
            .map(|((path, bytes), m)| WrittenManifest {
                component: m.component.name(),
                path: path.display().to_string(),
                sha256: sha256_hex(bytes),
            })
            .collect(),
        warnings: rendered.warnings,
    })
}

/// The render, with its notes (the release emulated first) and warnings said.
fn rendered(request: &RenderRequest, say: &Say<'_>) -> Result<Rendered, OpError> {
    let rendered = render::render(request).map_err(|e| OpError::BadInput(e.to_string()))?;
    (say.note)(&format!(
        "emulating kubeadm {} for Kubernetes {}",
        rendered.release, rendered.kubernetes_version
    ));
    for note in &rendered.notes {
        (say.note)(note);
    }
    for warning in &rendered.warnings {
        (say.warn)(warning);
    }
    Ok(rendered)
}
