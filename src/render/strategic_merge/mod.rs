//! Strategic merge patch, apply side only, as kubeadm runs it for `--patches`.
//!
//! This is a port of the apply half of
//! `k8s.io/apimachinery/pkg/util/strategicpatch` (`StrategicMergePatch(original,
//! patch, v1.Pod{})`, which merges with `MergeParallelList: true` and
//! `IgnoreUnmatchedNulls: true`). The Go code decides how to merge a field from
//! the `patchStrategy` / `patchMergeKey` struct tags of the Go type; here the
//! tags that matter for a `v1.Pod` (and an `apps/v1` Deployment) are written
//! out in `Node::lookup`. Fields without tags behave the same in both:
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
    NoMergeKey {
        /// The element, as compact JSON.
        map: String,
        /// The list's merge key.
        key: String,
    },
    /// `$patch` holds something other than `replace` / `delete` (or `merge`
    /// in a list, see [`StrategicMergeError::MergeDirectiveInList`]).
    #[error("unknown patch type: {directive} in map: {map}")]
    BadPatchType {
        /// The `$patch` value, as compact JSON.
        directive: String,
        /// The object holding it, as compact JSON.
        map: String,
    },
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
    SetElementOrderMismatch {
        /// The patch list, as compact JSON.
        patch: String,
        /// The `$setElementOrder` list, as compact JSON.
        order: String,
    },
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
        /// The Go type needed there, for example `map[string]interface {}`.
        expected: &'static str,
        /// The Go type of the value found (`<nil>` for null).
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

mod go_value;
mod list;
mod map;
mod schema;
#[cfg(test)]
mod tests;

use go_value::*;
use list::*;
use map::*;
use schema::*;
#[cfg(test)]
mod openapi_oracle;
