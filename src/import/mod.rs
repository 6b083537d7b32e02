//! `staticpod import`: the inverse of render. Read the manifests on disk, infer the kubeadm
//! configuration (and kubeadm patches for what it cannot say) that renders them again, and
//! prove it by rendering before anything is written.
//!
//! Layers: [`read`] (bounded reads, kubeadm shape) → [`facts`] (versions, repository,
//! networking, node-local endpoint, etcd) → [`args`], [`mounts`] (extraArgs, extraVolumes,
//! extraEnvs against a render with no extras) → [`residual`] (the remaining pod difference as
//! a patch) → [`emit`] (the documents) → [`check`] (render and compare, falling back from a
//! strategic to a JSON patch to a whole-field JSON patch); [`recheck`] renders a report again
//! from its texts alone.

pub mod args;
pub mod check;
pub mod emit;
pub mod facts;
pub mod mounts;
pub mod read;
pub mod recheck;
pub mod residual;

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Serialize;

use crate::component::Component;
use crate::config::ConfigApi;
use crate::kubeadm::Profile;
use emit::{EmitOptions, Extras, Inferred};

/// What the caller asks for.
#[derive(Debug, Clone, Default)]
pub struct ImportRequest {
    /// The directory holding `<component>.yaml`.
    pub manifests_dir: PathBuf,
    /// Node root: host paths kubeadm probes (CA directories, `ca.key`) are resolved under it.
    pub root: PathBuf,
    /// Empty: every component present.
    pub components: Vec<Component>,
    /// `--kubeadm-version`: the kubeadm release to emulate; `None`: chosen from the images.
    pub kubeadm_version: Option<String>,
    /// `--api`; default v1beta4 where the release accepts it, else v1beta3.
    pub api: Option<ConfigApi>,
    /// `--full`: write kubeadm's defaults too.
    pub full: bool,
    /// `--configmap`: wrap the ClusterConfiguration as the `kube-system/kubeadm-config`
    /// ConfigMap.
    pub configmap: bool,
    /// `--patches-out`: recorded as `patches.directory` when patches are needed.
    pub patches_dir: Option<PathBuf>,
}

/// The import layer's error: bad or unsupported input (exit 2).
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// A file that cannot be read or decoded, is not kubeadm-shaped, or a version staticpod
    /// does not emulate; the message names the file and what was expected.
    #[error("{0}")]
    Input(String),
    /// The configuration inferred from the manifests in `dir` does not render (a value read
    /// from them is not one kubeadm accepts).
    #[error("{dir}: the configuration inferred from these manifests does not render: {message}")]
    Render {
        /// The manifests directory.
        dir: String,
        /// Why the render failed.
        message: String,
    },
    /// No configuration and patch set reproduces the file.
    #[error("{path}: cannot be reproduced by kubeadm ({reasons}); nothing was written")]
    Unreproducible {
        /// The manifest.
        path: String,
        /// What stays different, `; `-separated.
        reasons: String,
    },
}

/// How closely the self-check reproduced a component.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Reproduced {
    /// Byte for byte (with its patch, if it has one).
    Identical,
    /// The same pod for the kubelet, other text (formatting a hand edit introduced).
    Cosmetic,
}

/// A patch file to write.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PatchOut {
    /// The component it patches (`kube-apiserver`, …).
    pub component: String,
    /// Its name in the patches directory (`kube-apiserver+strategic.yaml`).
    pub file_name: String,
    /// Its patch type: `strategic` or `json`.
    pub kind: String,
    /// The changed field paths (JSON pointers into the pod).
    pub paths: Vec<String>,
    /// The file's text, as kubeadm will read it.
    pub content: String,
}

/// What the import found for one component, and how closely it reproduced it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ComponentReport {
    /// The component's name.
    pub component: String,
    /// The manifest read.
    pub path: String,
    /// How closely the configuration (and patch) renders it again.
    pub reproduced: Reproduced,
    /// The names of the flags that went into `extraArgs`.
    pub extra_args: Vec<String>,
    /// The names of the volumes that went into `extraVolumes`.
    pub extra_volumes: Vec<String>,
    /// The names of the variables that went into `extraEnvs`.
    pub extra_envs: Vec<String>,
    /// The patch file name, when the configuration alone does not reproduce the file.
    pub patch: Option<String>,
    /// Why it is only cosmetic (the diff classification).
    pub reasons: Vec<String>,
}

