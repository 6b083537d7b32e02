//! The self-check: render the emitted configuration (and patches) with the same kubeadm
//! release and compare with the files on disk using `diff`'s classification. A patch that
//! does not reproduce its file falls back from strategic to JSON to whole-field JSON.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::emit::{self, EmitOptions, Inferred};
use super::read::DiskManifest;
use super::residual::{self, Patch};
use super::{ComponentReport, ImportError, ImportReport, ImportRequest, PatchOut, Reproduced};
use crate::component::Component;
use crate::config::{self, NodeOverrides};
use crate::diff::{self, Status};
use crate::kubeadm::Profile;
use crate::manifest::{self, DecodedPod};
use crate::render::patches::{self, PatchFile, PatchSet};
use crate::render::{self, gojson, pod, RenderRequest};

/// Flags whose values belong to one node (its name, addresses, the etcd members it joined).
const NODE_LOCAL_FLAGS: &[&str] = &[
    "advertise-address",
    "name",
    "initial-cluster",
    "initial-cluster-state",
    "initial-advertise-peer-urls",
    "advertise-client-urls",
    "listen-client-urls",
    "listen-peer-urls",
];

/// One rendered manifest, decoded.
pub struct RenderedPod {
    /// The manifest's text, as kubeadm writes it.
    pub yaml: String,
    /// The pod the kubelet decodes from it.
    pub decoded: DecodedPod,
}

pub(super) const CONFIG_NAME: &str = "imported configuration";
/// TEST-NET-1 (RFC 5737): stands in for an advertise address no imported manifest holds.
pub(super) const PLACEHOLDER_ADDRESS: &str = "192.0.2.1";

/// Emit the configuration and render it for the components of `selected`.
pub fn render_pods(
    request: &ImportRequest,
    inferred: &Inferred,
    options: &EmitOptions,
    selected: &[DiskManifest],
    patch_set: Option<PatchSet>,
) -> Result<BTreeMap<Component, RenderedPod>, ImportError> {
    render_text(
        request,
        inferred,
        &emit::emit(inferred, options),
        selected,
        patch_set,
    )
}

fn render_text(
    request: &ImportRequest,
    inferred: &Inferred,
    text: &str,
    selected: &[DiskManifest],
    patch_set: Option<PatchSet>,
) -> Result<BTreeMap<Component, RenderedPod>, ImportError> {
    let render_err = |message: String| ImportError::Render {
        dir: request.manifests_dir.display().to_string(),
        message,
    };
    // Without kube-apiserver and etcd the address reaches no manifest; kubeadm would take the
    // host's default-route address. Any address renders the same files.
    let overrides = NodeOverrides {
        advertise_address: inferred
            .facts
            .advertise_address
            .is_none()
            .then(|| PLACEHOLDER_ADDRESS.to_string()),
        ..Default::default()
    };
    let loaded = config::load_str(Path::new(CONFIG_NAME), text, &overrides)
        .map_err(|e| render_err(e.to_string()))?;
    let render_request = RenderRequest {
        config: CONFIG_NAME.into(),
        kubeadm_version: inferred.facts.kubeadm_version.clone(),
        root: request.root.clone(),
        components: selected.iter().map(|m| m.component).collect(),
        // Never the patches directory on disk: only what this import wrote.
        patch_set: Some(patch_set.unwrap_or_default()),
        ..Default::default()
    };
    let rendered =
        render::render_loaded(&render_request, loaded).map_err(|e| render_err(e.to_string()))?;
    let mut pods = BTreeMap::new();
    for manifest in rendered.manifests {
        let decoded = manifest::decode(manifest.yaml.as_bytes()).map_err(|e| {
            render_err(format!(
                "{}: the render does not decode: {e}",
                manifest.component
            ))
        })?;
        pods.insert(
            manifest.component,
            RenderedPod {
                yaml: manifest.yaml,
                decoded,
            },
        );
    }
    Ok(pods)
}

/// A decoded pod in the renderer's encoder shape (the form patches apply to).
fn encoder_shape(decoded: &DecodedPod, profile: &Profile) -> Value {
    let mut value = pod::to_json(&decoded.pod, profile.creation_timestamp_null)
        .unwrap_or_else(|_| decoded.json.clone());
    gojson::omit_empty(&mut value);
    value
}

