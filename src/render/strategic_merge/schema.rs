//! Schema: the patch tags (`patchStrategy`, `patchMergeKey`) of the Go types kubeadm patches.

use super::*;

/// One Go struct type along the paths that carry patch tags. `Opaque` stands
/// for every type without tags below it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Node {
    Pod,
    ObjectMeta,
    PodSpec,
    PodStatus,
    Container,
    Volume,
    EphemeralVolumeSource,
    PersistentVolumeClaimTemplate,
    Deployment,
    DeploymentSpec,
    DeploymentStatus,
    PodTemplateSpec,
    AllocatableClaimStatus,
    Opaque,
}

/// Patch metadata of one field. For list fields `node` is the element type.
#[derive(Debug, Clone, Copy)]
pub(super) struct FieldMeta {
    pub(super) node: Node,
    pub(super) strategy: &'static str,
    pub(super) merge_key: &'static str,
}

pub(super) const fn field(node: Node) -> FieldMeta {
    FieldMeta {
        node,
        strategy: "",
        merge_key: "",
    }
}

/// `patchStrategy:"merge"` (or `"merge,retainKeys"`, which merges the same
/// way when applying) with `patchMergeKey:"<merge_key>"`.
pub(super) const fn merge_list(node: Node, merge_key: &'static str) -> FieldMeta {
    FieldMeta {
        node,
        strategy: MERGE_DIRECTIVE,
        merge_key,
    }
}

impl Node {
    pub(super) fn name(self) -> &'static str {
        match self {
            Node::Pod => "v1.Pod",
            Node::ObjectMeta => "v1.ObjectMeta",
            Node::PodSpec => "v1.PodSpec",
            Node::PodStatus => "v1.PodStatus",
            Node::Container => "v1.Container",
            Node::Volume => "v1.Volume",
            Node::EphemeralVolumeSource => "v1.EphemeralVolumeSource",
            Node::PersistentVolumeClaimTemplate => "v1.PersistentVolumeClaimTemplate",
            Node::Deployment => "v1.Deployment",
            Node::DeploymentSpec => "v1.DeploymentSpec",
            Node::DeploymentStatus => "v1.DeploymentStatus",
            Node::PodTemplateSpec => "v1.PodTemplateSpec",
            Node::AllocatableClaimStatus => "v1.NodeAllocatableResourceClaimStatus",
            Node::Opaque => "struct",
        }
    }

    /// The tags of field `key`, from `staging/src/k8s.io/api/core/v1/types.go`,
    /// `apps/v1/types.go` and `apimachinery/pkg/apis/meta/v1/types.go`.
    pub(super) fn lookup(self, key: &str) -> FieldMeta {
        use Node::*;
        match (self, key) {
            (Pod, "metadata") => field(ObjectMeta),
            (Pod, "spec") => field(PodSpec),
            (Pod, "status") => field(PodStatus),

            (ObjectMeta, "ownerReferences") => merge_list(Opaque, "uid"),
            (ObjectMeta, "finalizers") => merge_list(Opaque, ""),

            (PodSpec, "volumes") => merge_list(Volume, "name"), // merge,retainKeys
            (PodSpec, "initContainers" | "containers" | "ephemeralContainers") => {
                merge_list(Container, "name")
            }
            (PodSpec, "imagePullSecrets" | "schedulingGates") => merge_list(Opaque, "name"),
            (PodSpec, "resourceClaims") => merge_list(Opaque, "name"), // merge,retainKeys
            (PodSpec, "hostAliases") => merge_list(Opaque, "ip"),
            (PodSpec, "topologySpreadConstraints") => merge_list(Opaque, "topologyKey"),
            (PodSpec, "evictionResponders") => merge_list(Opaque, "name"),

            // Also EphemeralContainer, which inlines the same fields.
            (Container, "ports") => merge_list(Opaque, "containerPort"),
            (Container, "env") => merge_list(Opaque, "name"),
            (Container, "volumeMounts") => merge_list(Opaque, "mountPath"),
            (Container, "volumeDevices") => merge_list(Opaque, "devicePath"),

            (Volume, "ephemeral") => field(EphemeralVolumeSource),
            (EphemeralVolumeSource, "volumeClaimTemplate") => field(PersistentVolumeClaimTemplate),
            (PersistentVolumeClaimTemplate, "metadata") => field(ObjectMeta),

            (PodStatus, "conditions") => merge_list(Opaque, "type"),
            (PodStatus, "podIPs" | "hostIPs") => merge_list(Opaque, "ip"),
            (PodStatus, "resourceClaimStatuses") => merge_list(Opaque, "name"), // merge,retainKeys
            (PodStatus, "nodeAllocatableResourceClaimStatuses") => {
                merge_list(AllocatableClaimStatus, "resourceClaimName")
            }
            (AllocatableClaimStatus, "mapping" | "overhead") => merge_list(Opaque, "name"),

            (Deployment, "metadata") => field(ObjectMeta),
            (Deployment, "spec") => field(DeploymentSpec),
            (Deployment, "status") => field(DeploymentStatus),
            (DeploymentSpec, "template") => field(PodTemplateSpec),
            (PodTemplateSpec, "metadata") => field(ObjectMeta),
            (PodTemplateSpec, "spec") => field(PodSpec),
            (DeploymentStatus, "conditions") => merge_list(Opaque, "type"),

            _ => field(Opaque),
        }
    }
}
