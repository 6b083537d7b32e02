//! YAML 1.1 scalar resolution as go-yaml v2 does it (`resolve.go`: `resolve`,
//! `parseTimestamp`). One table serves both directions: the emitter quotes a string exactly
//! when a plain scalar with its text would read back as something else
//! ([`resolves_to_str`]), and the YAML input decoder ([`super::decode`]) gives an unquoted
//! scalar the value the kubelet's decoder gives it ([`resolve`]).

/// What an untagged plain scalar is, read with go-yaml v2's `resolve("", text)`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Resolved {
    /// `~`, `null`, `Null`, `NULL` or nothing.
    Null,
    /// `y`/`yes`/`on`/`true` and `n`/`no`/`off`/`false`, in the three spellings each.
    Bool(bool),
    /// An integer that fits Go's `int` (64-bit): decimal, `0x`, `0o`, `0b`, a leading-zero
    /// octal (`0644`), underscores allowed anywhere (`1_000`).
    Int(i64),
    /// An integer above `int64` that fits `uint64`.
    Uint(u64),
    /// A float (`1.5`, `1e3`, `.inf`, `.nan`).
    Float(f64),
    /// A string; timestamps are kept as strings when decoding into `interface{}`.
    Str,
}

/// `resolve("", s)` of resolve.go, for a plain (unquoted, untagged) scalar.
pub fn resolve(s: &str) -> Resolved {
    let b = s.as_bytes();
    let Some(&first) = b.first() else {
        return Resolved::Null;
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
        _ => return Resolved::Str,
    };
    if let Some(value) = resolve_map(s) {
        return value;
    }
    match hint {
        Hint::Map => Resolved::Str,
        Hint::Dot => go_parse_float(s).map_or(Resolved::Str, Resolved::Float),
        Hint::Number => {
            // A timestamp resolves as such, but decoding into `interface{}` keeps its text.
            if parse_timestamp(s) {
                return Resolved::Str;
            }
            let plain: String = s.chars().filter(|&c| c != '_').collect();
            if let Some(i) = go_parse_int(&plain, 0) {
                return Resolved::Int(i);
            }
            if let Some(u) = go_parse_uint(&plain, 0) {
                return Resolved::Uint(u);
            }
            if yaml_style_float(&plain) {
                if let Some(f) = go_parse_float(&plain) {
                    return Resolved::Float(f);
                }
            }
            if let Some(rest) = plain.strip_prefix("0b") {
                if let Some(i) = go_parse_int(rest, 2) {
                    return Resolved::Int(i);
                }
                if let Some(u) = go_parse_uint(rest, 2) {
                    return Resolved::Uint(u);
                }
            } else if let Some(rest) = plain.strip_prefix("-0b") {
                if let Some(i) = go_parse_int(&format!("-{rest}"), 2) {
                    return Resolved::Int(i);
                }
            }
            Resolved::Str
        }
    }
}

/// Whether `resolve("", s)` in resolve.go yields `!!str`: a plain scalar with this text reads
/// back as this string. Timestamps do not (they resolve to `!!timestamp`).
pub fn resolves_to_str(s: &str) -> bool {
    !parse_timestamp(s) && resolve(s) == Resolved::Str
}

/// resolve.go's `resolveMap` (booleans, nulls, special floats; the merge key `<<` is handled
/// by the decoder, and can never be looked up here because '<' has no hint).
fn resolve_map(s: &str) -> Option<Resolved> {
    Some(match s {
        "y" | "Y" | "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => {
            Resolved::Bool(true)
        }
        "n" | "N" | "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => {
            Resolved::Bool(false)
        }
        "~" | "null" | "Null" | "NULL" => Resolved::Null,
        ".nan" | ".NaN" | ".NAN" => Resolved::Float(f64::NAN),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => Resolved::Float(f64::INFINITY),
        "-.inf" | "-.Inf" | "-.INF" => Resolved::Float(f64::NEG_INFINITY),
        _ => return None,
    })
}

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

/// `strconv.ParseInt(s, base, 64)`.
fn go_parse_int(s: &str, base: u32) -> Option<i64> {
    let (neg, rest) = if let Some(r) = s.strip_prefix('+') {
        (false, r)
    } else if let Some(r) = s.strip_prefix('-') {
        (true, r)
    } else {
        (false, s)
    };
    match go_parse_uint(rest, base) {
        Some(u) if neg && u <= 1 << 63 => Some(0i64.wrapping_sub_unsigned(u)),
        Some(u) if !neg && u < 1 << 63 => i64::try_from(u).ok(),
        _ => None,
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

/// resolve.go's `parseTimestamp`: whether `time.Parse` accepts `s` with one
/// of "2006-1-2T15:4:5.999999999Z07:00", "2006-1-2t15:4:5.999999999Z07:00",
/// "2006-1-2 15:4:5.999999999" or "2006-1-2", with the `time.Parse` rules of
/// current Go (older releases such as Go 1.19 accepted any zone offset and at
/// most nine fractional digits).
pub(crate) fn parse_timestamp(s: &str) -> bool {
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
    let leap = year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
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
