//! `staticpod diff`: rendered manifests vs the files on disk, per component.

use std::path::{Path, PathBuf};

use serde_json::json;

use super::{exit, manifests_dir, Code, Output};
use crate::cli::{DiffArgs, GlobalArgs, OutputFormat, RenderInputArgs};
use crate::component::Component;
use crate::config;
use crate::diff::{self, Status, Verdict};
use crate::manifest::{strays, ManifestFile};
use crate::render::inputs::split_host_port;
use crate::render::{self, RenderRequest, Rendered};

/// One component's comparison.
struct Row {
    component: Component,
    path: PathBuf,
    verdict: Verdict,
    diff: String,
    /// Changed at the same image: hand edits, which the next `kubeadm upgrade` drops.
    hand_edited: bool,
}

pub fn run(global: &GlobalArgs, args: &DiffArgs, out: &Output) -> Code {
    let dir = manifests_dir(global);
    let (request, rendered) = match render_for_node(global, &args.input, &dir, out) {
        Ok(both) => both,
        Err(message) => {
            out.error(&message);
            return exit::BAD_INPUT;
        }
    };

    let selected = |c: &Component| request.components.is_empty() || request.components.contains(c);
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
            Err(e) => {
                out.error(&e.to_string());
                return exit::BAD_INPUT;
            }
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
                args.context,
            )
        };
        let hand_edited = verdict.status == Status::Changed && same_image(old.as_deref(), new);
        rows.push(Row {
            component,
            path,
            verdict,
            diff: diff_text,
            hand_edited,
        });
    }
    let expected: Vec<String> = Component::ALL.iter().map(|c| c.file_name()).collect();
    let strays = strays::find(&dir, &expected);
    for stray in &strays {
        out.warn(&format!("{}: {}", stray.path.display(), stray.message));
    }

    match out.format {
        OutputFormat::Json => out.json(&json!({
            "kubeadmVersion": rendered.release.to_string(),
            "kubernetesVersion": rendered.kubernetes_version.to_string(),
            "manifestsDir": dir.display().to_string(),
            "components": rows.iter().map(|r| json!({
                "component": r.component.name(),
                "path": r.path.display().to_string(),
                "status": r.verdict.status.as_str(),
                "restart": r.verdict.restart,
                "reasons": r.verdict.reasons,
                "diff": r.diff,
            })).collect::<Vec<_>>(),
            "strays": strays.iter().map(|s| json!({"path": s.path.display().to_string(), "message": s.message})).collect::<Vec<_>>(),
            "warnings": rendered.warnings,
        })),
        OutputFormat::Text => out.stdout(&text(&rows, out)),
    }
    if rows.iter().all(|r| r.verdict.status == Status::Unchanged) {
        exit::OK
    } else {
        exit::DIFFERENT
    }
}

/// The render to compare with the manifests in `dir` (`diff`, `verify`'s drift): node facts a
/// config lacks are taken from `dir`; notes and warnings are printed. Err: the message for
/// exit 2.
pub(super) fn render_for_node(
    global: &GlobalArgs,
    input: &RenderInputArgs,
    dir: &Path,
    out: &Output,
) -> Result<(RenderRequest, Rendered), String> {
    let mut request = super::render::request(global, input)?;
    for note in fill_node_facts(&mut request, dir) {
        out.note(&note);
    }
    let rendered = render::render(&request).map_err(|e| e.to_string())?;
    for note in &rendered.notes {
        out.note(note);
    }
    for warning in &rendered.warnings {
        out.warn(warning);
    }
    Ok((request, rendered))
}

fn text(rows: &[Row], out: &Output) -> String {
    let mut text = String::new();
    for r in rows {
        let status = r.verdict.status.as_str();
        let (color, effect) = match (r.verdict.status, r.verdict.restart) {
            (Status::Unchanged, _) => (32, ""),
            (Status::Cosmetic, _) => (36, "no restart"),
            (_, true) => (31, "restart"),
            (_, false) => (33, "no restart"),
        };
        text += &format!(
            "{:<25} {} {:<11} {}\n",
            r.component.name(),
            out.paint(color, &format!("{status:<10}")),
            effect,
            r.path.display()
        );
        for reason in &r.verdict.reasons {
            text += &format!("    {reason}\n");
        }
        if r.hand_edited {
            text += "    hand edits here are dropped by the next `kubeadm upgrade`; \
                     `staticpod import --patches-out DIR` writes the config and patches that keep them\n";
        }
    }
    for r in rows.iter().filter(|r| !r.diff.is_empty()) {
        text.push('\n');
        for line in r.diff.lines() {
            let painted = match line.chars().next() {
                Some('+') if !line.starts_with("+++") => out.paint(32, line),
                Some('-') if !line.starts_with("---") => out.paint(31, line),
                Some('@') => out.paint(36, line),
                _ => line.to_string(),
            };
            text += &painted;
            text.push('\n');
        }
    }
    text
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
