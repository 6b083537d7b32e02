//! What the configuration cannot say, as a kubeadm patch: the difference between the pod the
//! configuration renders and the pod on disk (both in Go's encoder shape), as a strategic
//! merge patch where one expresses it, else as a JSON patch (RFC 6902).

use serde_json::{json, Map, Value};

use crate::render::patches::PatchKind;

/// One JSON patch operation, kept typed until it is written.
#[derive(Debug, Clone, PartialEq)]
pub struct Op {
    /// `add`, `remove`, `replace` or `test`.
    pub op: &'static str,
    /// RFC 6901 pointer.
    pub path: String,
    /// The operand; `None` for `remove`.
    pub value: Option<Value>,
}

impl Op {
    fn to_json(&self) -> Value {
        let mut map = Map::new();
        map.insert("op".into(), json!(self.op));
        map.insert("path".into(), json!(self.path));
        if let Some(value) = &self.value {
            map.insert("value".into(), value.clone());
        }
        Value::Object(map)
    }
}

/// A synthesized patch document.
#[derive(Debug, Clone, PartialEq)]
pub struct Patch {
    /// Strategic merge or JSON patch.
    pub kind: PatchKind,
    /// The patch: an object (strategic) or an array of operations (JSON).
    pub document: Value,
    /// The changed field paths, for messages.
    pub paths: Vec<String>,
}

fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// JSON patch operations turning `current` into `target`. A command or args list that only
/// lost entries gets `test` + `remove` per entry (so a later kubeadm that moved the flag fails
/// loudly instead of removing another one), any other change replaces the whole list; other
/// changed lists are replaced whole unless they keep their length.
pub fn diff(current: &Value, target: &Value) -> Vec<Op> {
    let mut ops = Vec::new();
    walk("", current, target, &mut ops);
    ops
}

fn walk(path: &str, current: &Value, target: &Value, ops: &mut Vec<Op>) {
    if current == target {
        return;
    }
    match (current, target) {
        (Value::Object(cur), Value::Object(tgt)) => {
            for (key, value) in cur {
                if !tgt.contains_key(key) {
                    ops.push(Op {
                        op: "remove",
                        path: format!("{path}/{}", escape(key)),
                        value: None,
                    });
                }
                let _ = value;
            }
            for (key, value) in tgt {
                let child = format!("{path}/{}", escape(key));
                match cur.get(key) {
                    Some(old) => walk(&child, old, value, ops),
                    None => ops.push(Op {
                        op: "add",
                        path: child,
                        value: Some(value.clone()),
                    }),
                }
            }
        }
        (Value::Array(cur), Value::Array(tgt))
            if path.ends_with("/command") || path.ends_with("/args") =>
        {
            // Anything but removals: the whole list (a strategic patch can say that).
            let Some(removed) = removed_indexes(cur, tgt) else {
                ops.push(Op {
                    op: "replace",
                    path: path.to_string(),
                    value: Some(target.clone()),
                });
                return;
            };
            for index in removed.into_iter().rev() {
                let at = format!("{path}/{index}");
                ops.push(Op {
                    op: "test",
                    path: at.clone(),
                    value: Some(cur[index].clone()),
                });
                ops.push(Op {
                    op: "remove",
                    path: at,
                    value: None,
                });
            }
        }
        (Value::Array(cur), Value::Array(tgt)) if cur.len() == tgt.len() => {
            for (index, (old, new)) in cur.iter().zip(tgt).enumerate() {
                walk(&format!("{path}/{index}"), old, new, ops);
            }
        }
        _ => ops.push(Op {
            op: "replace",
            path: path.to_string(),
            value: Some(target.clone()),
        }),
    }
}

/// The indexes of `current` to remove to get `target`, when `target` is `current` with some
/// entries removed (greedy, leftmost match).
fn removed_indexes(current: &[Value], target: &[Value]) -> Option<Vec<usize>> {
    if target.len() >= current.len() {
        return None;
    }
    let mut removed = Vec::new();
    let mut next = target.iter().peekable();
    for (index, value) in current.iter().enumerate() {
        if next.peek() == Some(&value) {
            next.next();
        } else {
            removed.push(index);
        }
    }
    next.peek().is_none().then_some(removed)
}

/// Lists a strategic merge patch merges by key (`v1.Pod` tags): replacing them needs more than
/// a plain value, so such changes go into a JSON patch.
const MERGED_LISTS: &[&str] = &[
    "containers",
    "initContainers",
    "ephemeralContainers",
    "volumes",
    "volumeMounts",
    "env",
    "ports",
    "imagePullSecrets",
    "hostAliases",
    "topologySpreadConstraints",
    "resourceClaims",
    "volumeDevices",
    "resizePolicy",
    "ownerReferences",
    "finalizers",
    "tolerations",
    "schedulingGates",
];

fn has_merged_list_or_null(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::Object(map) => map
            .iter()
            .any(|(k, v)| MERGED_LISTS.contains(&k.as_str()) || has_merged_list_or_null(v)),
        Value::Array(items) => items.iter().any(has_merged_list_or_null),
        _ => false,
    }
}

