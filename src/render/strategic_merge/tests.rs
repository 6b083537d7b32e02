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
    assert!(matches!(err, Err(StrategicMergeError::NoMergeKey { ref key, .. }) if key == "name"));
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
