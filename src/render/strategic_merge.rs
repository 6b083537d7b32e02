//! Strategic merge patch, apply side only, as kubeadm runs it for `--patches`.
//!
//! This is a port of the apply half of
//! `k8s.io/apimachinery/pkg/util/strategicpatch` (`StrategicMergePatch(original,
//! patch, v1.Pod{})`, which merges with `MergeParallelList: true` and
//! `IgnoreUnmatchedNulls: true`). The Go code decides how to merge a field from
//! the `patchStrategy` / `patchMergeKey` struct tags of the Go type; here the
//! tags that matter for a `v1.Pod` (and an `apps/v1` Deployment) are written
//! out in [`Node::lookup`]. Fields without tags behave the same in both:
//! objects are merged key by key and lists are replaced wholesale.
//!
//! Supported directives: `$patch: replace|delete` on objects, `$patch:
//! replace|delete` elements in merge lists (`$patch: merge` is an error, as in
//! apimachinery), `$retainKeys`, `$deleteFromPrimitiveList/<field>` and
//! `$setElementOrder/<field>`.
//!
//! Element order of merged lists follows apimachinery exactly, which is not
//! "existing first, new appended": patch elements that are new to the list are
//! placed *before* the existing elements that the patch does not mention,
//! unless an element listed earlier in the patch anchors them (see
//! `merge_sorted_slice`). Where the Go code relies on slices sharing their
//! backing array (a `$setElementOrder` list combined with `$patch: delete`
//! elements), that aliasing is emulated so the order still matches.
//!
//! Where the Go code would panic (comparing objects with `==`, a `null` first
//! element of a merged list), an error is returned instead.

use serde_json::{Map, Value};
use std::cmp::Ordering;

type JsonMap = Map<String, Value>;
type Result<T> = std::result::Result<T, StrategicMergeError>;

const DIRECTIVE_MARKER: &str = "$patch";
const DELETE_DIRECTIVE: &str = "delete";
const REPLACE_DIRECTIVE: &str = "replace";
const MERGE_DIRECTIVE: &str = "merge";
const RETAIN_KEYS_DIRECTIVE: &str = "$retainKeys";
const DELETE_FROM_PRIMITIVE_LIST_PREFIX: &str = "$deleteFromPrimitiveList";
const SET_ELEMENT_ORDER_PREFIX: &str = "$setElementOrder";

/// Why a strategic merge patch could not be applied. The messages follow
/// apimachinery's (`k8s.io/apimachinery/pkg/util/mergepatch/errors.go`).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum StrategicMergeError {
    /// The document or the patch is not a JSON object (or null).
    #[error("invalid JSON document")]
    BadJsonDoc,
    /// An element of a merge list lacks the list's merge key.
    #[error("map: {map} does not contain declared merge key: {key}")]
    NoMergeKey { map: String, key: String },
    /// `$patch` holds something other than `replace` / `delete` (or `merge`
    /// in a list, see [`StrategicMergeError::MergeDirectiveInList`]).
    #[error("unknown patch type: {directive} in map: {map}")]
    BadPatchType { directive: String, map: String },
    /// A `$patch: merge` element inside a list.
    #[error("merging lists cannot yet be specified in the patch")]
    MergeDirectiveInList,
    /// A malformed `$retainKeys` directive, or a patch key missing from it.
    #[error("invalid patch format of retainKeys")]
    BadRetainKeys,
    /// A malformed `$deleteFromPrimitiveList/<field>` key.
    #[error("invalid patch format of primitive list")]
    BadPrimitiveList,
    /// A malformed `$setElementOrder/<field>` key.
    #[error("invalid patch format of setElementOrder list")]
    BadSetElementOrderList,
    /// The patch list and its `$setElementOrder` list disagree.
    #[error("the order in patch list:\n{patch}\n doesn't match $setElementOrder list:\n{order}")]
    SetElementOrderMismatch { patch: String, order: String },
    /// A merged list holds lists.
    #[error("lists of lists are not supported")]
    ListOfLists,
    /// A merged list mixes element types.
    #[error("list element types are not identical: {0}")]
    MixedElementTypes(String),
    /// `$setElementOrder` names a list that is empty on both sides.
    #[error("no elements in any of the given slices")]
    NoElements,
    /// A value has the wrong JSON type for where it is used.
    #[error("expected a {expected}, but received a {actual}")]
    BadArgType {
        expected: &'static str,
        actual: &'static str,
    },
    /// A list of objects declared `merge` without a merge key.
    #[error("cannot merge lists without merge key for {0}")]
    NoMergeKeyForList(&'static str),
    /// A merge list element that is not an object.
    #[error("value for key {0} is not a map")]
    ElementNotAMap(usize),
    /// Input on which apimachinery panics (for example comparing objects).
    #[error("unsupported strategic merge patch input: {0}")]
    Unsupported(String),
}

/// The Go type whose struct tags drive the merge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PatchSchema {
    /// `k8s.io/api/core/v1.Pod` (control-plane static pods).
    Pod,
    /// `k8s.io/api/apps/v1.Deployment` (kubeadm's `corednsdeployment` target).
    Deployment,
    /// A type without any patch tags (kubeadm's `kubeletconfiguration`
    /// target): objects merge, lists are replaced.
    Untyped,
}

/// `StrategicMergePatch(original, patch, v1.Pod{})`.
pub fn strategic_merge_pod(original: &Value, patch: &Value) -> Result<Value> {
    strategic_merge(original, patch, PatchSchema::Pod)
}

/// Strategic merge with the patch tags of `schema`.
///
/// Both documents are first normalised the way kubeadm's JSON round trip
/// does: a float with an integral value becomes an integer.
pub fn strategic_merge(original: &Value, patch: &Value, schema: PatchSchema) -> Result<Value> {
    let original = into_object(original)?;
    let patch = into_object(patch)?;
    let node = match schema {
        PatchSchema::Pod => Node::Pod,
        PatchSchema::Deployment => Node::Deployment,
        PatchSchema::Untyped => Node::Opaque,
    };
    merge_map(original, patch, node).map(Value::Object)
}

