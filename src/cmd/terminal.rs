//! What the terminal can show: colour (`--color`, `NO_COLOR`, `TERM=dumb`) and whether the
//! locale is UTF-8 (else messages use ASCII for arrows and dashes).

use std::borrow::Cow;

use crate::cli::ColorChoice;

/// Colour on stdout: `always`/`never` as asked; `auto` on a terminal, unless `NO_COLOR` is
/// set (non-empty, no-color.org) or `TERM` is `dumb` (a terminal that cannot show escapes).
pub fn color(choice: ColorChoice, env: &dyn Fn(&str) -> Option<String>, tty: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            tty && env("NO_COLOR").is_none_or(|v| v.is_empty())
                && env("TERM").is_none_or(|term| term != "dumb")
        }
    }
}

/// The character-set locale, as `setlocale(LC_CTYPE, "")` picks it: the first non-empty of
/// `LC_ALL`, `LC_CTYPE`, `LANG`. With none set the answer is UTF-8 (what every current
/// terminal shows; a C locale must be asked for). UTF-8 when the name says so
/// (`en_US.UTF-8`, `C.utf8`).
pub fn locale_is_utf8(env: &dyn Fn(&str) -> Option<String>) -> bool {
    let Some(locale) = ["LC_ALL", "LC_CTYPE", "LANG"]
        .into_iter()
        .find_map(|name| env(name).filter(|v| !v.is_empty()))
    else {
        return true;
    };
    let lower = locale.to_ascii_lowercase();
    lower.contains("utf-8") || lower.contains("utf8")
}

/// The non-ASCII symbols staticpod's own messages use, and their ASCII spelling.
const SYMBOLS: [(char, &str); 6] = [
    ('→', "->"),
    ('—', "--"),
    ('–', "-"),
    ('…', "..."),
    ('≥', ">="),
    ('≤', "<="),
];

/// `text` with [`SYMBOLS`] spelled in ASCII (anything else is left as it is).
pub fn ascii_symbols(text: &str) -> Cow<'_, str> {
    if text.is_ascii() || !text.chars().any(|c| SYMBOLS.iter().any(|(s, _)| *s == c)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match SYMBOLS.iter().find(|(s, _)| *s == c) {
            Some((_, ascii)) => out.push_str(ascii),
            None => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env_of<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            vars.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn dumb_terminals_and_no_color_get_no_colour() {
        let auto = |vars: &[(&str, &str)], tty| color(ColorChoice::Auto, &env_of(vars), tty);
        assert!(auto(&[("TERM", "xterm-256color")], true));
        assert!(!auto(&[("TERM", "dumb")], true));
        assert!(!auto(&[("NO_COLOR", "1")], true));
        assert!(auto(&[("NO_COLOR", "")], true));
        assert!(!auto(&[], false));
        assert!(color(
            ColorChoice::Always,
            &env_of(&[("TERM", "dumb")]),
            false
        ));
    }

    #[test]
    fn the_first_set_locale_variable_decides() {
        let utf8 = |vars: &[(&str, &str)]| locale_is_utf8(&env_of(vars));
        assert!(utf8(&[]));
        assert!(utf8(&[("LANG", "en_US.UTF-8")]));
        assert!(utf8(&[("LANG", "C.utf8")]));
        assert!(!utf8(&[("LANG", "C")]));
        assert!(!utf8(&[("LANG", "de_DE.ISO-8859-1")]));
        assert!(!utf8(&[("LC_ALL", "POSIX"), ("LANG", "en_US.UTF-8")]));
        assert!(utf8(&[
            ("LC_ALL", ""),
            ("LC_CTYPE", "en_GB.UTF-8"),
            ("LANG", "C")
        ]));
        assert!(!utf8(&[("LC_CTYPE", "C"), ("LANG", "en_US.UTF-8")]));
    }

    #[test]
    fn symbols_are_spelled_in_ascii() {
        assert_eq!(
            ascii_symbols("1.30 → 1.31 — skips… ≥ 3 – x ü"),
            "1.30 -> 1.31 -- skips... >= 3 - x ü"
        );
        assert!(matches!(ascii_symbols("plain"), Cow::Borrowed("plain")));
    }
}
