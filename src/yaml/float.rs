//! Go's float formatting as go-yaml v2 writes a `float64` (`strconv.FormatFloat(f, 'g', -1,
//! 64)` with go-yaml's `.inf`/`.nan` names), with Go's shortest-digit choice.

/// `strconv.FormatFloat(f, 'g', -1, 64)` plus go-yaml's `.inf`/`.nan` names.
pub(crate) fn go_format_float(f: f64) -> String {
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