/// apimachinery's `handleUnmarshal`: an object, or `null` read as an empty map.
fn into_object(value: &Value) -> Result<JsonMap> {
    let mut value = value.clone();
    normalize_numbers(&mut value);
    match value {
        Value::Object(map) => Ok(map),
        Value::Null => Ok(JsonMap::new()),
        _ => Err(StrategicMergeError::BadJsonDoc),
    }
}

/// Go writes a `float64` with an integral value below 1e21 without a
/// fraction, and apimachinery reads integer text back as `int64`; mirror that
/// so numbers compare the way they do in kubeadm.
pub(crate) fn normalize_numbers(value: &mut Value) {
    match value {
        Value::Number(n) if n.is_f64() => {
            let f = n.as_f64().unwrap_or(f64::NAN);
            // Below 2^63, the first integer an i64 cannot hold.
            let i64_range = -9_223_372_036_854_775_808.0..9_223_372_036_854_775_808.0;
            if f.is_finite() && f.fract() == 0.0 && i64_range.contains(&f) {
                *n = serde_json::Number::from(f as i64);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(normalize_numbers),
        Value::Object(map) => map.values_mut().for_each(normalize_numbers),
        _ => {}
    }
}

// ---------------------------------------------------------------------------
// Schema: the patch tags of the Go types.

/// One Go struct type along the paths that carry patch tags. `Opaque` stands
/// for every type without tags below it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Node {
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
    Opaque,
}

/// Patch metadata of one field. For list fields `node` is the element type.
#[derive(Debug, Clone, Copy)]
struct FieldMeta {
    node: Node,
    strategy: &'static str,
    merge_key: &'static str,
}

const fn field(node: Node) -> FieldMeta {
    FieldMeta {
        node,
        strategy: "",
        merge_key: "",
    }
}

/// `patchStrategy:"merge"` (or `"merge,retainKeys"`, which merges the same
/// way when applying) with `patchMergeKey:"<merge_key>"`.
const fn merge_list(node: Node, merge_key: &'static str) -> FieldMeta {
    FieldMeta {
        node,
        strategy: MERGE_DIRECTIVE,
        merge_key,
    }
}

impl Node {
    fn name(self) -> &'static str {
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
            Node::Opaque => "struct",
        }
    }

    /// The tags of field `key`, from `staging/src/k8s.io/api/core/v1/types.go`,
    /// `apps/v1/types.go` and `apimachinery/pkg/apis/meta/v1/types.go`.
    fn lookup(self, key: &str) -> FieldMeta {
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

// ---------------------------------------------------------------------------
// Go value semantics.

/// The dynamic Go type of a decoded JSON value (`int64` vs `float64` included:
/// apimachinery decodes integer text as `int64`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Null,
    Bool,
    Int,
    Float,
    String,
    Array,
    Object,
}

fn kind_of(value: &Value) -> Kind {
    match value {
        Value::Null => Kind::Null,
        Value::Bool(_) => Kind::Bool,
        Value::Number(n) if n.is_i64() => Kind::Int,
        Value::Number(_) => Kind::Float,
        Value::String(_) => Kind::String,
        Value::Array(_) => Kind::Array,
        Value::Object(_) => Kind::Object,
    }
}

fn go_type_name(value: &Value) -> &'static str {
    match kind_of(value) {
        Kind::Null => "<nil>",
        Kind::Bool => "bool",
        Kind::Int => "int64",
        Kind::Float => "float64",
        Kind::String => "string",
        Kind::Array => "[]interface {}",
        Kind::Object => "map[string]interface {}",
    }
}

const GO_SLICE: &str = "[]interface {}";
const GO_MAP: &str = "map[string]interface {}";

/// Go's `==` on two `interface{}` values; Go panics when both hold maps or
/// slices, this returns an error.
fn go_eq(a: &Value, b: &Value) -> Result<bool> {
    let (ka, kb) = (kind_of(a), kind_of(b));
    if ka != kb {
        return Ok(false);
    }
    match (a, b) {
        (Value::Object(_), _) | (Value::Array(_), _) => Err(StrategicMergeError::Unsupported(
            format!("cannot compare values of type {}", go_type_name(a)),
        )),
        (Value::Number(x), Value::Number(y)) => Ok(match ka {
            Kind::Int => x.as_i64() == y.as_i64(),
            _ => x.as_f64() == y.as_f64(),
        }),
        _ => Ok(a == b),
    }
}

/// Using a value as a Go map key panics for maps and slices.
fn check_hashable(value: &Value) -> Result<()> {
    match value {
        Value::Object(_) | Value::Array(_) => Err(StrategicMergeError::Unsupported(format!(
            "cannot use a value of type {} as a list item here",
            go_type_name(value)
        ))),
        _ => Ok(()),
    }
}

fn contains_value(list: &[Value], value: &Value) -> Result<bool> {
    for item in list {
        if go_eq(item, value)? {
            return Ok(true);
        }
    }
    Ok(false)
}

fn describe(value: &Value) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

fn describe_map(map: &JsonMap) -> String {
    serde_json::to_string(map).unwrap_or_default()
}

fn describe_list(list: &[Value]) -> String {
    serde_json::to_string(list).unwrap_or_default()
}

fn as_object(value: &Value) -> Result<&JsonMap> {
    value.as_object().ok_or(StrategicMergeError::BadArgType {
        expected: GO_MAP,
        actual: go_type_name(value),
    })
}

// ---------------------------------------------------------------------------
// Maps.

