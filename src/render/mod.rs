//! Rendering the control-plane static pod manifests exactly as a given kubeadm release
//! writes them.
//!
//! Pipeline (as kubeadm's): build the typed Pod → JSON (Go's encoder shape) → kubeadm patches
//! → decode back into a Pod (unknown fields dropped) → JSON → YAML ([`crate::yaml`]).

pub(crate) mod apiserver;
pub(crate) mod args;
pub(crate) mod common;
pub(crate) mod controller_manager;
pub mod env;
pub mod etcd;
pub(crate) mod gojson;
pub(crate) mod gopath;
pub mod host;
pub mod inputs;
pub mod patches;
pub(crate) mod pod;
pub(crate) mod probes;
pub(crate) mod scheduler;
pub mod strategic_merge;
pub(crate) mod volumes;

use std::path::{Path, PathBuf};

use k8s_openapi::api::core::v1::Pod;

use crate::component::Component;
use crate::config::model::{Etcd, NodeRole};
use crate::config::{self, ConfigError, LoadedConfig, NodeOverrides};
use crate::kubeadm::release::{self, Release, ReleaseError};
use crate::kubeadm::version::KubeVersion;
use crate::kubeadm::Profile;
use host::HostFacts;
pub use inputs::{EtcdMember, Inputs};
use patches::{PatchError, PatchSet};

/// What the caller asks for.
#[derive(Debug, Clone, Default)]
pub struct RenderRequest {
    /// The kubeadm config file.
    pub config: PathBuf,
    /// Node-local values given on the command line.
    pub overrides: NodeOverrides,
    /// `--kubeadm-version`: emulate exactly this release.
    pub kubeadm_version: Option<String>,
    /// Node root: host paths kubeadm probes are resolved under it.
    pub root: PathBuf,
    /// Empty: every component the config produces.
    pub components: Vec<Component>,
    /// `--patches` (wins over the config's `patches.directory`).
    pub patches: Option<PathBuf>,
    /// Patches already in memory (`import`'s self-check); wins over `patches` and the
    /// config's `patches.directory`.
    pub patch_set: Option<PatchSet>,
    /// kubeadm's process environment (proxy variables are taken from it).
    pub environment: Vec<(String, String)>,
    /// Members for a control-plane join.
    pub etcd_members: Vec<EtcdMember>,
    /// This host's name, used for `nodeRegistration.name` when the config has none (as
    /// kubeadm does).
    pub hostname: Option<String>,
}

/// One rendered manifest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedManifest {
    /// The component.
    pub component: Component,
    /// The manifest, byte for byte as kubeadm writes it.
    pub yaml: String,
}

/// The result of a render.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    /// The kubeadm release emulated.
    pub release: Release,
    /// The Kubernetes version rendered.
    pub kubernetes_version: KubeVersion,
    /// One manifest per component rendered, in [`Component::ALL`] order.
    pub manifests: Vec<RenderedManifest>,
    /// Worth telling the operator (on stderr, and in JSON reports).
    pub warnings: Vec<String>,
    /// What was decided, for `-v`.
    pub notes: Vec<String>,
}

/// The render layer's error.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// The config does not load.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// No kubeadm release can be emulated for the config's version.
    #[error("{file}: {source}")]
    Release {
        /// The config file.
        file: String,
        /// Why no release fits.
        source: ReleaseError,
    },
    /// A missing or contradictory input (names the file or flag and what is expected).
    #[error("{0}")]
    Input(String),
    /// A kubeadm patch does not load or apply.
    #[error(transparent)]
    Patch(#[from] PatchError),
    /// A patch produced something that is not a Pod.
    #[error("{component}: after patches the manifest is not a valid Pod: {message}")]
    PatchedPod {
        /// The component patched.
        component: Component,
        /// Why it is not a Pod.
        message: String,
    },
    /// Encoding a manifest failed (a bug: please report it).
    #[error("internal error while encoding {component}: {message}")]
    Encode {
        /// The component.
        component: Component,
        /// The encoder's error.
        message: String,
    },
}

