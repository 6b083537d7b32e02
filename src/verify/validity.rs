//! Check 1: is each component file a static pod the kubelet will run, and run as kubeadm
//! meant? One Pod (YAML or JSON, ≤ 10 MiB), a name, a namespace, containers with images, host
//! networking, mounts that name volumes, and no references to API objects (a static pod's
//! mirror pod may not use them: the NodeRestriction admission plugin rejects it and the
//! kubelet cannot fetch them before the apiserver runs).

use k8s_openapi::api::core::v1::Container;

use super::finding::{Finding, Severity};
use super::scan::{Member, PodView, State};
use crate::component::Component;
use crate::manifest::ManifestError;

/// Findings for every expected component file. `external_etcd`: kube-apiserver talks to an
/// etcd that is not on this node, so a missing `etcd.yaml` is expected.
pub fn check(members: &[Member], external_etcd: bool) -> Vec<Finding> {
    let mut out = Vec::new();
    for member in members {
        let finding = |id: &str, severity, message: String| Finding {
            id: id.to_string(),
            severity,
            component: Some(member.component.name().to_string()),
            file: Some(member.path.clone()),
            message,
        };
        // `apply` and `restore` refuse to replace a symlinked manifest (renaming over the link
        // would cut it from its target): say so before the maintenance window, not during it.
        if let Ok(meta) = fs_err::symlink_metadata(&member.path) {
            if meta.file_type().is_symlink() {
                let target = fs_err::read_link(&member.path)
                    .map(|t| t.display().to_string())
                    .unwrap_or_else(|_| "an unreadable target".into());
                out.push(finding(
                    "MANIFEST-SYMLINK",
                    Severity::Warning,
                    format!("is a symbolic link to {target}: the kubelet follows it, but `staticpod apply` and `restore` refuse to replace it (exit 3, nothing changed) and `kubeadm upgrade` replaces the link with a regular file; replace the link by the file it points to"),
                ));
            }
        }
        match &member.state {
            State::Missing if member.component == Component::Etcd && external_etcd => {
                out.push(finding(
                    "MANIFEST-MISSING",
                    Severity::Info,
                    "no etcd.yaml: kube-apiserver uses an external etcd (--etcd-servers), so none is expected".into(),
                ));
            }
            State::Missing => out.push(finding(
                "MANIFEST-MISSING",
                Severity::Error,
                format!(
                    "no {} in the manifests directory: the kubelet runs no {}; restore it (staticpod restore --latest) or re-render it",
                    member.component.file_name(),
                    member.component
                ),
            )),
            State::Unreadable(why) => out.push(finding(
                "MANIFEST-UNREADABLE",
                Severity::Error,
                format!("cannot be read ({why}): fix its type and permissions (a regular file, mode 0600, root:root)"),
            )),
            State::Read { bytes, decoded } => match decoded {
                Err(ManifestError::TooLarge { size }) => out.push(finding(
                    "MANIFEST-TOO-LARGE",
                    Severity::Error,
                    format!("{size} bytes: the kubelet refuses manifests over 10 MiB and stops the pod; restore or re-render the file"),
                )),
                Err(e) => out.push(finding(
                    "MANIFEST-INVALID",
                    Severity::Error,
                    format!("the kubelet cannot decode it, so {} stops: {e}; fix the file or restore it (staticpod restore --latest)", member.component),
                )),
                Ok(_) => {
                    if let Some(extra) = extra_documents(bytes) {
                        out.push(finding(
                            "MANIFEST-MULTI-DOC",
                            Severity::Warning,
                            format!("{extra} more YAML document(s) after the first: the kubelet reads only the first and ignores the rest; remove them"),
                        ));
                    }
                    if let Some(pod) = member.pod() {
                        pod_findings(&pod, &mut |id, severity, message| {
                            out.push(finding(id, severity, message))
                        });
                    }
                }
            },
        }
    }
    out
}

/// How many non-empty YAML documents follow the first one (None for JSON or a single doc).
fn extra_documents(bytes: &[u8]) -> Option<usize> {
    use crate::yaml::decode::{documents, is_json, DuplicateKeys};
    let text = std::str::from_utf8(bytes).ok()?;
    if is_json(text) {
        return None;
    }
    let count = documents(text, DuplicateKeys::LastWins)
        .into_iter()
        .skip(1)
        .filter(|doc| !matches!(doc, Ok(doc) if doc.value.is_null()))
        .count();
    (count > 0).then_some(count)
}