fn merge_map(mut original: JsonMap, mut patch: JsonMap, node: Node) -> Result<JsonMap> {
    if let Some(directive) = patch.get(DIRECTIVE_MARKER).cloned() {
        return handle_directive_in_merge_map(&directive, patch);
    }

    apply_retain_keys_directive(&mut original, &mut patch)?;
    merge_patch_into_original(&mut original, &mut patch, node)?;

    for (key, patch_v) in patch {
        let (is_delete_list, key) = if key.starts_with(DELETE_FROM_PRIMITIVE_LIST_PREFIX) {
            (true, extract_key(&key, DELETE_FROM_PRIMITIVE_LIST_PREFIX)?)
        } else {
            (false, key)
        };

        // `null` deletes; with IgnoreUnmatchedNulls it is never kept.
        if patch_v.is_null() {
            original.remove(&key);
            continue;
        }

        let Some(slot) = original.get_mut(&key) else {
            if !is_delete_list {
                insert_cleaned(&mut original, key, patch_v);
            }
            continue;
        };

        if kind_of(slot) != kind_of(&patch_v) {
            if !is_delete_list {
                insert_cleaned(&mut original, key, patch_v);
            }
            continue;
        }

        match patch_v {
            Value::Object(patch_map) => {
                let meta = node.lookup(&key);
                let Value::Object(original_map) = std::mem::take(slot) else {
                    return Err(StrategicMergeError::BadArgType {
                        expected: GO_MAP,
                        actual: "<nil>",
                    });
                };
                let merged = if meta.strategy == REPLACE_DIRECTIVE {
                    patch_map
                } else {
                    merge_map(original_map, patch_map, meta.node)?
                };
                *slot = Value::Object(merged);
            }
            Value::Array(patch_list) => {
                let meta = node.lookup(&key);
                let Value::Array(original_list) = std::mem::take(slot) else {
                    return Err(StrategicMergeError::BadArgType {
                        expected: GO_SLICE,
                        actual: "<nil>",
                    });
                };
                let (merged, _) =
                    merge_slice_handler(original_list, patch_list, meta, is_delete_list)?;
                *slot = Value::Array(merged);
            }
            scalar => *slot = scalar,
        }
    }
    Ok(original)
}

/// Take a patch value as it is (minus nulls and directives), as apimachinery
/// does for keys the original lacks or holds with another type.
fn insert_cleaned(original: &mut JsonMap, key: String, mut value: Value) {
    discard_null_values(&mut value);
    match remove_directives(value) {
        Some(value) => {
            original.insert(key, value);
        }
        None => {
            original.remove(&key);
        }
    }
}

fn handle_directive_in_merge_map(directive: &Value, mut patch: JsonMap) -> Result<JsonMap> {
    match directive.as_str() {
        Some(REPLACE_DIRECTIVE) => {
            patch.remove(DIRECTIVE_MARKER);
            Ok(patch)
        }
        Some(DELETE_DIRECTIVE) => Ok(JsonMap::new()),
        _ => Err(StrategicMergeError::BadPatchType {
            directive: describe(directive),
            map: describe_map(&patch),
        }),
    }
}

/// `$retainKeys`: drop the original's keys that are not listed.
fn apply_retain_keys_directive(original: &mut JsonMap, patch: &mut JsonMap) -> Result<()> {
    let Some(retain) = patch.remove(RETAIN_KEYS_DIRECTIVE) else {
        return Ok(());
    };
    let Value::Array(retain) = retain else {
        return Err(StrategicMergeError::BadRetainKeys);
    };
    for item in &retain {
        check_hashable(item)?;
    }
    let listed = |key: &str| retain.iter().any(|item| item.as_str() == Some(key));
    for (key, value) in patch.iter() {
        if value.is_null()
            || key.starts_with(DELETE_FROM_PRIMITIVE_LIST_PREFIX)
            || key.starts_with(SET_ELEMENT_ORDER_PREFIX)
        {
            continue;
        }
        if !listed(key) {
            return Err(StrategicMergeError::BadRetainKeys);
        }
    }
    original.retain(|key, _| listed(key));
    Ok(())
}

/// `$setElementOrder/<field>`: merge the list named by the directive and
/// order it by the directive, then drop both from the patch.
fn merge_patch_into_original(
    original: &mut JsonMap,
    patch: &mut JsonMap,
    node: Node,
) -> Result<()> {
    let keys: Vec<String> = patch
        .keys()
        .filter(|key| key.starts_with(SET_ELEMENT_ORDER_PREFIX))
        .cloned()
        .collect();

    for key in keys {
        let Some(order_value) = patch.remove(&key) else {
            continue;
        };
        let Value::Array(set_order) = order_value else {
            return Err(StrategicMergeError::BadArgType {
                expected: GO_SLICE,
                actual: go_type_name(&order_value),
            });
        };
        let original_key = extract_key(&key, SET_ELEMENT_ORDER_PREFIX)?;

        let original_list = match original.get(&original_key) {
            None => None,
            Some(Value::Array(list)) => Some(list.clone()),
            Some(other) => {
                return Err(StrategicMergeError::BadArgType {
                    expected: GO_SLICE,
                    actual: go_type_name(other),
                })
            }
        };
        let patch_list = match patch.get(&original_key) {
            None => None,
            Some(Value::Array(list)) => Some(list.clone()),
            Some(other) => {
                return Err(StrategicMergeError::BadArgType {
                    expected: GO_SLICE,
                    actual: go_type_name(other),
                })
            }
        };

        let meta = node.lookup(&original_key);
        let merge_key = meta.merge_key;
        validate_patch_with_set_order_list(
            patch_list.as_deref().unwrap_or(&[]),
            &set_order,
            merge_key,
        )?;

        let element_probe: Vec<Value> = original_list
            .iter()
            .chain(patch_list.iter())
            .flatten()
            .cloned()
            .collect();

        let (merged, server_order) = match (original_list, patch_list) {
            (Some(original_list), None) => (original_list.clone(), original_list),
            (None, Some(patch_list)) => {
                let merged = match remove_directives(Value::Array(patch_list)) {
                    Some(Value::Array(list)) => list,
                    _ => continue,
                };
                (merged, Vec::new())
            }
            (Some(original_list), Some(patch_list)) => {
                merge_slice_handler(original_list, patch_list, meta, false)?
            }
            (None, None) => continue,
        };

        let (patch_items, server_only) = if merge_key.is_empty() {
            partition_primitives_by_present_in_list(merged, &set_order)?
        } else {
            partition_maps_by_present_in_list(merged, &set_order, merge_key)?
        };

        let kind = slice_element_type(&[&element_probe])?;
        let both = normalize_element_order(
            patch_items,
            server_only,
            &set_order,
            &server_order,
            merge_key,
            kind,
        )?;
        original.insert(original_key.clone(), Value::Array(both));
        patch.remove(&original_key);
    }
    Ok(())
}

/// `$deleteFromPrimitiveList/foo` → `foo`.
fn extract_key(key: &str, prefix: &str) -> Result<String> {
    match key.split_once('/') {
        Some((head, rest)) if head == prefix => Ok(rest.to_string()),
        _ => Err(if prefix == DELETE_FROM_PRIMITIVE_LIST_PREFIX {
            StrategicMergeError::BadPrimitiveList
        } else {
            StrategicMergeError::BadSetElementOrderList
        }),
    }
}

