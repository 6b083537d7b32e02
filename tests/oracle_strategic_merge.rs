//! Strategic merge patch (render's port of apimachinery's `StrategicMergePatch`, as kubeadm
//! applies `--patches`) against apimachinery's own two-way test vectors, and a property:
//! applying a patch built from a generated modification of a generated pod gives the modified
//! pod.
//!
//! Vectors: `golden/oracle/strategicpatch/two-way-cases.json` (see its SOURCE): original, the
//! two-way patch, and the document applying it must give, from
//! k8s.io/apimachinery `pkg/util/strategicpatch/patch_test.go`. The tests there patch a
//! `mergeItem` type; its fields carry the same patch tags as these Pod fields, so each case runs
//! on a Pod's `metadata` (an `ObjectMeta`):
//!
//! | mergeItem field (tag) | ObjectMeta field (same tag) |
//! |---|---|
//! | `mergingList` (merge, key `name`) | `ownerReferences` (merge, key `uid`; element `name` ↔ `uid`) |
//! | `mergingIntList` (merge, primitives) | `finalizers` (merge, primitives) |
//! | `nonMergingList` (none: replaced) | `managedFields` (none) |
//! | `simpleMap` (map) | `labels` (map) |
//! | `name`, `value`, `other` (scalars) | `name`, `namespace`, `generateName` |
//!
//! Directives are renamed with their field (`$setElementOrder/mergingList` →
//! `$setElementOrder/ownerReferences`, `$deleteFromPrimitiveList/mergingIntList` → …).
//! Cases that use fields without a counterpart there (`mergeItemPtr`, `retainKeysMap`,
//! `retainKeysMergingList`, `nonMergingIntList`, a merging list nested in a merging list's
//! element) are skipped; the test requires that most cases run.

use proptest::prelude::*;
use serde_json::{json, Map, Value};
use staticpod::render::strategic_merge::strategic_merge_pod;

const CASES: &str = include_str!("../golden/oracle/strategicpatch/two-way-cases.json");

/// Renames a mergeItem document (root level) to ObjectMeta; None when it uses a field that has
/// no counterpart.
fn root(v: &Value) -> Option<Value> {
    let Value::Object(map) = v else {
        return Some(v.clone());
    };
    let mut out = Map::new();
    for (k, x) in map {
        let (key, value) = match k.as_str() {
            "name" => ("name".to_string(), x.clone()),
            "value" => ("namespace".to_string(), x.clone()),
            "other" => ("generateName".to_string(), x.clone()),
            "simpleMap" => ("labels".to_string(), x.clone()),
            "nonMergingList" => ("managedFields".to_string(), x.clone()),
            "mergingIntList" => ("finalizers".to_string(), x.clone()),
            "$setElementOrder/mergingIntList" => {
                ("$setElementOrder/finalizers".to_string(), x.clone())
            }
            "$deleteFromPrimitiveList/mergingIntList" => {
                ("$deleteFromPrimitiveList/finalizers".to_string(), x.clone())
            }
            "mergingList" => ("ownerReferences".to_string(), elements(x)?),
            "$setElementOrder/mergingList" => {
                ("$setElementOrder/ownerReferences".to_string(), elements(x)?)
            }
            "$patch" | "$retainKeys" => {
                let renamed = match x {
                    Value::Array(keys) => Value::Array(
                        keys.iter()
                            .map(|k| match k.as_str() {
                                Some("value") => json!("namespace"),
                                Some("other") => json!("generateName"),
                                Some("simpleMap") => json!("labels"),
                                Some("mergingList") => json!("ownerReferences"),
                                Some("mergingIntList") => json!("finalizers"),
                                Some("nonMergingList") => json!("managedFields"),
                                _ => k.clone(),
                            })
                            .collect(),
                    ),
                    other => other.clone(),
                };
                (k.clone(), renamed)
            }
            _ => return None,
        };
        out.insert(key, value);
    }
    Some(Value::Object(out))
}

/// Elements of `mergingList`: `name` ↔ `uid`; no nested merging lists (ownerReferences'
/// elements have no patch tags).
fn elements(v: &Value) -> Option<Value> {
    let Value::Array(items) = v else {
        return Some(v.clone());
    };
    let mut out = Vec::new();
    for item in items {
        let Value::Object(map) = item else {
            out.push(item.clone());
            continue;
        };
        let mut m = Map::new();
        for (k, x) in map {
            match k.as_str() {
                "name" => {
                    m.insert("uid".into(), x.clone());
                }
                "value" | "other" | "$patch" => {
                    m.insert(k.clone(), x.clone());
                }
                _ => return None,
            }
        }
        out.push(Value::Object(m));
    }
    Some(Value::Array(out))
}

