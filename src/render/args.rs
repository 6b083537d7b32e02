//! Building a component's `command` from kubeadm's default flags and the user's extraArgs,
//! in the order the emulated release uses ([`ArgOrder`]).

use crate::config::model::Arg;
use crate::kubeadm::ArgOrder;

/// A list of default flags with kubeadm's `SetArgValues(args, name, value, 1)` semantics:
/// replace the last entry of that name, or append.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Defaults(Vec<Arg>);

impl Defaults {
    pub fn new(args: &[(&str, &str)]) -> Self {
        Defaults(args.iter().map(|(n, v)| Arg::new(*n, *v)).collect())
    }

    pub fn set(&mut self, name: &str, value: impl Into<String>) {
        let value = value.into();
        match self.0.iter_mut().rev().find(|a| a.name == name) {
            Some(arg) => arg.value = value,
            None => self.0.push(Arg::new(name, value)),
        }
    }
}

/// Render `binary` followed by `--name=value` flags.
pub fn command(
    binary: &str,
    defaults: Defaults,
    overrides: &[Arg],
    order: ArgOrder,
) -> Vec<String> {
    let mut out = vec![binary.to_string()];
    out.extend(
        ordered(defaults.0, overrides, order)
            .into_iter()
            .map(|a| format!("--{}={}", a.name, a.value)),
    );
    out
}

fn by_name_then_value(a: &Arg, b: &Arg) -> std::cmp::Ordering {
    a.name.cmp(&b.name).then_with(|| a.value.cmp(&b.value))
}

fn ordered(defaults: Vec<Arg>, overrides: &[Arg], order: ArgOrder) -> Vec<Arg> {
    let overridden = |a: &Arg| overrides.iter().any(|o| o.name == a.name);
    match order {
        // BuildArgumentListFromMap: a map of defaults overlaid with the extraArgs map, emitted
        // in sort.Strings order of the flag names. (v1beta3 maps cannot hold duplicates.)
        ArgOrder::MapSorted => {
            let mut merged: std::collections::BTreeMap<String, String> =
                defaults.into_iter().map(|a| (a.name, a.value)).collect();
            for o in overrides {
                merged.insert(o.name.clone(), o.value.clone());
            }
            merged.into_iter().map(|(n, v)| Arg::new(n, v)).collect()
        }
        // ArgumentsToCommand (1.31): overrides plus the defaults they do not name, all sorted
        // by name, then value.
        ArgOrder::ListSorted => {
            let mut all: Vec<Arg> = overrides.to_vec();
            all.extend(defaults.into_iter().filter(|a| !overridden(a)));
            all.sort_by(by_name_then_value);
            all
        }
        // PR #135400: the defaults (sorted) the user does not override, then the overrides
        // exactly as the user wrote them.
        ArgOrder::OverridesAppended => {
            let mut base: Vec<Arg> = defaults.into_iter().filter(|a| !overridden(a)).collect();
            base.sort_by(by_name_then_value);
            base.extend(overrides.iter().cloned());
            base
        }
    }
}

/// Authorization modes kube-apiserver accepts (`authzmodes.AuthorizationModeChoices`).
const AUTHZ_MODES: &[&str] = &[
    "AlwaysAllow",
    "AlwaysDeny",
    "ABAC",
    "Webhook",
    "RBAC",
    "Node",
];

/// `getAuthzModes`: keep the valid modes the user asked for, in their order; `Node,RBAC` when
/// none is valid or none was asked for. Returns the value and the names it dropped.
pub fn authz_modes(requested: Option<&str>) -> (String, Vec<String>) {
    let mut kept = Vec::new();
    let mut dropped = Vec::new();
    for mode in requested.unwrap_or("").split(',').filter(|m| !m.is_empty()) {
        if AUTHZ_MODES.contains(&mode) {
            kept.push(mode);
        } else {
            dropped.push(mode.to_string());
        }
    }
    if kept.is_empty() {
        ("Node,RBAC".to_string(), dropped)
    } else {
        (kept.join(","), dropped)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(pairs: &[(&str, &str)]) -> Vec<Arg> {
        pairs.iter().map(|(n, v)| Arg::new(*n, *v)).collect()
    }

    fn flags(cmd: &[String]) -> Vec<&str> {
        cmd.iter().skip(1).map(String::as_str).collect()
    }

    #[test]
    fn set_replaces_or_appends() {
        let mut d = Defaults::new(&[("a", "1")]);
        d.set("a", "2");
        d.set("b", "3");
        assert_eq!(d.0, args(&[("a", "2"), ("b", "3")]));
    }

    #[test]
    fn map_sorted_sorts_by_flag_name_not_rendered_text() {
        let d = Defaults::new(&[("a-b", "1"), ("a", "2")]);
        let cmd = command(
            "x",
            d,
            &args(&[("z", "9"), ("a", "3")]),
            ArgOrder::MapSorted,
        );
        // "--a=" sorts after "--a-b=" as text, but kubeadm sorts the names.
        assert_eq!(flags(&cmd), ["--a=3", "--a-b=1", "--z=9"]);
    }

    #[test]
    fn list_sorted_keeps_duplicates_ordered_by_value() {
        let d = Defaults::new(&[("b", "1"), ("c", "1")]);
        let o = args(&[("t", "300"), ("t", "10"), ("b", "2")]);
        let cmd = command("x", d, &o, ArgOrder::ListSorted);
        assert_eq!(flags(&cmd), ["--b=2", "--c=1", "--t=10", "--t=300"]);
    }

    #[test]
    fn overrides_appended_in_user_order() {
        let d = Defaults::new(&[("c", "1"), ("a", "1"), ("b", "1")]);
        let o = args(&[("z", "1"), ("a", "2"), ("a", "0")]);
        let cmd = command("x", d, &o, ArgOrder::OverridesAppended);
        assert_eq!(flags(&cmd), ["--b=1", "--c=1", "--z=1", "--a=2", "--a=0"]);
    }

    #[test]
    fn authz_filtering() {
        assert_eq!(authz_modes(None).0, "Node,RBAC");
        assert_eq!(authz_modes(Some("")).0, "Node,RBAC");
        let (value, dropped) = authz_modes(Some("Node,Bogus,Webhook,RBAC"));
        assert_eq!(value, "Node,Webhook,RBAC");
        assert_eq!(dropped, ["Bogus"]);
        assert_eq!(authz_modes(Some("Bogus")).0, "Node,RBAC");
    }
}