/// The patch list (without `$patch: delete` elements) must follow the
/// `$setElementOrder` list's order.
fn validate_patch_with_set_order_list(
    patch_list: &[Value],
    set_order: &[Value],
    merge_key: &str,
) -> Result<()> {
    if set_order.is_empty() || patch_list.is_empty() {
        return Ok(());
    }
    let non_delete = if merge_key.is_empty() {
        patch_list.to_vec()
    } else {
        extract_to_delete_items(patch_list.to_vec())?.0
    };

    let (mut patch_index, mut order_index) = (0, 0);
    while patch_index < non_delete.len() && order_index < set_order.len() {
        if contains_directive_marker(&non_delete[patch_index]) {
            patch_index += 1;
            continue;
        }
        if merge_key_value_equal(&non_delete[patch_index], &set_order[order_index], merge_key)? {
            patch_index += 1;
        }
        order_index += 1;
    }
    if patch_index < non_delete.len() && order_index >= set_order.len() {
        return Err(StrategicMergeError::SetElementOrderMismatch {
            patch: describe_list(patch_list),
            order: describe_list(set_order),
        });
    }
    Ok(())
}

fn contains_directive_marker(item: &Value) -> bool {
    item.as_object()
        .is_some_and(|map| map.contains_key(DIRECTIVE_MARKER))
}

fn merge_key_value_equal(left: &Value, right: &Value, merge_key: &str) -> Result<bool> {
    if merge_key.is_empty() {
        return go_eq(left, right);
    }
    let left = as_object(left)?;
    let right = as_object(right)?;
    let no_key = |map: &JsonMap| StrategicMergeError::NoMergeKey {
        map: describe_map(map),
        key: merge_key.to_string(),
    };
    let left_value = left.get(merge_key).ok_or_else(|| no_key(left))?;
    let right_value = right.get(merge_key).ok_or_else(|| no_key(right))?;
    go_eq(left_value, right_value)
}

/// Drop `null` values from objects, recursively (`discardNullValuesFromPatch`).
fn discard_null_values(value: &mut Value) {
    match value {
        Value::Object(map) => {
            map.retain(|_, v| !v.is_null());
            map.values_mut().for_each(discard_null_values);
        }
        Value::Array(items) => items.iter_mut().for_each(discard_null_values),
        _ => {}
    }
}

/// Drop every object holding `$patch` (`removeDirectives`); `None` when the
/// value itself is such an object.
fn remove_directives(value: Value) -> Option<Value> {
    match value {
        Value::Object(map) => {
            if map.contains_key(DIRECTIVE_MARKER) {
                return None;
            }
            let map = map
                .into_iter()
                .filter_map(|(k, v)| remove_directives(v).map(|v| (k, v)))
                .collect();
            Some(Value::Object(map))
        }
        Value::Array(items) => Some(Value::Array(
            items.into_iter().filter_map(remove_directives).collect(),
        )),
        other => Some(other),
    }
}

// ---------------------------------------------------------------------------
// Lists.

/// Returns the merged list and what the original list's Go slice shows after
/// the merge (see [`GoBacking`]).
fn merge_slice_handler(
    original: Vec<Value>,
    patch: Vec<Value>,
    meta: FieldMeta,
    is_delete_list: bool,
) -> Result<(Vec<Value>, Vec<Value>)> {
    if meta.strategy == MERGE_DIRECTIVE || is_delete_list {
        merge_slice(original, patch, meta.node, meta.merge_key, is_delete_list)
    } else {
        Ok((patch, original))
    }
}

/// Capacity of a `[]interface{}` that `encoding/json` decoded with `n`
/// elements (it appends one by one from `make([]any, 0)`).
fn go_decoded_slice_cap(n: usize) -> usize {
    // Go's malloc size classes, in bytes, up to 32 KiB.
    const SIZE_CLASSES: [usize; 67] = [
        0, 8, 16, 24, 32, 48, 64, 80, 96, 112, 128, 144, 160, 176, 192, 208, 224, 240, 256, 288,
        320, 352, 384, 416, 448, 480, 512, 576, 640, 704, 768, 896, 1024, 1152, 1280, 1408, 1536,
        1792, 2048, 2304, 2688, 3072, 3200, 3456, 4096, 4864, 5376, 6144, 6528, 6784, 6912, 8192,
        9472, 9728, 10240, 10880, 12288, 13568, 14336, 16384, 18432, 19072, 20480, 21760, 24576,
        27264, 28672,
    ];
    const ELEM: usize = 16; // sizeof(interface{})
    let round_up = |bytes: usize| -> usize {
        if bytes > 32768 {
            bytes.div_ceil(8192) * 8192
        } else if bytes > 28672 {
            32768
        } else {
            SIZE_CLASSES
                .iter()
                .copied()
                .find(|&class| class >= bytes)
                .unwrap_or(32768)
        }
    };
    let mut cap = 0usize;
    let mut len = 0usize;
    while len < n {
        len += 1;
        if len > cap {
            let double = cap + cap;
            let mut new_cap = if len > double {
                len
            } else if cap < 256 {
                double
            } else {
                let mut c = cap;
                while c < len {
                    c += (c + 3 * 256) >> 2;
                }
                c
            };
            new_cap = round_up(new_cap * ELEM) / ELEM;
            cap = new_cap;
        }
    }
    cap
}

/// The Go backing array of the original list, as far as the caller's slice
/// header (its first `n` elements) can see it. apimachinery's
/// `mergePatchIntoOriginal` keeps using the original slice after
/// `mergeSlice` deleted and appended through it, so the writes show.
struct GoBacking {
    view: Vec<Value>,
    cap: usize,
    attached: bool,
}

impl GoBacking {
    fn new(original: &[Value]) -> Self {
        GoBacking {
            view: original.to_vec(),
            cap: go_decoded_slice_cap(original.len()),
            attached: true,
        }
    }