/// Load the config file and render.
pub fn render(request: &RenderRequest) -> Result<Rendered, RenderError> {
    let loaded = config::load_file(&request.config, &request.overrides)?;
    render_loaded(request, loaded)
}

/// Render an already loaded config (the request's `config` path is used in messages).
pub fn render_loaded(
    request: &RenderRequest,
    loaded: LoadedConfig,
) -> Result<Rendered, RenderError> {
    let file = request.config.display().to_string();
    let mut warnings = loaded.warnings;
    let mut notes = Vec::new();
    let mut model = loaded.model;
    if model.from_configmap {
        notes.push(format!(
            "{file} is a kubeadm-config ConfigMap: it holds no node-local values; the \
             advertise address and node name come from --advertise-address and --node-name, \
             or (diff, verify) from the manifests on disk"
        ));
    }

    let (chosen, kubernetes_version) = choose_release(&file, request, &model)?;
    warnings.extend(chosen.note);
    let release = chosen.release;
    let profile = Profile::for_release(release);
    check_version_skew(&file, release, &kubernetes_version, &mut warnings)?;
    check_accepted_apis(&file, &profile, &model.apis)?;
    if profile.drops_v1beta3_timeout && model.health_check_timeout_from_v1beta3 {
        // kubeadm's v1beta3 → internal conversion lost the field in these releases
        // (kubernetes/kubeadm#3228, fixed by PR #133513 and its cherry-picks).
        if model.health_check_timeout != config::resolve::DEFAULT_HEALTH_CHECK_TIMEOUT {
            warnings.push(format!(
                "{file}: kubeadm {release} ignores v1beta3 apiServer.timeoutForControlPlane (a \
                 conversion bug fixed in 1.31.13, 1.32.9, 1.33.5, 1.34.1 and 1.35.0): the startup \
                 probe is written for the 4m default, as that kubeadm writes it"
            ));
        }
        model.health_check_timeout = config::resolve::DEFAULT_HEALTH_CHECK_TIMEOUT;
    }
    if let Some(message) = config::resolve::unsupported_feature_gates(&model.feature_gates) {
        return Err(RenderError::Input(format!("{file}: {message}")));
    }

    let external_etcd = matches!(model.etcd, Etcd::External(_));
    // Which components (an external etcd has no manifest; `build` skips it).
    if external_etcd && request.components.contains(&Component::Etcd) {
        return Err(RenderError::Input(format!(
            "{file}: etcd.external is set, so kubeadm writes no etcd.yaml; drop --component etcd"
        )));
    }
    let components: Vec<Component> = Component::ALL
        .into_iter()
        .filter(|c| request.components.is_empty() || request.components.contains(c))
        .collect();

    // Node-local facts.
    let advertise_address = model.advertise_address.clone().ok_or_else(|| {
        RenderError::Input(format!(
            "{file}: no advertise address: set localAPIEndpoint.advertiseAddress (controlPlane.\
             localAPIEndpoint for a join) or pass --advertise-address (kubeadm would pick this \
             host's default-route address)"
        ))
    })?;
    let needs_name = components.contains(&Component::Etcd) && !external_etcd;
    let node_name = match (&model.node_name, &request.hostname) {
        (Some(name), _) => name.clone(),
        (None, Some(host)) if needs_name => {
            let name = config::resolve::normalize_node_name(host)
                .map_err(|m| RenderError::Input(format!("host name: {m}")))?;
            warnings.push(format!(
                "{file}: nodeRegistration.name is not set; using this host's name {name:?} as kubeadm does (pass --node-name to choose)"
            ));
            name
        }
        (None, None) if needs_name => {
            return Err(RenderError::Input(format!(
                "{file}: no node name: set nodeRegistration.name or pass --node-name"
            )))
        }
        (None, _) => String::new(),
    };
    if model.role == NodeRole::Join
        && components.contains(&Component::Etcd)
        && request.etcd_members.is_empty()
    {
        return Err(RenderError::Input(format!(
            "{file}: a control-plane join needs the etcd members kubeadm gets from the cluster: \
             pass --etcd-initial-cluster NAME=PEER_URL,... (including this node)"
        )));
    }
    if model.role == NodeRole::Join
        && !node_name.is_empty()
        && !request.etcd_members.is_empty()
        && !request.etcd_members.iter().any(|m| m.name == node_name)
    {
        warnings.push(format!(
            "--etcd-initial-cluster does not list this node ({node_name}); kubeadm's member list \
             always includes the joining member"
        ));
    }
    if model.role == NodeRole::Init && !request.etcd_members.is_empty() {
        return Err(RenderError::Input(
            "--etcd-initial-cluster is only for a control-plane join (a JoinConfiguration)".into(),
        ));
    }

    let host = HostFacts::probe(&request.root, profile.ca_dirs, &model.certificates_dir)
        .map_err(|e| RenderError::Input(format!("certificatesDir {e}")))?;
    let patch_dir: Option<PathBuf> = request
        .patches
        .clone()
        .or_else(|| model.patches_dir.as_ref().map(PathBuf::from));
    let patch_set = match (&request.patch_set, &patch_dir) {
        (Some(set), _) => Some(set.clone()),
        (None, Some(dir)) => {
            let set = patches::load_patch_dir(dir)?;
            warnings.extend(set.warnings.iter().cloned());
            Some(set)
        }
        (None, None) => None,
    };

    let inputs = Inputs {
        profile,
        model,
        kubernetes_version: kubernetes_version.clone(),
        advertise_address,
        node_name,
        host,
        environment: request.environment.clone(),
        etcd_members: request.etcd_members.clone(),
    };
    if inputs.profile.env_order_random {
        for (component, count) in env_counts(&inputs) {
            if count > 1 {
                warnings.push(format!(
                    "{component}: kubeadm {release} writes its {count} env variables in random \
                     (Go map) order; staticpod writes them sorted by name, as kubeadm 1.32+ does"
                ));
            }
        }
    }

    notes.push(format!(
        "advertise address {}, node name {:?}, patches {}",
        inputs.advertise_address,
        inputs.node_name,
        patch_dir
            .as_ref()
            .map_or("none".to_string(), |d| d.display().to_string())
    ));
    let mut manifests = Vec::new();
    for component in components {
        let Some(pod) = build(&inputs, component, &mut warnings) else {
            continue;
        };
        let yaml = encode(&inputs, component, &pod, patch_set.as_ref())?;
        manifests.push(RenderedManifest { component, yaml });
    }
    if let Some(warning) = env::proxy_announcement(&inputs.environment, &manifests) {
        warnings.push(warning);
    }
    Ok(Rendered {
        release,
        kubernetes_version,
        manifests,
        warnings,
        notes,
    })
}