fn pod(metadata: Value) -> Value {
    json!({ "metadata": metadata })
}

/// Go compares numbers by value after decoding (`1` and `1.0`); a deleted `metadata` equals
/// an empty one.
fn normalized(mut v: Value) -> Value {
    if let Value::Object(map) = &mut v {
        if map.get("metadata").is_none_or(Value::is_null) {
            map.insert("metadata".into(), json!({}));
        }
    }
    v
}

#[test]
fn apimachinery_two_way_vectors() {
    let cases: Vec<Value> = serde_json::from_str(CASES).expect("vectors");
    let mut ran = 0;
    let mut failures = Vec::new();
    for case in &cases {
        let description = case["description"].as_str().unwrap_or("?");
        let (Some(original), Some(patch), Some(expected)) = (
            root(&case["original"]),
            root(&case["twoWay"]),
            root(&case["expected"]),
        ) else {
            continue;
        };
        ran += 1;
        match strategic_merge_pod(&pod(original), &pod(patch)) {
            Ok(got) if normalized(got.clone()) == normalized(pod(expected.clone())) => {}
            Ok(got) => failures.push(format!("{description}: got {got}, want {}", pod(expected))),
            Err(e) => failures.push(format!("{description}: error {e}")),
        }
    }
    assert!(ran >= 60, "only {ran} of {} vectors ran", cases.len());
    assert!(
        failures.is_empty(),
        "{} of {ran} failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// One container as generated: image, command and env (name → value, in order).
#[derive(Debug, Clone)]
struct GenContainer {
    image: u8,
    command: Vec<u8>,
    env: Vec<(u8, u8)>,
}

fn container_strategy() -> impl Strategy<Value = GenContainer> {
    (
        0u8..4,
        prop::collection::vec(0u8..4, 0..3),
        prop::collection::btree_map(0u8..8, 0u8..4, 0..5),
    )
        .prop_map(|(image, command, env)| GenContainer {
            image,
            command,
            env: env.into_iter().collect(),
        })
}

/// A modification of one container: new image, new command, and the env it ends with (some
/// kept, some changed, some new, in a shuffled order).
fn modified_strategy(c: GenContainer) -> impl Strategy<Value = GenContainer> {
    let env = c.env.clone();
    (
        0u8..4,
        prop::collection::vec(0u8..4, 0..3),
        prop::collection::vec(any::<bool>(), env.len()),
        prop::collection::vec(0u8..4, env.len()),
        prop::collection::btree_map(8u8..12, 0u8..4, 0..3),
        any::<prop::sample::Index>(),
    )
        .prop_map(move |(image, command, keep, values, new, rotate)| {
            let mut out: Vec<(u8, u8)> = env
                .iter()
                .zip(keep.iter().zip(&values))
                .filter(|(_, (k, _))| **k)
                .map(|((name, _), (_, v))| (*name, *v))
                .collect();
            out.extend(new);
            if !out.is_empty() {
                let by = rotate.index(out.len());
                out.rotate_left(by);
            }
            GenContainer {
                image,
                command,
                env: out,
            }
        })
}

fn container_json(i: usize, c: &GenContainer) -> Value {
    let env: Vec<Value> = c
        .env
        .iter()
        .map(|(n, v)| json!({"name": format!("E{n}"), "value": format!("v{v}")}))
        .collect();
    let mut m = json!({
        "name": format!("c{i}"),
        "image": format!("img:{}", c.image),
        "command": c.command.iter().map(|x| format!("a{x}")).collect::<Vec<_>>(),
    });
    if !env.is_empty() {
        m["env"] = Value::Array(env);
    }
    m
}

fn pod_json(containers: &[GenContainer], labels: &[(u8, u8)]) -> Value {
    let mut metadata = json!({"name": "p"});
    if !labels.is_empty() {
        metadata["labels"] = Value::Object(
            labels
                .iter()
                .map(|(k, v)| (format!("l{k}"), json!(format!("{v}"))))
                .collect(),
        );
    }
    json!({
        "metadata": metadata,
        "spec": {
            "containers": containers.iter().enumerate().map(|(i, c)| container_json(i, c)).collect::<Vec<_>>(),
        }
    })
}

/// The patch `CreateTwoWayMergePatch` would write from `before` to `after`: changed fields,
/// new and changed env entries, `$patch: delete` for removed ones, `$setElementOrder` for the
/// order, `null` for removed labels.
fn two_way_patch(
    before: &[GenContainer],
    after: &[GenContainer],
    labels_before: &[(u8, u8)],
    labels_after: &[(u8, u8)],
) -> Value {
    let mut containers = Vec::new();
    for (i, (b, a)) in before.iter().zip(after).enumerate() {
        let mut c = json!({"name": format!("c{i}")});
        if a.image != b.image {
            c["image"] = json!(format!("img:{}", a.image));
        }
        if a.command != b.command {
            c["command"] = json!(a
                .command
                .iter()
                .map(|x| format!("a{x}"))
                .collect::<Vec<_>>());
        }
        let mut env: Vec<Value> = a
            .env
            .iter()
            .filter(|(n, v)| !b.env.contains(&(*n, *v)))
            .map(|(n, v)| json!({"name": format!("E{n}"), "value": format!("v{v}")}))
            .collect();
        env.extend(
            b.env
                .iter()
                .filter(|(n, _)| !a.env.iter().any(|(m, _)| m == n))
                .map(|(n, _)| json!({"name": format!("E{n}"), "$patch": "delete"})),
        );
        if a.env.is_empty() && !b.env.is_empty() {
            c["env"] = Value::Null;
        } else if !env.is_empty() || a.env.iter().map(|e| e.0).ne(b.env.iter().map(|e| e.0)) {
            if !env.is_empty() {
                c["env"] = Value::Array(env);
            }
            c["$setElementOrder/env"] = json!(a
                .env
                .iter()
                .map(|(n, _)| json!({"name": format!("E{n}")}))
                .collect::<Vec<_>>());
        }
        if c.as_object().is_some_and(|m| m.len() > 1) {
            containers.push(c);
        }
    }
    let mut labels = Map::new();
    for (k, v) in labels_after {
        if !labels_before.contains(&(*k, *v)) {
            labels.insert(format!("l{k}"), json!(format!("{v}")));
        }
    }
    for (k, _) in labels_before {
        if !labels_after.iter().any(|(m, _)| m == k) {
            labels.insert(format!("l{k}"), Value::Null);
        }
    }
    let mut patch = json!({});
    if labels_after.is_empty() && !labels_before.is_empty() {
        // The whole map went away: the diff deletes the field.
        patch["metadata"] = json!({ "labels": null });
    } else if !labels.is_empty() {
        patch["metadata"] = json!({ "labels": labels });
    }
    if !containers.is_empty() {
        patch["spec"] = json!({
            "containers": containers,
            "$setElementOrder/containers": before.iter().enumerate().map(|(i, _)| json!({"name": format!("c{i}")})).collect::<Vec<_>>(),
        });
    }
    patch
}

/// (containers before, after, labels before, after).
type Scenario = (
    Vec<GenContainer>,
    Vec<GenContainer>,
    Vec<(u8, u8)>,
    Vec<(u8, u8)>,
);

fn scenario() -> impl Strategy<Value = Scenario> {
    prop::collection::vec(container_strategy(), 1..4).prop_flat_map(|before| {
        let after: Vec<_> = before.iter().cloned().map(modified_strategy).collect();
        (
            Just(before),
            after,
            prop::collection::btree_map(0u8..6, 0u8..3, 0..4).prop_map(|m| m.into_iter().collect()),
            prop::collection::btree_map(0u8..6, 0u8..3, 0..4).prop_map(|m| m.into_iter().collect()),
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// patch(original, diff(original, modified)) == modified, the diff written as
    /// CreateTwoWayMergePatch writes it.
    #[test]
    fn applying_the_two_way_patch_gives_the_modified_pod(
        (before, after, labels_before, labels_after) in scenario()
    ) {
        let original = pod_json(&before, &labels_before);
        let modified = pod_json(&after, &labels_after);
        let patch = two_way_patch(&before, &after, &labels_before, &labels_after);
        let got = strategic_merge_pod(&original, &patch)
            .map_err(|e| TestCaseError::fail(format!("{e}: {patch}")))?;
        prop_assert_eq!(&got, &modified, "original {}\npatch {}", original, patch);
    }
}