    /// `append(s[:i], s[i+1:]...)` on the current slice `current`, which has
    /// already had element `i` removed.
    fn after_remove(&mut self, current: &[Value], index: usize) {
        if !self.attached {
            return;
        }
        for (j, value) in current.iter().enumerate().skip(index) {
            if j < self.view.len() {
                self.view[j] = value.clone();
            }
        }
    }

    fn write(&mut self, index: usize, value: &Value) {
        if self.attached && index < self.view.len() {
            self.view[index] = value.clone();
        }
    }

    /// `append(s, v)` where `s` has `len` elements.
    fn append(&mut self, len: usize, value: &Value) {
        if !self.attached {
            return;
        }
        if len < self.cap {
            self.write(len, value);
        } else {
            self.attached = false;
        }
    }
}

fn merge_slice(
    original: Vec<Value>,
    patch: Vec<Value>,
    node: Node,
    merge_key: &str,
    is_delete_list: bool,
) -> Result<(Vec<Value>, Vec<Value>)> {
    if original.is_empty() && patch.is_empty() {
        return Ok((original.clone(), original));
    }
    let kind = slice_element_type(&[&original, &patch])?;

    if kind != Kind::Object {
        if is_delete_list {
            return Ok((delete_from_slice(&original, &patch)?, original));
        }
        // both := append(original, patch...); deduplicateScalars(both)
        let n = original.len();
        let shares_backing = n + patch.len() <= go_decoded_slice_cap(n);
        let mut backing = original.clone();
        backing.extend(patch.iter().cloned());
        let len = deduplicate_scalars(&mut backing)?;
        let merged = backing[..len].to_vec();
        let server_order = if shares_backing {
            backing[..n].to_vec()
        } else {
            original
        };
        let (patch_items, server_only) = if merge_key.is_empty() {
            partition_primitives_by_present_in_list(merged, &patch)?
        } else {
            partition_maps_by_present_in_list(merged, &patch, merge_key)?
        };
        let result = normalize_element_order(
            patch_items,
            server_only,
            &patch,
            &server_order,
            merge_key,
            kind,
        )?;
        return Ok((result, server_order));
    }

    if merge_key.is_empty() {
        return Err(StrategicMergeError::NoMergeKeyForList(node.name()));
    }

    let mut backing = GoBacking::new(&original);
    let (original, patch) =
        merge_slice_with_special_elements(original, patch, merge_key, &mut backing)?;
    let merged = merge_slice_without_special_elements(
        original.clone(),
        &patch,
        merge_key,
        node,
        &mut backing,
    )?;

    let (patch_items, server_only) = partition_maps_by_present_in_list(merged, &patch, merge_key)?;
    let result =
        normalize_element_order(patch_items, server_only, &patch, &original, merge_key, kind)?;
    Ok((result, backing.view))
}

/// Handle `$patch` elements: deletions by merge key, `replace`.
fn merge_slice_with_special_elements(
    mut original: Vec<Value>,
    patch: Vec<Value>,
    merge_key: &str,
    backing: &mut GoBacking,
) -> Result<(Vec<Value>, Vec<Value>)> {
    let mut without_special = Vec::new();
    let mut replace = false;
    for value in patch {
        let map = as_object(&value)?;
        let Some(directive) = map.get(DIRECTIVE_MARKER) else {
            without_special.push(value);
            continue;
        };
        match directive.as_str() {
            Some(DELETE_DIRECTIVE) => {
                let Some(merge_value) = map.get(merge_key) else {
                    return Err(StrategicMergeError::NoMergeKey {
                        map: describe_map(map),
                        key: merge_key.to_string(),
                    });
                };
                while let Some(index) = find_map_in_slice(&original, merge_key, merge_value)? {
                    original.remove(index);
                    backing.after_remove(&original, index);
                }
            }
            Some(REPLACE_DIRECTIVE) => replace = true,
            Some(MERGE_DIRECTIVE) => return Err(StrategicMergeError::MergeDirectiveInList),
            _ => {
                return Err(StrategicMergeError::BadPatchType {
                    directive: describe(directive),
                    map: describe_map(map),
                })
            }
        }
    }
    if replace {
        backing.attached = false;
        return Ok((without_special, Vec::new()));
    }
    Ok((original, without_special))
}

/// Merge each patch element into the original element with the same merge
/// key value, or append it.
fn merge_slice_without_special_elements(
    mut original: Vec<Value>,
    patch: &[Value],
    merge_key: &str,
    node: Node,
    backing: &mut GoBacking,
) -> Result<Vec<Value>> {
    for value in patch {
        let map = as_object(value)?;
        let Some(merge_value) = map.get(merge_key) else {
            return Err(StrategicMergeError::NoMergeKey {
                map: describe_map(map),
                key: merge_key.to_string(),
            });
        };
        match find_map_in_slice(&original, merge_key, merge_value)? {
            Some(index) => {
                let current = std::mem::take(&mut original[index]);
                let Value::Object(current) = current else {
                    return Err(StrategicMergeError::ElementNotAMap(index));
                };
                let merged = Value::Object(merge_map(current, map.clone(), node)?);
                backing.write(index, &merged);
                original[index] = merged;
            }
            None => {
                backing.append(original.len(), value);
                original.push(value.clone());
            }
        }
    }
    Ok(original)
}

fn find_map_in_slice(list: &[Value], key: &str, value: &Value) -> Result<Option<usize>> {
    for (index, item) in list.iter().enumerate() {
        let Some(map) = item.as_object() else {
            return Err(StrategicMergeError::ElementNotAMap(index));
        };
        if let Some(candidate) = map.get(key) {
            if go_eq(candidate, value)? {
                return Ok(Some(index));
            }
        }
    }
    Ok(None)
}

/// `$deleteFromPrimitiveList`: drop the listed scalars.
fn delete_from_slice(current: &[Value], to_delete: &[Value]) -> Result<Vec<Value>> {
    for item in to_delete.iter().chain(current) {
        check_hashable(item)?;
    }
    let mut kept = Vec::with_capacity(current.len());
    for item in current {
        if !contains_value(to_delete, item)? {
            kept.push(item.clone());
        }
    }
    Ok(kept)
}

