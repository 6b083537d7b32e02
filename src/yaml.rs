//! A YAML emitter that reproduces, byte for byte, what Go's
//! `sigs.k8s.io/yaml.JSONToYAML` writes for a JSON document.
//!
//! `JSONToYAML` decodes the JSON with `gopkg.in/yaml.v2` into generic Go values
//! (`map[interface{}]interface{}`, `[]interface{}`, `string`, `int`, `uint64`,
//! `float64`, `bool`, `nil`) and marshals them again with go-yaml v2.4.0
//! (sigs.k8s.io/yaml 1.4 vendors an identical fork as `goyaml.v2`). kubeadm
//! writes its static pod manifests this way, so this module decides the bytes
//! of every file staticpod writes.
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
            for &c in ar[..i].iter().rev() {
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
/// ASCII, Unicode 15.0 (the tables of Go 1.21 to 1.24).
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
    // Rust's `{:e}` gives the shortest digits that round-trip, like Go's.
    let sci = format!("{:e}", f.abs());
    let Some((mantissa, exp)) = sci.split_once('e') else {
        return sci;
    };
    let exp: i32 = exp.parse().unwrap_or(0);
    let digits: Vec<char> = mantissa.chars().filter(char::is_ascii_digit).collect();
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
    #[derive(PartialEq)]
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
        if digits.first() == Some(&b'0') {
            let prefix = digits.get(1).map(u8::to_ascii_lowercase);
            if digits.len() >= 3 && prefix == Some(b'b') {
                base = 2;
                digits = &digits[2..];
            } else if digits.len() >= 3 && prefix == Some(b'o') {
                base = 8;
                digits = &digits[2..];
            } else if digits.len() >= 3 && prefix == Some(b'x') {
                base = 16;
                digits = &digits[2..];
            } else {
                base = 8;
                digits = &digits[1..];
            }
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
    let s = s.strip_prefix(['+', '-']).unwrap_or(s);
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
/// "2006-1-2 15:4:5.999999999" or "2006-1-2" (Go 1.20+ `time.Parse` rules).
fn parse_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    let year_digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
    if year_digits != 4 || b.get(4) != Some(&b'-') {
        return false;
    }
    let year: u32 = b[..4]
        .iter()
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
                let Some(tz) = b.get(i..i + 6) else {
                    return false;
                };
                let two = |x: u8, y: u8| -> Option<u32> {
                    (x.is_ascii_digit() && y.is_ascii_digit())
                        .then(|| u32::from(x - b'0') * 10 + u32::from(y - b'0'))
                };
                let (Some(hh), Some(mm)) = (two(tz[1], tz[2]), two(tz[4], tz[5])) else {
                    return false;
                };
                if tz[3] != b':' || hh > 24 || mm > 60 || !matches!(tz[0], b'+' | b'-') {
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

    /// `yaml_emitter_emit_node` (the root, sequence and simple-key-less
    /// contexts need no flags of their own here).
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
