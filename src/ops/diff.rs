//! `diff`: render for the node (node facts a config lacks taken from the manifests on disk),
//! then compare each component's manifest with the rendered one.

use std::path::Path;

use serde::Serialize;

use super::{OpError, Say};
use crate::component::Component;
use crate::config;
use crate::diff::{self, Status};
use crate::manifest::{strays, ManifestFile};
use crate::render::inputs::split_host_port;
use crate::render::{self, RenderRequest, Rendered};

/// What to compare.
#[derive(Debug, Clone)]
pub struct DiffRequest<'a> {
    /// The manifests directory.
    pub dir: &'a Path,
    /// The render to compare with (node facts are filled in from `dir`).
    pub render: RenderRequest,
    /// Lines of context in each unified diff.
    pub context: usize,
}

/// One component's comparison (`-o json`).
#[derive(Debug, Clone, Serialize)]
pub struct DiffComponent {
    /// The component's name (`kube-apiserver`).
    pub component: &'static str,
    /// The manifest's path on disk.
    pub path: String,
    /// `unchanged`, `cosmetic`, `changed`, `missing` or `unexpected`.
    pub status: &'static str,
    /// Whether the kubelet restarts (or starts, or stops) the pod for the rendered file.
    pub restart: bool,
    /// Why, in the kubelet's terms.
    pub reasons: Vec<String>,
    /// The unified diff (empty when unchanged).
    pub diff: String,
    /// The status, for the text report.
    #[serde(skip)]
    pub verdict_status: Status,
    /// Changed at the same image: hand edits, which the next `kubeadm upgrade` drops.
    #[serde(skip)]
    pub hand_edited: bool,
}

/// A file in the manifests directory that is none of the components' (`-o json`).
#[derive(Debug, Clone, Serialize)]
pub struct DiffStray {
    /// Its path.
    pub path: String,
    /// What the kubelet does with it, and the fix.
    pub message: String,
}

/// What `diff` found (`-o json`).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DiffReport {
    /// The kubeadm release emulated.
    pub kubeadm_version: String,
    /// The Kubernetes version rendered.
    pub kubernetes_version: String,
    /// The manifests directory compared.
    pub manifests_dir: String,
    /// One entry per component on disk or rendered, in component order.
    pub components: Vec<DiffComponent>,
    /// Stray files in the manifests directory.
    pub strays: Vec<DiffStray>,
    /// The render's warnings.
    pub warnings: Vec<String>,
}

impl DiffReport {
    /// Whether any component differs (exit 1).
    pub fn differs(&self) -> bool {
        self.components
            .iter()
            .any(|c| c.verdict_status != Status::Unchanged)
    }
}

/// Render and compare. Notes and warnings (the render's, stray files) go through `say`.
/// Err: bad input (exit 2).
pub fn run(request: DiffRequest<'_>, say: &Say<'_>) -> Result<DiffReport, OpError> {
    let dir = request.dir;
    let (request_used, rendered) =
        render_for_node(request.render, dir, say).map_err(OpError::BadInput)?;
    let selected =
        |c: &Component| request_used.components.is_empty() || request_used.components.contains(c);
    let mut rows = Vec::new();
    for component in Component::ALL.into_iter().filter(selected) {
        let path = dir.join(component.file_name());
        let new = rendered
            .manifests
            .iter()
            .find(|m| m.component == component)
            .map(|m| m.yaml.as_bytes());
        // Bounded and non-blocking: a FIFO or device named like a component is refused
        // (the kubelet skips it too: "not a regular file or directory").
        let old = match crate::fsx::read::read(&path, crate::fsx::read::Limit::MANIFEST) {
            Ok(bytes) => Some(bytes),
            Err(e) if e.is_not_found() => None,
            Err(e) => return Err(OpError::BadInput(e.to_string())),
        };
        if old.is_none() && new.is_none() {
            continue;
        }
        let verdict = diff::classify(old.as_deref(), new);
        let diff_text = if verdict.status == Status::Unchanged {
            String::new()
        } else {
            let old_text = old
                .as_deref()
                .map(String::from_utf8_lossy)
                .unwrap_or_default();
            let new_text = new.map(String::from_utf8_lossy).unwrap_or_default();
            diff::unified(
                &old_text,
                &new_text,
                &format!("{} (on disk)", path.display()),
                &format!("{} (kubeadm {})", component.file_name(), rendered.release),
                request.context,
            )
        };
        let hand_edited = verdict.status == Status::Changed && same_image(old.as_deref(), new);
        rows.push(DiffComponent {
            component: component.name(),
            path: path.display().to_string(),
            status: verdict.status.as_str(),
            restart: verdict.restart,
            reasons: verdict.reasons,
            diff: diff_text,
            verdict_status: verdict.status,
            hand_edited,
        });
    }
    let expected: Vec<String> = Component::ALL.iter().map(|c| c.file_name()).collect();
    let strays = strays::find(dir, &expected);
    for stray in &strays {
        (say.warn)(&format!("{}: {}", stray.path.display(), stray.message));
    }
    Ok(DiffReport {
        kubeadm_version: rendered.release.to_string(),
        kubernetes_version: rendered.kubernetes_version.to_string(),
        manifests_dir: dir.display().to_string(),
        components: rows,
        strays: strays
            .into_iter()
            .map(|s| DiffStray {
                path: s.path.display().to_string(),
                message: s.message,
            })
            .collect(),
        warnings: rendered.warnings,
    })
}