/// The component's pod; `None` for etcd when etcd is external (kubeadm writes no etcd.yaml).
fn build(inputs: &Inputs, component: Component, warnings: &mut Vec<String>) -> Option<Pod> {
    Some(match component {
        Component::KubeApiserver => apiserver::render(inputs, warnings),
        Component::KubeControllerManager => controller_manager::render(inputs),
        Component::KubeScheduler => scheduler::render(inputs),
        Component::Etcd => match &inputs.model.etcd {
            Etcd::Local(local) => etcd::render(inputs, local, warnings),
            Etcd::External(_) => return None,
        },
    })
}

fn encode(
    inputs: &Inputs,
    component: Component,
    pod: &Pod,
    patch_set: Option<&PatchSet>,
) -> Result<String, RenderError> {
    let encode_err = |e: serde_json::Error| RenderError::Encode {
        component,
        message: e.to_string(),
    };
    let null_timestamp = inputs.profile.creation_timestamp_null;
    let mut value = pod::to_json(pod, null_timestamp).map_err(encode_err)?;
    if let Some(set) = patch_set {
        if set.targets().contains(&component.name()) {
            let patched = set.apply(component.name(), value)?;
            // kubeadm decodes the patched JSON into a v1.Pod: unknown fields vanish, types are
            // checked, and Go's encoder shape is re-applied.
            let typed: Pod =
                serde_json::from_value(patched).map_err(|e| RenderError::PatchedPod {
                    component,
                    message: e.to_string(),
                })?;
            value = pod::to_json(&typed, null_timestamp).map_err(encode_err)?;
            gojson::omit_empty(&mut value);
        }
    }
    Ok(crate::yaml::to_yaml(&value))
}

