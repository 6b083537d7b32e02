//! The command line each component is started with, read by its own flag parser
//! ([`crate::manifest::flags`]): an argument the parser refuses — a stray positional such as
//! the `false` of `--profiling false` (a boolean never takes the next argument), an invalid
//! boolean, a list value that is not one CSV record, an unknown shorthand — makes the
//! component exit at start, and the kubelet restarts it in a loop.
//!
//! Only commands that run the component's own binary (`command[0]` names it, or the command
//! starts with a flag: the image's entrypoint) are read; another `command[0]` is
//! `POD-COMMAND`'s business.

use super::finding::{Finding, Severity};
use super::scan::PodView;
use crate::manifest::flags::{component_of, Problem};

pub fn check(pods: &[PodView<'_>]) -> Vec<Finding> {
    let mut out = Vec::new();
    for pod in pods {
        let runs_binary = component_of(&pod.command) == Some(pod.component)
            || pod.command.first().is_some_and(|c| c.starts_with('-'));
        if !runs_binary {
            continue;
        }
        let name = pod.component.name();
        for problem in pod.flags.problems() {
            let (id, message) = match problem {
                Problem::Positional {
                    index,
                    value,
                    after_bool: Some(flag),
                } => (
                    "FLAG-POSITIONAL",
                    format!(
                        "command element {index} `{value}` is a positional argument: the boolean `--{flag}` never takes the next argument, and {name} refuses positional arguments and does not start; write `--{flag}={value}`"
                    ),
                ),
                Problem::Positional { index, value, .. } => (
                    "FLAG-POSITIONAL",
                    format!(
                        "command element {index} `{value}` is a positional argument: {name} refuses positional arguments and does not start; make it a flag (`--name=value`) or remove it"
                    ),
                ),
                Problem::Invalid { index, arg, reason } => (
                    "FLAG-SYNTAX",
                    format!(
                        "command element {index} `{arg}` is refused by {name}'s flag parser ({reason}), so it does not start; fix the argument"
                    ),
                ),
            };
            out.push(Finding {
                id: id.to_string(),
                severity: Severity::Error,
                component: Some(name.to_string()),
                file: Some(pod.path.to_path_buf()),
                message,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::component::Component;
    use crate::verify::scan::members_from;
    use std::path::Path;

    fn pod_with(command: &[&str]) -> Vec<u8> {
        let items: Vec<String> = command.iter().map(|c| format!("    - \"{c}\"\n")).collect();
        format!(
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: kube-apiserver\nspec:\n  containers:\n  - name: kube-apiserver\n    image: registry.k8s.io/kube-apiserver:v1.33.0\n    command:\n{}",
            items.concat()
        )
        .into_bytes()
    }

    fn run(command: &[&str]) -> Vec<Finding> {
        let members = members_from(
            Path::new("/m"),
            &[(Component::KubeApiserver, Some(pod_with(command)))],
        );
        let pods: Vec<PodView<'_>> = members.iter().filter_map(|m| m.pod()).collect();
        check(&pods)
    }

    #[test]
    fn bool_followed_by_a_value_is_a_positional() {
        let found = run(&["kube-apiserver", "--profiling", "false"]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].id, "FLAG-POSITIONAL");
        assert_eq!(found[0].severity, Severity::Error);
        assert!(found[0].message.contains("write `--profiling=false`"));
        assert_eq!(
            found[0].file.as_deref(),
            Some(Path::new("/m/kube-apiserver.yaml"))
        );
    }

    #[test]
    fn invalid_boolean_is_a_syntax_finding_and_clean_commands_pass() {
        let found = run(&["kube-apiserver", "--anonymous-auth=no"]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].id, "FLAG-SYNTAX");
        assert!(run(&["kube-apiserver", "--profiling=false", "--anonymous-auth"]).is_empty());
        // A shell wrapper is not read (POD-COMMAND reports it).
        assert!(run(&["/bin/sh", "-c", "kube-apiserver --profiling false"]).is_empty());
    }
}
