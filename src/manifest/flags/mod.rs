//! The flags of a control-plane container command (shared by `diff`'s node facts and every
//! `verify` check), read the way the component's own flag parser reads them.
//!
//! kube-apiserver, kube-controller-manager and kube-scheduler use spf13/pflag (through cobra),
//! etcd uses Go's standard `flag` package ([`table::Syntax`]). The rules:
//! - `--name=value`; `--name value` (a non-boolean flag takes the next argument); a boolean
//!   flag ([`table::Table::bools`]) **never** takes the next argument: `--profiling false` is
//!   `--profiling=true` followed by the positional argument `false`, which the component refuses
//!   ([`Problem::Positional`]); pflag's single dash is a one-letter shorthand (`-v=4`, `-v 4`,
//!   `-v4`; kube components define no other);
//! - a **list flag** given twice appends ([`table::ListKind`]: pflag `StringSlice` splits each
//!   value as one CSV record, `StringArray` keeps it whole, `--feature-gates` merges pairs);
//!   any other flag given twice: the last wins;
//! - `--` ends the flags; etcd (Go `flag`) also stops at the first positional.
//!
//! A flag the table does not know (another component's flag, a typo) takes the next argument
//! when that does not look like a flag (the component would refuse an unknown flag anyway).

pub mod csv;
pub mod table;

use std::collections::BTreeMap;

use crate::component::Component;
use table::{ListKind, Syntax, Table};

/// Why the component would refuse its command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// A positional argument (kube components refuse a non-empty one, etcd any).
    Positional {
        /// Index in the command (command + args).
        index: usize,
        /// The argument.
        value: String,
        /// The boolean flag just before it (`--profiling false`), if any.
        after_bool: Option<String>,
    },
    /// An argument the flag parser rejects.
    Invalid {
        /// Index in the command (command + args).
        index: usize,
        /// The argument.
        arg: String,
        /// What the parser says, as a sentence fragment.
        reason: String,
    },
}

/// The flags of a component's command line, read with that component's parser rules: list
/// flags accumulate, others keep their last value; arguments the component would refuse are
/// kept as [`Problem`]s.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Flags {
    component: Option<Component>,
    /// Every occurrence's raw value, in order.
    occurrences: BTreeMap<String, Vec<String>>,
    /// The accumulated elements of list flags.
    elements: BTreeMap<String, Vec<String>>,
    /// The effective value: list elements joined with `,`, else the last occurrence.
    effective: BTreeMap<String, String>,
    problems: Vec<Problem>,
}

/// The component whose binary `command[0]` names (`/usr/local/bin/kube-apiserver` too).
pub fn component_of(command: &[String]) -> Option<Component> {
    let first = command.first()?;
    let base = first.rsplit('/').next().unwrap_or(first);
    Component::ALL.into_iter().find(|c| c.name() == base)
}

impl Flags {
    /// Flags of `command`, with the rules of the component its first element names (generic
    /// rules when it names none). `command[0]` is skipped when it does not start with `-`.
    pub fn parse(command: &[String]) -> Flags {
        Flags::read(component_of(command), command)
    }

    /// Flags of `component`'s `command` (its command followed by its args).
    pub fn parse_as(component: Component, command: &[String]) -> Flags {
        Flags::read(Some(component), command)
    }

    fn read(component: Option<Component>, command: &[String]) -> Flags {
        let table = component.map(table::table);
        let mut flags = Flags {
            component,
            ..Flags::default()
        };
        let syntax = table.map_or(Syntax::Pflag, |t| t.syntax);
        let start = usize::from(command.first().is_some_and(|c| !c.starts_with('-')));
        let mut i = start;
        let mut stopped = false;
        let mut bare_bool: Option<String> = None;
        while i < command.len() {
            let index = i;
            let arg = &command[i];
            i += 1;
            let after_bool = bare_bool.take();
            if stopped || arg.len() < 2 || !arg.starts_with('-') {
                // cobra's Args check of the kube components ignores empty arguments.
                if syntax == Syntax::GoFlag || !arg.is_empty() {
                    flags.problems.push(Problem::Positional {
                        index,
                        value: arg.clone(),
                        after_bool,
                    });
                }
                stopped |= syntax == Syntax::GoFlag;
                continue;
            }
            if arg == "--" {
                stopped = true;
                continue;
            }
            let long = arg.strip_prefix("--");
            let invalid = |reason: String| Problem::Invalid {
                index,
                arg: arg.clone(),
                reason,
            };
            let body = match (long, table) {
                (Some(body), _) => body,
                (None, Some(t)) if t.syntax == Syntax::Pflag => {
                    flags.shorthand(command, &mut i, index);
                    continue;
                }
                (None, _) => &arg[1..],
            };
            if body.is_empty() || body.starts_with('-') || body.starts_with('=') {
                flags.problems.push(invalid("bad flag syntax".to_string()));
                continue;
            }
            let (name, value) = match body.split_once('=') {
                Some((name, value)) => (name, Some(value.to_string())),
                None => (body, None),
            };
            let is_bool = table.is_some_and(|t| t.is_bool(name));
            let known_value_flag = table.is_some_and(|t| t.list(name).is_some());
            let value = match value {
                Some(value) => value,
                None if is_bool => {
                    bare_bool = Some(name.to_string());
                    "true".to_string()
                }
                None if known_value_flag => match command.get(i) {
                    Some(next) => {
                        i += 1;
                        next.clone()
                    }
                    None => {
                        flags
                            .problems
                            .push(invalid(format!("flag needs an argument: --{name}")));
                        continue;
                    }
                },
                None => match command.get(i) {
                    Some(next) if !(next.starts_with('-') && next.len() > 1) => {
                        i += 1;
                        next.clone()
                    }
                    _ => "true".to_string(),
                },
            };
            flags.record(table, index, arg, name, value);
        }
        flags.finish(table);
        flags
    }