fn env_counts(inputs: &Inputs) -> Vec<(Component, usize)> {
    let proxy = env::proxy_vars(&inputs.environment);
    let model = &inputs.model;
    [
        (Component::KubeApiserver, &model.api_server.extra_envs),
        (
            Component::KubeControllerManager,
            &model.controller_manager.extra_envs,
        ),
        (Component::KubeScheduler, &model.scheduler.extra_envs),
    ]
    .into_iter()
    .map(|(c, extra)| (c, env::merge_sorted(&[&proxy, extra]).len()))
    .collect()
}

/// The release to emulate: `--kubeadm-version` exactly, else [`release::for_kubernetes`]
/// (the rule `plan` uses too). Also the Kubernetes version (offline kubeadm falls back to its own version
/// when none is configured).
fn choose_release(
    file: &str,
    request: &RenderRequest,
    model: &config::ClusterModel,
) -> Result<(release::Chosen, KubeVersion), RenderError> {
    let release_err = |source| RenderError::Release {
        file: file.to_string(),
        source,
    };
    match (&request.kubeadm_version, &model.kubernetes_version) {
        (Some(text), k8s) => {
            let kubeadm = KubeVersion::parse(text)
                .map_err(|e| RenderError::Input(format!("--kubeadm-version: {e}")))?;
            let chosen = release::exact(&kubeadm).map_err(release_err)?;
            Ok((chosen, k8s.clone().unwrap_or(kubeadm)))
        }
        (None, Some(k8s)) => Ok((
            release::for_kubernetes(k8s).map_err(release_err)?,
            k8s.clone(),
        )),
        (None, None) => Err(RenderError::Input(format!(
            "{file}: no kubernetesVersion in the ClusterConfiguration; give --kubernetes-version \
             or --kubeadm-version"
        ))),
    }
}

/// Every config API version in the file must be one the emulated release reads.
fn check_accepted_apis(
    file: &str,
    profile: &Profile,
    apis: &[config::ConfigApi],
) -> Result<(), RenderError> {
    for api in apis {
        let (accepted, hint) = match api {
            config::ConfigApi::V1beta3 => (
                profile.accepts_v1beta3,
                "kubeadm 1.37 removed v1beta3; migrate with `kubeadm config migrate` from kubeadm \
                 1.36 or older",
            ),
            config::ConfigApi::V1beta4 => (
                profile.accepts_v1beta4,
                "v1beta4 needs kubeadm 1.31 or newer",
            ),
        };
        if !accepted {
            return Err(RenderError::Input(format!(
                "{file}: apiVersion {} is not accepted by kubeadm {} ({hint})",
                api.as_str(),
                profile.release
            )));
        }
    }
    Ok(())
}

/// kubeadm refuses a control plane older than its own minor − 1 and warns (preflight) about
/// one newer than itself.
fn check_version_skew(
    file: &str,
    release: Release,
    version: &KubeVersion,
    warnings: &mut Vec<String>,
) -> Result<(), RenderError> {
    let minimum = release.minor.saturating_sub(1);
    if version.major() != 1 || version.minor() < minimum {
        return Err(RenderError::Input(format!(
            "{file}: kubernetesVersion {version}: kubeadm {release} only supports deploying control planes v1.{minimum}.0 or newer"
        )));
    }
    if version.minor() > release.minor {
        warnings.push(format!(
            "kubernetesVersion {version} is newer than kubeadm {release}; kubeadm warns that this is not supported"
        ));
    }
    Ok(())
}

/// Render into `<out>/<component>.yaml` paths (no I/O): the caller writes them.
pub fn output_paths(out: &Path, rendered: &Rendered) -> Vec<(PathBuf, String)> {
    rendered
        .manifests
        .iter()
        .map(|m| (out.join(m.component.file_name()), m.yaml.clone()))
        .collect()
}