fn pod_findings(pod: &PodView<'_>, emit: &mut dyn FnMut(&str, Severity, String)) {
    let component = pod.component;
    let meta = &pod.pod.metadata;
    let name = meta.name.as_deref().unwrap_or("");
    if name != component.name() {
        emit(
            "POD-NAME",
            Severity::Warning,
            format!(
                "pod name {name:?} is not {:?}: kubeadm finds its mirror pod as {}-<node name>, so `kubeadm upgrade` and `kubeadm join` wait for a pod that never appears; rename it back",
                component.name(),
                component.name()
            ),
        );
    }
    let markers = dump_markers(pod.pod);
    if !markers.is_empty() {
        emit(
            "POD-MIRROR-DUMP",
            Severity::Warning,
            format!(
                "looks like `kubectl get pod -o yaml` output, not a kubeadm manifest ({}): kubeadm never writes these fields; a copied metadata.uid even stops the kubelet from restarting the pod on most later edits; re-render the manifest (staticpod render) instead of copying the mirror pod",
                markers.join(", ")
            ),
        );
    }
    match meta.namespace.as_deref() {
        Some("kube-system") => {}
        None | Some("") => emit(
            "POD-NAMESPACE",
            Severity::Warning,
            "metadata.namespace is not set: the kubelet puts the mirror pod in `default`; set namespace: kube-system".into(),
        ),
        Some(other) => emit(
            "POD-NAMESPACE",
            Severity::Warning,
            format!("metadata.namespace is {other:?}: kubeadm and its users look in kube-system; set namespace: kube-system"),
        ),
    }
    if let Some(binary) = pod.command.first() {
        if binary != component.name() {
            emit(
                "POD-COMMAND",
                Severity::Warning,
                format!("the container runs {binary:?}, not the image's {:?} that kubeadm writes: the image tag (and every version check) no longer says what runs, and the next kubeadm upgrade puts {:?} back; keep custom binaries out of control-plane manifests", component.name(), component.name()),
            );
        }
    }
    let Some(spec) = pod.spec() else {
        emit(
            "POD-NO-CONTAINERS",
            Severity::Error,
            "no spec: the kubelet rejects a pod without containers; restore the file".into(),
        );
        return;
    };
    if spec.containers.is_empty() {
        emit(
            "POD-NO-CONTAINERS",
            Severity::Error,
            "spec.containers is empty: the kubelet rejects the pod; restore the file".into(),
        );
    }
    let all_containers = spec
        .init_containers
        .iter()
        .flatten()
        .map(|c| ("initContainers", c))
        .chain(spec.containers.iter().map(|c| ("containers", c)));
    for (list, container) in all_containers {
        if container.image.as_deref().unwrap_or("").trim().is_empty() {
            emit(
                "POD-NO-IMAGE",
                Severity::Error,
                format!(
                    "spec.{list}[name={}] has no image: the kubelet rejects the pod; set the image kubeadm writes (e.g. registry.k8s.io/{}:<version>)",
                    container.name,
                    component.name()
                ),
            );
        }
        for reference in container_references(container) {
            emit(
                "POD-API-REFERENCE",
                Severity::Error,
                format!("spec.{list}[name={}].{reference}: static pods may not reference API objects (the mirror pod is rejected and the kubelet cannot fetch them before the apiserver runs); use a hostPath file instead", container.name),
            );
        }
    }
    for reference in spec_references(spec) {
        emit(
            "POD-API-REFERENCE",
            Severity::Error,
            format!("{reference}: static pods may not reference API objects (the mirror pod is rejected and the kubelet cannot fetch them before the apiserver runs); use a hostPath volume instead"),
        );
    }
    if spec.host_network != Some(true) {
        emit(
            "POD-HOST-NETWORK",
            Severity::Error,
            format!("spec.hostNetwork is not true: {component} would need the pod network, which needs a running control plane; set hostNetwork: true"),
        );
    }
    let volumes: Vec<&str> = spec
        .volumes
        .iter()
        .flatten()
        .map(|v| v.name.as_str())
        .collect();
    for container in spec.containers.iter() {
        for mount in container.volume_mounts.iter().flatten() {
            if !volumes.contains(&mount.name.as_str()) {
                emit(
                    "POD-MOUNT-NO-VOLUME",
                    Severity::Error,
                    format!(
                        "spec.containers[name={}].volumeMounts[name={}] ({}) names no volume in spec.volumes: the pod is invalid and will not start; add the volume or remove the mount",
                        container.name, mount.name, mount.mount_path
                    ),
                );
            }
        }
    }
    let mut seen = std::collections::BTreeSet::new();
    for name in &volumes {
        if !seen.insert(*name) {
            emit(
                "POD-DUPLICATE-VOLUME",
                Severity::Error,
                format!("spec.volumes has two volumes named {name:?}: the pod is invalid and will not start; rename or remove one"),
            );
        }
    }
}

