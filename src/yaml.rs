//! A YAML emitter that reproduces, byte for byte, what Go's
//! `sigs.k8s.io/yaml.JSONToYAML` writes for a JSON document.
//!
//! `JSONToYAML` decodes the JSON with `gopkg.in/yaml.v2` into generic Go values
//! (`map[interface{}]interface{}`, `[]interface{}`, `string`, `int`, `uint64`,
//! `float64`, `bool`, `nil`) and marshals them again with go-yaml v2.4.0
//! (current Kubernetes vendors it as `go.yaml.in/yaml/v2`). kubeadm writes its
//! static pod manifests this way, so this module decides the bytes of every
//! file staticpod writes.
//!
//! `to_yaml(v)` is `JSONToYAML` of `serde_json::to_string(v)`: an `f64` is a
//! float even when integral (`1.0` is written `1`, `1e6` as `1e+06`), and
//! `-0.0` is written `-0`.
//!
//! The code below is a port of the parts of go-yaml v2.4.0 that such generic
//! values can reach:
//!
//! * `sorter.go` (`keyList.Less`): the order of mapping keys;
//! * `encode.go` (`stringv`, `floatv`, `isBase60Float`) and `resolve.go`
//!   (`resolve`, `parseTimestamp`): which scalar style each string asks for;
//! * `emitterc.go`: the event state machine (indentation, `whitespace` and
//!   `indention` flags, simple and complex keys, empty flow collections),
//!   `yaml_emitter_analyze_scalar`, `yaml_emitter_select_scalar_style` and the
//!   plain / single-quoted / double-quoted / literal writers, including line
//!   folding at `best_width` 80 (go-yaml v2.4.0 folds again; v2.3.0 did not);
//! * `yamlprivateh.go`: the character classes (`is_printable`, `is_break`, ...).
//!
//! Columns are counted in characters, as the Go emitter does. Flow style only
//! occurs for empty collections (`{}` and `[]`), exactly as in go-yaml for
//! generic maps and slices, so the flow-level checks of the Go code are always
//! "block" here.

use serde_json::{Map, Number, Value};
use std::cmp::Ordering;

/// go-yaml's `best_indent`.
const BEST_INDENT: usize = 2;
/// The indentation indicator of block scalars: `best_indent` as a digit.
const BEST_INDENT_HINT: &str = "2";
/// go-yaml's `best_width`: scalars may be folded at a space past this column.
const BEST_WIDTH: usize = 80;
/// Longest key (in bytes) that `yaml_emitter_check_simple_key` accepts.
const MAX_SIMPLE_KEY_LEN: usize = 128;

/// Serialize like sigs.k8s.io/yaml.JSONToYAML (go-yaml v2.4): every mapping sorted with go-yaml's key order,
/// block style, 2-space indent, sequences not indented under their parent key, go-yaml v2 scalar styles, trailing newline.
pub fn to_yaml(value: &Value) -> String {
    let mut emitter = Emitter::new();
    // STREAM-START and an implicit DOCUMENT-START write nothing.
    emitter.emit_node(value, false, false);
    // DOCUMENT-END (implicit): only the final line break. STREAM-END writes
    // nothing because the encoder clears `open_ended` before it.
    emitter.write_indent();
    emitter.out
}

/// go-yaml v2's map key ordering (sorter.go keyList.Less) for string keys.
pub fn go_yaml_key_cmp(a: &str, b: &str) -> Ordering {
    let ar: Vec<char> = a.chars().collect();
    let br: Vec<char> = b.chars().collect();
    if key_less(&ar, &br) {
        Ordering::Less
    } else if key_less(&br, &ar) {
        Ordering::Greater
    } else {
        Ordering::Equal
    }
}

// ---------------------------------------------------------------------------
// Key order (sorter.go)
// ---------------------------------------------------------------------------

/// `keyList.Less` for two string keys, on runes.
fn key_less(ar: &[char], br: &[char]) -> bool {
    for (i, (&a, &b)) in ar.iter().zip(br.iter()).enumerate() {
        if a == b {
            continue;
        }
        let al = is_letter(a);
        let bl = is_letter(b);
        if al && bl {
            return a < b;
        }
        if al || bl {
            return bl;
        }
        let mut an: i64 = 0;
        let mut bn: i64 = 0;
        if a == '0' || b == '0' {
            // A zero continuing a number that already has a non-zero digit is
            // compared as part of that number, not as a leading zero.
            for &c in ar.iter().take(i).rev() {
                if !is_digit(c) {
                    break;
                }
                if c != '0' {
                    an = 1;
                    bn = 1;
                    break;
                }
            }
        }
        let mut ai = i;
        while let Some(&c) = ar.get(ai).filter(|c| is_digit(**c)) {
            an = an
                .wrapping_mul(10)
                .wrapping_add(i64::from(u32::from(c)) - 48);
            ai += 1;
        }
        let mut bi = i;
        while let Some(&c) = br.get(bi).filter(|c| is_digit(**c)) {
            bn = bn
                .wrapping_mul(10)
                .wrapping_add(i64::from(u32::from(c)) - 48);
            bi += 1;
        }
        if an != bn {
            return an < bn;
        }
        if ai != bi {
            return ai < bi;
        }
        return a < b;
    }
    ar.len() < br.len()
}

/// Go's `unicode.IsLetter` (categories Lu, Ll, Lt, Lm, Lo). Exact for Latin-1;
/// beyond it, Rust's `Alphabetic` property minus numeric characters is used,
/// which differs only for the few marks and symbols that carry the
/// Other_Alphabetic property.
fn is_letter(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic()
    } else {
        c.is_alphabetic() && !c.is_numeric()
    }
}

/// First code points of the runs of ten decimal digits (category Nd) outside
/// ASCII, Unicode 15.0 (Go 1.21+; Go 1.19's Unicode 13 table lacks 0x11F50,
/// 0x16AC0 and 0x1E4F0).
const ND_ZEROS: [u32; 67] = [
    0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66, 0x0CE6, 0x0D66,
    0x0DE6, 0x0E50, 0x0ED0, 0x0F20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90,
    0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0, 0xFF10,
    0x104A0, 0x10D30, 0x11066, 0x110F0, 0x11136, 0x111D0, 0x112F0, 0x11450, 0x114D0, 0x11650,
    0x116C0, 0x11730, 0x118E0, 0x11950, 0x11C50, 0x11D50, 0x11DA0, 0x11F50, 0x16A60, 0x16AC0,
    0x16B50, 0x1D7CE, 0x1D7D8, 0x1D7E2, 0x1D7EC, 0x1D7F6, 0x1E140, 0x1E2F0, 0x1E4F0, 0x1E950,
    0x1FBF0,
];

/// Go's `unicode.IsDigit` (category Nd).
fn is_digit(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_digit();
    }
    let cp = u32::from(c);
    let idx = ND_ZEROS.partition_point(|&zero| zero <= cp);
    idx > 0 && ND_ZEROS.get(idx - 1).is_some_and(|&zero| cp - zero < 10)
}

/// A stable merge sort that cannot panic even if `less` is not a strict weak
/// order (go-yaml's `Less` is not transitive for every set of keys, and the
/// standard library sorts may panic on such comparators).
fn merge_sort_by<T, F: Fn(&T, &T) -> bool>(mut items: Vec<T>, less: &F) -> Vec<T> {
    if items.len() <= 1 {
        return items;
    }
    let right = items.split_off(items.len() / 2);
    let left = merge_sort_by(items, less);
    let right = merge_sort_by(right, less);
    let mut out = Vec::with_capacity(left.len() + right.len());
    let mut left = left.into_iter().peekable();
    let mut right = right.into_iter().peekable();
    loop {
        match (left.peek(), right.peek()) {
            (Some(l), Some(r)) => {
                if less(r, l) {
                    out.extend(right.next());
                } else {
                    out.extend(left.next());
                }
            }
            (Some(_), None) => {
                out.extend(left);
                break;
            }
            (None, _) => {
                out.extend(right);
                break;
            }
        }
    }
    out
}

/// The entries of a mapping in go-yaml's key order.
fn sorted_entries(map: &Map<String, Value>) -> Vec<(&String, &Value)> {
    let keyed: Vec<(Vec<char>, &String, &Value)> = map
        .iter()
        .map(|(k, v)| (k.chars().collect(), k, v))
        .collect();
    merge_sort_by(keyed, &|a: &(Vec<char>, &String, &Value), b| {
        key_less(&a.0, &b.0)
    })
    .into_iter()
    .map(|(_, k, v)| (k, v))
    .collect()
}

// ---------------------------------------------------------------------------
// Scalar text and requested style (encode.go, resolve.go)
// ---------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Style {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
}

