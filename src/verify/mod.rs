//! Checks of a manifest set (`staticpod verify`, in progress): findings with a stable id, a
//! severity, the component and file, and a one-line message with the fix.
//!
//! Done so far (library only, not yet reachable from the command line):
//! - [`cis`]: the CIS Kubernetes Benchmark v1.12 checks decidable from the manifests and the
//!   files under the node root (file modes/owners, apiserver / controller-manager / scheduler /
//!   etcd flags), as one data table;
//! - [`certs`]: every certificate and key the components' flags reference: present, parseable,
//!   expiry (days left, warning under 30), signed by the CA the flags name, key matches.
//!
//! Still to build: the `verify` command, static-pod validity, stray files and skew findings
//! (their logic exists in `manifest::strays` and `plan`), consistency rules and drift.

pub mod certs;
pub mod cis;
pub mod finding;

pub use finding::{Finding, Severity};
