//! Go value semantics: the dynamic Go type of decoded JSON and Go's `==` on it.

use super::*;

/// The dynamic Go type of a decoded JSON value (`int64` vs `float64` included:
/// apimachinery decodes integer text as `int64`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Null,
    Bool,
    Int,
    Float,
    String,
    Array,
    Object,
}

pub(super) fn kind_of(value: &Value) -> Kind {
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

pub(super) fn go_type_name(value: &Value) -> &'static str {
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

pub(super) const GO_SLICE: &str = "[]interface {}";
pub(super) const GO_MAP: &str = "map[string]interface {}";

/// Go's `==` on two `interface{}` values; Go panics when both hold maps or
/// slices, this returns an error.
pub(super) fn go_eq(a: &Value, b: &Value) -> Result<bool> {
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
pub(super) fn check_hashable(value: &Value) -> Result<()> {
    match value {
        Value::Object(_) | Value::Array(_) => Err(StrategicMergeError::Unsupported(format!(
            "cannot use a value of type {} as a list item here",
            go_type_name(value)
        ))),
        _ => Ok(()),
    }
}

pub(super) fn contains_value(list: &[Value], value: &Value) -> Result<bool> {
    for item in list {
        if go_eq(item, value)? {
            return Ok(true);
        }
    }
    Ok(false)
}

pub(super) fn describe(value: &Value) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

pub(super) fn describe_map(map: &JsonMap) -> String {
    serde_json::to_string(map).unwrap_or_default()
}

pub(super) fn describe_list(list: &[Value]) -> String {
    serde_json::to_string(list).unwrap_or_default()
}

pub(super) fn as_object(value: &Value) -> Result<&JsonMap> {
    value.as_object().ok_or(StrategicMergeError::BadArgType {
        expected: GO_MAP,
        actual: go_type_name(value),
    })
}