/// apimachinery's in-place "clever" deduplication, which reorders: a
/// duplicate is overwritten by the last element. Works on the whole backing
/// array and returns the new length, leaving stale values past it as Go does.
fn deduplicate_scalars(s: &mut [Value]) -> Result<usize> {
    let mut length = s.len() as isize - 1;
    let mut i: isize = 0;
    while i < length {
        let mut j = i + 1;
        while j <= length {
            if go_eq(&s[i as usize], &s[j as usize])? {
                s[j as usize] = s[length as usize].clone();
                length -= 1;
                j -= 1;
            }
            j += 1;
        }
        i += 1;
    }
    Ok((length + 1).max(0) as usize)
}

/// The common element type of the lists (`sliceElementType`).
fn slice_element_type(lists: &[&[Value]]) -> Result<Kind> {
    let mut previous: Option<Kind> = None;
    for list in lists {
        for value in list.iter() {
            let kind = kind_of(value);
            match previous {
                None => {
                    match kind {
                        Kind::Array => return Err(StrategicMergeError::ListOfLists),
                        Kind::Null => {
                            return Err(StrategicMergeError::Unsupported(
                                "a merged list starts with a null element".to_string(),
                            ))
                        }
                        _ => {}
                    }
                    previous = Some(kind);
                }
                Some(previous_kind) if previous_kind != kind => {
                    let all: Vec<String> = lists.iter().map(|l| describe_list(l)).collect();
                    return Err(StrategicMergeError::MixedElementTypes(all.join(" ")));
                }
                Some(_) => {}
            }
        }
    }
    previous.ok_or(StrategicMergeError::NoElements)
}

fn partition_primitives_by_present_in_list(
    original: Vec<Value>,
    partition_by: &[Value],
) -> Result<(Vec<Value>, Vec<Value>)> {
    for item in partition_by.iter().chain(&original) {
        check_hashable(item)?;
    }
    let mut present = Vec::new();
    let mut absent = Vec::new();
    for item in original {
        if contains_value(partition_by, &item)? {
            present.push(item);
        } else {
            absent.push(item);
        }
    }
    Ok((present, absent))
}

fn partition_maps_by_present_in_list(
    original: Vec<Value>,
    partition_by: &[Value],
    merge_key: &str,
) -> Result<(Vec<Value>, Vec<Value>)> {
    let mut present = Vec::new();
    let mut absent = Vec::new();
    for item in original {
        let map = as_object(&item)?;
        let Some(merge_value) = map.get(merge_key) else {
            return Err(StrategicMergeError::NoMergeKey {
                map: describe_map(map),
                key: merge_key.to_string(),
            });
        };
        if find_map_in_slice(partition_by, merge_key, merge_value)?.is_some() {
            present.push(item);
        } else {
            absent.push(item);
        }
    }
    Ok((present, absent))
}

fn extract_to_delete_items(list: Vec<Value>) -> Result<(Vec<Value>, Vec<Value>)> {
    let mut keep = Vec::new();
    let mut delete = Vec::new();
    for item in list {
        let map = as_object(&item)?;
        if map.get(DIRECTIVE_MARKER).and_then(Value::as_str) == Some(DELETE_DIRECTIVE) {
            delete.push(item);
        } else {
            keep.push(item);
        }
    }
    Ok((keep, delete))
}

/// Sort `patch` by `patch_order` and `server_only` by `server_order`, then
/// interleave them (`normalizeElementOrder`).
fn normalize_element_order(
    patch: Vec<Value>,
    server_only: Vec<Value>,
    patch_order: &[Value],
    server_order: &[Value],
    merge_key: &str,
    kind: Kind,
) -> Result<Vec<Value>> {
    let patch = normalize_slice_order(patch, patch_order, merge_key, kind)?;
    let server_only = normalize_slice_order(server_only, server_order, merge_key, kind)?;
    merge_sorted_slice(server_only, patch, server_order, merge_key, kind)
}

/// Position of `value` in `list`, by merge key for objects (a missing key
/// reads as `null`, as Go's map index does).
fn index_of(list: &[Value], value: &Value, merge_key: &str, kind: Kind) -> Result<Option<usize>> {
    fn key_of<'a>(item: &'a Value, merge_key: &str, kind: Kind) -> &'a Value {
        if kind == Kind::Object {
            item.as_object()
                .and_then(|map| map.get(merge_key))
                .unwrap_or(&Value::Null)
        } else {
            item
        }
    }
    let wanted = key_of(value, merge_key, kind);
    for (index, item) in list.iter().enumerate() {
        if go_eq(wanted, key_of(item, merge_key, kind))? {
            return Ok(Some(index));
        }
    }
    Ok(None)
}

fn normalize_slice_order(
    to_sort: Vec<Value>,
    order: &[Value],
    merge_key: &str,
    kind: Kind,
) -> Result<Vec<Value>> {
    let (mut to_sort, to_delete) = if kind == Kind::Object {
        for item in to_sort.iter().chain(order) {
            let map = as_object(item)?;
            if !map.contains_key(merge_key) {
                return Err(StrategicMergeError::NoMergeKey {
                    map: describe_map(map),
                    key: merge_key.to_string(),
                });
            }
        }
        extract_to_delete_items(to_sort)?
    } else {
        (to_sort, Vec::new())
    };

    let positions = to_sort
        .iter()
        .map(|item| index_of(order, item, merge_key, kind))
        .collect::<Result<Vec<_>>>()?;
    // Go: sort.SliceStable with less(i, j) = both found && pos(i) < pos(j),
    // and `true` when either is missing. Insertion sort is what Go runs for
    // up to 20 elements, and with every element found it is just a stable
    // sort by position.
    let mut items: Vec<(Option<usize>, Value)> = positions.into_iter().zip(to_sort).collect();
    let less = |a: &Option<usize>, b: &Option<usize>| match (a, b) {
        (Some(a), Some(b)) => a < b,
        _ => true,
    };
    for i in 1..items.len() {
        let mut j = i;
        while j > 0 && less(&items[j].0, &items[j - 1].0) {
            items.swap(j, j - 1);
            j -= 1;
        }
    }
    to_sort = items.into_iter().map(|(_, value)| value).collect();
    to_sort.extend(to_delete);
    Ok(to_sort)
}