/// The patch for `ops` (computed against `current`): strategic when every operation sets a
/// value under objects (containers addressed by name), else JSON.
pub fn synthesize(current: &Value, ops: &[Op]) -> Patch {
    let paths = ops.iter().map(|o| o.path.clone()).collect();
    match strategic(current, ops) {
        Some(document) => Patch {
            kind: PatchKind::Strategic,
            document,
            paths,
        },
        None => json_patch(ops, paths),
    }
}

/// The same operations as a JSON patch.
pub fn json_patch(ops: &[Op], paths: Vec<String>) -> Patch {
    Patch {
        kind: PatchKind::Json,
        document: Value::Array(ops.iter().map(Op::to_json).collect()),
        paths,
    }
}

fn unescape(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

fn strategic(current: &Value, ops: &[Op]) -> Option<Value> {
    let mut root = Map::new();
    for op in ops {
        if op.op != "add" && op.op != "replace" {
            return None;
        }
        let value = op.value.as_ref()?;
        if has_merged_list_or_null(value) {
            return None;
        }
        let segments: Vec<String> = op.path.split('/').skip(1).map(unescape).collect();
        let (last, parents) = segments.split_last()?;
        if MERGED_LISTS.contains(&last.as_str()) || last.parse::<usize>().is_ok() {
            return None;
        }
        let mut here = &mut root;
        let mut at = current;
        let mut index = 0;
        while index < parents.len() {
            let key = &parents[index];
            at = at.get(key.as_str())?;
            if key == "containers" {
                // `containers/<i>` → the element whose name matches.
                let position: usize = parents.get(index + 1)?.parse().ok()?;
                let name = at.get(position)?.get("name")?.clone();
                at = at.get(position)?;
                let list = here
                    .entry(key.clone())
                    .or_insert_with(|| Value::Array(Vec::new()))
                    .as_array_mut()?;
                let found = list.iter().position(|e| e.get("name") == Some(&name));
                let slot = match found {
                    Some(i) => i,
                    None => {
                        list.push(json!({ "name": name }));
                        list.len() - 1
                    }
                };
                here = list.get_mut(slot)?.as_object_mut()?;
                index += 2;
                continue;
            }
            if key.parse::<usize>().is_ok() || MERGED_LISTS.contains(&key.as_str()) {
                return None;
            }
            here = here
                .entry(key.clone())
                .or_insert_with(|| Value::Object(Map::new()))
                .as_object_mut()?;
            index += 1;
        }
        here.insert(last.clone(), value.clone());
    }
    Some(Value::Object(root))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn apply(doc: &Value, ops: &[Op]) -> Value {
        let patch: json_patch::Patch =
            serde_json::from_value(json_patch(ops, vec![]).document).unwrap();
        let mut out = doc.clone();
        json_patch::patch(&mut out, &patch).unwrap();
        out
    }

    #[test]
    fn removal_from_command_is_test_and_remove() {
        let cur = json!({"spec": {"containers": [{"name": "a", "command": ["x", "--a=1", "--b=2", "--c=3"]}]}});
        let tgt =
            json!({"spec": {"containers": [{"name": "a", "command": ["x", "--a=1", "--c=3"]}]}});
        let ops = diff(&cur, &tgt);
        assert_eq!(ops.len(), 2);
        assert_eq!(ops[0].op, "test");
        assert_eq!(ops[1].path, "/spec/containers/0/command/2");
        assert_eq!(apply(&cur, &ops), tgt);
        assert_eq!(synthesize(&cur, &ops).kind, PatchKind::Json);
    }

    #[test]
    fn object_changes_are_strategic() {
        let cur = json!({"metadata": {"name": "p"}, "spec": {"containers": [{"name": "a", "resources": {"requests": {"cpu": "1"}}}]}});
        let tgt = json!({"metadata": {"name": "p", "annotations": {"x/y": "1"}}, "spec": {"containers": [{"name": "a", "resources": {"requests": {"cpu": "2"}, "limits": {"memory": "1Gi"}}}]}});
        let ops = diff(&cur, &tgt);
        let patch = synthesize(&cur, &ops);
        assert_eq!(patch.kind, PatchKind::Strategic);
        assert_eq!(
            patch.document,
            json!({"metadata": {"annotations": {"x/y": "1"}}, "spec": {"containers": [{"name": "a", "resources": {"requests": {"cpu": "2"}, "limits": {"memory": "1Gi"}}}]}})
        );
        assert_eq!(apply(&cur, &ops), tgt);
    }

    #[test]
    fn list_changes_are_json() {
        let cur = json!({"spec": {"volumes": [{"name": "a"}, {"name": "b"}]}});
        let tgt = json!({"spec": {"volumes": [{"name": "b"}]}});
        let ops = diff(&cur, &tgt);
        assert_eq!(synthesize(&cur, &ops).kind, PatchKind::Json);
        assert_eq!(apply(&cur, &ops), tgt);
        let escaped = diff(&json!({}), &json!({"a/b~": 1}));
        assert_eq!(escaped[0].path, "/a~1b~0");
    }
}