    /// A pflag single-dash argument: one-letter shorthands; kube components define only `-v`
    /// (klog's verbosity; `-h` prints the help and exits).
    fn shorthand(&mut self, command: &[String], i: &mut usize, index: usize) {
        let arg = &command[index];
        let rest = &arg[1..];
        let Some(value) = rest.strip_prefix('v') else {
            let letter = rest.chars().next().unwrap_or('-');
            self.problems.push(Problem::Invalid {
                index,
                arg: arg.clone(),
                reason: format!(
                    "unknown shorthand flag: '{letter}' in {arg} (pflag reads one dash as one-letter shorthands; write --{rest})"
                ),
            });
            return;
        };
        let value = match value.strip_prefix('=') {
            Some(v) => Some(v.to_string()),
            None if !value.is_empty() => Some(value.to_string()),
            None => {
                let next = command.get(*i).cloned();
                *i += usize::from(next.is_some());
                next
            }
        };
        match value {
            Some(value) => self.record(None, index, arg, "v", value),
            None => self.problems.push(Problem::Invalid {
                index,
                arg: arg.clone(),
                reason: "flag needs an argument: 'v' in -v".to_string(),
            }),
        }
    }

    fn record(
        &mut self,
        table: Option<&Table>,
        index: usize,
        arg: &str,
        name: &str,
        value: String,
    ) {
        if name.is_empty() {
            return;
        }
        let invalid = |reason: String| Problem::Invalid {
            index,
            arg: arg.to_string(),
            reason,
        };
        if table.is_some_and(|t| t.is_bool(name))
            && parse_bool(&value).is_none()
            && name != "version"
        {
            self.problems.push(invalid(format!(
                "invalid argument \"{value}\" for --{name}: a boolean is true or false (Go strconv.ParseBool)"
            )));
        }
        if let Some(list) = table.and_then(|t| t.list(name)) {
            let first = !self.occurrences.contains_key(name);
            let new: Vec<String> = match list.kind {
                ListKind::Slice if value.is_empty() => Vec::new(),
                ListKind::Slice => match csv::read_record(&value) {
                    Ok(fields) => fields,
                    Err(why) => {
                        self.problems.push(invalid(format!(
                            "invalid argument \"{value}\" for --{name}: the list is read as one CSV record: {why}"
                        )));
                        Vec::new()
                    }
                },
                ListKind::Array => vec![value.clone()],
                ListKind::MapMerge => value
                    .split(',')
                    .filter(|pair| !pair.is_empty())
                    .map(str::to_string)
                    .collect(),
            };
            let elements = self.elements.entry(name.to_string()).or_default();
            if first {
                *elements = new;
            } else {
                elements.extend(new);
            }
        }
        self.occurrences
            .entry(name.to_string())
            .or_default()
            .push(value);
    }

    fn finish(&mut self, table: Option<&Table>) {
        for (name, values) in &self.occurrences {
            let value = match (table.and_then(|t| t.list(name)), self.elements.get(name)) {
                (Some(_), Some(elements)) => elements.join(","),
                _ => values.last().cloned().unwrap_or_default(),
            };
            self.effective.insert(name.clone(), value);
        }
    }

    /// The component whose rules were used.
    pub fn component(&self) -> Option<Component> {
        self.component
    }

    /// What the component would refuse on this command line, in order.
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// The effective value (a list flag's elements joined with `,`; else the last occurrence),
    /// unless it is empty (= not set).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.effective
            .get(name)
            .map(String::as_str)
            .filter(|value| !value.trim().is_empty())
    }

    /// Every occurrence's raw value, in order.
    pub fn all(&self, name: &str) -> &[String] {
        self.occurrences.get(name).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Whether `name` is one of this component's list flags.
    pub fn is_list(&self, name: &str) -> bool {
        self.component
            .is_some_and(|c| table::table(c).list(name).is_some())
    }

    /// `(name, effective value)` of every flag given, sorted by name.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.effective
            .iter()
            .map(|(name, value)| (name.as_str(), value.as_str()))
    }

    /// A boolean flag as Go's `strconv.ParseBool` reads it; None when unset or unparseable.
    pub fn bool(&self, name: &str) -> Option<bool> {
        parse_bool(self.get(name)?)
    }

    /// The elements of a list: a list flag's accumulated elements, else the comma-separated
    /// parts of the effective value; trimmed, empty elements dropped.
    pub fn list(&self, name: &str) -> Vec<&str> {
        match self.elements.get(name) {
            Some(elements) => elements
                .iter()
                .map(|e| e.trim())
                .filter(|e| !e.is_empty())
                .collect(),
            None => self
                .get(name)
                .map(|value| {
                    value
                        .split(',')
                        .map(str::trim)
                        .filter(|item| !item.is_empty())
                        .collect()
                })
                .unwrap_or_default(),
        }
    }
}

/// Go's `strconv.ParseBool`.
pub fn parse_bool(value: &str) -> Option<bool> {
    match value {
        "1" | "t" | "T" | "true" | "TRUE" | "True" => Some(true),
        "0" | "f" | "F" | "false" | "FALSE" | "False" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