/// Fields only the API server writes: signs that a file was copied from a mirror pod.
fn dump_markers(pod: &k8s_openapi::api::core::v1::Pod) -> Vec<String> {
    let meta = &pod.metadata;
    let mut markers = Vec::new();
    for (field, set) in [
        ("metadata.uid", meta.uid.is_some()),
        ("metadata.resourceVersion", meta.resource_version.is_some()),
        ("metadata.ownerReferences", meta.owner_references.is_some()),
        (
            "metadata.creationTimestamp",
            meta.creation_timestamp.is_some(),
        ),
    ] {
        if set {
            markers.push(field.to_string());
        }
    }
    let spec = pod.spec.as_ref();
    if spec.is_some_and(|s| s.node_name.is_some()) {
        markers.push("spec.nodeName".to_string());
    }
    if spec.is_some_and(|s| s.tolerations.is_some()) {
        markers.push("spec.tolerations".to_string());
    }
    let api_defaults = spec.is_some_and(|s| {
        s.containers
            .iter()
            .any(|c| c.termination_message_path.is_some() || c.termination_message_policy.is_some())
    });
    if api_defaults {
        markers.push("containers[].terminationMessagePath".to_string());
    }
    let config_annotations: Vec<&str> = meta
        .annotations
        .iter()
        .flatten()
        .map(|(k, _)| k.as_str())
        .filter(|k| k.starts_with("kubernetes.io/config."))
        .collect();
    if !config_annotations.is_empty() {
        markers.push(format!("annotations {}", config_annotations.join(", ")));
    }
    let status = pod.status.as_ref();
    if status.is_some_and(|s| {
        s.phase.is_some() || s.conditions.is_some() || s.container_statuses.is_some()
    }) {
        markers.push("status".to_string());
    }
    markers
}

/// API-object references inside one container.
fn container_references(container: &Container) -> Vec<String> {
    let mut out = Vec::new();
    for env in container.env.iter().flatten() {
        let Some(from) = &env.value_from else {
            continue;
        };
        if let Some(r) = &from.config_map_key_ref {
            out.push(format!(
                "env[name={}].valueFrom.configMapKeyRef ({})",
                env.name, r.name
            ));
        }
        if let Some(r) = &from.secret_key_ref {
            out.push(format!(
                "env[name={}].valueFrom.secretKeyRef ({})",
                env.name, r.name
            ));
        }
    }
    for (i, from) in container.env_from.iter().flatten().enumerate() {
        if let Some(r) = &from.config_map_ref {
            out.push(format!("envFrom[{i}].configMapRef ({})", r.name));
        }
        if let Some(r) = &from.secret_ref {
            out.push(format!("envFrom[{i}].secretRef ({})", r.name));
        }
    }
    out
}

