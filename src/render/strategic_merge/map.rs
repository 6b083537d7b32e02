//! Merging maps (objects), with the `$patch`, `$retainKeys`, `$deleteFromPrimitiveList` and
//! `$setElementOrder` directives.

use super::*;

pub(super) fn merge_map(mut original: JsonMap, mut patch: JsonMap, node: Node) -> Result<JsonMap> {
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
pub(super) fn insert_cleaned(original: &mut JsonMap, key: String, mut value: Value) {
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

pub(super) fn handle_directive_in_merge_map(
    directive: &Value,
    mut patch: JsonMap,
) -> Result<JsonMap> {
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
pub(super) fn apply_retain_keys_directive(
    original: &mut JsonMap,
    patch: &mut JsonMap,
) -> Result<()> {
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
pub(super) fn merge_patch_into_original(
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
pub(super) fn extract_key(key: &str, prefix: &str) -> Result<String> {
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
pub(super) fn validate_patch_with_set_order_list(
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

pub(super) fn contains_directive_marker(item: &Value) -> bool {
    item.as_object()
        .is_some_and(|map| map.contains_key(DIRECTIVE_MARKER))
}

pub(super) fn merge_key_value_equal(left: &Value, right: &Value, merge_key: &str) -> Result<bool> {
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
pub(super) fn discard_null_values(value: &mut Value) {
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
pub(super) fn remove_directives(value: Value) -> Option<Value> {
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