/// Interleave the server-only items (`left`) into the patch items (`right`):
/// a server-only item goes first only when both are in the live list and it
/// comes earlier there; otherwise the patch item goes first.
fn merge_sorted_slice(
    left: Vec<Value>,
    right: Vec<Value>,
    server_order: &[Value],
    merge_key: &str,
    kind: Kind,
) -> Result<Vec<Value>> {
    let mut out = Vec::with_capacity(left.len() + right.len());
    let mut left = left.into_iter().peekable();
    let mut right = right.into_iter().peekable();
    while let (Some(l), Some(r)) = (left.peek(), right.peek()) {
        let li = index_of(server_order, l, merge_key, kind)?;
        let ri = index_of(server_order, r, merge_key, kind)?;
        let take_left = matches!((li, ri), (Some(li), Some(ri)) if li.cmp(&ri) == Ordering::Less);
        let next = if take_left { left.next() } else { right.next() };
        out.extend(next);
    }
    out.extend(left);
    out.extend(right);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    fn smp(original: Value, patch: Value) -> Value {
        match strategic_merge_pod(&original, &patch) {
            Ok(v) => v,
            Err(e) => panic!("strategic merge failed: {e}"),
        }
    }

    fn names(list: &Value) -> Vec<String> {
        list.as_array()
            .map(|l| {
                l.iter()
                    .map(|i| i["name"].as_str().unwrap_or("?").to_string())
                    .collect()
            })
            .unwrap_or_default()
    }

    fn pod_with_volumes(vols: &[&str]) -> Value {
        let volumes: Vec<Value> = vols
            .iter()
            .map(|n| json!({"name": n, "hostPath": {"path": format!("/{n}")}}))
            .collect();
        json!({"spec": {"volumes": volumes, "containers": [{"name": "c"}]}})
    }

    #[test]
    fn go_slice_capacity_matches_append_growth() {
        let caps: Vec<usize> = [0, 1, 2, 3, 4, 5, 8, 9, 17, 256, 257]
            .iter()
            .map(|&n| go_decoded_slice_cap(n))
            .collect();
        assert_eq!(caps, vec![0, 1, 2, 4, 4, 8, 8, 16, 32, 256, 512]);
    }

    #[test]
    fn new_merge_list_items_go_before_unmentioned_existing_items() {
        let out = smp(
            pod_with_volumes(&["a", "b"]),
            json!({"spec": {"volumes": [{"name": "new", "emptyDir": {}}]}}),
        );
        assert_eq!(names(&out["spec"]["volumes"]), ["new", "a", "b"]);
    }

    #[test]
    fn new_items_follow_the_patch_item_they_are_listed_after() {
        let out = smp(
            pod_with_volumes(&["a", "b", "c"]),
            json!({"spec": {"volumes": [{"name": "b", "emptyDir": {}}, {"name": "d"}]}}),
        );
        assert_eq!(names(&out["spec"]["volumes"]), ["a", "b", "d", "c"]);
        assert_eq!(out["spec"]["volumes"][1]["emptyDir"], json!({}));
        assert_eq!(out["spec"]["volumes"][1]["hostPath"]["path"], "/b");
    }

    #[test]
    fn delete_directive_removes_element_and_replace_replaces_list() {
        let out = smp(
            pod_with_volumes(&["a", "b", "c"]),
            json!({"spec": {"volumes": [{"name": "b", "$patch": "delete"}]}}),
        );
        assert_eq!(names(&out["spec"]["volumes"]), ["a", "c"]);

        let out = smp(
            pod_with_volumes(&["a", "b"]),
            json!({"spec": {"volumes": [{"name": "z"}, {"$patch": "replace"}]}}),
        );
        assert_eq!(out["spec"]["volumes"], json!([{"name": "z"}]));
    }

    #[test]
    fn map_directives() {
        let original = json!({"spec": {"securityContext": {"runAsUser": 0, "seccompProfile": {"type": "RuntimeDefault"}}}});
        let out = smp(
            original.clone(),
            json!({"spec": {"securityContext": {"$patch": "replace", "runAsGroup": 1}}}),
        );
        assert_eq!(out["spec"]["securityContext"], json!({"runAsGroup": 1}));
        let out = smp(
            original.clone(),
            json!({"spec": {"securityContext": {"$patch": "delete"}}}),
        );
        assert_eq!(out["spec"]["securityContext"], json!({}));
        let err = strategic_merge_pod(
            &original,
            &json!({"spec": {"securityContext": {"$patch": "bogus"}}}),
        );
        assert!(matches!(err, Err(StrategicMergeError::BadPatchType { .. })));
    }

    #[test]
    fn merge_directive_in_list_is_an_error() {
        let err = strategic_merge_pod(
            &pod_with_volumes(&["a"]),
            &json!({"spec": {"volumes": [{"$patch": "merge"}]}}),
        );
        assert_eq!(err, Err(StrategicMergeError::MergeDirectiveInList));
    }

    #[test]
    fn missing_merge_key_is_an_error() {
        let err = strategic_merge_pod(
            &pod_with_volumes(&["a"]),
            &json!({"spec": {"volumes": [{"emptyDir": {}}]}}),
        );
        assert!(
            matches!(err, Err(StrategicMergeError::NoMergeKey { ref key, .. }) if key == "name")
        );
    }

    #[test]
    fn lists_without_strategy_are_replaced_and_nulls_delete() {
        let original =
            json!({"spec": {"tolerations": [{"key": "a"}], "priority": 5, "hostNetwork": true}});
        let out = smp(
            original,
            json!({"spec": {"tolerations": [{"key": "b"}], "priority": null, "dnsPolicy": null}}),
        );
        assert_eq!(
            out,
            json!({"spec": {"tolerations": [{"key": "b"}], "hostNetwork": true}})
        );
    }

    #[test]
    fn added_values_lose_nulls_and_directives() {
        let out = smp(
            json!({"spec": {}}),
            json!({"spec": {"affinity": {"a": null, "b": {"c": 1, "d": {"$patch": "delete"}}}}}),
        );
        assert_eq!(out, json!({"spec": {"affinity": {"b": {"c": 1}}}}));
    }

    #[test]
    fn delete_from_primitive_list() {
        let out = smp(
            json!({"metadata": {"finalizers": ["a", "b", "c"]}}),
            json!({"metadata": {"$deleteFromPrimitiveList/finalizers": ["b"]}}),
        );
        assert_eq!(out["metadata"]["finalizers"], json!(["a", "c"]));
    }

    #[test]
    fn primitive_merge_list_is_deduplicated() {
        let out = smp(
            json!({"metadata": {"finalizers": ["a", "b"]}}),
            json!({"metadata": {"finalizers": ["b", "c"]}}),
        );
        assert_eq!(out["metadata"]["finalizers"], json!(["a", "b", "c"]));
        let out = smp(
            json!({"metadata": {"finalizers": ["a", "b"]}}),
            json!({"metadata": {"finalizers": ["c"]}}),
        );
        assert_eq!(out["metadata"]["finalizers"], json!(["c", "a", "b"]));
    }

    #[test]
    fn set_element_order_reorders() {
        let out = smp(
            pod_with_volumes(&["a", "b", "c"]),
            json!({"spec": {"$setElementOrder/volumes": [{"name": "c"}, {"name": "a"}, {"name": "b"}]}}),
        );
        assert_eq!(names(&out["spec"]["volumes"]), ["c", "a", "b"]);

        let out = smp(
            pod_with_volumes(&["a", "b"]),
            json!({"spec": {
                "$setElementOrder/volumes": [{"name": "b"}, {"name": "n"}, {"name": "a"}],
                "volumes": [{"name": "n"}]
            }}),
        );
        assert_eq!(names(&out["spec"]["volumes"]), ["b", "n", "a"]);
    }

    #[test]
    fn set_element_order_must_match_patch_order() {
        let err = strategic_merge_pod(
            &pod_with_volumes(&["a", "b"]),
            &json!({"spec": {
                "$setElementOrder/volumes": [{"name": "a"}, {"name": "b"}],
                "volumes": [{"name": "b"}, {"name": "a"}]
            }}),
        );
        assert!(matches!(
            err,
            Err(StrategicMergeError::SetElementOrderMismatch { .. })
        ));
    }

    /// `mergeSlice` deletes and appends through the slice that
    /// `mergePatchIntoOriginal` later uses as the live order: b is deleted
    /// (a, c, c, _), d is appended in place (a, c, d, _), so d counts as
    /// known and the server-only a is kept ahead of it.
    #[test]
    fn set_element_order_with_delete_follows_go_slice_aliasing() {
        let out = smp(
            pod_with_volumes(&["a", "b", "c"]),
            json!({"spec": {
                "$setElementOrder/volumes": [{"name": "d"}, {"name": "c"}],
                "volumes": [{"name": "b", "$patch": "delete"}, {"name": "d"}]
            }}),
        );
        assert_eq!(names(&out["spec"]["volumes"]), ["a", "d", "c"]);
    }

    #[test]
    fn retain_keys_clears_other_keys() {
        let out = smp(
            pod_with_volumes(&["a"]),
            json!({"spec": {"volumes": [{"name": "a", "$retainKeys": ["name", "emptyDir"], "emptyDir": {}}]}}),
        );
        assert_eq!(
            out["spec"]["volumes"],
            json!([{"name": "a", "emptyDir": {}}])
        );
        let err = strategic_merge_pod(
            &pod_with_volumes(&["a"]),
            &json!({"spec": {"volumes": [{"name": "a", "$retainKeys": ["name"], "emptyDir": {}}]}}),
        );
        assert_eq!(err, Err(StrategicMergeError::BadRetainKeys));
    }

    #[test]
    fn root_directives_and_bad_documents() {
        let original = json!({"a": 1});
        assert_eq!(
            smp(original.clone(), json!({"$patch": "delete"})),
            json!({})
        );
        assert_eq!(
            smp(original.clone(), json!({"$patch": "replace", "b": 2})),
            json!({"b": 2})
        );
        assert_eq!(smp(original.clone(), Value::Null), original);
        assert_eq!(
            strategic_merge_pod(&original, &json!([1])),
            Err(StrategicMergeError::BadJsonDoc)
        );
    }

    #[test]
    fn numbers_compare_like_go() {
        // 8080.0 is written "8080" by Go and read back as an int64.
        let out = smp(
            json!({"spec": {"containers": [{"name": "c", "ports": [{"containerPort": 8080, "name": "a"}]}]}}),
            json!({"spec": {"containers": [{"name": "c", "ports": [{"containerPort": 8080.0, "name": "b"}]}]}}),
        );
        assert_eq!(
            out["spec"]["containers"][0]["ports"],
            json!([{"containerPort": 8080, "name": "b"}])
        );
    }

    #[test]
    fn deployment_schema_merges_pod_template_containers() {
        let original = json!({"spec": {"template": {"spec": {"containers": [{"name": "coredns", "image": "a"}]}}}});
        let patch = json!({"spec": {"template": {"spec": {"containers": [{"name": "coredns", "image": "b"}]}}}});
        let out = strategic_merge(&original, &patch, PatchSchema::Deployment);
        assert_eq!(out, Ok(patch.clone()));
        let untyped = strategic_merge(
            &json!({"list": [{"name": "x", "v": 1}]}),
            &json!({"list": [{"name": "x"}]}),
            PatchSchema::Untyped,
        );
        assert_eq!(untyped, Ok(json!({"list": [{"name": "x"}]})));
    }

    fn arb_json() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(|n| json!(n)),
            (-1000i32..1000).prop_map(|n| json!(f64::from(n) + 0.5)),
            "[a-z$/]{0,6}".prop_map(Value::String),
        ];
        leaf.prop_recursive(4, 48, 6, |inner| {
            let key = prop_oneof![
                Just("spec".to_string()),
                Just("metadata".to_string()),
                Just("containers".to_string()),
                Just("volumes".to_string()),
                Just("finalizers".to_string()),
                Just("name".to_string()),
                Just("$patch".to_string()),
                "[a-z]{1,5}",
            ];
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
                prop::collection::btree_map(key, inner, 0..5)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #[test]
        fn empty_patch_is_identity(
            map in prop::collection::btree_map("[a-z]{1,8}", arb_json(), 0..6),
            spec in arb_json(),
        ) {
            let mut x: JsonMap = map.into_iter().collect();
            x.insert("spec".to_string(), spec);
            let x = Value::Object(x);
            prop_assert_eq!(strategic_merge_pod(&x, &json!({})), Ok(x.clone()));
        }
    }
}
