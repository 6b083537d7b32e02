//! Merging lists: merge lists by key or by value, replace, delete, and apimachinery's element order.

use super::*;

/// Returns the merged list and what the original list's Go slice shows after
/// the merge (see [`GoBacking`]).
pub(super) fn merge_slice_handler(
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
pub(super) fn go_decoded_slice_cap(n: usize) -> usize {
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
pub(super) struct GoBacking {
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

pub(super) fn merge_slice(
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
pub(super) fn merge_slice_with_special_elements(
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
pub(super) fn merge_slice_without_special_elements(
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

pub(super) fn find_map_in_slice(list: &[Value], key: &str, value: &Value) -> Result<Option<usize>> {
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
pub(super) fn delete_from_slice(current: &[Value], to_delete: &[Value]) -> Result<Vec<Value>> {
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
pub(super) fn deduplicate_scalars(s: &mut [Value]) -> Result<usize> {
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
pub(super) fn slice_element_type(lists: &[&[Value]]) -> Result<Kind> {
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

pub(super) fn partition_primitives_by_present_in_list(
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

pub(super) fn partition_maps_by_present_in_list(
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

pub(super) fn extract_to_delete_items(list: Vec<Value>) -> Result<(Vec<Value>, Vec<Value>)> {
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
pub(super) fn normalize_element_order(
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
pub(super) fn index_of(
    list: &[Value],
    value: &Value,
    merge_key: &str,
    kind: Kind,
) -> Result<Option<usize>> {
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

pub(super) fn normalize_slice_order(
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
pub(super) fn merge_sorted_slice(
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
