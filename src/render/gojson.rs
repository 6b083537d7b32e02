//! Go's `omitempty` after a patched pod is decoded and re-encoded: kubeadm decodes patches into
//! a typed `v1.Pod`, so an explicit `false`, `0`, `[]` or empty map in a patch disappears from
//! the file. The typed Rust pod keeps them (`Option<bool>` etc.), so they are dropped here.
//!
//! Covered: every Pod field whose Go type is a plain `bool` or `int32` with `omitempty`, every
//! slice (all slices in Pod are `omitempty` except `containers`), and the string-keyed maps.
//! Not covered (documented limitation): empty strings of `omitempty` string fields, and
//! quantities spelled in a non-canonical form (`0.5` is written by Go as `500m`).

use serde_json::Value;

use crate::manifest::gotypes::{KEPT_SLICES, STRING_MAPS as MAPS, VALUE_BOOLS, VALUE_INTS};

pub fn omit_empty(value: &mut Value) {
    match value {
        Value::Object(map) => {
            map.retain(|key, v| {
                let k = key.as_str();
                !(VALUE_BOOLS.contains(&k) && v == &Value::Bool(false)
                    || VALUE_INTS.contains(&k) && v.as_i64() == Some(0)
                    || MAPS.contains(&k) && v.as_object().is_some_and(|m| m.is_empty())
                    || !KEPT_SLICES.contains(&k) && v.as_array().is_some_and(|a| a.is_empty()))
            });
            map.values_mut().for_each(omit_empty);
        }
        Value::Array(items) => items.iter_mut().for_each(omit_empty),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn drops_go_zero_values() {
        let mut v = json!({
            "metadata": {"labels": {}, "name": "x"},
            "spec": {"hostNetwork": false, "containers": [], "volumes": [],
                     "securityContext": {}},
            "m": [{"readOnly": false, "name": "a", "mountPath": "/a"}],
            "probe": {"periodSeconds": 0, "timeoutSeconds": 15}
        });
        omit_empty(&mut v);
        assert_eq!(
            v,
            json!({
                "metadata": {"name": "x"},
                "spec": {"containers": [], "securityContext": {}},
                "m": [{"name": "a", "mountPath": "/a"}],
                "probe": {"timeoutSeconds": 15}
            })
        );
    }
}