/// The result of an import, checked.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportReport {
    /// The emulated kubeadm release (`v1.33.1`).
    pub kubeadm_version: String,
    /// The Kubernetes version read from the images.
    pub kubernetes_version: String,
    /// The configuration API written (`kubeadm.k8s.io/v1beta4`, …).
    pub api: String,
    /// The configuration documents, as written to stdout or `--out`.
    pub config: String,
    /// The patch files that reproduce what the configuration cannot say.
    pub patches: Vec<PatchOut>,
    /// One entry per imported component.
    pub components: Vec<ComponentReport>,
    /// Sentences for the operator: joined-node values, cosmetic differences, patches not
    /// written.
    pub warnings: Vec<String>,
}

impl ImportReport {
    /// 0: every component identical without unwritten patches; 1 otherwise.
    pub fn exit_code(&self, patches_written: bool) -> u8 {
        let cosmetic = self
            .components
            .iter()
            .any(|c| c.reproduced == Reproduced::Cosmetic);
        if cosmetic || (!self.patches.is_empty() && !patches_written) {
            1
        } else {
            0
        }
    }
}

/// Infer, render, compare; the report holds the checked configuration and patches.
pub fn import(request: &ImportRequest) -> Result<ImportReport, ImportError> {
    let manifests = read::read_manifests(&request.manifests_dir, &request.components)?;
    import_manifests(request, &manifests)
}

/// [`import`] for manifests already read (the request's `manifests_dir` is not read).
pub fn import_manifests(
    request: &ImportRequest,
    manifests: &[read::DiskManifest],
) -> Result<ImportReport, ImportError> {
    let selected: Vec<read::DiskManifest> = manifests
        .iter()
        .filter(|m| request.components.is_empty() || request.components.contains(&m.component))
        .cloned()
        .collect();
    let facts = facts::infer(manifests, request.kubeadm_version.as_deref())?;
    let profile = Profile::for_release(facts.release);
    let api = choose_api(request.api, &profile)?;
    let mut inferred = Inferred {
        facts,
        api,
        extras: BTreeMap::new(),
    };
    let base = check::render_pods(request, &inferred, &EmitOptions::default(), &selected, None)?;
    for manifest in &selected {
        let Some(base_pod) = base.get(&manifest.component) else {
            continue;
        };
        let extras = infer_extras(manifest, &base_pod.decoded, &profile, api);
        if !extras.is_empty() {
            inferred.extras.insert(manifest.component, extras);
        }
    }
    // An extra that does not render (e.g. a value kubeadm rejects) is left to the patch.
    if check::render_pods(request, &inferred, &EmitOptions::default(), &selected, None).is_err() {
        inferred.extras.clear();
    }
    check::reproduce(request, inferred, &selected, &profile)
}

fn choose_api(requested: Option<ConfigApi>, profile: &Profile) -> Result<ConfigApi, ImportError> {
    match requested {
        Some(ConfigApi::V1beta4) if !profile.accepts_v1beta4 => Err(ImportError::Input(format!(
            "--api v1beta4: kubeadm {} does not accept it (v1beta4 needs kubeadm 1.31 or newer)",
            profile.release
        ))),
        Some(ConfigApi::V1beta3) if !profile.accepts_v1beta3 => Err(ImportError::Input(format!(
            "--api v1beta3: kubeadm {} does not accept it (kubeadm 1.37 removed v1beta3)",
            profile.release
        ))),
        Some(api) => Ok(api),
        None if profile.accepts_v1beta4 => Ok(ConfigApi::V1beta4),
        None => Ok(ConfigApi::V1beta3),
    }
}

fn infer_extras(
    manifest: &read::DiskManifest,
    base: &crate::manifest::DecodedPod,
    profile: &Profile,
    api: ConfigApi,
) -> Extras {
    let base_command = base
        .pod
        .spec
        .as_ref()
        .and_then(|s| s.containers.first())
        .and_then(|c| c.command.clone())
        .unwrap_or_default();
    let extra_args = match (
        read::parse_flags(&base_command),
        read::parse_flags(manifest.command()),
    ) {
        (Some(defaults), Some(disk)) => {
            args::infer(&defaults, &disk, profile.arg_order, api).unwrap_or_default()
        }
        _ => Vec::new(),
    };
    let volumes = if manifest.component == Component::Etcd {
        Vec::new() // kubeadm has no extraVolumes for etcd
    } else {
        mounts::extra_volumes(&base.pod, &manifest.decoded.pod)
    };
    let envs = match api {
        ConfigApi::V1beta4 => mounts::extra_envs(&manifest.decoded.pod),
        ConfigApi::V1beta3 => Vec::new(), // v1beta3 has no extraEnvs
    };
    Extras {
        args: extra_args,
        volumes,
        envs,
    }
}