/// The render to compare with the manifests in `dir` (`diff`, `verify`'s drift): node facts a
/// config lacks are taken from `dir` (each named in a note); the render's notes and warnings
/// go through `say`. Err: the message for exit 2.
pub fn render_for_node(
    mut request: RenderRequest,
    dir: &Path,
    say: &Say<'_>,
) -> Result<(RenderRequest, Rendered), String> {
    for note in fill_node_facts(&mut request, dir) {
        (say.note)(&note);
    }
    let rendered = render::render(&request).map_err(|e| e.to_string())?;
    for note in &rendered.notes {
        (say.note)(note);
    }
    for warning in &rendered.warnings {
        (say.warn)(warning);
    }
    Ok((request, rendered))
}

/// Both files decode and run the same image (so the difference is not a version change).
fn same_image(old: Option<&[u8]>, new: Option<&[u8]>) -> bool {
    let image = |bytes: Option<&[u8]>| {
        let pod = crate::manifest::decode(bytes?).ok()?.pod;
        pod.spec?.containers.first()?.image.clone()
    };
    matches!((image(old), image(new)), (Some(a), Some(b)) if a == b)
}

/// Node-local facts a config may lack (a ConfigMap dump has no advertise address, node name
/// or, sometimes, version): taken from the manifests already on the node, unless a flag gave
/// them. Returns what was taken, for `-v`.
fn fill_node_facts(request: &mut RenderRequest, dir: &Path) -> Vec<String> {
    let mut notes = Vec::new();
    let Ok(loaded) = config::load_file(&request.config, &request.overrides) else {
        return notes; // the render reports the error
    };
    let model = &loaded.model;
    let wants_version = model.kubernetes_version.is_none() && request.kubeadm_version.is_none();
    if model.advertise_address.is_some() && model.node_name.is_some() && !wants_version {
        return notes;
    }
    let apiserver = ManifestFile::read(&dir.join(Component::KubeApiserver.file_name())).ok();
    let etcd = ManifestFile::read(&dir.join(Component::Etcd.file_name())).ok();
    if model.advertise_address.is_none() {
        let from_annotation = apiserver
            .as_ref()
            .and_then(|f| f.annotation(render::apiserver::ADVERTISE_ANNOTATION))
            .map(|endpoint| split_host_port(endpoint).0.to_string());
        let from_flag = apiserver.as_ref().and_then(|f| f.flag("advertise-address"));
        if let Some(address) = from_annotation.or(from_flag) {
            notes.push(format!(
                "advertise address {address} taken from the kube-apiserver manifest on disk"
            ));
            request.overrides.advertise_address = Some(address);
        }
    }
    if model.node_name.is_none() {
        if let Some(name) = etcd.as_ref().and_then(|f| f.flag("name")) {
            notes.push(format!(
                "node name {name} taken from etcd.yaml (--name) on disk"
            ));
            request.overrides.node_name = Some(name);
        }
    }
    if wants_version {
        let tag = apiserver
            .as_ref()
            .and_then(|f| f.image())
            .and_then(crate::manifest::image_tag);
        if let Some(tag) = tag {
            notes.push(format!(
                "Kubernetes version {tag} taken from the kube-apiserver image on disk"
            ));
            request.overrides.kubernetes_version = Some(tag.replacen('_', "+", 1));
        }
    }
    notes
}