/// The patch candidates for one component, best first.
fn candidates(current: &Value, target: &Value) -> Vec<Patch> {
    let ops = residual::diff(current, target);
    let mut list = vec![residual::synthesize(current, &ops)];
    let json = residual::json_patch(&ops, list[0].paths.clone());
    if json != list[0] {
        list.push(json);
    }
    // Whole top-level fields: correct whenever the file is in kubeadm's encoding.
    let (Value::Object(cur), Value::Object(tgt)) = (current, target) else {
        return list;
    };
    let mut whole = Vec::new();
    for key in cur.keys().filter(|k| !tgt.contains_key(*k)) {
        whole.push(residual::Op {
            op: "remove",
            path: format!("/{key}"),
            value: None,
        });
    }
    for (key, value) in tgt {
        if cur.get(key) != Some(value) {
            whole.push(residual::Op {
                op: if cur.contains_key(key) {
                    "replace"
                } else {
                    "add"
                },
                path: format!("/{key}"),
                value: Some(value.clone()),
            });
        }
    }
    let paths = whole.iter().map(|o| o.path.clone()).collect();
    list.push(residual::json_patch(&whole, paths));
    list
}

fn file_name(component: Component, patch: &Patch) -> String {
    format!("{}+{}.yaml", component.name(), patch.kind.as_str())
}

/// The patch files as they will be written, and the set kubeadm would load from them.
fn patch_files(
    request: &ImportRequest,
    chosen: &BTreeMap<Component, Patch>,
) -> Result<(Vec<PatchOut>, PatchSet), ImportError> {
    let mut outs = Vec::new();
    let mut set = PatchSet::default();
    for (component, patch) in chosen {
        let name = file_name(*component, patch);
        let content = crate::yaml::to_yaml(&patch.document);
        let read_back = patches::yaml_to_json(&content).map_err(|e| ImportError::Render {
            dir: request.manifests_dir.display().to_string(),
            message: format!("{name}: the written patch does not read back: {e}"),
        })?;
        let path = request
            .patches_dir
            .as_ref()
            .map_or_else(|| PathBuf::from(&name), |d| d.join(&name));
        set.files.push(PatchFile {
            path,
            target: component.name().to_string(),
            kind: patch.kind,
            patches: vec![read_back],
        });
        outs.push(PatchOut {
            component: component.name().to_string(),
            file_name: name,
            kind: patch.kind.as_str().to_string(),
            paths: patch.paths.clone(),
            content,
        });
    }
    Ok((outs, set))
}

/// Find the patches, render with them, and report; an unreproducible file is an error.
pub fn reproduce(
    request: &ImportRequest,
    inferred: Inferred,
    selected: &[DiskManifest],
    profile: &Profile,
) -> Result<ImportReport, ImportError> {
    let plain = EmitOptions {
        full: request.full,
        configmap: request.configmap,
        patches_dir: None,
    };
    let rendered = render_pods(request, &inferred, &plain, selected, None)?;
    let mut options: BTreeMap<Component, Vec<Patch>> = BTreeMap::new();
    for manifest in selected {
        let Some(ours) = rendered.get(&manifest.component) else {
            continue;
        };
        if ours.yaml.as_bytes() == manifest.bytes.as_slice() {
            continue;
        }
        let current = encoder_shape(&ours.decoded, profile);
        let target = encoder_shape(&manifest.decoded, profile);
        if current != target {
            options.insert(manifest.component, candidates(&current, &target));
        }
    }

    let mut choice: BTreeMap<Component, usize> = options.keys().map(|c| (*c, 0)).collect();
    loop {
        let chosen: BTreeMap<Component, Patch> = choice
            .iter()
            .filter_map(|(c, i)| Some((*c, options.get(c)?.get(*i)?.clone())))
            .collect();
        let (outs, set) = patch_files(request, &chosen)?;
        let emit_options = EmitOptions {
            patches_dir: (!chosen.is_empty())
                .then(|| {
                    request
                        .patches_dir
                        .as_ref()
                        .map(|d| d.display().to_string())
                })
                .flatten(),
            ..plain.clone()
        };
        let text = emit::emit(&inferred, &emit_options);
        let result = render_text(request, &inferred, &text, selected, Some(set));
        let failing: Vec<Component> = match &result {
            Ok(pods) => selected
                .iter()
                .filter(|m| {
                    pods.get(&m.component)
                        .is_none_or(|p| p.yaml.as_bytes() != m.bytes.as_slice())
                })
                .map(|m| m.component)
                .filter(|c| chosen.contains_key(c))
                .collect(),
            Err(_) => chosen.keys().copied().collect(),
        };
        let mut advanced = false;
        for component in failing {
            let count = options.get(&component).map_or(0, Vec::len);
            if let Some(index) = choice.get_mut(&component) {
                if *index + 1 < count {
                    *index += 1;
                    advanced = true;
                }
            }
        }
        if advanced {
            continue;
        }
        let pods = result?;
        return report(request, &inferred, text, outs, selected, &pods);
    }
}

