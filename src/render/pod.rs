//! The pod skeleton every kubeadm static pod shares (`staticpodutil.ComponentPod`), and its
//! JSON form as Go's encoder writes it.

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::{
    Container, Pod, PodSecurityContext, PodSpec, PodStatus, SeccompProfile, Volume,
};
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use serde_json::Value;

/// Value of the `system-node-critical` priority class, set explicitly by kubeadm.
pub const SYSTEM_NODE_CRITICAL: i32 = 2_000_001_000;

/// `ComponentPod(container, volumes, annotations)`.
pub fn component_pod(
    container: Container,
    volumes: Vec<Volume>,
    annotations: Option<BTreeMap<String, String>>,
) -> Pod {
    let name = container.name.clone();
    Pod {
        metadata: ObjectMeta {
            name: Some(name.clone()),
            namespace: Some("kube-system".into()),
            labels: Some(BTreeMap::from([
                ("component".to_string(), name),
                ("tier".to_string(), "control-plane".to_string()),
            ])),
            annotations,
            ..Default::default()
        },
        spec: Some(PodSpec {
            containers: vec![container],
            host_network: Some(true),
            priority: Some(SYSTEM_NODE_CRITICAL),
            priority_class_name: Some("system-node-critical".into()),
            security_context: Some(PodSecurityContext {
                seccomp_profile: Some(SeccompProfile {
                    type_: "RuntimeDefault".into(),
                    localhost_profile: None,
                }),
                ..Default::default()
            }),
            volumes: (!volumes.is_empty()).then_some(volumes),
            ..Default::default()
        }),
        status: Some(PodStatus::default()),
    }
}

/// `resources.requests` with the given CPU (and optionally memory).
pub fn requests(
    cpu: &str,
    memory: Option<&str>,
) -> k8s_openapi::api::core::v1::ResourceRequirements {
    let mut map = BTreeMap::from([("cpu".to_string(), Quantity(cpu.to_string()))]);
    if let Some(memory) = memory {
        map.insert("memory".to_string(), Quantity(memory.to_string()));
    }
    k8s_openapi::api::core::v1::ResourceRequirements {
        requests: Some(map),
        ..Default::default()
    }
}

/// The pod as the JSON Go's encoder produces: `apiVersion`/`kind` set, and, for releases
/// before 1.34, `metadata.creationTimestamp: null` (a zero `metav1.Time` is a struct, not
/// omitted, and marshals to null).
pub fn to_json(pod: &Pod, creation_timestamp_null: bool) -> Result<Value, serde_json::Error> {
    let mut value = serde_json::to_value(pod)?;
    normalize(&mut value, creation_timestamp_null);
    Ok(value)
}

/// Re-apply the Go encoder's shape to a pod JSON (after patches): `creationTimestamp` as the
/// release writes it, `status: {}` always present.
pub fn normalize(value: &mut Value, creation_timestamp_null: bool) {
    if let Value::Object(root) = value {
        root.insert("apiVersion".into(), Value::String("v1".into()));
        root.insert("kind".into(), Value::String("Pod".into()));
        root.entry("status")
            .or_insert_with(|| Value::Object(Default::default()));
        let metadata = root
            .entry("metadata")
            .or_insert_with(|| Value::Object(Default::default()));
        if let Value::Object(metadata) = metadata {
            let zero = metadata.get("creationTimestamp").is_none_or(Value::is_null);
            if zero {
                if creation_timestamp_null {
                    metadata.insert("creationTimestamp".into(), Value::Null);
                } else {
                    metadata.remove("creationTimestamp");
                }
            }
        }
    }
}
