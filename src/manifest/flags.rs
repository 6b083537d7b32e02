//! The flags of a control-plane container command (shared by `diff`'s node facts and every
//! `verify` check), read the way the components' flag parser
//! (spf13/pflag) reads them: `--name=value`, `--name value` (when the next argument does not
//! start with `-`), a bare `--name` (a boolean: `true`), single-dash `-v=2`. The last
//! occurrence of a flag wins; every occurrence is kept for repeatable flags
//! (`--service-account-key-file`).

use std::collections::BTreeMap;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Flags(BTreeMap<String, Vec<String>>);

impl Flags {
    /// Flags of `command` (`command[0]`, the binary, is not a flag and is skipped when it does
    /// not start with `-`).
    pub fn parse(command: &[String]) -> Flags {
        let mut map: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut args = command.iter().peekable();
        while let Some(arg) = args.next() {
            let Some(body) = arg.strip_prefix("--").or_else(|| arg.strip_prefix('-')) else {
                continue;
            };
            if body.is_empty() {
                continue;
            }
            let (name, value) = match body.split_once('=') {
                Some((name, value)) => (name, value.to_string()),
                None => match args.next_if(|next| !next.starts_with('-')) {
                    Some(next) => (body, next.clone()),
                    None => (body, "true".to_string()),
                },
            };
            if !name.is_empty() {
                map.entry(name.to_string()).or_default().push(value);
            }
        }
        Flags(map)
    }

    /// The effective value: the last occurrence, unless it is empty (= not set).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .get(name)
            .and_then(|values| values.last())
            .map(String::as_str)
            .filter(|value| !value.trim().is_empty())
    }

    /// Every occurrence, in order.
    pub fn all(&self, name: &str) -> &[String] {
        self.0.get(name).map(Vec::as_slice).unwrap_or(&[])
    }

    /// `(name, effective value)` of every flag given, sorted by name.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0
            .iter()
            .filter_map(|(name, values)| values.last().map(|value| (name.as_str(), value.as_str())))
    }

    /// A boolean flag as Go's `strconv.ParseBool` reads it; None when unset or unparseable.
    pub fn bool(&self, name: &str) -> Option<bool> {
        match self.get(name)? {
            "1" | "t" | "T" | "true" | "TRUE" | "True" => Some(true),
            "0" | "f" | "F" | "false" | "FALSE" | "False" => Some(false),
            _ => None,
        }
    }

    /// A comma-separated list flag, trimmed, empty elements dropped.
    pub fn list(&self, name: &str) -> Vec<&str> {
        self.get(name)
            .map(|value| {
                value
                    .split(',')
                    .map(str::trim)
                    .filter(|item| !item.is_empty())
                    .collect()
            })
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Flags {
        let command: Vec<String> = args.iter().map(|a| a.to_string()).collect();
        Flags::parse(&command)
    }

    #[test]
    fn forms_and_last_wins() {
        let f = parse(&[
            "kube-apiserver",
            "--a=1",
            "--a=2",
            "--b",
            "x",
            "--c",
            "-v=4",
            "--empty=",
            "--list=a, b,,c",
        ]);
        assert_eq!(f.get("a"), Some("2"));
        assert_eq!(f.all("a"), ["1", "2"]);
        assert_eq!(f.get("b"), Some("x"));
        assert_eq!(f.get("c"), Some("true"));
        assert_eq!(f.bool("c"), Some(true));
        assert_eq!(f.get("v"), Some("4"));
        assert_eq!(f.get("empty"), None);
        assert_eq!(f.list("list"), ["a", "b", "c"]);
        assert_eq!(f.get("kube-apiserver"), None);
        assert_eq!(f.bool("missing"), None);
    }

    #[test]
    fn empty_last_value_unsets() {
        let f = parse(&["--a=1", "--a="]);
        assert_eq!(f.get("a"), None);
        assert_eq!(f.all("a").len(), 2);
    }
}
