//! `plan`: read the running versions from the manifests on disk and judge an upgrade to a
//! target version by kubeadm's rules ([`crate::plan`]).

use std::path::Path;

use serde::Serialize;

use super::{OpError, Say};
use crate::component::Component;
use crate::kubeadm::version::KubeVersion;
use crate::manifest::ManifestFile;
use crate::plan::{self, Current};

/// What to plan.
#[derive(Debug, Clone)]
pub struct PlanRequest<'a> {
    /// The manifests directory.
    pub dir: &'a Path,
    /// The target version as given (`--target-version`).
    pub target_version: &'a str,
    /// Whether a downgrade is allowed (`--allow-downgrade`).
    pub allow_downgrade: bool,
}

/// One component's row (`-o json`).
#[derive(Debug, Clone, Serialize)]
pub struct PlanComponent {
    /// The component's name (`kube-apiserver`).
    pub component: &'static str,
    /// Its version on disk (or why there is none).
    pub current: String,
    /// The version it would run.
    pub target: String,
    /// The verdict's lowercase name.
    pub verdict: &'static str,
}

/// What `plan` decided (`-o json`).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PlanReport {
    /// The target version.
    pub target: String,
    /// The kubeadm release whose manifests the target gets, when known.
    pub kubeadm_version: Option<String>,
    /// Whether the upgrade is allowed (exit 0; otherwise exit 1).
    pub allowed: bool,
    /// Why it is not allowed.
    pub reasons: Vec<String>,
    /// Notes (also said through `say`).
    pub notes: Vec<String>,
    /// One row per component, in component order.
    pub components: Vec<PlanComponent>,
}

/// Plan the upgrade; the plan's notes go through `say`. Err: a bad target version or a
/// missing manifests directory (exit 2).
pub fn run(request: PlanRequest<'_>, say: &Say<'_>) -> Result<PlanReport, OpError> {
    let target = KubeVersion::parse(request.target_version)
        .map_err(|e| OpError::BadInput(format!("--target-version: {e}")))?;
    let dir = request.dir;
    if !dir.is_dir() {
        return Err(OpError::BadInput(format!(
            "{}: no such manifests directory (see --root / --manifests-dir)",
            dir.display()
        )));
    }
    let current: Vec<Current> = Component::ALL
        .into_iter()
        .map(|component| read_current(&dir.join(component.file_name()), component))
        .collect();
    let plan = plan::plan(&current, &target, request.allow_downgrade);
    for note in &plan.notes {
        (say.note)(note);
    }
    Ok(PlanReport {
        target: plan.target.to_string(),
        kubeadm_version: plan.release.map(|r| r.to_string()),
        allowed: plan.allowed(),
        components: plan
            .rows
            .iter()
            .map(|r| PlanComponent {
                component: r.component.name(),
                current: r.current.clone(),
                target: r.target.clone(),
                verdict: r.verdict.as_str(),
            })
            .collect(),
        reasons: plan.reasons,
        notes: plan.notes,
    })
}

fn read_current(path: &Path, component: Component) -> Current {
    let missing = |why: String| Current {
        component,
        version: Err(why),
        tag: None,
    };
    let file = match ManifestFile::read(path) {
        Ok(file) => file,
        Err(_) if !path.exists() => return missing("absent".into()),
        Err(e) => return missing(format!("unreadable: {e}")),
    };
    if let Err(e) = &file.decoded {
        return missing(format!("invalid manifest: {e}"));
    }
    Current::from_image(component, file.image())
}