fn report(
    request: &ImportRequest,
    inferred: &Inferred,
    config: String,
    patches: Vec<PatchOut>,
    selected: &[DiskManifest],
    pods: &BTreeMap<Component, RenderedPod>,
) -> Result<ImportReport, ImportError> {
    let mut components = Vec::new();
    let mut warnings = Vec::new();
    if inferred.facts.advertise_address.is_none() {
        warnings.push(
            "no imported manifest names the advertise address (kube-apiserver.yaml and etcd.yaml \
             do): the configuration leaves localAPIEndpoint out, so kubeadm takes this host's \
             default-route address; `staticpod render` needs --advertise-address"
                .into(),
        );
    }
    for manifest in selected {
        let new = pods.get(&manifest.component).map(|p| p.yaml.as_bytes());
        let verdict = diff::classify(Some(&manifest.bytes), new);
        let reproduced = match verdict.status {
            Status::Unchanged => Reproduced::Identical,
            Status::Cosmetic => Reproduced::Cosmetic,
            _ => {
                return Err(ImportError::Unreproducible {
                    path: manifest.path.display().to_string(),
                    reasons: verdict.reasons.join("; "),
                })
            }
        };
        let extras = inferred.extras.get(&manifest.component);
        let names = |f: &dyn Fn(&emit::Extras) -> Vec<String>| extras.map(f).unwrap_or_default();
        let node_local: Vec<&str> = extras
            .map(|e| e.args.iter().map(|a| a.name.as_str()).collect::<Vec<_>>())
            .unwrap_or_default()
            .into_iter()
            .filter(|name| NODE_LOCAL_FLAGS.contains(name))
            .collect();
        if !node_local.is_empty() {
            warnings.push(format!(
                "{}: extraArgs {} hold this node's own values, and the ClusterConfiguration \
                 gives them to every control-plane node; on a multi-node control plane keep \
                 them out of the stored ConfigMap (a per-node patch) before `kubeadm upgrade`",
                manifest.path.display(),
                node_local.join(", ")
            ));
        }
        let patch = patches
            .iter()
            .find(|p| p.component == manifest.component.name());
        if let (Some(patch), None) = (patch, &request.patches_dir) {
            warnings.push(format!(
                "{}: {} cannot be said in the kubeadm configuration; pass --patches-out DIR to \
                 keep it as the kubeadm patch {}",
                manifest.path.display(),
                patch.paths.join(", "),
                patch.file_name
            ));
        }
        if reproduced == Reproduced::Cosmetic {
            warnings.push(format!(
                "{}: reproduced only up to formatting ({}); `staticpod apply` would rewrite it \
                 without restarting the pod",
                manifest.path.display(),
                verdict.reasons.join("; ")
            ));
        }
        components.push(ComponentReport {
            component: manifest.component.name().to_string(),
            path: manifest.path.display().to_string(),
            reproduced,
            extra_args: names(&|e| e.args.iter().map(|a| a.name.clone()).collect()),
            extra_volumes: names(&|e| e.volumes.iter().map(|v| v.name.clone()).collect()),
            extra_envs: names(&|e| e.envs.iter().map(|v| v.name.clone()).collect()),
            patch: patch.map(|p| p.file_name.clone()),
            reasons: if reproduced == Reproduced::Cosmetic {
                verdict.reasons
            } else {
                Vec::new()
            },
        });
    }
    Ok(ImportReport {
        kubeadm_version: inferred.facts.release.to_string(),
        kubernetes_version: inferred.facts.kubernetes_version.to_string(),
        api: inferred.api.as_str().to_string(),
        config,
        patches,
        components,
        warnings,
    })
}
