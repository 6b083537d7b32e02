//! extraArgs: the flags on disk that kubeadm's defaults do not explain, chosen so that the
//! release's argument order ([`ArgOrder`]) rebuilds the command on disk exactly.

use crate::config::model::Arg;
use crate::config::ConfigApi;
use crate::kubeadm::ArgOrder;
use crate::render::args::{command, Defaults};

/// The extraArgs that turn the `defaults` command into `disk`, or `None` when no extraArgs
/// list can (the flags are out of the release's order, a v1beta3 map cannot hold a
/// duplicate, …). Defaults absent on disk are ignored here: the patch removes them.
pub fn infer(defaults: &[Arg], disk: &[Arg], order: ArgOrder, api: ConfigApi) -> Option<Vec<Arg>> {
    let kept: Vec<Arg> = defaults
        .iter()
        .filter(|d| disk.iter().any(|a| a.name == d.name))
        .cloned()
        .collect();
    let rebuilds =
        |extra: &[Arg]| representable(extra, api) && build(&kept, extra, order, api) == disk;
    match order {
        ArgOrder::MapSorted | ArgOrder::ListSorted => {
            let extra: Vec<Arg> = disk
                .iter()
                .filter(|a| {
                    let on_disk: Vec<&str> = values(disk, &a.name);
                    let default: Vec<&str> = values(&kept, &a.name);
                    on_disk != default
                })
                .cloned()
                .collect();
            rebuilds(&extra).then_some(extra)
        }
        // The defaults not overridden come first (sorted), the extraArgs after them in the
        // user's order: the longest sorted prefix explained by the defaults wins.
        ArgOrder::OverridesAppended => (0..=disk.len())
            .rev()
            .map(|split| disk[split..].to_vec())
            .find(|extra| rebuilds(extra)),
    }
}

fn values<'a>(args: &'a [Arg], name: &str) -> Vec<&'a str> {
    args.iter()
        .filter(|a| a.name == name)
        .map(|a| a.value.as_str())
        .collect()
}

/// A v1beta3 extraArgs map holds each name once.
fn representable(extra: &[Arg], api: ConfigApi) -> bool {
    match api {
        ConfigApi::V1beta4 => true,
        ConfigApi::V1beta3 => {
            let mut names: Vec<&str> = extra.iter().map(|a| a.name.as_str()).collect();
            names.sort_unstable();
            names.windows(2).all(|w| w[0] != w[1])
        }
    }
}

/// The flags the renderer writes for `defaults` plus `extra` (a v1beta3 map reaches the
/// renderer sorted by name).
fn build(defaults: &[Arg], extra: &[Arg], order: ArgOrder, api: ConfigApi) -> Vec<Arg> {
    let pairs: Vec<(&str, &str)> = defaults
        .iter()
        .map(|a| (a.name.as_str(), a.value.as_str()))
        .collect();
    let mut extra = extra.to_vec();
    if api == ConfigApi::V1beta3 {
        extra.sort_by(|a, b| a.name.cmp(&b.name));
    }
    let rendered = command("", Defaults::new(&pairs), &extra, order);
    super::read::parse_flags(&rendered).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(pairs: &[(&str, &str)]) -> Vec<Arg> {
        pairs.iter().map(|(n, v)| Arg::new(*n, *v)).collect()
    }

    const DEFAULTS: &[(&str, &str)] = &[("a", "1"), ("c", "1"), ("e", "1")];

    #[test]
    fn map_sorted_takes_new_and_changed_flags() {
        let disk = args(&[("a", "1"), ("b", "x"), ("c", "2"), ("e", "1")]);
        let extra = infer(
            &args(DEFAULTS),
            &disk,
            ArgOrder::MapSorted,
            ConfigApi::V1beta3,
        );
        assert_eq!(extra, Some(args(&[("b", "x"), ("c", "2")])));
    }

    #[test]
    fn map_sorted_refuses_unsorted_disk() {
        let disk = args(&[("c", "1"), ("a", "1"), ("e", "1")]);
        assert_eq!(
            infer(
                &args(DEFAULTS),
                &disk,
                ArgOrder::MapSorted,
                ConfigApi::V1beta3
            ),
            None
        );
    }

    #[test]
    fn missing_default_is_left_to_the_patch() {
        let disk = args(&[("a", "1"), ("e", "1"), ("z", "9")]);
        let extra = infer(
            &args(DEFAULTS),
            &disk,
            ArgOrder::ListSorted,
            ConfigApi::V1beta4,
        );
        assert_eq!(extra, Some(args(&[("z", "9")])));
    }

    #[test]
    fn list_sorted_keeps_duplicates() {
        let disk = args(&[
            ("a", "1"),
            ("c", "1"),
            ("e", "1"),
            ("t", "10"),
            ("t", "300"),
        ]);
        let extra = infer(
            &args(DEFAULTS),
            &disk,
            ArgOrder::ListSorted,
            ConfigApi::V1beta4,
        );
        assert_eq!(extra, Some(args(&[("t", "10"), ("t", "300")])));
        assert_eq!(
            infer(
                &args(DEFAULTS),
                &disk,
                ArgOrder::ListSorted,
                ConfigApi::V1beta3
            ),
            None
        );
    }

    #[test]
    fn appended_takes_the_shortest_suffix() {
        let disk = args(&[("a", "1"), ("e", "1"), ("z", "1"), ("c", "5")]);
        let extra = infer(
            &args(DEFAULTS),
            &disk,
            ArgOrder::OverridesAppended,
            ConfigApi::V1beta4,
        );
        assert_eq!(extra, Some(args(&[("z", "1"), ("c", "5")])));
        let plain = args(DEFAULTS);
        assert_eq!(
            infer(
                &plain,
                &plain,
                ArgOrder::OverridesAppended,
                ConfigApi::V1beta4
            ),
            Some(vec![])
        );
    }

    #[test]
    fn appended_reorder_in_the_middle_becomes_a_suffix() {
        let disk = args(&[("a", "1"), ("x", "1"), ("c", "1"), ("e", "1")]);
        let extra = infer(
            &args(DEFAULTS),
            &disk,
            ArgOrder::OverridesAppended,
            ConfigApi::V1beta4,
        );
        assert_eq!(extra, Some(args(&[("x", "1"), ("c", "1"), ("e", "1")])));
    }
}
