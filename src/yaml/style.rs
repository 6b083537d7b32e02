//! Which scalar style go-yaml v2's encoder asks for (`encode.go`: `stringv`, `floatv`,
//! `isBase60Float`), and the text of a scalar node.

use serde_json::{Number, Value};

use super::float::go_format_float;
use super::resolve::resolves_to_str;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Style {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
}

/// The text of a scalar node and the style the encoder asks for.
pub(crate) fn scalar_event(value: &Value) -> (String, Style) {
    match value {
        Value::Null => ("null".to_owned(), Style::Plain),
        Value::Bool(b) => (b.to_string(), Style::Plain),
        Value::Number(n) => (number_text(n), Style::Plain),
        Value::String(s) => (s.clone(), string_style(s)),
        // Collections never reach here; emit them as null rather than panic.
        Value::Array(_) | Value::Object(_) => ("null".to_owned(), Style::Plain),
    }
}

/// Integers that fit `int64` are Go `int`, larger ones `uint64`; everything
/// else is a `float64`, formatted by `encoder.floatv`.
pub(crate) fn number_text(n: &Number) -> String {
    if let Some(i) = n.as_i64() {
        i.to_string()
    } else if let Some(u) = n.as_u64() {
        u.to_string()
    } else if let Some(f) = n.as_f64() {
        go_format_float(f)
    } else {
        n.to_string()
    }
}

/// `encoder.stringv`: literal for any string containing "\n", plain when the
/// plain scalar would read back as the same string, double-quoted otherwise.
pub(crate) fn string_style(s: &str) -> Style {
    if s.contains('\n') {
        Style::Literal
    } else if resolves_to_str(s) && !is_base60_float(s) {
        Style::Plain
    } else {
        Style::DoubleQuoted
    }
}

/// encode.go's `isBase60Float`:
/// `^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$`.
pub(crate) fn is_base60_float(s: &str) -> bool {
    let b = s.as_bytes();
    if !matches!(b.first(), Some(b'+' | b'-' | b'0'..=b'9')) || !b.contains(&b':') {
        return false;
    }
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    let mut i = usize::from(matches!(b.first(), Some(b'+' | b'-')));
    if !digit(i) {
        return false;
    }
    i += 1;
    while digit(i) || b.get(i) == Some(&b'_') {
        i += 1;
    }
    let mut groups = 0;
    while b.get(i) == Some(&b':') {
        i += 1;
        if matches!(b.get(i), Some(b'0'..=b'5')) && digit(i + 1) {
            i += 2;
        } else if digit(i) {
            i += 1;
        } else {
            return false;
        }
        groups += 1;
    }
    if groups == 0 {
        return false;
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        while digit(i) || b.get(i) == Some(&b'_') {
            i += 1;
        }
    }
    i == b.len()
}