/// The text of a scalar node and the style the encoder asks for.
fn scalar_event(value: &Value) -> (String, Style) {
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
fn number_text(n: &Number) -> String {
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

/// `strconv.FormatFloat(f, 'g', -1, 64)` plus go-yaml's `.inf`/`.nan` names.
fn go_format_float(f: f64) -> String {
    if f.is_nan() {
        return ".nan".to_owned();
    }
    if f.is_infinite() {
        return if f > 0.0 { ".inf" } else { "-.inf" }.to_owned();
    }
    let mut out = String::new();
    if f.is_sign_negative() {
        out.push('-');
    }
    if f == 0.0 {
        out.push('0');
        return out;
    }
    let (digits, exp) = shortest_digits(f.abs());
    let nd = i32::try_from(digits.len()).unwrap_or(i32::MAX);
    let dp = exp + 1;
    if !(-4..6).contains(&exp) {
        // %e: d[.ddd]e±XX
        let mut rest = digits.iter();
        out.extend(rest.next());
        if digits.len() > 1 {
            out.push('.');
            out.extend(rest);
        }
        out.push('e');
        out.push(if exp < 0 { '-' } else { '+' });
        let abs = exp.unsigned_abs();
        if abs < 10 {
            out.push('0');
        }
        out.push_str(&abs.to_string());
    } else if dp <= 0 {
        // %f, value below 1: 0.000ddd
        out.push_str("0.");
        for _ in 0..(-dp) {
            out.push('0');
        }
        out.extend(digits.iter());
    } else if dp >= nd {
        // %f, integral value
        out.extend(digits.iter());
        for _ in 0..(dp - nd) {
            out.push('0');
        }
    } else {
        let split = usize::try_from(dp).unwrap_or(0);
        out.extend(digits.iter().take(split));
        out.push('.');
        out.extend(digits.iter().skip(split));
    }
    out
}

/// The shortest decimal digits that read back as `x` (positive, finite) and
/// the decimal exponent of the first digit, as Go's `strconv` (Ryu) picks
/// them: the correctly rounded value, with exact ties going to the even digit.
/// Rust's `{:e}` gives the same digits except that it breaks exact ties
/// upwards, so those ties are detected from the exact expansion and redone.
fn shortest_digits(x: f64) -> (Vec<char>, i32) {
    fn split(sci: &str) -> (Vec<char>, i32) {
        let (mantissa, exp) = sci.split_once('e').unwrap_or((sci, "0"));
        let digits = mantissa.chars().filter(char::is_ascii_digit).collect();
        (digits, exp.parse().unwrap_or(0))
    }
    let (digits, exp) = split(&format!("{x:e}"));
    let text: String = digits.iter().collect();
    let Some(last) = digits.last().and_then(|c| c.to_digit(10)) else {
        return (digits, exp);
    };
    if last % 2 == 0 {
        return (digits, exp);
    }
    // An f64 has at most 767 significant digits, so this is exact.
    let (exact, exact_exp) = split(&format!("{x:.800e}"));
    if exact_exp != exp {
        return (digits, exp);
    }
    let exact: String = exact.iter().collect();
    let exact = exact.trim_end_matches('0');
    let prefix = text.get(..text.len() - 1).unwrap_or_default();
    // Exactly halfway between `text` and its even neighbour?
    let even = if exact == format!("{prefix}{}5", last - 1) {
        last - 1
    } else if last < 9 && exact == format!("{text}5") {
        last + 1
    } else {
        return (digits, exp);
    };
    let candidate = format!("{prefix}{even}");
    if format!("0.{candidate}e{}", exp + 1).parse::<f64>() == Ok(x) {
        return (candidate.chars().collect(), exp);
    }
    (digits, exp)
}

/// `encoder.stringv`: literal for any string containing "\n", plain when the
/// plain scalar would read back as the same string, double-quoted otherwise.
fn string_style(s: &str) -> Style {
    if s.contains('\n') {
        Style::Literal
    } else if resolves_to_str(s) && !is_base60_float(s) {
        Style::Plain
    } else {
        Style::DoubleQuoted
    }
}

/// Whether `resolve("", s)` in resolve.go yields `!!str`.
fn resolves_to_str(s: &str) -> bool {
    let b = s.as_bytes();
    let Some(&first) = b.first() else {
        // "" resolves to null.
        return false;
    };
    enum Hint {
        Number,
        Map,
        Dot,
    }
    let hint = match first {
        b'+' | b'-' | b'0'..=b'9' => Hint::Number,
        b'y' | b'Y' | b'n' | b'N' | b't' | b'T' | b'f' | b'F' | b'o' | b'O' | b'~' => Hint::Map,
        b'.' => Hint::Dot,
        _ => return true,
    };
    if RESOLVE_MAP.contains(&s) {
        return false;
    }
    match hint {
        Hint::Map => true,
        Hint::Dot => go_parse_float(s).is_none(),
        Hint::Number => {
            if parse_timestamp(s) {
                return false;
            }
            let plain: String = s.chars().filter(|&c| c != '_').collect();
            if go_parse_int(&plain, 0) || go_parse_uint(&plain, 0).is_some() {
                return false;
            }
            if yaml_style_float(&plain) && go_parse_float(&plain).is_some() {
                return false;
            }
            if let Some(rest) = plain.strip_prefix("0b") {
                if go_parse_int(rest, 2) || go_parse_uint(rest, 2).is_some() {
                    return false;
                }
            } else if let Some(rest) = plain.strip_prefix("-0b") {
                if go_parse_int(&format!("-{rest}"), 2) {
                    return false;
                }
            }
            true
        }
    }
}

/// The keys of resolve.go's `resolveMap` (booleans, nulls, special floats and
/// the merge key; "<<" can never be looked up because '<' has no hint).
const RESOLVE_MAP: &[&str] = &[
    "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON", "n", "N", "no", "No",
    "NO", "false", "False", "FALSE", "off", "Off", "OFF", "", "~", "null", "Null", "NULL", ".nan",
    ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF",
    "<<",
];

/// `strconv.ParseUint(s, base, 64)` for base 0 (Go literal prefixes) or an
/// explicit base; `s` never holds underscores here (resolve strips them).
fn go_parse_uint(s: &str, base: u32) -> Option<u64> {
    let mut digits = s.as_bytes();
    if digits.is_empty() {
        return None;
    }
    let mut base = base;
    if base == 0 {
        base = 10;
        if let Some((&b'0', rest)) = digits.split_first() {
            // "0b", "0o" and "0x" count as prefixes only with a digit after.
            let prefixed = match rest.first().map(u8::to_ascii_lowercase) {
                Some(b'b') if rest.len() >= 2 => Some(2),
                Some(b'o') if rest.len() >= 2 => Some(8),
                Some(b'x') if rest.len() >= 2 => Some(16),
                _ => None,
            };
            base = prefixed.unwrap_or(8);
            digits = if prefixed.is_some() {
                rest.get(1..).unwrap_or_default()
            } else {
                rest
            };
        }
    }
    let mut n: u64 = 0;
    for &c in digits {
        let d = char::from(c).to_digit(36)?;
        if d >= base {
            return None;
        }
        n = n.checked_mul(u64::from(base))?.checked_add(u64::from(d))?;
    }
    Some(n)
}

/// Whether `strconv.ParseInt(s, base, 64)` succeeds.
fn go_parse_int(s: &str, base: u32) -> bool {
    let (neg, rest) = if let Some(r) = s.strip_prefix('+') {
        (false, r)
    } else if let Some(r) = s.strip_prefix('-') {
        (true, r)
    } else {
        (false, s)
    };
    match go_parse_uint(rest, base) {
        Some(u) if neg => u <= 1 << 63,
        Some(u) => u < 1 << 63,
        None => false,
    }
}

/// resolve.go's `yamlStyleFloat`:
/// `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`.
fn yaml_style_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    let count_digits = |from: usize| {
        b.iter()
            .skip(from)
            .take_while(|c| c.is_ascii_digit())
            .count()
    };
    if matches!(b.first(), Some(b'+' | b'-')) {
        i += 1;
    }
    if b.get(i) == Some(&b'.') {
        let n = count_digits(i + 1);
        if n == 0 {
            return false;
        }
        i += 1 + n;
    } else {
        let n = count_digits(i);
        if n == 0 {
            return false;
        }
        i += n;
        if b.get(i) == Some(&b'.') {
            i += 1 + count_digits(i + 1);
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let n = count_digits(i);
        if n == 0 {
            return false;
        }
        i += n;
    }
    i == b.len()
}

/// `strconv.ParseFloat(s, 64)` for decimal input (the only kind resolve can
/// hand it): `None` on a syntax error or on overflow (`ErrRange`).
fn go_parse_float(s: &str) -> Option<f64> {
    let b = s.as_bytes();
    let mut i = 0;
    let mut neg = false;
    if let Some(&c @ (b'+' | b'-')) = b.first() {
        neg = c == b'-';
        i = 1;
    }
    // "inf", "infinity" and "nan" never reach here: resolve only calls
    // ParseFloat on strings starting with '.' or matching yamlStyleFloat.
    let mut underscores = false;
    let mut saw_dot = false;
    let mut int_part = String::new();
    let mut frac_part = String::new();
    while let Some(&c) = b.get(i) {
        match c {
            b'_' => underscores = true,
            b'.' if !saw_dot => saw_dot = true,
            b'0'..=b'9' if saw_dot => frac_part.push(char::from(c)),
            b'0'..=b'9' => int_part.push(char::from(c)),
            _ => break,
        }
        i += 1;
    }
    if int_part.is_empty() && frac_part.is_empty() {
        return None;
    }
    let mut exp: i64 = 0;
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        let mut esign = 1;
        match b.get(i) {
            Some(b'+') => i += 1,
            Some(b'-') => {
                esign = -1;
                i += 1;
            }
            _ => {}
        }
        if !b.get(i).is_some_and(u8::is_ascii_digit) {
            return None;
        }
        while let Some(&c) = b.get(i).filter(|c| c.is_ascii_digit() || **c == b'_') {
            if c == b'_' {
                underscores = true;
            } else if exp < 10_000 {
                exp = exp * 10 + i64::from(c - b'0');
            }
            i += 1;
        }
        exp *= esign;
    }
    if i != b.len() || (underscores && !underscore_ok(s)) {
        return None;
    }
    let int_part = if int_part.is_empty() { "0" } else { &int_part };
    let frac_part = if frac_part.is_empty() {
        "0"
    } else {
        &frac_part
    };
    let sign = if neg { "-" } else { "" };
    let f: f64 = format!("{sign}{int_part}.{frac_part}e{exp}").parse().ok()?;
    f.is_finite().then_some(f)
}

/// `strconv.underscoreOK` for a decimal number: underscores only between digits.
fn underscore_ok(s: &str) -> bool {
    let s = s.strip_prefix(|c| c == '+' || c == '-').unwrap_or(s);
    // '^' start, '0' digit, '_' underscore, '!' anything else.
    let mut saw = '^';
    for c in s.chars() {
        if c.is_ascii_digit() {
            saw = '0';
        } else if c == '_' {
            if saw != '0' {
                return false;
            }
            saw = '_';
        } else {
            if saw == '_' {
                return false;
            }
            saw = '!';
        }
    }
    saw != '_'
}

/// encode.go's `isBase60Float`:
/// `^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$`.
fn is_base60_float(s: &str) -> bool {
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

/// resolve.go's `parseTimestamp`: whether `time.Parse` accepts `s` with one
/// of "2006-1-2T15:4:5.999999999Z07:00", "2006-1-2t15:4:5.999999999Z07:00",
/// "2006-1-2 15:4:5.999999999" or "2006-1-2", with the `time.Parse` rules of
/// current Go (older releases such as Go 1.19 accepted any zone offset and at
/// most nine fractional digits).
fn parse_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    let year_digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
    if year_digits != 4 || b.get(4) != Some(&b'-') {
        return false;
    }
    let year: u32 = b
        .iter()
        .take(4)
        .fold(0, |acc, &c| acc * 10 + u32::from(c - b'0'));
    let mut i = 5;
    let Some(month) = getnum(b, &mut i) else {
        return false;
    };
    if !(1..=12).contains(&month) || b.get(i) != Some(&b'-') {
        return false;
    }
    i += 1;
    let Some(day) = getnum(b, &mut i) else {
        return false;
    };
    // After the date: nothing ("2006-1-2"), 'T' or 't' (time and zone), or
    // spaces (time without zone; a layout space matches any run of spaces).
    let (with_time, zone) = match b.get(i) {
        None => (false, false),
        Some(b'T' | b't') => {
            i += 1;
            (true, true)
        }
        Some(b' ') => {
            while b.get(i) == Some(&b' ') {
                i += 1;
            }
            (true, false)
        }
        Some(_) => return false,
    };
    if with_time {
        let Some(hour) = getnum(b, &mut i) else {
            return false;
        };
        if hour >= 24 || b.get(i) != Some(&b':') {
            return false;
        }
        i += 1;
        let Some(minute) = getnum(b, &mut i) else {
            return false;
        };
        if minute >= 60 || b.get(i) != Some(&b':') {
            return false;
        }
        i += 1;
        let Some(second) = getnum(b, &mut i) else {
            return false;
        };
        if second >= 60 {
            return false;
        }
        // ".999999999": optional fraction, any number of digits.
        if matches!(b.get(i), Some(b'.' | b',')) && b.get(i + 1).is_some_and(u8::is_ascii_digit) {
            i += 1;
            while b.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
        }
        if zone {
            // "Z07:00": 'Z' or ±hh:mm with hh <= 24 and mm <= 60.
            if b.get(i) == Some(&b'Z') {
                i += 1;
            } else {
                let Some(&[sign, h1, h2, colon, m1, m2]) = b.get(i..i + 6) else {
                    return false;
                };
                let two = |x: u8, y: u8| -> Option<u32> {
                    (x.is_ascii_digit() && y.is_ascii_digit())
                        .then(|| u32::from(x - b'0') * 10 + u32::from(y - b'0'))
                };
                let (Some(hh), Some(mm)) = (two(h1, h2), two(m1, m2)) else {
                    return false;
                };
                if colon != b':' || hh > 24 || mm > 60 || !matches!(sign, b'+' | b'-') {
                    return false;
                }
                i += 6;
            }
        }
        if i != b.len() {
            return false;
        }
    }
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days_in_month = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    (1..=days_in_month).contains(&day)
}

/// `time.getnum(s, false)`: one or two digits.
fn getnum(b: &[u8], i: &mut usize) -> Option<u32> {
    let first = b.get(*i).filter(|c| c.is_ascii_digit())?;
    *i += 1;
    let mut n = u32::from(first - b'0');
    if let Some(second) = b.get(*i).filter(|c| c.is_ascii_digit()) {
        *i += 1;
        n = n * 10 + u32::from(second - b'0');
    }
    Some(n)
}

// ---------------------------------------------------------------------------
// Character classes (yamlprivateh.go), on characters instead of UTF-8 bytes
// ---------------------------------------------------------------------------

/// `is_printable`: LF, 0x20-0x7E, U+00A0-U+D7FF, U+E000-U+FFFD except U+FEFF.
/// Characters outside the BMP are not printable for go-yaml.
fn is_printable(c: char) -> bool {
    matches!(u32::from(c), 0x0A | 0x20..=0x7E | 0xA0..=0xD7FF | 0xE000..=0xFFFD) && c != '\u{FEFF}'
}

fn is_break(c: char) -> bool {
    matches!(c, '\r' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

fn is_blank(c: char) -> bool {
    c == ' ' || c == '\t'
}

fn is_blankz(c: char) -> bool {
    is_blank(c) || is_break(c) || c == '\0'
}

// ---------------------------------------------------------------------------
// Scalar analysis (yaml_emitter_analyze_scalar)
// ---------------------------------------------------------------------------

/// The parts of `scalar_data` that matter in block context.
struct Analysis {
    multiline: bool,
    block_plain_allowed: bool,
    single_quoted_allowed: bool,
    block_allowed: bool,
}

fn analyze_scalar(v: &[char]) -> Analysis {
    if v.is_empty() {
        return Analysis {
            multiline: false,
            block_plain_allowed: true,
            single_quoted_allowed: true,
            block_allowed: false,
        };
    }
    let mut block_indicators = false;
    let mut line_breaks = false;
    let mut special_characters = false;
    let mut leading_space = false;
    let mut leading_break = false;
    let mut trailing_space = false;
    let mut trailing_break = false;
    let mut break_space = false;
    let mut space_break = false;
    let mut previous_space = false;
    let mut previous_break = false;

    if v.starts_with(&['-', '-', '-']) || v.starts_with(&['.', '.', '.']) {
        block_indicators = true;
    }
    let mut preceded_by_whitespace = true;
    let n = v.len();
    for (i, &c) in v.iter().enumerate() {
        let followed_by_whitespace = v.get(i + 1).is_none_or(|&next| is_blank(next));
        if i == 0 {
            match c {
                '#' | ',' | '[' | ']' | '{' | '}' | '&' | '*' | '!' | '|' | '>' | '\'' | '"'
                | '%' | '@' | '`' => block_indicators = true,
                '?' | ':' | '-' if followed_by_whitespace => block_indicators = true,
                _ => {}
            }
        } else {
            match c {
                ':' if followed_by_whitespace => block_indicators = true,
                '#' if preceded_by_whitespace => block_indicators = true,
                _ => {}
            }
        }
        if !is_printable(c) {
            special_characters = true;
        }
        if c == ' ' {
            leading_space |= i == 0;
            trailing_space |= i + 1 == n;
            break_space |= previous_break;
            previous_space = true;
            previous_break = false;
        } else if is_break(c) {
            line_breaks = true;
            leading_break |= i == 0;
            trailing_break |= i + 1 == n;
            space_break |= previous_space;
            previous_space = false;
            previous_break = true;
        } else {
            previous_space = false;
            previous_break = false;
        }
        preceded_by_whitespace = is_blankz(c);
    }

    let mut a = Analysis {
        multiline: line_breaks,
        block_plain_allowed: true,
        single_quoted_allowed: true,
        block_allowed: true,
    };
    if leading_space || leading_break || trailing_space || trailing_break {
        a.block_plain_allowed = false;
    }
    if trailing_space {
        a.block_allowed = false;
    }
    if break_space {
        a.block_plain_allowed = false;
        a.single_quoted_allowed = false;
    }
    if space_break || special_characters {
        a.block_plain_allowed = false;
        a.single_quoted_allowed = false;
        a.block_allowed = false;
    }
    if line_breaks || block_indicators {
        a.block_plain_allowed = false;
    }
    a
}

// ---------------------------------------------------------------------------
// The emitter (emitterc.go)
// ---------------------------------------------------------------------------

struct Emitter {
    out: String,
    /// Current column, in characters.
    column: usize,
    /// Current indentation; `None` is go-yaml's -1.
    indent: Option<usize>,
    indents: Vec<Option<usize>>,
    /// The last character written was whitespace (or nothing yet).
    whitespace: bool,
    /// Only indentation has been written on the current line.
    indention: bool,
    mapping_context: bool,
    simple_key_context: bool,
}

impl Emitter {
    fn new() -> Self {
        Emitter {
            out: String::new(),
            column: 0,
            indent: None,
            indents: Vec::new(),
            whitespace: true,
            indention: true,
            mapping_context: false,
            simple_key_context: false,
        }
    }

    // --- low-level writers ---------------------------------------------------

    fn put(&mut self, c: char) {
        self.out.push(c);
        self.column += 1;
    }

    fn put_break(&mut self) {
        self.out.push('\n');
        self.column = 0;
    }

    fn write_break(&mut self, c: char) {
        if c == '\n' {
            self.put_break();
        } else {
            self.put(c);
            self.column = 0;
        }
    }

    fn increase_indent(&mut self, flow: bool, indentless: bool) {
        self.indents.push(self.indent);
        self.indent = match self.indent {
            None if flow => Some(BEST_INDENT),
            None => Some(0),
            Some(i) if indentless => Some(i),
            Some(i) => Some(i + BEST_INDENT),
        };
    }

    fn pop_indent(&mut self) {
        if let Some(previous) = self.indents.pop() {
            self.indent = previous;
        }
    }

    fn write_indent(&mut self) {
        let indent = self.indent.unwrap_or(0);
        if !self.indention || self.column > indent || (self.column == indent && !self.whitespace) {
            self.put_break();
        }
        while self.column < indent {
            self.put(' ');
        }
        self.whitespace = true;
        self.indention = true;
    }

    fn write_indicator(
        &mut self,
        indicator: &str,
        need_whitespace: bool,
        is_whitespace: bool,
        is_indention: bool,
    ) {
        if need_whitespace && !self.whitespace {
            self.put(' ');
        }
        for c in indicator.chars() {
            self.put(c);
        }
        self.whitespace = is_whitespace;
        self.indention = self.indention && is_indention;
    }

    // --- nodes -------------------------------------------------------------

    /// `yaml_emitter_emit_node`. Of its context flags only the mapping and
    /// simple-key ones influence the output of the nodes handled here.
    fn emit_node(&mut self, value: &Value, mapping: bool, simple_key: bool) {
        self.mapping_context = mapping;
        self.simple_key_context = simple_key;
        match value {
            Value::Array(items) if items.is_empty() => self.emit_empty_flow("[", "]"),
            Value::Array(items) => self.emit_block_sequence(items),
            Value::Object(map) if map.is_empty() => self.emit_empty_flow("{", "}"),
            Value::Object(map) => self.emit_block_mapping(map),
            _ => {
                let (text, style) = scalar_event(value);
                let chars: Vec<char> = text.chars().collect();
                let analysis = analyze_scalar(&chars);
                self.emit_scalar(&chars, style, &analysis);
            }
        }
    }

    /// An empty sequence or mapping, which go-yaml writes in flow style.
    fn emit_empty_flow(&mut self, open: &str, close: &str) {
        self.write_indicator(open, true, true, false);
        // The flow indent pushed and popped here is never used.
        self.write_indicator(close, false, false, false);
    }

    fn emit_block_sequence(&mut self, items: &[Value]) {
        let indentless = self.mapping_context && !self.indention;
        self.increase_indent(false, indentless);
        for item in items {
            self.write_indent();
            self.write_indicator("-", true, false, true);
            self.emit_node(item, false, false);
        }
        self.pop_indent();
    }

    fn emit_block_mapping(&mut self, map: &Map<String, Value>) {
        self.increase_indent(false, false);
        for (key, value) in sorted_entries(map) {
            self.write_indent();
            let style = string_style(key);
            let chars: Vec<char> = key.chars().collect();
            let analysis = analyze_scalar(&chars);
            // yaml_emitter_check_simple_key
            if !analysis.multiline && key.len() <= MAX_SIMPLE_KEY_LEN {
                self.mapping_context = true;
                self.simple_key_context = true;
                self.emit_scalar(&chars, style, &analysis);
                self.write_indicator(":", false, false, false);
            } else {
                self.write_indicator("?", true, false, true);
                self.mapping_context = true;
                self.simple_key_context = false;
                self.emit_scalar(&chars, style, &analysis);
                self.write_indent();
                self.write_indicator(":", true, false, true);
            }
            self.emit_node(value, true, false);
        }
        self.pop_indent();
    }

    fn emit_scalar(&mut self, value: &[char], requested: Style, analysis: &Analysis) {
        let style = self.select_scalar_style(requested, value.is_empty(), analysis);
        self.increase_indent(true, false);
        let allow_breaks = !self.simple_key_context;
        match style {
            Style::Plain => self.write_plain_scalar(value, allow_breaks),
            Style::SingleQuoted => self.write_single_quoted_scalar(value, allow_breaks),
            Style::DoubleQuoted => self.write_double_quoted_scalar(value, allow_breaks),
            Style::Literal => self.write_literal_scalar(value),
        }
        self.pop_indent();
    }

    /// `yaml_emitter_select_scalar_style` at flow level 0.
    fn select_scalar_style(&self, requested: Style, empty: bool, a: &Analysis) -> Style {
        let mut style = requested;
        if self.simple_key_context && a.multiline {
            style = Style::DoubleQuoted;
        }
        if style == Style::Plain && (!a.block_plain_allowed || (empty && self.simple_key_context)) {
            style = Style::SingleQuoted;
        }
        if style == Style::SingleQuoted && !a.single_quoted_allowed {
            style = Style::DoubleQuoted;
        }
        if style == Style::Literal && (!a.block_allowed || self.simple_key_context) {
            style = Style::DoubleQuoted;
        }
        style
    }

    // --- scalar writers ----------------------------------------------------

    fn write_plain_scalar(&mut self, value: &[char], allow_breaks: bool) {
        if !self.whitespace {
            self.put(' ');
        }
        let mut spaces = false;
        let mut breaks = false;
        for (i, &c) in value.iter().enumerate() {
            if c == ' ' {
                if allow_breaks
                    && !spaces
                    && self.column > BEST_WIDTH
                    && value.get(i + 1) != Some(&' ')
                {
                    self.write_indent();
                } else {
                    self.put(c);
                }
                spaces = true;
            } else if is_break(c) {
                if !breaks && c == '\n' {
                    self.put_break();
                }
                self.write_break(c);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                self.put(c);
                self.indention = false;
                spaces = false;
                breaks = false;
            }
        }
        self.whitespace = false;
        self.indention = false;
    }

    fn write_single_quoted_scalar(&mut self, value: &[char], allow_breaks: bool) {
        self.write_indicator("'", true, false, false);
        let mut spaces = false;
        let mut breaks = false;
        let n = value.len();
        for (i, &c) in value.iter().enumerate() {
            if c == ' ' {
                if allow_breaks
                    && !spaces
                    && self.column > BEST_WIDTH
                    && i > 0
                    && i + 1 < n
                    && value.get(i + 1) != Some(&' ')
                {
                    self.write_indent();
                } else {
                    self.put(c);
                }
                spaces = true;
            } else if is_break(c) {
                if !breaks && c == '\n' {
                    self.put_break();
                }
                self.write_break(c);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                if c == '\'' {
                    self.put('\'');
                }
                self.put(c);
                self.indention = false;
                spaces = false;
                breaks = false;
            }
        }
        self.write_indicator("'", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }

    fn write_double_quoted_scalar(&mut self, value: &[char], allow_breaks: bool) {
        self.write_indicator("\"", true, false, false);
        // go-yaml's is_bom() looks at the start of the whole value, so a value
        // starting with U+FEFF has every character escaped.
        let starts_with_bom = value.first() == Some(&'\u{FEFF}');
        let mut spaces = false;
        let n = value.len();
        let mut i = 0;
        while let Some(&c) = value.get(i) {
            if !is_printable(c) || starts_with_bom || is_break(c) || c == '"' || c == '\\' {
                self.put('\\');
                match c {
                    '\0' => self.put('0'),
                    '\u{07}' => self.put('a'),
                    '\u{08}' => self.put('b'),
                    '\t' => self.put('t'),
                    '\n' => self.put('n'),
                    '\u{0B}' => self.put('v'),
                    '\u{0C}' => self.put('f'),
                    '\r' => self.put('r'),
                    '\u{1B}' => self.put('e'),
                    '"' => self.put('"'),
                    '\\' => self.put('\\'),
                    '\u{85}' => self.put('N'),
                    '\u{A0}' => self.put('_'),
                    '\u{2028}' => self.put('L'),
                    '\u{2029}' => self.put('P'),
                    _ => {
                        let cp = u32::from(c);
                        let (marker, width) = match cp {
                            0..=0xFF => ('x', 2),
                            0x100..=0xFFFF => ('u', 4),
                            _ => ('U', 8),
                        };
                        self.put(marker);
                        for k in (0..width).rev() {
                            let digit = (cp >> (4 * k)) & 0xF;
                            self.put(
                                char::from_digit(digit, 16).map_or('0', |d| d.to_ascii_uppercase()),
                            );
                        }
                    }
                }
                spaces = false;
            } else if c == ' ' {
                if allow_breaks && !spaces && self.column > BEST_WIDTH && i > 0 && i + 1 < n {
                    self.write_indent();
                    if value.get(i + 1) == Some(&' ') {
                        self.put('\\');
                    }
                } else {
                    self.put(c);
                }
                spaces = true;
            } else {
                self.put(c);
                spaces = false;
            }
            i += 1;
        }
        self.write_indicator("\"", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }

    fn write_literal_scalar(&mut self, value: &[char]) {
        self.write_indicator("|", true, false, false);
        // yaml_emitter_write_block_scalar_hints
        if value.first().is_some_and(|&c| c == ' ' || is_break(c)) {
            self.write_indicator(BEST_INDENT_HINT, false, false, false);
        }
        let chomp = match value {
            [] => Some("-"),
            [.., last] if !is_break(*last) => Some("-"),
            [_] => Some("+"),
            [.., before, _] if is_break(*before) => Some("+"),
            _ => None,
        };
        if let Some(chomp) = chomp {
            self.write_indicator(chomp, false, false, false);
        }
        self.put_break();
        self.indention = true;
        self.whitespace = true;
        let mut breaks = true;
        for &c in value {
            if is_break(c) {
                self.write_break(c);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                self.put(c);
                self.indention = false;
                breaks = false;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    fn y(v: Value) -> String {
        to_yaml(&v)
    }

    /// A kube-apiserver manifest as kubeadm v1.30 writes it (checked against
    /// Go's sigs.k8s.io/yaml.JSONToYAML).
    #[test]
    fn kubeadm_kube_apiserver_pod() {
        let mounts = [
            ("/etc/ssl/certs", "ca-certs"),
            ("/etc/ca-certificates", "etc-ca-certificates"),
            ("/etc/kubernetes/pki", "k8s-certs"),
            (
                "/usr/local/share/ca-certificates",
                "usr-local-share-ca-certificates",
            ),
            ("/usr/share/ca-certificates", "usr-share-ca-certificates"),
        ];
        let volume_mounts: Vec<Value> = mounts
            .iter()
            .map(|(path, name)| json!({"mountPath": path, "name": name, "readOnly": true}))
            .collect();
        let volumes: Vec<Value> = mounts
            .iter()
            .map(|(path, name)| {
                json!({"hostPath": {"path": path, "type": "DirectoryOrCreate"}, "name": name})
            })
            .collect();
        let probe = |path: &str, failure: u32, initial: Option<u32>, period: u32| {
            let mut p = json!({
                "failureThreshold": failure,
                "httpGet": {"host": "10.0.0.1", "path": path, "port": 6443, "scheme": "HTTPS"},
                "periodSeconds": period,
                "timeoutSeconds": 15
            });
            if let (Some(i), Some(m)) = (initial, p.as_object_mut()) {
                m.insert("initialDelaySeconds".into(), json!(i));
            }
            p
        };
        let pod = json!({
            "apiVersion": "v1",
            "kind": "Pod",
            "metadata": {
                "annotations": {
                    "kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint": "10.0.0.1:6443"
                },
                "creationTimestamp": null,
                "labels": {"component": "kube-apiserver", "tier": "control-plane"},
                "name": "kube-apiserver",
                "namespace": "kube-system"
            },
            "spec": {
                "containers": [{
                    "command": [
                        "kube-apiserver",
                        "--advertise-address=10.0.0.1",
                        "--allow-privileged=true",
                        "--authorization-mode=Node,RBAC",
                        "--client-ca-file=/etc/kubernetes/pki/ca.crt",
                        "--enable-admission-plugins=NodeRestriction",
                        "--enable-bootstrap-token-auth=true",
                        "--etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt",
                        "--etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt",
                        "--etcd-keyfile=/etc/kubernetes/pki/apiserver-etcd-client.key",
                        "--etcd-servers=https://127.0.0.1:2379",
                        "--kubelet-client-certificate=/etc/kubernetes/pki/apiserver-kubelet-client.crt",
                        "--kubelet-client-key=/etc/kubernetes/pki/apiserver-kubelet-client.key",
                        "--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname",
                        "--proxy-client-cert-file=/etc/kubernetes/pki/front-proxy-client.crt",
                        "--proxy-client-key-file=/etc/kubernetes/pki/front-proxy-client.key",
                        "--requestheader-allowed-names=front-proxy-client",
                        "--requestheader-client-ca-file=/etc/kubernetes/pki/front-proxy-ca.crt",
                        "--requestheader-extra-headers-prefix=X-Remote-Extra-",
                        "--requestheader-group-headers=X-Remote-Group",
                        "--requestheader-username-headers=X-Remote-User",
                        "--secure-port=6443",
                        "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
                        "--service-account-key-file=/etc/kubernetes/pki/sa.pub",
                        "--service-account-signing-key-file=/etc/kubernetes/pki/sa.key",
                        "--service-cluster-ip-range=10.96.0.0/12",
                        "--tls-cert-file=/etc/kubernetes/pki/apiserver.crt",
                        "--tls-private-key-file=/etc/kubernetes/pki/apiserver.key"
                    ],
                    "image": "registry.k8s.io/kube-apiserver:v1.30.2",
                    "imagePullPolicy": "IfNotPresent",
                    "livenessProbe": probe("/livez", 8, Some(10), 10),
                    "name": "kube-apiserver",
                    "readinessProbe": probe("/readyz", 3, None, 1),
                    "resources": {"requests": {"cpu": "250m"}},
                    "startupProbe": probe("/livez", 24, Some(10), 10),
                    "volumeMounts": volume_mounts
                }],
                "hostNetwork": true,
                "priority": 2000001000,
                "priorityClassName": "system-node-critical",
                "securityContext": {"seccompProfile": {"type": "RuntimeDefault"}},
                "volumes": volumes
            },
            "status": {}
        });
        let expected = r#"apiVersion: v1
kind: Pod
metadata:
  annotations:
    kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint: 10.0.0.1:6443
  creationTimestamp: null
  labels:
    component: kube-apiserver
    tier: control-plane
  name: kube-apiserver
  namespace: kube-system
spec:
  containers:
  - command:
    - kube-apiserver
    - --advertise-address=10.0.0.1
    - --allow-privileged=true
    - --authorization-mode=Node,RBAC
    - --client-ca-file=/etc/kubernetes/pki/ca.crt
    - --enable-admission-plugins=NodeRestriction
    - --enable-bootstrap-token-auth=true
    - --etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt
    - --etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt
    - --etcd-keyfile=/etc/kubernetes/pki/apiserver-etcd-client.key
    - --etcd-servers=https://127.0.0.1:2379
    - --kubelet-client-certificate=/etc/kubernetes/pki/apiserver-kubelet-client.crt
    - --kubelet-client-key=/etc/kubernetes/pki/apiserver-kubelet-client.key
    - --kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname
    - --proxy-client-cert-file=/etc/kubernetes/pki/front-proxy-client.crt
    - --proxy-client-key-file=/etc/kubernetes/pki/front-proxy-client.key
    - --requestheader-allowed-names=front-proxy-client
    - --requestheader-client-ca-file=/etc/kubernetes/pki/front-proxy-ca.crt
    - --requestheader-extra-headers-prefix=X-Remote-Extra-
    - --requestheader-group-headers=X-Remote-Group
    - --requestheader-username-headers=X-Remote-User
    - --secure-port=6443
    - --service-account-issuer=https://kubernetes.default.svc.cluster.local
    - --service-account-key-file=/etc/kubernetes/pki/sa.pub
    - --service-account-signing-key-file=/etc/kubernetes/pki/sa.key
    - --service-cluster-ip-range=10.96.0.0/12
    - --tls-cert-file=/etc/kubernetes/pki/apiserver.crt
    - --tls-private-key-file=/etc/kubernetes/pki/apiserver.key
    image: registry.k8s.io/kube-apiserver:v1.30.2
    imagePullPolicy: IfNotPresent
    livenessProbe:
      failureThreshold: 8
      httpGet:
        host: 10.0.0.1
        path: /livez
        port: 6443
        scheme: HTTPS
      initialDelaySeconds: 10
      periodSeconds: 10
      timeoutSeconds: 15
    name: kube-apiserver
    readinessProbe:
      failureThreshold: 3
      httpGet:
        host: 10.0.0.1
        path: /readyz
        port: 6443
        scheme: HTTPS
      periodSeconds: 1
      timeoutSeconds: 15
    resources:
      requests:
        cpu: 250m
    startupProbe:
      failureThreshold: 24
      httpGet:
        host: 10.0.0.1
        path: /livez
        port: 6443
        scheme: HTTPS
      initialDelaySeconds: 10
      periodSeconds: 10
      timeoutSeconds: 15
    volumeMounts:
    - mountPath: /etc/ssl/certs
      name: ca-certs
      readOnly: true
    - mountPath: /etc/ca-certificates
      name: etc-ca-certificates
      readOnly: true
    - mountPath: /etc/kubernetes/pki
      name: k8s-certs
      readOnly: true
    - mountPath: /usr/local/share/ca-certificates
      name: usr-local-share-ca-certificates
      readOnly: true
    - mountPath: /usr/share/ca-certificates
      name: usr-share-ca-certificates
      readOnly: true
  hostNetwork: true
  priority: 2000001000
  priorityClassName: system-node-critical
  securityContext:
    seccompProfile:
      type: RuntimeDefault
  volumes:
  - hostPath:
      path: /etc/ssl/certs
      type: DirectoryOrCreate
    name: ca-certs
  - hostPath:
      path: /etc/ca-certificates
      type: DirectoryOrCreate
    name: etc-ca-certificates
  - hostPath:
      path: /etc/kubernetes/pki
      type: DirectoryOrCreate
    name: k8s-certs
  - hostPath:
      path: /usr/local/share/ca-certificates
      type: DirectoryOrCreate
    name: usr-local-share-ca-certificates
  - hostPath:
      path: /usr/share/ca-certificates
      type: DirectoryOrCreate
    name: usr-share-ca-certificates
status: {}
"#;
        assert_eq!(y(pod), expected);
    }

    /// IPv6 endpoints, etcd's probe path, the controllers flag and values that
    /// must be double-quoted, as they appear in kubeadm manifests.
    #[test]
    fn kubeadm_etcd_style_pod() {
        let pod = json!({
            "apiVersion": "v1",
            "kind": "Pod",
            "metadata": {
                "annotations": {
                    "kubeadm.kubernetes.io/etcd.advertise-client-urls": "https://10.0.0.1:2379",
                    "kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint": "[2001:db8::1]:6443"
                },
                "creationTimestamp": null,
                "labels": {"component": "etcd", "tier": "control-plane"},
                "name": "etcd",
                "namespace": "kube-system"
            },
            "spec": {
                "containers": [{
                    "command": [
                        "etcd",
                        "--controllers=*,bootstrapsigner,tokencleaner",
                        "--listen-metrics-urls=http://127.0.0.1:2381"
                    ],
                    "image": "registry.k8s.io/etcd:3.5.12-0",
                    "livenessProbe": {
                        "failureThreshold": 8,
                        "httpGet": {
                            "host": "2001:db8::1",
                            "path": "/health?exclude=NOSPACE&serializable=true",
                            "port": 2381,
                            "scheme": "HTTP"
                        }
                    },
                    "name": "etcd",
                    "resources": {"requests": {"cpu": "100m", "memory": "100Mi"}},
                    "env": [
                        {"name": "GODEBUG", "value": "true"},
                        {"name": "N", "value": "5"},
                        {"name": "E", "value": ""}
                    ]
                }],
                "volumes": [{"hostPath": {"path": "/var/lib/etcd", "type": ""}, "name": "etcd-data"}]
            },
            "status": {}
        });
        let expected = r#"apiVersion: v1
kind: Pod
metadata:
  annotations:
    kubeadm.kubernetes.io/etcd.advertise-client-urls: https://10.0.0.1:2379
    kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint: '[2001:db8::1]:6443'
  creationTimestamp: null
  labels:
    component: etcd
    tier: control-plane
  name: etcd
  namespace: kube-system
spec:
  containers:
  - command:
    - etcd
    - --controllers=*,bootstrapsigner,tokencleaner
    - --listen-metrics-urls=http://127.0.0.1:2381
    env:
    - name: GODEBUG
      value: "true"
    - name: "N"
      value: "5"
    - name: E
      value: ""
    image: registry.k8s.io/etcd:3.5.12-0
    livenessProbe:
      failureThreshold: 8
      httpGet:
        host: 2001:db8::1
        path: /health?exclude=NOSPACE&serializable=true
        port: 2381
        scheme: HTTP
    name: etcd
    resources:
      requests:
        cpu: 100m
        memory: 100Mi
  volumes:
  - hostPath:
      path: /var/lib/etcd
      type: ""
    name: etcd-data
status: {}
"#;
        assert_eq!(y(pod), expected);
    }

    /// (string, as a mapping value, as a mapping key, as the whole document),
    /// each expectation produced by Go's JSONToYAML (go-yaml v2.4.0).
    #[rustfmt::skip]
    const SCALARS: &[(&str, &str, &str, &str)] = &[
        ("a", "k: a\n", "a: v\n", "a\n"),
        ("kube-system", "k: kube-system\n", "kube-system: v\n", "kube-system\n"),
        ("10.0.0.1:6443", "k: 10.0.0.1:6443\n", "10.0.0.1:6443: v\n", "10.0.0.1:6443\n"),
        ("https://10.0.0.1:2379", "k: https://10.0.0.1:2379\n", "https://10.0.0.1:2379: v\n", "https://10.0.0.1:2379\n"),
        ("/health?exclude=NOSPACE&serializable=true", "k: /health?exclude=NOSPACE&serializable=true\n", "/health?exclude=NOSPACE&serializable=true: v\n", "/health?exclude=NOSPACE&serializable=true\n"),
        ("--controllers=*,bootstrapsigner,tokencleaner", "k: --controllers=*,bootstrapsigner,tokencleaner\n", "--controllers=*,bootstrapsigner,tokencleaner: v\n", "--controllers=*,bootstrapsigner,tokencleaner\n"),
        ("2001:db8::1", "k: 2001:db8::1\n", "2001:db8::1: v\n", "2001:db8::1\n"),
        ("::1", "k: ::1\n", "::1: v\n", "::1\n"),
        ("a:b", "k: a:b\n", "a:b: v\n", "a:b\n"),
        ("a#b", "k: a#b\n", "a#b: v\n", "a#b\n"),
        ("a b", "k: a b\n", "a b: v\n", "a b\n"),
        ("a  b", "k: a  b\n", "a  b: v\n", "a  b\n"),
        ("-a", "k: -a\n", "-a: v\n", "-a\n"),
        ("?a", "k: ?a\n", "?a: v\n", "?a\n"),
        (":a", "k: :a\n", ":a: v\n", ":a\n"),
        ("a,b", "k: a,b\n", "a,b: v\n", "a,b\n"),
        ("a[b]", "k: a[b]\n", "a[b]: v\n", "a[b]\n"),
        ("{a}x", "k: '{a}x'\n", "'{a}x': v\n", "'{a}x'\n"),
        ("<<", "k: <<\n", "<<: v\n", "<<\n"),
        ("=", "k: =\n", "=: v\n", "=\n"),
        ("~a", "k: ~a\n", "~a: v\n", "~a\n"),
        ("tRue", "k: tRue\n", "tRue: v\n", "tRue\n"),
        ("nUll", "k: nUll\n", "nUll: v\n", "nUll\n"),
        ("yes please", "k: yes please\n", "yes please: v\n", "yes please\n"),
        ("0xg", "k: 0xg\n", "0xg: v\n", "0xg\n"),
        ("08a", "k: 08a\n", "08a: v\n", "08a\n"),
        ("1.5.5", "k: 1.5.5\n", "1.5.5: v\n", "1.5.5\n"),
        ("1e3e3", "k: 1e3e3\n", "1e3e3: v\n", "1e3e3\n"),
        ("1_0:20", "k: \"1_0:20\"\n", "\"1_0:20\": v\n", "\"1_0:20\"\n"),
        ("1:200", "k: 1:200\n", "1:200: v\n", "1:200\n"),
        ("1:60", "k: 1:60\n", "1:60: v\n", "1:60\n"),
        ("2001-13-01", "k: 2001-13-01\n", "2001-13-01: v\n", "2001-13-01\n"),
        ("2001-02-29", "k: 2001-02-29\n", "2001-02-29: v\n", "2001-02-29\n"),
        ("2001-12-14T21:59:43", "k: 2001-12-14T21:59:43\n", "2001-12-14T21:59:43: v\n", "2001-12-14T21:59:43\n"),
        ("\u{e9}", "k: \u{e9}\n", "\u{e9}: v\n", "\u{e9}\n"),
        ("na\u{ef}ve caf\u{e9}", "k: na\u{ef}ve caf\u{e9}\n", "na\u{ef}ve caf\u{e9}: v\n", "na\u{ef}ve caf\u{e9}\n"),
        ("\u{4e2d}\u{6587}", "k: \u{4e2d}\u{6587}\n", "\u{4e2d}\u{6587}: v\n", "\u{4e2d}\u{6587}\n"),
        ("\u{a0}a", "k: \u{a0}a\n", "\u{a0}a: v\n", "\u{a0}a\n"),
        ("\u{2028}", "k: '\u{2028}'\n", "? '\u{2028}'\n: v\n", "'\u{2028}'\n"),
        ("_1", "k: _1\n", "_1: v\n", "_1\n"),
        (".", "k: .\n", ".: v\n", ".\n"),
        ("..", "k: ..\n", "..: v\n", "..\n"),
        (".e3", "k: .e3\n", ".e3: v\n", ".e3\n"),
        ("._5", "k: ._5\n", "._5: v\n", "._5\n"),
        (".5_", "k: .5_\n", ".5_: v\n", ".5_\n"),
        ("1e999", "k: 1e999\n", "1e999: v\n", "1e999\n"),
        ("0b", "k: 0b\n", "0b: v\n", "0b\n"),
        ("0x", "k: 0x\n", "0x: v\n", "0x\n"),
        ("inf", "k: inf\n", "inf: v\n", "inf\n"),
        ("nan", "k: nan\n", "nan: v\n", "nan\n"),
        ("Infinity", "k: Infinity\n", "Infinity: v\n", "Infinity\n"),
        ("", "k: \"\"\n", "\"\": v\n", "\"\"\n"),
        ("true", "k: \"true\"\n", "\"true\": v\n", "\"true\"\n"),
        ("True", "k: \"True\"\n", "\"True\": v\n", "\"True\"\n"),
        ("TRUE", "k: \"TRUE\"\n", "\"TRUE\": v\n", "\"TRUE\"\n"),
        ("false", "k: \"false\"\n", "\"false\": v\n", "\"false\"\n"),
        ("yes", "k: \"yes\"\n", "\"yes\": v\n", "\"yes\"\n"),
        ("Yes", "k: \"Yes\"\n", "\"Yes\": v\n", "\"Yes\"\n"),
        ("YES", "k: \"YES\"\n", "\"YES\": v\n", "\"YES\"\n"),
        ("no", "k: \"no\"\n", "\"no\": v\n", "\"no\"\n"),
        ("NO", "k: \"NO\"\n", "\"NO\": v\n", "\"NO\"\n"),
        ("y", "k: \"y\"\n", "\"y\": v\n", "\"y\"\n"),
        ("Y", "k: \"Y\"\n", "\"Y\": v\n", "\"Y\"\n"),
        ("n", "k: \"n\"\n", "\"n\": v\n", "\"n\"\n"),
        ("N", "k: \"N\"\n", "\"N\": v\n", "\"N\"\n"),
        ("on", "k: \"on\"\n", "\"on\": v\n", "\"on\"\n"),
        ("On", "k: \"On\"\n", "\"On\": v\n", "\"On\"\n"),
        ("off", "k: \"off\"\n", "\"off\": v\n", "\"off\"\n"),
        ("OFF", "k: \"OFF\"\n", "\"OFF\": v\n", "\"OFF\"\n"),
        ("null", "k: \"null\"\n", "\"null\": v\n", "\"null\"\n"),
        ("Null", "k: \"Null\"\n", "\"Null\": v\n", "\"Null\"\n"),
        ("NULL", "k: \"NULL\"\n", "\"NULL\": v\n", "\"NULL\"\n"),
        ("~", "k: \"~\"\n", "\"~\": v\n", "\"~\"\n"),
        ("0", "k: \"0\"\n", "\"0\": v\n", "\"0\"\n"),
        ("5", "k: \"5\"\n", "\"5\": v\n", "\"5\"\n"),
        ("-1", "k: \"-1\"\n", "\"-1\": v\n", "\"-1\"\n"),
        ("+1", "k: \"+1\"\n", "\"+1\": v\n", "\"+1\"\n"),
        ("01", "k: \"01\"\n", "\"01\": v\n", "\"01\"\n"),
        ("08", "k: \"08\"\n", "\"08\": v\n", "\"08\"\n"),
        ("0755", "k: \"0755\"\n", "\"0755\": v\n", "\"0755\"\n"),
        ("0o17", "k: \"0o17\"\n", "\"0o17\": v\n", "\"0o17\"\n"),
        ("0x1F", "k: \"0x1F\"\n", "\"0x1F\": v\n", "\"0x1F\"\n"),
        ("0X1f", "k: \"0X1f\"\n", "\"0X1f\": v\n", "\"0X1f\"\n"),
        ("0b101", "k: \"0b101\"\n", "\"0b101\": v\n", "\"0b101\"\n"),
        ("0b-101", "k: \"0b-101\"\n", "\"0b-101\": v\n", "\"0b-101\"\n"),
        ("-0b101", "k: \"-0b101\"\n", "\"-0b101\": v\n", "\"-0b101\"\n"),
        ("1_000", "k: \"1_000\"\n", "\"1_000\": v\n", "\"1_000\"\n"),
        ("1_", "k: \"1_\"\n", "\"1_\": v\n", "\"1_\"\n"),
        ("9223372036854775808", "k: \"9223372036854775808\"\n", "\"9223372036854775808\": v\n", "\"9223372036854775808\"\n"),
        ("18446744073709551616", "k: \"18446744073709551616\"\n", "\"18446744073709551616\": v\n", "\"18446744073709551616\"\n"),
        ("1e3", "k: \"1e3\"\n", "\"1e3\": v\n", "\"1e3\"\n"),
        ("1.", "k: \"1.\"\n", "\"1.\": v\n", "\"1.\"\n"),
        ("1.5", "k: \"1.5\"\n", "\"1.5\": v\n", "\"1.5\"\n"),
        ("+1.5", "k: \"+1.5\"\n", "\"+1.5\": v\n", "\"+1.5\"\n"),
        (".5", "k: \".5\"\n", "\".5\": v\n", "\".5\"\n"),
        ("-.5", "k: \"-.5\"\n", "\"-.5\": v\n", "\"-.5\"\n"),
        (".5_5", "k: \".5_5\"\n", "\".5_5\": v\n", "\".5_5\"\n"),
        ("1e-999", "k: \"1e-999\"\n", "\"1e-999\": v\n", "\"1e-999\"\n"),
        (".inf", "k: \".inf\"\n", "\".inf\": v\n", "\".inf\"\n"),
        ("-.Inf", "k: \"-.Inf\"\n", "\"-.Inf\": v\n", "\"-.Inf\"\n"),
        ("+.INF", "k: \"+.INF\"\n", "\"+.INF\": v\n", "\"+.INF\"\n"),
        (".nan", "k: \".nan\"\n", "\".nan\": v\n", "\".nan\"\n"),
        (".NaN", "k: \".NaN\"\n", "\".NaN\": v\n", "\".NaN\"\n"),
        ("1:20", "k: \"1:20\"\n", "\"1:20\": v\n", "\"1:20\"\n"),
        ("-1:20", "k: \"-1:20\"\n", "\"-1:20\": v\n", "\"-1:20\"\n"),
        ("+1:20:30.5", "k: \"+1:20:30.5\"\n", "\"+1:20:30.5\": v\n", "\"+1:20:30.5\"\n"),
        ("10:00:00", "k: \"10:00:00\"\n", "\"10:00:00\": v\n", "\"10:00:00\"\n"),
        ("2001-12-14", "k: \"2001-12-14\"\n", "\"2001-12-14\": v\n", "\"2001-12-14\"\n"),
        ("2001-1-1", "k: \"2001-1-1\"\n", "\"2001-1-1\": v\n", "\"2001-1-1\"\n"),
        ("2000-02-29", "k: \"2000-02-29\"\n", "\"2000-02-29\": v\n", "\"2000-02-29\"\n"),
        ("2001-12-14t21:59:43.10-05:00", "k: \"2001-12-14t21:59:43.10-05:00\"\n", "\"2001-12-14t21:59:43.10-05:00\": v\n", "\"2001-12-14t21:59:43.10-05:00\"\n"),
        ("2001-12-14T21:59:43Z", "k: \"2001-12-14T21:59:43Z\"\n", "\"2001-12-14T21:59:43Z\": v\n", "\"2001-12-14T21:59:43Z\"\n"),
        ("2001-12-14 21:59:43.10", "k: \"2001-12-14 21:59:43.10\"\n", "\"2001-12-14 21:59:43.10\": v\n", "\"2001-12-14 21:59:43.10\"\n"),
        ("2001-12-14  21:59:43", "k: \"2001-12-14  21:59:43\"\n", "\"2001-12-14  21:59:43\": v\n", "\"2001-12-14  21:59:43\"\n"),
        ("2001-12-14T21:59:43,5Z", "k: \"2001-12-14T21:59:43,5Z\"\n", "\"2001-12-14T21:59:43,5Z\": v\n", "\"2001-12-14T21:59:43,5Z\"\n"),
        ("[2001:db8::1]:6443", "k: '[2001:db8::1]:6443'\n", "'[2001:db8::1]:6443': v\n", "'[2001:db8::1]:6443'\n"),
        ("- a", "k: '- a'\n", "'- a': v\n", "'- a'\n"),
        ("-", "k: '-'\n", "'-': v\n", "'-'\n"),
        ("--", "k: --\n", "--: v\n", "--\n"),
        ("---", "k: '---'\n", "'---': v\n", "'---'\n"),
        ("--- a", "k: '--- a'\n", "'--- a': v\n", "'--- a'\n"),
        ("...", "k: '...'\n", "'...': v\n", "'...'\n"),
        ("? a", "k: '? a'\n", "'? a': v\n", "'? a'\n"),
        ("?", "k: '?'\n", "'?': v\n", "'?'\n"),
        (": a", "k: ': a'\n", "': a': v\n", "': a'\n"),
        (":", "k: ':'\n", "':': v\n", "':'\n"),
        ("a:", "k: 'a:'\n", "'a:': v\n", "'a:'\n"),
        ("a: b", "k: 'a: b'\n", "'a: b': v\n", "'a: b'\n"),
        ("a #b", "k: 'a #b'\n", "'a #b': v\n", "'a #b'\n"),
        ("#a", "k: '#a'\n", "'#a': v\n", "'#a'\n"),
        ("@a", "k: '@a'\n", "'@a': v\n", "'@a'\n"),
        ("`a", "k: '`a'\n", "'`a': v\n", "'`a'\n"),
        ("%a", "k: '%a'\n", "'%a': v\n", "'%a'\n"),
        ("!a", "k: '!a'\n", "'!a': v\n", "'!a'\n"),
        ("&a", "k: '&a'\n", "'&a': v\n", "'&a'\n"),
        ("*a", "k: '*a'\n", "'*a': v\n", "'*a'\n"),
        ("|", "k: '|'\n", "'|': v\n", "'|'\n"),
        (">", "k: '>'\n", "'>': v\n", "'>'\n"),
        ("'a", "k: '''a'\n", "'''a': v\n", "'''a'\n"),
        ("a'b", "k: a'b\n", "a'b: v\n", "a'b\n"),
        ("\"a", "k: '\"a'\n", "'\"a': v\n", "'\"a'\n"),
        ("[a]", "k: '[a]'\n", "'[a]': v\n", "'[a]'\n"),
        ("{a}", "k: '{a}'\n", "'{a}': v\n", "'{a}'\n"),
        (",a", "k: ',a'\n", "',a': v\n", "',a'\n"),
        (" a", "k: ' a'\n", "' a': v\n", "' a'\n"),
        ("a ", "k: 'a '\n", "'a ': v\n", "'a '\n"),
        (" ", "k: ' '\n", "' ': v\n", "' '\n"),
        ("  ", "k: '  '\n", "'  ': v\n", "'  '\n"),
        ("a\u{2028}b", "k: 'a\u{2028}  b'\n", "? 'a\u{2028}  b'\n: v\n", "'a\u{2028}  b'\n"),
        ("a\tb", "k: \"a\\tb\"\n", "\"a\\tb\": v\n", "\"a\\tb\"\n"),
        ("\ta", "k: \"\\ta\"\n", "\"\\ta\": v\n", "\"\\ta\"\n"),
        ("a\rb", "k: \"a\\rb\"\n", "? \"a\\rb\"\n: v\n", "\"a\\rb\"\n"),
        ("\u{0}", "k: \"\\0\"\n", "\"\\0\": v\n", "\"\\0\"\n"),
        ("a\u{7}b", "k: \"a\\ab\"\n", "\"a\\ab\": v\n", "\"a\\ab\"\n"),
        ("\u{1b}[0m", "k: \"\\e[0m\"\n", "\"\\e[0m\": v\n", "\"\\e[0m\"\n"),
        ("\u{7f}", "k: \"\\x7F\"\n", "\"\\x7F\": v\n", "\"\\x7F\"\n"),
        ("\u{80}", "k: \"\\x80\"\n", "\"\\x80\": v\n", "\"\\x80\"\n"),
        ("\u{85}", "k: \"\\N\"\n", "? \"\\N\"\n: v\n", "\"\\N\"\n"),
        ("\u{9f}", "k: \"\\x9F\"\n", "\"\\x9F\": v\n", "\"\\x9F\"\n"),
        ("\u{feff}", "k: \"\\uFEFF\"\n", "\"\\uFEFF\": v\n", "\"\\uFEFF\"\n"),
        ("\u{feff}ab", "k: \"\\uFEFF\\x61\\x62\"\n", "\"\\uFEFF\\x61\\x62\": v\n", "\"\\uFEFF\\x61\\x62\"\n"),
        ("a\u{feff}b", "k: \"a\\uFEFFb\"\n", "\"a\\uFEFFb\": v\n", "\"a\\uFEFFb\"\n"),
        ("\u{fffe}", "k: \"\\uFFFE\"\n", "\"\\uFFFE\": v\n", "\"\\uFFFE\"\n"),
        ("\u{1f600}", "k: \"\\U0001F600\"\n", "\"\\U0001F600\": v\n", "\"\\U0001F600\"\n"),
        ("a\u{1f600}b", "k: \"a\\U0001F600b\"\n", "\"a\\U0001F600b\": v\n", "\"a\\U0001F600b\"\n"),
        ("\u{10ffff}", "k: \"\\U0010FFFF\"\n", "\"\\U0010FFFF\": v\n", "\"\\U0010FFFF\"\n"),
        ("a\\b\"c", "k: a\\b\"c\n", "a\\b\"c: v\n", "a\\b\"c\n"),
        ("a \u{2028}b", "k: \"a \\Lb\"\n", "? \"a \\Lb\"\n: v\n", "\"a \\Lb\"\n"),
        ("\u{2028} a", "k: \"\\L a\"\n", "? \"\\L a\"\n: v\n", "\"\\L a\"\n"),
        ("a\nb", "k: |-\n  a\n  b\n", "? |-\n  a\n  b\n: v\n", "|-\n  a\n  b\n"),
        ("a\nb\n", "k: |\n  a\n  b\n", "? |\n  a\n  b\n: v\n", "|\n  a\n  b\n"),
        ("a\nb\n\n", "k: |+\n  a\n  b\n\n", "? |+\n  a\n  b\n\n: v\n", "|+\n  a\n  b\n\n"),
        ("\n", "k: |2+\n\n", "? |2+\n\n: v\n", "|2+\n\n"),
        ("\n\n", "k: |2+\n\n\n", "? |2+\n\n\n: v\n", "|2+\n\n\n"),
        ("a\n", "k: |\n  a\n", "? |\n  a\n: v\n", "|\n  a\n"),
        (" a\nb", "k: |2-\n   a\n  b\n", "? |2-\n   a\n  b\n: v\n", "|2-\n   a\n  b\n"),
        ("\na", "k: |2-\n\n  a\n", "? |2-\n\n  a\n: v\n", "|2-\n\n  a\n"),
        ("a\n b", "k: |-\n  a\n   b\n", "? |-\n  a\n   b\n: v\n", "|-\n  a\n   b\n"),
        ("a\n\nb", "k: |-\n  a\n\n  b\n", "? |-\n  a\n\n  b\n: v\n", "|-\n  a\n\n  b\n"),
        ("a \nb", "k: \"a \\nb\"\n", "? \"a \\nb\"\n: v\n", "\"a \\nb\"\n"),
        ("a\nb ", "k: \"a\\nb \"\n", "? \"a\\nb \"\n: v\n", "\"a\\nb \"\n"),
        ("a\tb\nc", "k: \"a\\tb\\nc\"\n", "? \"a\\tb\\nc\"\n: v\n", "\"a\\tb\\nc\"\n"),
        ("a\u{2028}b\nc", "k: |-\n  a\u{2028}  b\n  c\n", "? |-\n  a\u{2028}  b\n  c\n: v\n", "|-\n  a\u{2028}  b\n  c\n"),
        ("\u{feff}\nb", "k: \"\\uFEFF\\n\\x62\"\n", "? \"\\uFEFF\\n\\x62\"\n: v\n", "\"\\uFEFF\\n\\x62\"\n"),
        ("true\n", "k: |\n  true\n", "? |\n  true\n: v\n", "|\n  true\n"),
        ("#x\n- y\n", "k: |\n  #x\n  - y\n", "? |\n  #x\n  - y\n: v\n", "|\n  #x\n  - y\n"),
    ];

    #[test]
    fn scalar_styles_match_go() {
        for &(input, as_value, as_key, as_doc) in SCALARS {
            assert_eq!(y(json!({ "k": input })), as_value, "value {input:?}");
            assert_eq!(y(json!({ input: "v" })), as_key, "key {input:?}");
            assert_eq!(y(json!(input)), as_doc, "document {input:?}");
        }
    }

    #[test]
    fn scalar_style_classes() {
        // plain
        assert_eq!(y(json!("host")), "host\n");
        assert_eq!(y(json!({"host": "2001:db8::1"})), "host: 2001:db8::1\n");
        // double-quoted because a plain scalar would not read back as a string
        assert_eq!(
            y(json!({"a": "true", "b": "5", "c": "", "d": "1:20"})),
            "a: \"true\"\nb: \"5\"\nc: \"\"\nd: \"1:20\"\n"
        );
        // single-quoted because plain is not allowed; quotes doubled
        assert_eq!(
            y(json!({"a": "[::1]:6443", "b": "'x'"})),
            "a: '[::1]:6443'\nb: '''x'''\n"
        );
        // double-quoted because of characters that need escapes
        assert_eq!(
            y(json!({"a": "x\ty", "b": "\u{1F600}"})),
            "a: \"x\\ty\"\nb: \"\\U0001F600\"\n"
        );
        // literal block for newlines
        assert_eq!(y(json!({"a": "x\ny"})), "a: |-\n  x\n  y\n");
        // null, booleans
        assert_eq!(
            y(json!({"a": null, "b": true, "c": false})),
            "a: null\nb: true\nc: false\n"
        );
    }

    #[test]
    fn numbers_match_go() {
        let v = json!({
            "i": 5, "n": -7, "u": 18_446_744_073_709_551_615_u64, "f": 1.5, "g": 1.0, "h": 1e6,
            "j": 1e21, "k": 1.5e-7, "l": 0.0001, "m": 123_456.789, "t": true, "z": false, "o": -0.0
        });
        let expected = r#"f: 1.5
g: 1
h: 1e+06
i: 5
j: 1e+21
k: 1.5e-07
l: 0.0001
m: 123456.789
"n": -7
o: -0
t: true
u: 18446744073709551615
z: false
"#;
        assert_eq!(y(v), expected);
        assert_eq!(go_format_float(f64::NAN), ".nan");
        assert_eq!(go_format_float(f64::INFINITY), ".inf");
        assert_eq!(go_format_float(f64::NEG_INFINITY), "-.inf");
        assert_eq!(go_format_float(123_456_789.0), "1.23456789e+08");
        assert_eq!(go_format_float(100_000.0), "100000");
        assert_eq!(go_format_float(0.000_012_34), "1.234e-05");
        assert_eq!(go_format_float(5e-324), "5e-324");
        assert_eq!(
            go_format_float(1.797_693_134_862_315_7e308),
            "1.7976931348623157e+308"
        );
        assert_eq!(y(json!(i64::MIN)), "-9223372036854775808\n");
        // Exact ties between two shortest candidates go to the even digit, as
        // in Go's Ryu (Rust's own formatting rounds them up).
        assert_eq!(
            go_format_float(-(1_575_350_604_463_897.0 + 0.25)),
            "-1.5753506044638972e+15"
        );
        assert_eq!(
            go_format_float(2_181_505_130_186_063.0 + 0.25),
            "2.1815051301860632e+15"
        );
        assert_eq!(
            go_format_float(665_670_454_349_987.0 + 0.25),
            "6.656704543499872e+14"
        );
    }

    /// Key sets in the order Go's JSONToYAML writes them.
    #[rustfmt::skip]
    const KEY_ORDERS: &[&[&str]] = &[
        &["-", "_", "_a", "0", "1", "A", "B", "a", "a-b", "a.b", "a/b", "a_b", "a0", "aB", "ab", "b"],
        &["a1", "a2", "a9", "a10", "a20", "a100", "b1"],
        &["a1", "a01"],
        &["a01", "a001"],
        &["a10", "a010"],
        &["a0", "a00"],
        &["1", "01", "001"],
        &["x1y2", "x1y10", "x2y1", "x9y9"],
        &["args", "command", "env", "image", "imagePullPolicy", "livenessProbe", "name", "ports", "readinessProbe", "resources", "securityContext", "startupProbe", "volumeMounts"],
        &["+1", "-1", "~", "1", "2", "10", "Z", "a", "z", "\u{e4}", "\u{e9}", "\u{e9}1", "\u{e9}2", "\u{e9}10", "\u{4e2d}"],
        &["apiVersion", "kind", "metadata", "spec", "status"],
        &["v1.1", "v1.9", "v1.9.10", "v1.10", "v1.10.1"],
        &["component", "k8s.io/A", "k8s.io/a", "kubeadm.kubernetes.io/etcd.advertise-client-urls", "kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint", "tier"],
    ];

    #[test]
    fn key_order_matches_go() {
        for &expected in KEY_ORDERS {
            // Insert in reverse so the input order is never the answer.
            let mut map = Map::new();
            for (i, k) in expected.iter().enumerate().rev() {
                map.insert((*k).to_owned(), json!(i));
            }
            let got: Vec<&str> = sorted_entries(&map)
                .into_iter()
                .map(|(k, _)| k.as_str())
                .collect();
            assert_eq!(got, expected);
            for pair in expected.windows(2) {
                assert_eq!(
                    go_yaml_key_cmp(pair[0], pair[1]),
                    Ordering::Less,
                    "{pair:?}"
                );
                assert_eq!(
                    go_yaml_key_cmp(pair[1], pair[0]),
                    Ordering::Greater,
                    "{pair:?}"
                );
            }
        }
    }

    #[test]
    fn key_cmp_edge_cases() {
        use Ordering::{Equal, Greater, Less};
        assert_eq!(go_yaml_key_cmp("a", "a"), Equal);
        assert_eq!(go_yaml_key_cmp("", "a"), Less);
        assert_eq!(go_yaml_key_cmp("a", "a-b"), Less); // prefix first
        assert_eq!(go_yaml_key_cmp("a-b", "a_b"), Less); // non-letters by code point
        assert_eq!(go_yaml_key_cmp("a9", "a10"), Less); // digit runs numerically
        assert_eq!(go_yaml_key_cmp("a10", "a010"), Less); // equal numbers: shorter run first
        assert_eq!(go_yaml_key_cmp("B", "a"), Less); // letters by code point: upper first
        assert_eq!(go_yaml_key_cmp("_", "a"), Less); // non-letter before letter
        assert_eq!(go_yaml_key_cmp("zz", "_"), Greater);
        assert_eq!(go_yaml_key_cmp("1", "a"), Less);
        assert_eq!(go_yaml_key_cmp("image", "imagePullPolicy"), Less);
        // A zero continuing a non-zero number counts as part of it.
        assert_eq!(go_yaml_key_cmp("a10", "a1a"), Less);
        // Non-ASCII digits (Nd) are digit runs too; letters beat them.
        assert_eq!(go_yaml_key_cmp("a\u{663}", "ab"), Less);
        assert!(is_digit('\u{663}') && is_digit('\u{1D7CE}') && is_digit('\u{1D7FF}'));
        assert!(!is_digit('\u{B2}') && !is_digit('\u{2160}') && !is_digit('a'));
        assert!(is_letter('\u{E9}') && is_letter('\u{4E2D}') && !is_letter('\u{2160}'));
    }

    /// go-yaml's keyList.Less is not transitive: a10 < a20 < a2b < a10. Go's
    /// own output for such a map depends on its random map iteration order;
    /// ours must merely be deterministic, complete and panic-free.
    #[test]
    fn non_transitive_keys_do_not_panic() {
        assert_eq!(go_yaml_key_cmp("a10", "a20"), Ordering::Less);
        assert_eq!(go_yaml_key_cmp("a20", "a2b"), Ordering::Less);
        assert_eq!(go_yaml_key_cmp("a2b", "a10"), Ordering::Less);
        let v = json!({"a10": 1, "a20": 2, "a2b": 3, "x1y2": 4, "x10y1": 5, "x9y9": 6});
        let out = y(v.clone());
        assert_eq!(out, y(v));
        assert_eq!(out.lines().count(), 6);
    }

    /// Folding at best_width 80 (go-yaml v2.4.0 emitterc.go, allow_breaks):
    /// at a space, if the previous character was not a space, the column is
    /// already past 80 and the next character is not a space, the writer
    /// emits a line break plus the scalar's indentation instead of the space.
    #[test]
    fn plain_scalar_folds_past_column_80() {
        let words: Vec<String> = (0..40).map(|i| format!("word{i:02}")).collect();
        let words = words.join(" ");
        // "description: " ends at column 13 and word k ends at column
        // 19 + 7k, so the first space seen past column 80 is the one after
        // word09 (column 82). Continuation lines are indented by the scalar's
        // indent, 2 under a top-level key: word j of a line ends at column
        // 8 + 7j, past 80 first for j = 11 (column 85), so 12 words per line.
        let expected = r#"description: word00 word01 word02 word03 word04 word05 word06 word07 word08 word09
  word10 word11 word12 word13 word14 word15 word16 word17 word18 word19 word20 word21
  word22 word23 word24 word25 word26 word27 word28 word29 word30 word31 word32 word33
  word34 word35 word36 word37 word38 word39
"#;
        assert_eq!(y(json!({ "description": words })), expected);
        // Under spec.containers[0].args the items are at column 4 and the
        // scalar indent is 6: "    - " ends at column 6, word k at 12 + 7k,
        // first > 80 at k = 10 (column 82); then 6 + 6 + 7j > 80 at j = 10.
        let expected = r#"spec:
  containers:
  - args:
    - word00 word01 word02 word03 word04 word05 word06 word07 word08 word09 word10
      word11 word12 word13 word14 word15 word16 word17 word18 word19 word20 word21
      word22 word23 word24 word25 word26 word27 word28 word29 word30 word31 word32
      word33 word34 word35 word36 word37 word38 word39
    name: x
"#;
        assert_eq!(
            y(json!({"spec": {"containers": [{"args": [words], "name": "x"}]}})),
            expected
        );
        // A fold never happens inside a run of spaces: the space after the
        // 8th word is at column 82 but is followed by another space, and the
        // next spaces are not the first of their run.
        let runs = format!("{}   bbbbbbb ccccccc", "aaaaaaaaa ".repeat(8));
        let expected = r#"k: aaaaaaaaa aaaaaaaaa aaaaaaaaa aaaaaaaaa aaaaaaaaa aaaaaaaaa aaaaaaaaa aaaaaaaaa    bbbbbbb
  ccccccc
"#;
        assert_eq!(y(json!({ "k": runs })), expected);
    }

    #[test]
    fn quoted_scalars_fold_past_column_80() {
        let words: Vec<String> = (0..40).map(|i| format!("word{i:02}")).collect();
        let words = words.join(" ");
        // Single-quoted: same rule, continuation at the scalar indent.
        let expected = r#"k: '@word00 word01 word02 word03 word04 word05 word06 word07 word08 word09 word10
  word11 word12 word13 word14 word15 word16 word17 word18 word19 word20 word21 word22
  word23 word24 word25 word26 word27 word28 word29 word30 word31 word32 word33 word34
  word35 word36 word37 word38 word39'
"#;
        assert_eq!(y(json!({ "k": format!("@{words}") })), expected);
        // Double-quoted: "k: \"\t" ends at column 6, the x run at 80, " y"
        // is written (column 80 is not past 80) and the first space of "  z"
        // is at column 82: it becomes a line break, and because the next
        // character is a space the continuation line starts with "\" so that
        // the space survives reading.
        let double = format!("\t{} y  z {words}", "x".repeat(74));
        let expected = r#"k: "\txxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx y
  \ z word00 word01 word02 word03 word04 word05 word06 word07 word08 word09 word10
  word11 word12 word13 word14 word15 word16 word17 word18 word19 word20 word21 word22
  word23 word24 word25 word26 word27 word28 word29 word30 word31 word32 word33 word34
  word35 word36 word37 word38 word39"
"#;
        assert_eq!(y(json!({ "k": double })), expected);
    }

    #[test]
    fn long_and_multiline_keys() {
        // Keys up to 128 bytes are simple keys and never fold.
        let simple = format!("{} ", "k".repeat(60)).repeat(2);
        let expected = r#"'kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk ': v
"#;
        assert_eq!(y(json!({ simple: "v" })), expected);
        // Longer keys are written as "? key" / ": value" and may fold.
        let complex = format!("{} ", "k".repeat(40)).repeat(4);
        let expected = r#"? 'kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk
  kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk '
: a: 1
"#;
        assert_eq!(y(json!({ complex: {"a": 1} })), expected);
        // Multi-line keys are complex keys in literal style.
        let expected = r#"? |
  a
: - x
? |-
  a
  b
: v
"#;
        assert_eq!(y(json!({"a\nb": "v", "a\n": ["x"]})), expected);
        // 128 bytes of two-byte characters is still a simple key; 130 is not.
        assert!(y(json!({ "\u{e9}".repeat(64): 1 })).starts_with('\u{e9}'));
        assert!(y(json!({ "\u{e9}".repeat(65): 1 })).starts_with("? "));
    }

    #[test]
    fn literal_block_scalars() {
        let expected = r#"a:
  b:
  - |
    line one
    line two

      indented
  - |
    x
"#;
        let v = json!({"a": {"b": ["line one\nline two\n\n  indented\n", "x\n"]}});
        assert_eq!(y(v), expected);
        // chomping: strip, clip, keep; indentation indicator for a leading
        // space or break
        assert_eq!(y(json!({"k": "a\nb"})), "k: |-\n  a\n  b\n");
        assert_eq!(y(json!({"k": "a\nb\n"})), "k: |\n  a\n  b\n");
        assert_eq!(y(json!({"k": "a\nb\n\n"})), "k: |+\n  a\n  b\n\n");
        assert_eq!(y(json!({"k": " a\nb"})), "k: |2-\n   a\n  b\n");
        assert_eq!(y(json!({"k": "\n"})), "k: |2+\n\n");
        assert_eq!(y(json!("a\n")), "|\n  a\n");
        // not allowed in block style: space before a break, trailing space,
        // non-printable characters
        assert_eq!(y(json!({"k": "a \nb"})), "k: \"a \\nb\"\n");
        assert_eq!(y(json!({"k": "a\nb "})), "k: \"a\\nb \"\n");
        assert_eq!(y(json!({"k": "a\tb\nc"})), "k: \"a\\tb\\nc\"\n");
    }

    #[test]
    fn nested_and_empty_collections() {
        let v = json!({
            "a": [], "b": {}, "c": [[], {}, [[1, 2], []], {"d": []}],
            "e": [{"f": 1, "g": [{"h": null}]}], "i": null
        });
        let expected = r#"a: []
b: {}
c:
- []
- {}
- - - 1
    - 2
  - []
- d: []
e:
- f: 1
  g:
  - h: null
i: null
"#;
        assert_eq!(y(v), expected);
        let expected = r#"- - 1
  - - 2
    - a: b
- {}
- []
- s
"#;
        assert_eq!(y(json!([[1, [2, {"a": "b"}]], {}, [], "s"])), expected);
        assert_eq!(y(json!({})), "{}\n");
        assert_eq!(y(json!([])), "[]\n");
        assert_eq!(y(json!(null)), "null\n");
        assert_eq!(y(json!(7)), "7\n");
        assert_eq!(y(json!({"status": {}})), "status: {}\n");
    }

    #[test]
    fn resolver_details() {
        for s in [
            "0x1F", "0o17", "0b101", "0b-1", "-0b101", "0755", "08", "1_000", "1__", "+1", "1e3",
            ".5", "1:20",
        ] {
            assert!(!resolves_to_str(s) || is_base60_float(s), "{s}");
        }
        for s in [
            "0x",
            "0b",
            "1e999",
            "._5",
            ".5_",
            "2001:db8::1",
            "1.5.5",
            "<<",
            "tRUE",
        ] {
            assert!(resolves_to_str(s) && !is_base60_float(s), "{s}");
        }
        assert!(parse_timestamp("2001-12-14"));
        assert!(parse_timestamp("2000-02-29"));
        assert!(!parse_timestamp("1900-02-29"));
        assert!(parse_timestamp("2001-12-14t21:59:43.10-05:00"));
        assert!(parse_timestamp("2001-12-14 21:59:43.10"));
        assert!(!parse_timestamp("2001-12-14 21:59:43.10Z"));
        assert!(!parse_timestamp("2001-12-14T21:59:43"));
        assert!(!parse_timestamp("2001-12-14T24:00:00Z"));
        assert!(!parse_timestamp("2001-12-14T21:59:43+25:00"));
        assert!(parse_timestamp("2001-12-14T21:59:43.1234567891Z"));
    }

    /// Keys a proptest may use: letters, digits and a few punctuation marks.
    fn key_strategy() -> impl Strategy<Value = String> {
        "[a-zA-Z0-9_./-]{1,6}"
    }

    /// Non-empty nested mappings whose leaves are small integers.
    fn nested_maps() -> impl Strategy<Value = Value> {
        let leaf = (0u32..100).prop_map(|n| json!(n));
        let tree = leaf.prop_recursive(4, 64, 8, |inner| {
            prop::collection::btree_map(key_strategy(), inner, 0..8)
                .prop_map(|m| Value::Object(m.into_iter().collect()))
        });
        prop::collection::btree_map(key_strategy(), tree, 1..8)
            .prop_map(|m| Value::Object(m.into_iter().collect()))
    }

    /// Any JSON value, with arbitrary strings.
    fn any_value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(|n| json!(n)),
            any::<u64>().prop_map(|n| json!(n)),
            any::<f64>()
                .prop_filter("finite", |f| f.is_finite())
                .prop_map(|f| json!(f)),
            any::<String>().prop_map(Value::String),
            "[ a-z:#'\"\n\t-]{0,120}".prop_map(Value::String),
        ];
        leaf.prop_recursive(4, 48, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                prop::collection::btree_map(any::<String>(), inner, 0..6)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    /// Reads back the key structure of `to_yaml` output for nested mappings
    /// with integer leaves: each key line is "<2*depth spaces><key>:" plus
    /// " <int>" or " {}". Returns, per mapping in document order, its keys.
    fn sibling_key_lists(yaml: &str) -> Vec<Vec<String>> {
        let mut done = Vec::new();
        let mut stack: Vec<Vec<String>> = vec![Vec::new()];
        for line in yaml.lines() {
            let depth = (line.len() - line.trim_start().len()) / 2;
            while stack.len() > depth + 1 {
                done.extend(stack.pop());
            }
            let body = line.trim_start();
            let key = match body.rfind(": ") {
                Some(i) => &body[..i],
                None => body.trim_end_matches(':'),
            };
            let key = key
                .strip_prefix('"')
                .and_then(|k| k.strip_suffix('"'))
                .or_else(|| key.strip_prefix('\'').and_then(|k| k.strip_suffix('\'')))
                .unwrap_or(key);
            if let Some(top) = stack.last_mut() {
                top.push(key.to_owned());
            }
            if !body.contains(": ") {
                stack.push(Vec::new());
            }
        }
        done.extend(stack.into_iter().rev());
        done
    }

    fn all_key_lists(v: &Value, out: &mut Vec<Vec<String>>) {
        if let Value::Object(m) = v {
            if !m.is_empty() {
                out.push(m.keys().cloned().collect());
            }
            for child in m.values() {
                all_key_lists(child, out);
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn mapping_keys_come_out_in_go_yaml_order(v in nested_maps()) {
            let out = to_yaml(&v);
            prop_assert!(out.ends_with('\n') && !out.ends_with("\n\n"));
            let mut seen = sibling_key_lists(&out);
            for keys in &seen {
                for pair in keys.windows(2) {
                    prop_assert_ne!(go_yaml_key_cmp(&pair[0], &pair[1]), Ordering::Greater, "{:?}", pair);
                }
            }
            // Same keys as the input, level by level (compared as sorted sets).
            let mut expected = Vec::new();
            all_key_lists(&v, &mut expected);
            for list in seen.iter_mut().chain(expected.iter_mut()) {
                list.sort();
            }
            seen.retain(|l| !l.is_empty());
            seen.sort();
            expected.sort();
            prop_assert_eq!(seen, expected);
        }

        #[test]
        fn output_is_stable(v in any_value()) {
            let out = to_yaml(&v);
            prop_assert_eq!(&out, &to_yaml(&v.clone()));
            prop_assert!(out.ends_with('\n'));
            prop_assert!(!out.starts_with("---"));
            // Insertion order does not matter, even with serde_json's
            // preserve_order feature.
            if let Value::Object(m) = &v {
                let reversed: Map<String, Value> =
                    m.iter().rev().map(|(k, v)| (k.clone(), v.clone())).collect();
                prop_assert_eq!(&out, &to_yaml(&Value::Object(reversed)));
            }
        }

        #[test]
        fn key_cmp_is_antisymmetric(a in any::<String>(), b in any::<String>()) {
            prop_assert_eq!(go_yaml_key_cmp(&a, &b), go_yaml_key_cmp(&b, &a).reverse());
            prop_assert_eq!(go_yaml_key_cmp(&a, &b) == Ordering::Equal, a == b);
        }

        #[test]
        fn no_line_is_folded_before_column_80(words in prop::collection::vec("x[a-z]{0,11}", 1..60)) {
            // Words start with "x" so that no single word is a YAML 1.1
            // bool/null ("n", "y", "on", ...), which go-yaml quotes (CI
            // found "n"; `scalar_styles_match_go` covers those).
            let text = words.join(" ");
            let out = to_yaml(&json!({ "k": text.clone() }));
            let lines: Vec<&str> = out.lines().collect();
            for line in &lines[..lines.len().saturating_sub(1)] {
                prop_assert!(line.chars().count() > 80, "{:?}", line);
            }
            let rejoined: Vec<&str> = lines.iter().map(|l| l.trim_start()).collect();
            prop_assert_eq!(rejoined.join(" "), format!("k: {text}"));
        }
    }
}