/// API-object references at the pod level.
fn spec_references(spec: &k8s_openapi::api::core::v1::PodSpec) -> Vec<String> {
    let mut out = Vec::new();
    for field in [&spec.service_account_name, &spec.service_account]
        .into_iter()
        .flatten()
        .filter(|name| !name.is_empty() && *name != "default")
    {
        out.push(format!("spec.serviceAccountName {field:?}"));
    }
    for secret in spec.image_pull_secrets.iter().flatten() {
        out.push(format!("spec.imagePullSecrets ({})", secret.name));
    }
    for claim in spec.resource_claims.iter().flatten() {
        out.push(format!("spec.resourceClaims[name={}]", claim.name));
    }
    for volume in spec.volumes.iter().flatten() {
        let kind = if volume.config_map.is_some() {
            "configMap"
        } else if volume.secret.is_some() {
            "secret"
        } else if volume.persistent_volume_claim.is_some() {
            "persistentVolumeClaim"
        } else if volume.projected.is_some() {
            "projected"
        } else if volume.csi.is_some() {
            "csi"
        } else if volume.ephemeral.is_some() {
            "ephemeral"
        } else {
            continue;
        };
        out.push(format!("spec.volumes[name={}].{kind}", volume.name));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verify::scan::members_from;
    use std::path::Path;

    const GOOD: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: kube-scheduler\n  namespace: kube-system\nspec:\n  hostNetwork: true\n  containers:\n  - name: kube-scheduler\n    image: registry.k8s.io/kube-scheduler:v1.31.2\n    command: [kube-scheduler]\n    volumeMounts:\n    - name: kubeconfig\n      mountPath: /etc/kubernetes/scheduler.conf\n  volumes:\n  - name: kubeconfig\n    hostPath:\n      path: /etc/kubernetes/scheduler.conf\n      type: FileOrCreate\n";

    fn ids(scheduler: &str) -> Vec<String> {
        let members = members_from(
            Path::new("/m"),
            &[(
                Component::KubeScheduler,
                Some(scheduler.as_bytes().to_vec()),
            )],
        );
        check(&members, true)
            .into_iter()
            .filter(|f| f.component.as_deref() == Some("kube-scheduler"))
            .map(|f| format!("{}:{}", f.id, f.message))
            .collect()
    }

    fn only_ids(scheduler: &str) -> Vec<String> {
        ids(scheduler)
            .into_iter()
            .map(|s| s.split(':').next().unwrap_or("").to_string())
            .collect()
    }

    #[test]
    fn a_kubeadm_style_pod_passes() {
        assert_eq!(ids(GOOD), Vec::<String>::new());
    }

    #[test]
    fn missing_files_are_errors_except_external_etcd() {
        let members = members_from(Path::new("/m"), &[]);
        let stacked = check(&members, false);
        assert_eq!(stacked.len(), 4);
        assert!(stacked.iter().all(|f| f.severity == Severity::Error));
        let external = check(&members, true);
        let etcd = external
            .iter()
            .find(|f| f.component.as_deref() == Some("etcd"));
        assert_eq!(etcd.map(|f| f.severity), Some(Severity::Info));
    }

    #[test]
    fn broken_yaml_names_line_and_column() {
        let broken = GOOD.replace("  namespace: kube-system\n", "  namespace: [kube-system\n");
        let found = ids(&broken);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].starts_with("MANIFEST-INVALID:"));
        assert!(found[0].contains("line"), "{found:?}");
        assert!(found[0].contains("column"), "{found:?}");
    }

    #[test]
    fn wrong_shapes_name_field_line_and_column() {
        let wrong = GOOD.replace(
            "    command: [kube-scheduler]\n",
            "    command: [kube-scheduler]\n    readinessProbe: fail\n",
        );
        let found = ids(&wrong);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].contains("spec.containers[0].readinessProbe (line 12 column 21)"),
            "{found:?}"
        );
    }

    #[test]
    fn json_and_too_large() {
        let json = serde_json::to_string(
            &crate::yaml::decode::first_document(
                GOOD,
                crate::yaml::decode::DuplicateKeys::LastWins,
            )
            .expect("yaml")
            .value,
        )
        .expect("json");
        assert_eq!(ids(&json), Vec::<String>::new());
        let huge = format!("{GOOD}# {}\n", "x".repeat(10 * 1024 * 1024));
        assert_eq!(only_ids(&huge), ["MANIFEST-TOO-LARGE"]);
    }

    #[test]
    fn extra_documents_are_flagged() {
        assert_eq!(
            only_ids(&format!("{GOOD}---\napiVersion: v1\nkind: Pod\n")),
            ["MANIFEST-MULTI-DOC"]
        );
        assert_eq!(only_ids(&format!("{GOOD}---\n")), Vec::<String>::new());
    }

    #[test]
    fn name_namespace_network_and_image() {
        assert_eq!(
            only_ids(&GOOD.replace(
                "name: kube-scheduler\n  namespace",
                "name: sched\n  namespace"
            )),
            ["POD-NAME"]
        );
        assert_eq!(
            only_ids(&GOOD.replace("  namespace: kube-system\n", "")),
            ["POD-NAMESPACE"]
        );
        assert_eq!(
            only_ids(&GOOD.replace("  hostNetwork: true\n", "")),
            ["POD-HOST-NETWORK"]
        );
        assert_eq!(
            only_ids(&GOOD.replace("    image: registry.k8s.io/kube-scheduler:v1.31.2\n", "")),
            ["POD-NO-IMAGE"]
        );
        assert_eq!(
            only_ids(&GOOD.replace(
                "  containers:\n  - name: kube-scheduler\n    image: registry.k8s.io/kube-scheduler:v1.31.2\n    command: [kube-scheduler]\n    volumeMounts:\n    - name: kubeconfig\n      mountPath: /etc/kubernetes/scheduler.conf\n",
                "  containers: []\n"
            )),
            ["POD-NO-CONTAINERS"]
        );
    }

    #[test]
    fn mirror_pod_dumps_are_recognised() {
        let dump = GOOD.replace(
            "  namespace: kube-system\n",
            "  namespace: kube-system\n  uid: 0b5f7e3c-1d2e-4f5a-9b8c-7d6e5f4a3b2c\n  annotations:\n    kubernetes.io/config.mirror: abc\n",
        ) + "status:\n  phase: Running\n";
        let found = ids(&dump);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].starts_with("POD-MIRROR-DUMP:"), "{found:?}");
        for marker in ["metadata.uid", "kubernetes.io/config.mirror", "status"] {
            assert!(found[0].contains(marker), "{marker}: {found:?}");
        }
        // kubeadm's own `creationTimestamp: null` and `status: {}` are not markers.
        let kubeadm = GOOD.replace(
            "  namespace: kube-system\n",
            "  namespace: kube-system\n  creationTimestamp: null\n",
        ) + "status: {}\n";
        assert_eq!(ids(&kubeadm), Vec::<String>::new());
    }

    #[test]
    fn custom_binaries_are_flagged() {
        let custom = GOOD.replace(
            "command: [kube-scheduler]",
            "command: [/home/kube-scheduler]",
        );
        assert_eq!(only_ids(&custom), ["POD-COMMAND"]);
    }

    #[test]
    fn mounts_and_volumes() {
        assert_eq!(
            only_ids(&GOOD.replace(
                "    - name: kubeconfig\n      mountPath",
                "    - name: other\n      mountPath"
            )),
            ["POD-MOUNT-NO-VOLUME"]
        );
        let twice = format!("{GOOD}  - name: kubeconfig\n    hostPath:\n      path: /x\n");
        assert_eq!(only_ids(&twice), ["POD-DUPLICATE-VOLUME"]);
    }

    #[test]
    fn api_object_references() {
        let sa = GOOD.replace(
            "  hostNetwork: true\n",
            "  hostNetwork: true\n  serviceAccountName: scheduler\n",
        );
        assert_eq!(only_ids(&sa), ["POD-API-REFERENCE"]);
        let secret = format!("{GOOD}  - name: s\n    secret:\n      secretName: x\n");
        assert_eq!(only_ids(&secret), ["POD-API-REFERENCE"]);
        let cm_env = GOOD.replace(
            "    command: [kube-scheduler]\n",
            "    command: [kube-scheduler]\n    env:\n    - name: A\n      valueFrom:\n        configMapKeyRef: {name: cm, key: k}\n    envFrom:\n    - secretRef: {name: s}\n",
        );
        assert_eq!(
            only_ids(&cm_env),
            ["POD-API-REFERENCE", "POD-API-REFERENCE"]
        );
        // The default service account is what the kubelet fills in anyway.
        let default_sa = GOOD.replace(
            "  hostNetwork: true\n",
            "  hostNetwork: true\n  serviceAccountName: default\n",
        );
        assert_eq!(only_ids(&default_sa), Vec::<String>::new());
    }
}
