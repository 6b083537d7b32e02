//! Go `time.Duration` strings as kubeadm's config API writes them (`4m0s`, `90s`, `1h30m`,
//! `1.5h`, `500ms`), as used by `metav1.Duration`.

use std::time::Duration;

/// Parse a Go duration string (`time.ParseDuration`). Negative durations are rejected: no
/// kubeadm timeout may be negative.
pub fn parse_go_duration(text: &str) -> Result<Duration, String> {
    let expected = "expected a Go duration such as 4m0s, 90s or 1h30m";
    let mut rest = text;
    if let Some(stripped) = rest.strip_prefix('+') {
        rest = stripped;
    }
    if rest.starts_with('-') {
        return Err(format!("{text:?}: negative durations are not allowed"));
    }
    if rest == "0" {
        return Ok(Duration::ZERO);
    }
    if rest.is_empty() {
        return Err(format!("{text:?}: {expected}"));
    }
    let mut total_nanos: f64 = 0.0;
    while !rest.is_empty() {
        let number_len = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        let (number, tail) = rest.split_at(number_len);
        if number.is_empty() || number == "." {
            return Err(format!("{text:?}: {expected}"));
        }
        let value: f64 = number
            .parse()
            .map_err(|_| format!("{text:?}: {expected}"))?;
        let unit_len = tail
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(tail.len());
        let (unit, after) = tail.split_at(unit_len);
        let scale = match unit {
            "ns" => 1.0,
            "us" | "µs" | "μs" => 1e3,
            "ms" => 1e6,
            "s" => 1e9,
            "m" => 60e9,
            "h" => 3600e9,
            "" => return Err(format!("{text:?}: missing unit ({expected})")),
            other => return Err(format!("{text:?}: unknown unit {other:?} ({expected})")),
        };
        total_nanos += value * scale;
        rest = after;
    }
    if !total_nanos.is_finite() || total_nanos > u64::MAX as f64 {
        return Err(format!("{text:?}: duration out of range"));
    }
    Ok(Duration::from_nanos(total_nanos.round() as u64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_forms() {
        assert_eq!(parse_go_duration("4m0s"), Ok(Duration::from_secs(240)));
        assert_eq!(parse_go_duration("90s"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_go_duration("1h30m"), Ok(Duration::from_secs(5400)));
        assert_eq!(parse_go_duration("1.5h"), Ok(Duration::from_secs(5400)));
        assert_eq!(parse_go_duration("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(parse_go_duration("0"), Ok(Duration::ZERO));
    }

    #[test]
    fn rejects_bad_forms() {
        for bad in ["", "4", "4x", "-1s", "m", "1..5s"] {
            assert!(
                parse_go_duration(bad).is_err(),
                "{bad:?} should be rejected"
            );
        }
    }
}
