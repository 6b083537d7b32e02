//! Machine formats of a verify [`Report`](crate::verify::Report) for monitoring and
//! pipelines: [`prometheus`](crate::verify::report::prometheus) (node_exporter textfile
//! collector) and [`junit`](mod@crate::verify::report::junit) (CI test reports), with the facts
//! they add to the findings: [`certificates`](crate::verify::report::certificates) (expiry per
//! certificate) and [`inventory`](crate::verify::report::inventory) (what each manifest runs).

pub mod catalogue;
pub mod certificates;
pub mod inventory;
pub mod junit;
pub mod prometheus;

/// `path` under `root` as the node sees it: `/tmp/node/etc/kubernetes/pki/ca.crt` with root
/// `/tmp/node` is `/etc/kubernetes/pki/ca.crt`; a path outside the root is kept as it is.
pub fn node_path(root: &std::path::Path, path: &std::path::Path) -> String {
    match path.strip_prefix(root) {
        Ok(rest) => format!("/{}", rest.display()),
        Err(_) => path.display().to_string(),
    }
}

use std::path::Path;
use std::time::SystemTime;

use super::{Options, Report};
use crate::fsx::read::Limit;

/// The file `--textfile-dir` writes (node_exporter reads `*.prom`).
pub const TEXTFILE_NAME: &str = "staticpod.prom";

/// `-o prometheus` / `--textfile-dir`: the run's metrics.
pub fn metrics(options: &Options, report: &Report) -> String {
    let certificates = certificates::expiries(&options.root, report);
    let manifests = inventory::read(&options.manifests_dir);
    prometheus::render(&prometheus::Metrics {
        report,
        certificates: &certificates,
        manifests: &manifests,
        now: unix_seconds(options.now),
        root: &options.root,
    })
}

/// `-o junit`: one testcase per check id that ran.
pub fn junit(options: &Options, report: &Report) -> String {
    let groups = catalogue::ran(options, report);
    junit::render(&junit::Run {
        report,
        groups: &groups,
        now: unix_seconds(options.now),
        hostname: &hostname(&options.root),
        manifests_dir: &options.manifests_dir.display().to_string(),
    })
}

fn unix_seconds(t: SystemTime) -> i64 {
    match t.duration_since(SystemTime::UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
        Err(e) => -i64::try_from(e.duration().as_secs()).unwrap_or(i64::MAX),
    }
}

/// `<root>/etc/hostname` (its first line), else `localhost`.
fn hostname(root: &Path) -> String {
    let text = crate::fsx::read::read_to_string(&root.join("etc/hostname"), Limit::SYSTEM)
        .unwrap_or_default();
    match text.lines().next().map(str::trim) {
        Some(name) if !name.is_empty() => name.to_string(),
        _ => "localhost".to_string(),
    }
}
