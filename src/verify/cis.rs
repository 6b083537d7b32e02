//! CIS Kubernetes Benchmark v1.12 checks (control plane, sections 1 and 2) that
//! can be decided offline from the static pod manifests and the files under a
//! node root.
//!
//! The checks follow kube-bench's `cfg/cis-1.12/master.yaml` (section 1) and
//! `cfg/cis-1.12/etcd.yaml` (section 2). Every check is one row of [`CHECKS`];
//! [`check`] only interprets the table.
//!
//! Not covered, because they cannot be decided from files on disk:
//! - 1.1.9/1.1.10 (CNI files: location comes from the running kubelet),
//! - 1.1.12 (etcd data dir owned by `etcd:etcd`: kubeadm runs etcd as root and
//!   the `etcd` user/group ids are not known offline),
//! - 1.2.3, 1.2.9, 1.2.11, 1.2.20, 1.2.28, 1.2.29, 2.7 (site-specific Manual checks).
//!
//! Flag semantics: [`super::flags::Flags`] (`--name=value`, `--name value`, bare `--name`
//! read as `true`); the last occurrence of a flag wins.

use std::collections::HashMap;
use std::io;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use super::finding::{Finding, Severity};
use super::flags::Flags;

/// One control-plane component as found in its static pod manifest.
pub struct ComponentInput {
    /// `kube-apiserver`, `kube-controller-manager`, `kube-scheduler` or `etcd`.
    pub component: String,
    /// Absolute path of the manifest on this machine.
    pub manifest: PathBuf,
    /// Container command, e.g. `["kube-apiserver", "--profiling=false", …]`.
    pub command: Vec<String>,
}

const APISERVER: &str = "kube-apiserver";
const CONTROLLER_MANAGER: &str = "kube-controller-manager";
const SCHEDULER: &str = "kube-scheduler";
const ETCD: &str = "etcd";

/// Condition a flag's effective value must satisfy.
#[derive(Debug, Clone, Copy)]
enum Cond {
    /// Every listed flag is set to a non-empty value.
    Set,
    /// The flag is not given.
    Unset,
    /// The value parses (Go `strconv.ParseBool`) as this boolean.
    Bool(bool),
    /// The comma-separated value contains this element (unset fails).
    Has(&'static str),
    /// The comma-separated value does not contain this element (unset passes).
    Lacks(&'static str),
    /// `--feature-gates` does not turn this gate off (unset passes).
    GateNotFalse(&'static str),
    /// The value is an integer at least this large.
    AtLeast(u64),
    /// The value equals this string, or the flag is unset.
    EqOrUnset(&'static str),
}

/// Which file(s) a file check looks at.
#[derive(Debug, Clone, Copy)]
enum Target {
    /// The manifest of this component.
    Manifest(&'static str),
    /// etcd's `--data-dir`, resolved under the node root.
    EtcdDataDir,
    /// These node paths (checked when present), reported for this component.
    NodeFiles(Option<&'static str>, &'static [&'static str]),
    /// `/etc/kubernetes/pki` and everything below it.
    PkiTree,
    /// Regular files below `/etc/kubernetes/pki` with this extension.
    PkiFiles(&'static str),
}

/// What a file check requires.
#[derive(Debug, Clone, Copy)]
enum Want {
    /// No permission bits outside this mask.
    ModeWithin(u32),
    /// uid 0 and gid 0.
    RootOwned,
}

#[derive(Debug, Clone, Copy)]
enum Kind {
    Flag {
        component: &'static str,
        /// Flags the condition applies to (all of them for [`Cond::Set`]).
        flags: &'static [&'static str],
        /// The binary's own default, used when the flag is absent.
        default: Option<&'static str>,
        cond: Cond,
        /// When the flag is absent but this one is given, the check cannot be
        /// decided from flags and a warning is emitted instead.
        undecided_by: Option<&'static str>,
    },
    File {
        target: Target,
        want: Want,
    },
}

#[derive(Debug, Clone, Copy)]
struct Check {
    id: &'static str,
    title: &'static str,
    automated: bool,
    kind: Kind,
    /// Remediation; `{path}` is replaced by the offending path.
    fix: &'static str,
}

#[allow(clippy::too_many_arguments)]
const fn flag(
    id: &'static str,
    automated: bool,
    component: &'static str,
    flags: &'static [&'static str],
    default: Option<&'static str>,
    cond: Cond,
    title: &'static str,
    fix: &'static str,
) -> Check {
    Check {
        id,
        title,
        automated,
        kind: Kind::Flag {
            component,
            flags,
            default,
            cond,
            undecided_by: None,
        },
        fix,
    }
}

const fn authz(id: &'static str, cond: Cond, title: &'static str, fix: &'static str) -> Check {
    Check {
        id,
        title,
        automated: true,
        kind: Kind::Flag {
            component: APISERVER,
            flags: &["authorization-mode"],
            default: Some("AlwaysAllow"),
            cond,
            undecided_by: Some("authorization-config"),
        },
        fix,
    }
}

const fn file(
    id: &'static str,
    automated: bool,
    target: Target,
    want: Want,
    title: &'static str,
    fix: &'static str,
) -> Check {
    Check {
        id,
        title,
        automated,
        kind: Kind::File { target, want },
        fix,
    }
}

use Cond::*;
use Target::*;
use Want::*;

const CHMOD_600: &str = "run `chmod 600 {path}`";
const CHOWN_ROOT: &str = "run `chown root:root {path}`";
const ADMIN_CONFS: &[&str] = &[
    "/etc/kubernetes/admin.conf",
    "/etc/kubernetes/super-admin.conf",
];

/// The checks, in CIS order. One row per check.
#[rustfmt::skip]
const CHECKS: &[Check] = &[
    // 1.1 Control plane node configuration files
    file("1.1.1", true, Manifest(APISERVER), ModeWithin(0o600),
        "Ensure that the API server pod specification file permissions are set to 600 or more restrictive", CHMOD_600),
    file("1.1.2", true, Manifest(APISERVER), RootOwned,
        "Ensure that the API server pod specification file ownership is set to root:root", CHOWN_ROOT),
    file("1.1.3", true, Manifest(CONTROLLER_MANAGER), ModeWithin(0o600),
        "Ensure that the controller manager pod specification file permissions are set to 600 or more restrictive", CHMOD_600),
    file("1.1.4", true, Manifest(CONTROLLER_MANAGER), RootOwned,
        "Ensure that the controller manager pod specification file ownership is set to root:root", CHOWN_ROOT),
    file("1.1.5", true, Manifest(SCHEDULER), ModeWithin(0o600),
        "Ensure that the scheduler pod specification file permissions are set to 600 or more restrictive", CHMOD_600),
    file("1.1.6", true, Manifest(SCHEDULER), RootOwned,
        "Ensure that the scheduler pod specification file ownership is set to root:root", CHOWN_ROOT),
    file("1.1.7", true, Manifest(ETCD), ModeWithin(0o600),
        "Ensure that the etcd pod specification file permissions are set to 600 or more restrictive", CHMOD_600),
    file("1.1.8", true, Manifest(ETCD), RootOwned,
        "Ensure that the etcd pod specification file ownership is set to root:root", CHOWN_ROOT),
    file("1.1.11", true, EtcdDataDir, ModeWithin(0o700),
        "Ensure that the etcd data directory permissions are set to 700 or more restrictive", "run `chmod 700 {path}`"),
    file("1.1.13", true, NodeFiles(None, ADMIN_CONFS), ModeWithin(0o600),
        "Ensure that the default administrative credential file permissions are set to 600", CHMOD_600),
    file("1.1.14", true, NodeFiles(None, ADMIN_CONFS), RootOwned,
        "Ensure that the default administrative credential file ownership is set to root:root", CHOWN_ROOT),
    file("1.1.15", true, NodeFiles(Some(SCHEDULER), &["/etc/kubernetes/scheduler.conf"]), ModeWithin(0o600),
        "Ensure that the scheduler.conf file permissions are set to 600 or more restrictive", CHMOD_600),
    file("1.1.16", true, NodeFiles(Some(SCHEDULER), &["/etc/kubernetes/scheduler.conf"]), RootOwned,
        "Ensure that the scheduler.conf file ownership is set to root:root", CHOWN_ROOT),
    file("1.1.17", true, NodeFiles(Some(CONTROLLER_MANAGER), &["/etc/kubernetes/controller-manager.conf"]), ModeWithin(0o600),
        "Ensure that the controller-manager.conf file permissions are set to 600 or more restrictive", CHMOD_600),
    file("1.1.18", true, NodeFiles(Some(CONTROLLER_MANAGER), &["/etc/kubernetes/controller-manager.conf"]), RootOwned,
        "Ensure that the controller-manager.conf file ownership is set to root:root", CHOWN_ROOT),
    file("1.1.19", true, PkiTree, RootOwned,
        "Ensure that the Kubernetes PKI directory and file ownership is set to root:root", CHOWN_ROOT),
    file("1.1.20", false, PkiFiles("crt"), ModeWithin(0o644),
        "Ensure that the Kubernetes PKI certificate file permissions are set to 644 or more restrictive", "run `chmod 644 {path}`"),
    file("1.1.21", false, PkiFiles("key"), ModeWithin(0o600),
        "Ensure that the Kubernetes PKI key file permissions are set to 600", CHMOD_600),

    // 1.2 API server
    flag("1.2.1", false, APISERVER, &["anonymous-auth"], Some("true"), Bool(false),
        "Ensure that the --anonymous-auth argument is set to false",
        "add `--anonymous-auth=false` (kubeadm: apiServer.extraArgs); probes of /livez then need an --authentication-config anonymous allow-list"),
    flag("1.2.2", true, APISERVER, &["token-auth-file"], None, Unset,
        "Ensure that the --token-auth-file parameter is not set",
        "remove `--token-auth-file` and use another authentication mechanism (kubeadm: apiServer.extraArgs)"),
    flag("1.2.4", true, APISERVER, &["kubelet-client-certificate", "kubelet-client-key"], None, Set,
        "Ensure that the --kubelet-client-certificate and --kubelet-client-key arguments are set as appropriate",
        "set `--kubelet-client-certificate=/etc/kubernetes/pki/apiserver-kubelet-client.crt` and `--kubelet-client-key=/etc/kubernetes/pki/apiserver-kubelet-client.key` (kubeadm: apiServer.extraArgs)"),
    flag("1.2.5", true, APISERVER, &["kubelet-certificate-authority"], None, Set,
        "Ensure that the --kubelet-certificate-authority argument is set as appropriate",
        "add `--kubelet-certificate-authority=/etc/kubernetes/pki/ca.crt` once kubelet serving certificates are CA-signed (kubelet serverTLSBootstrap) (kubeadm: apiServer.extraArgs)"),
    authz("1.2.6", Lacks("AlwaysAllow"),
        "Ensure that the --authorization-mode argument is not set to AlwaysAllow",
        "set `--authorization-mode=Node,RBAC` (kubeadm: apiServer.extraArgs)"),
    authz("1.2.7", Has("Node"),
        "Ensure that the --authorization-mode argument includes Node",
        "set `--authorization-mode=Node,RBAC` (kubeadm: apiServer.extraArgs)"),
    authz("1.2.8", Has("RBAC"),
        "Ensure that the --authorization-mode argument includes RBAC",
        "set `--authorization-mode=Node,RBAC` (kubeadm: apiServer.extraArgs)"),
    flag("1.2.10", true, APISERVER, &["enable-admission-plugins"], None, Lacks("AlwaysAdmit"),
        "Ensure that the admission control plugin AlwaysAdmit is not set",
        "remove `AlwaysAdmit` from `--enable-admission-plugins` (kubeadm: apiServer.extraArgs)"),
    flag("1.2.12", true, APISERVER, &["disable-admission-plugins"], None, Lacks("ServiceAccount"),
        "Ensure that the admission control plugin ServiceAccount is set",
        "remove `ServiceAccount` from `--disable-admission-plugins` (kubeadm: apiServer.extraArgs)"),
    flag("1.2.13", true, APISERVER, &["disable-admission-plugins"], None, Lacks("NamespaceLifecycle"),
        "Ensure that the admission control plugin NamespaceLifecycle is set",
        "remove `NamespaceLifecycle` from `--disable-admission-plugins` (kubeadm: apiServer.extraArgs)"),
    flag("1.2.14", true, APISERVER, &["enable-admission-plugins"], None, Has("NodeRestriction"),
        "Ensure that the admission control plugin NodeRestriction is set",
        "add `NodeRestriction` to `--enable-admission-plugins` (kubeadm: apiServer.extraArgs)"),
    flag("1.2.15", true, APISERVER, &["profiling"], Some("true"), Bool(false),
        "Ensure that the --profiling argument is set to false",
        "add `--profiling=false` (kubeadm: apiServer.extraArgs)"),
    flag("1.2.16", true, APISERVER, &["audit-log-path"], None, Set,
        "Ensure that the --audit-log-path argument is set",
        "add `--audit-log-path=/var/log/kubernetes/audit/audit.log` plus an --audit-policy-file and hostPath mounts (kubeadm: apiServer.extraArgs, apiServer.extraVolumes)"),
    flag("1.2.17", true, APISERVER, &["audit-log-maxage"], None, AtLeast(30),
        "Ensure that the --audit-log-maxage argument is set to 30 or as appropriate",
        "add `--audit-log-maxage=30` (kubeadm: apiServer.extraArgs)"),
    flag("1.2.18", true, APISERVER, &["audit-log-maxbackup"], None, AtLeast(10),
        "Ensure that the --audit-log-maxbackup argument is set to 10 or as appropriate",
        "add `--audit-log-maxbackup=10` (kubeadm: apiServer.extraArgs)"),
    flag("1.2.19", true, APISERVER, &["audit-log-maxsize"], None, AtLeast(100),
        "Ensure that the --audit-log-maxsize argument is set to 100 or as appropriate",
        "add `--audit-log-maxsize=100` (kubeadm: apiServer.extraArgs)"),
    flag("1.2.21", true, APISERVER, &["service-account-lookup"], Some("true"), Bool(true),
        "Ensure that the --service-account-lookup argument is set to true",
        "remove `--service-account-lookup` or set it to `true` (kubeadm: apiServer.extraArgs)"),
    flag("1.2.22", true, APISERVER, &["service-account-key-file"], None, Set,
        "Ensure that the --service-account-key-file argument is set as appropriate",
        "add `--service-account-key-file=/etc/kubernetes/pki/sa.pub` (kubeadm: apiServer.extraArgs)"),
    flag("1.2.23", true, APISERVER, &["etcd-certfile", "etcd-keyfile"], None, Set,
        "Ensure that the --etcd-certfile and --etcd-keyfile arguments are set as appropriate",
        "set `--etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt` and `--etcd-keyfile=/etc/kubernetes/pki/apiserver-etcd-client.key` (kubeadm: apiServer.extraArgs)"),
    flag("1.2.24", true, APISERVER, &["tls-cert-file", "tls-private-key-file"], None, Set,
        "Ensure that the --tls-cert-file and --tls-private-key-file arguments are set as appropriate",
        "set `--tls-cert-file=/etc/kubernetes/pki/apiserver.crt` and `--tls-private-key-file=/etc/kubernetes/pki/apiserver.key` (kubeadm: apiServer.extraArgs)"),
    flag("1.2.25", true, APISERVER, &["client-ca-file"], None, Set,
        "Ensure that the --client-ca-file argument is set as appropriate",
        "add `--client-ca-file=/etc/kubernetes/pki/ca.crt` (kubeadm: apiServer.extraArgs)"),
    flag("1.2.26", true, APISERVER, &["etcd-cafile"], None, Set,
        "Ensure that the --etcd-cafile argument is set as appropriate",
        "add `--etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt` (kubeadm: apiServer.extraArgs)"),
    flag("1.2.27", false, APISERVER, &["encryption-provider-config"], None, Set,
        "Ensure that the --encryption-provider-config argument is set as appropriate",
        "write an EncryptionConfiguration and add `--encryption-provider-config=<file>` with a hostPath mount (kubeadm: apiServer.extraArgs, apiServer.extraVolumes)"),
    flag("1.2.30", true, APISERVER, &["service-account-extend-token-expiration"], Some("true"), Bool(false),
        "Ensure that the --service-account-extend-token-expiration parameter is set to false",
        "add `--service-account-extend-token-expiration=false` (kubeadm: apiServer.extraArgs)"),

    // 1.3 Controller manager
    flag("1.3.1", false, CONTROLLER_MANAGER, &["terminated-pod-gc-threshold"], None, Set,
        "Ensure that the --terminated-pod-gc-threshold argument is set as appropriate",
        "add `--terminated-pod-gc-threshold=10` or another appropriate value (kubeadm: controllerManager.extraArgs)"),
    flag("1.3.2", true, CONTROLLER_MANAGER, &["profiling"], Some("true"), Bool(false),
        "Ensure that the --profiling argument is set to false",
        "add `--profiling=false` (kubeadm: controllerManager.extraArgs)"),
    flag("1.3.3", true, CONTROLLER_MANAGER, &["use-service-account-credentials"], Some("false"), Bool(true),
        "Ensure that the --use-service-account-credentials argument is set to true",
        "set `--use-service-account-credentials=true` (kubeadm: controllerManager.extraArgs)"),
    flag("1.3.4", true, CONTROLLER_MANAGER, &["service-account-private-key-file"], None, Set,
        "Ensure that the --service-account-private-key-file argument is set as appropriate",
        "add `--service-account-private-key-file=/etc/kubernetes/pki/sa.key` (kubeadm: controllerManager.extraArgs)"),
    flag("1.3.5", true, CONTROLLER_MANAGER, &["root-ca-file"], None, Set,
        "Ensure that the --root-ca-file argument is set as appropriate",
        "add `--root-ca-file=/etc/kubernetes/pki/ca.crt` (kubeadm: controllerManager.extraArgs)"),
    flag("1.3.6", true, CONTROLLER_MANAGER, &["feature-gates"], None, GateNotFalse("RotateKubeletServerCertificate"),
        "Ensure that the RotateKubeletServerCertificate argument is set to true",
        "remove `RotateKubeletServerCertificate=false` from `--feature-gates` (kubeadm: controllerManager.extraArgs)"),
    flag("1.3.7", true, CONTROLLER_MANAGER, &["bind-address"], None, EqOrUnset("127.0.0.1"),
        "Ensure that the --bind-address argument is set to 127.0.0.1",
        "set `--bind-address=127.0.0.1` (kubeadm: controllerManager.extraArgs)"),

    // 1.4 Scheduler
    flag("1.4.1", true, SCHEDULER, &["profiling"], Some("true"), Bool(false),
        "Ensure that the --profiling argument is set to false",
        "add `--profiling=false` (kubeadm: scheduler.extraArgs)"),
    flag("1.4.2", true, SCHEDULER, &["bind-address"], None, EqOrUnset("127.0.0.1"),
        "Ensure that the --bind-address argument is set to 127.0.0.1",
        "set `--bind-address=127.0.0.1` (kubeadm: scheduler.extraArgs)"),

    // 2 etcd
    flag("2.1", true, ETCD, &["cert-file", "key-file"], None, Set,
        "Ensure that the --cert-file and --key-file arguments are set as appropriate",
        "set `--cert-file=/etc/kubernetes/pki/etcd/server.crt` and `--key-file=/etc/kubernetes/pki/etcd/server.key` (kubeadm: etcd.local.extraArgs)"),
    flag("2.2", true, ETCD, &["client-cert-auth"], Some("false"), Bool(true),
        "Ensure that the --client-cert-auth argument is set to true",
        "set `--client-cert-auth=true` (kubeadm: etcd.local.extraArgs)"),
    flag("2.3", true, ETCD, &["auto-tls"], Some("false"), Bool(false),
        "Ensure that the --auto-tls argument is not set to true",
        "remove `--auto-tls` or set it to `false` (kubeadm: etcd.local.extraArgs)"),
    flag("2.4", true, ETCD, &["peer-cert-file", "peer-key-file"], None, Set,
        "Ensure that the --peer-cert-file and --peer-key-file arguments are set as appropriate",
        "set `--peer-cert-file=/etc/kubernetes/pki/etcd/peer.crt` and `--peer-key-file=/etc/kubernetes/pki/etcd/peer.key` (kubeadm: etcd.local.extraArgs)"),
    flag("2.5", true, ETCD, &["peer-client-cert-auth"], Some("false"), Bool(true),
        "Ensure that the --peer-client-cert-auth argument is set to true",
        "set `--peer-client-cert-auth=true` (kubeadm: etcd.local.extraArgs)"),
    flag("2.6", true, ETCD, &["peer-auto-tls"], Some("false"), Bool(false),
        "Ensure that the --peer-auto-tls argument is not set to true",
        "remove `--peer-auto-tls` or set it to `false` (kubeadm: etcd.local.extraArgs)"),
];

const N_CHECKS: usize = CHECKS.len();

const fn build_catalogue() -> [(&'static str, &'static str, bool); N_CHECKS] {
    let mut out = [("", "", false); N_CHECKS];
    let mut i = 0;
    while i < N_CHECKS {
        out[i] = (CHECKS[i].id, CHECKS[i].title, CHECKS[i].automated);
        i += 1;
    }
    out
}

static CATALOGUE: [(&str, &str, bool); N_CHECKS] = build_catalogue();

/// Every check: (CIS id, one-line title, automated?) for the README table.
pub fn catalogue() -> &'static [(&'static str, &'static str, bool)] {
    &CATALOGUE
}

/// Runs every check. `root` is the node root on this machine: node paths such
/// as `/etc/kubernetes/admin.conf` are resolved under it. Findings are sorted
/// by CIS id (numerically), then component, file and message.
pub fn check(root: &Path, components: &[ComponentInput]) -> Vec<Finding> {
    let parsed: Vec<(&ComponentInput, Flags)> = components
        .iter()
        .filter_map(|c| match fs_err::metadata(&c.manifest) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => None,
            _ => Some((c, Flags::parse(&c.command))),
        })
        .collect();
    let present: Vec<(&ComponentInput, HashMap<&str, &str>)> = parsed
        .iter()
        .map(|(c, flags)| (*c, flags.iter().collect()))
        .collect();
    let mut out = Vec::new();
    for chk in CHECKS {
        match chk.kind {
            Kind::Flag {
                component,
                flags,
                default,
                cond,
                undecided_by,
            } => {
                for (input, args) in present.iter().filter(|(c, _)| c.component == component) {
                    let outcome = eval_flags(args, flags, default, cond, undecided_by);
                    let (severity, message) = match outcome {
                        Outcome::Pass => continue,
                        Outcome::Fail(found) => {
                            (fail_severity(chk), format!("{found}; fix: {}", chk.fix))
                        }
                        Outcome::Undecided(why) => (Severity::Warning, why),
                    };
                    out.push(finding(
                        chk,
                        severity,
                        Some(component),
                        Some(&input.manifest),
                        message,
                    ));
                }
            }
            Kind::File { target, want } => file_check(chk, target, want, root, &present, &mut out),
        }
    }
    out.sort_by(|a, b| {
        id_key(&a.id)
            .cmp(&id_key(&b.id))
            .then_with(|| a.component.cmp(&b.component))
            .then_with(|| a.file.cmp(&b.file))
            .then_with(|| a.message.cmp(&b.message))
    });
    out
}

fn fail_severity(chk: &Check) -> Severity {
    if chk.automated {
        Severity::Error
    } else {
        Severity::Warning
    }
}

fn finding(
    chk: &Check,
    severity: Severity,
    component: Option<&str>,
    file: Option<&Path>,
    message: String,
) -> Finding {
    Finding {
        id: format!("CIS-{}", chk.id),
        severity,
        component: component.map(str::to_owned),
        file: file.map(Path::to_path_buf),
        message,
    }
}

fn id_key(id: &str) -> Vec<u32> {
    id.trim_start_matches("CIS-")
        .split('.')
        .map(|p| p.parse().unwrap_or(u32::MAX))
        .collect()
}

/// Go's `strconv.ParseBool`.
fn parse_bool(v: &str) -> Option<bool> {
    match v {
        "1" | "t" | "T" | "true" | "TRUE" | "True" => Some(true),
        "0" | "f" | "F" | "false" | "FALSE" | "False" => Some(false),
        _ => None,
    }
}

fn list(v: &str) -> impl Iterator<Item = &str> {
    v.split(',').map(str::trim).filter(|s| !s.is_empty())
}

enum Outcome {
    Pass,
    /// What was found.
    Fail(String),
    /// Full message of an "undecidable" warning.
    Undecided(String),
}

fn eval_flags(
    args: &HashMap<&str, &str>,
    flags: &[&str],
    default: Option<&str>,
    cond: Cond,
    undecided_by: Option<&str>,
) -> Outcome {
    if let Cond::Set = cond {
        let missing: Vec<String> = flags
            .iter()
            .filter(|f| args.get(**f).is_none_or(|v| v.is_empty()))
            .map(|f| format!("`--{f}`"))
            .collect();
        return if missing.is_empty() {
            Outcome::Pass
        } else {
            Outcome::Fail(format!("{} not set", missing.join(" and ")))
        };
    }
    let mut fails = Vec::new();
    for name in flags {
        let explicit = args.get(name).copied();
        if let (None, Some(other)) = (explicit, undecided_by) {
            if let Some(path) = args.get(other) {
                return Outcome::Undecided(format!(
                    "`--{name}` is not set and `--{other}={path}` is used: cannot be decided from flags; review the authorizers in that file manually"
                ));
            }
        }
        if let Some(found) = eval_one(name, explicit, default, cond) {
            fails.push(found);
        }
    }
    if fails.is_empty() {
        Outcome::Pass
    } else {
        Outcome::Fail(fails.join("; "))
    }
}

/// Evaluates one flag; returns what was found when the condition fails.
fn eval_one(
    name: &str,
    explicit: Option<&str>,
    default: Option<&str>,
    cond: Cond,
) -> Option<String> {
    let shown = match (explicit, default) {
        (Some(v), _) => format!("`--{name}={v}`"),
        (None, Some(d)) => format!("`--{name}` is not set (defaults to {d})"),
        (None, None) => format!("`--{name}` is not set"),
    };
    let value = explicit.or(default);
    let ok = match cond {
        Cond::Set => value.is_some_and(|v| !v.is_empty()),
        Cond::Unset => explicit.is_none(),
        Cond::Bool(want) => value.and_then(parse_bool) == Some(want),
        Cond::Has(item) => value.is_some_and(|v| list(v).any(|x| x == item)),
        Cond::Lacks(item) => value.is_none_or(|v| list(v).all(|x| x != item)),
        Cond::GateNotFalse(gate) => value.is_none_or(|v| {
            list(v)
                .filter_map(|g| g.split_once('='))
                .filter(|(k, _)| k.trim() == gate)
                .last()
                .is_none_or(|(_, b)| parse_bool(b.trim()) != Some(false))
        }),
        Cond::AtLeast(min) => value
            .and_then(|v| v.trim().parse::<u64>().ok())
            .is_some_and(|n| n >= min),
        Cond::EqOrUnset(want) => value.is_none_or(|v| v == want),
    };
    if ok {
        return None;
    }
    let expectation = match cond {
        Cond::Set => "want it set".to_owned(),
        Cond::Unset => "want it absent".to_owned(),
        Cond::Bool(b) => format!("want `{b}`"),
        Cond::Has(item) => format!("want it to include `{item}`"),
        Cond::Lacks(item) => format!("want it without `{item}`"),
        Cond::GateNotFalse(gate) => format!("want `{gate}` not turned off"),
        Cond::AtLeast(n) => format!("want an integer >= {n}"),
        Cond::EqOrUnset(v) => format!("want `{v}` or unset"),
    };
    Some(format!("{shown}, {expectation}"))
}

/// `/etc/kubernetes/x` → `<root>/etc/kubernetes/x`.
fn under_root(root: &Path, node_path: &str) -> PathBuf {
    root.join(node_path.trim_start_matches('/'))
}

fn file_check(
    chk: &Check,
    target: Target,
    want: Want,
    root: &Path,
    present: &[(&ComponentInput, HashMap<&str, &str>)],
    out: &mut Vec<Finding>,
) {
    // (component, path, follow symlinks?)
    let mut paths: Vec<(Option<&str>, PathBuf)> = Vec::new();
    let mut follow = true;
    match target {
        Target::Manifest(component) => {
            for (input, _) in present.iter().filter(|(c, _)| c.component == component) {
                paths.push((Some(component), input.manifest.clone()));
            }
        }
        Target::EtcdDataDir => {
            for (_, args) in present.iter().filter(|(c, _)| c.component == ETCD) {
                if let Some(dir) = args.get("data-dir").filter(|d| d.starts_with('/')) {
                    paths.push((Some(ETCD), under_root(root, dir)));
                }
            }
        }
        Target::NodeFiles(component, files) => {
            paths.extend(files.iter().map(|f| (component, under_root(root, f))));
        }
        Target::PkiTree | Target::PkiFiles(_) => {
            follow = false;
            let pki = under_root(root, "/etc/kubernetes/pki");
            let mut errors = Vec::new();
            let mut found = Vec::new();
            walk(&pki, &mut found, &mut errors);
            for e in errors {
                out.push(finding(
                    chk,
                    Severity::Warning,
                    None,
                    Some(&pki),
                    format!("could not read the PKI tree: {e}; fix: make it readable and re-run"),
                ));
            }
            for (path, is_file) in found {
                let wanted = match target {
                    Target::PkiFiles(ext) => is_file && path.extension().is_some_and(|x| x == ext),
                    _ => true,
                };
                if wanted {
                    paths.push((None, path));
                }
            }
        }
    }
    for (component, path) in paths {
        let meta = if follow {
            fs_err::metadata(&path)
        } else {
            fs_err::symlink_metadata(&path)
        };
        let meta = match meta {
            Ok(m) => m,
            Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
            Err(e) => {
                out.push(finding(
                    chk,
                    Severity::Warning,
                    component,
                    Some(&path),
                    format!("could not stat: {e}; fix: make it readable and re-run"),
                ));
                continue;
            }
        };
        let shown = path.display();
        let found = match want {
            Want::ModeWithin(mask) => {
                let mode = meta.mode() & 0o7777;
                (mode & !mask != 0)
                    .then(|| format!("`{shown}` has mode {mode:04o}, want {mask:o} or stricter"))
            }
            Want::RootOwned => (meta.uid() != 0 || meta.gid() != 0).then(|| {
                format!(
                    "`{shown}` is owned by uid:gid {}:{}, want root:root (0:0)",
                    meta.uid(),
                    meta.gid()
                )
            }),
        };
        if let Some(found) = found {
            let fix = chk.fix.replace("{path}", &shown.to_string());
            out.push(finding(
                chk,
                fail_severity(chk),
                component,
                Some(&path),
                format!("{found}; fix: {fix}"),
            ));
        }
    }
}

/// Collects `dir` and everything below it as (path, is regular file), without
/// following symlinks. A missing `dir` yields nothing.
fn walk(dir: &Path, found: &mut Vec<(PathBuf, bool)>, errors: &mut Vec<io::Error>) {
    let meta = match fs_err::symlink_metadata(dir) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return,
        Err(e) => {
            errors.push(e);
            return;
        }
    };
    found.push((dir.to_path_buf(), meta.is_file()));
    if !meta.is_dir() {
        return;
    }
    let entries = match fs_err::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) => {
            errors.push(e);
            return;
        }
    };
    for entry in entries {
        match entry {
            Ok(entry) => walk(&entry.path(), found, errors),
            Err(e) => errors.push(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs::Permissions;
    use std::os::unix::fs::{chown, PermissionsExt};

    const KUBEADM_APISERVER: &[&str] = &[
        "kube-apiserver",
        "--advertise-address=192.168.0.10",
        "--allow-privileged=true",
        "--authorization-mode=Node,RBAC",
        "--client-ca-file=/etc/kubernetes/pki/ca.crt",
        "--enable-admission-plugins=NodeRestriction",
        "--enable-bootstrap-token-auth=true",
        "--etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt",
        "--etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt",
        "--etcd-keyfile=/etc/kubernetes/pki/apiserver-etcd-client.key",
        "--etcd-servers=https://127.0.0.1:2379",
        "--kubelet-client-certificate=/etc/kubernetes/pki/apiserver-kubelet-client.crt",
        "--kubelet-client-key=/etc/kubernetes/pki/apiserver-kubelet-client.key",
        "--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname",
        "--proxy-client-cert-file=/etc/kubernetes/pki/front-proxy-client.crt",
        "--proxy-client-key-file=/etc/kubernetes/pki/front-proxy-client.key",
        "--requestheader-allowed-names=front-proxy-client",
        "--requestheader-client-ca-file=/etc/kubernetes/pki/front-proxy-ca.crt",
        "--requestheader-extra-headers-prefix=X-Remote-Extra-",
        "--requestheader-group-headers=X-Remote-Group",
        "--requestheader-username-headers=X-Remote-User",
        "--secure-port=6443",
        "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
        "--service-account-key-file=/etc/kubernetes/pki/sa.pub",
        "--service-account-signing-key-file=/etc/kubernetes/pki/sa.key",
        "--service-cluster-ip-range=10.96.0.0/12",
        "--tls-cert-file=/etc/kubernetes/pki/apiserver.crt",
        "--tls-private-key-file=/etc/kubernetes/pki/apiserver.key",
    ];
    const APISERVER_HARDENING: &[&str] = &[
        "--anonymous-auth=false",
        "--kubelet-certificate-authority=/etc/kubernetes/pki/ca.crt",
        "--profiling=false",
        "--audit-log-path=/var/log/kubernetes/audit/audit.log",
        "--audit-log-maxage=30",
        "--audit-log-maxbackup=10",
        "--audit-log-maxsize=100",
        "--encryption-provider-config=/etc/kubernetes/enc/enc.yaml",
        "--service-account-extend-token-expiration=false",
    ];
    const KUBEADM_CONTROLLER_MANAGER: &[&str] = &[
        "kube-controller-manager",
        "--allocate-node-cidrs=true",
        "--authentication-kubeconfig=/etc/kubernetes/controller-manager.conf",
        "--authorization-kubeconfig=/etc/kubernetes/controller-manager.conf",
        "--bind-address=127.0.0.1",
        "--client-ca-file=/etc/kubernetes/pki/ca.crt",
        "--cluster-name=kubernetes",
        "--cluster-signing-cert-file=/etc/kubernetes/pki/ca.crt",
        "--cluster-signing-key-file=/etc/kubernetes/pki/ca.key",
        "--controllers=*,bootstrapsigner,tokencleaner",
        "--kubeconfig=/etc/kubernetes/controller-manager.conf",
        "--leader-elect=true",
        "--requestheader-client-ca-file=/etc/kubernetes/pki/front-proxy-ca.crt",
        "--root-ca-file=/etc/kubernetes/pki/ca.crt",
        "--service-account-private-key-file=/etc/kubernetes/pki/sa.key",
        "--use-service-account-credentials=true",
    ];
    const CONTROLLER_MANAGER_HARDENING: &[&str] =
        &["--profiling=false", "--terminated-pod-gc-threshold=10"];
    const KUBEADM_SCHEDULER: &[&str] = &[
        "kube-scheduler",
        "--authentication-kubeconfig=/etc/kubernetes/scheduler.conf",
        "--authorization-kubeconfig=/etc/kubernetes/scheduler.conf",
        "--bind-address=127.0.0.1",
        "--kubeconfig=/etc/kubernetes/scheduler.conf",
        "--leader-elect=true",
    ];
    const SCHEDULER_HARDENING: &[&str] = &["--profiling=false"];
    const KUBEADM_ETCD: &[&str] = &[
        "etcd",
        "--advertise-client-urls=https://192.168.0.10:2379",
        "--cert-file=/etc/kubernetes/pki/etcd/server.crt",
        "--client-cert-auth=true",
        "--data-dir=/var/lib/etcd",
        "--initial-advertise-peer-urls=https://192.168.0.10:2380",
        "--initial-cluster=cp=https://192.168.0.10:2380",
        "--key-file=/etc/kubernetes/pki/etcd/server.key",
        "--listen-client-urls=https://127.0.0.1:2379,https://192.168.0.10:2379",
        "--listen-metrics-urls=http://127.0.0.1:2381",
        "--listen-peer-urls=https://192.168.0.10:2380",
        "--name=cp",
        "--peer-cert-file=/etc/kubernetes/pki/etcd/peer.crt",
        "--peer-client-cert-auth=true",
        "--peer-key-file=/etc/kubernetes/pki/etcd/peer.key",
        "--peer-trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt",
        "--snapshot-count=10000",
        "--trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt",
    ];

    fn hardened(component: &str) -> Vec<String> {
        let (base, extra) = match component {
            APISERVER => (KUBEADM_APISERVER, APISERVER_HARDENING),
            CONTROLLER_MANAGER => (KUBEADM_CONTROLLER_MANAGER, CONTROLLER_MANAGER_HARDENING),
            SCHEDULER => (KUBEADM_SCHEDULER, SCHEDULER_HARDENING),
            _ => (KUBEADM_ETCD, &[][..]),
        };
        base.iter().chain(extra).map(|s| s.to_string()).collect()
    }

    fn set_mode(path: &Path, mode: u32) {
        fs_err::set_permissions(path, Permissions::from_mode(mode)).unwrap();
    }

    fn write(path: &Path, mode: u32) {
        fs_err::create_dir_all(path.parent().unwrap()).unwrap();
        fs_err::write(path, "x").unwrap();
        set_mode(path, mode);
    }

    fn manifest_path(root: &Path, component: &str) -> PathBuf {
        root.join(format!("etc/kubernetes/manifests/{component}.yaml"))
    }

    /// A node root on which every file check passes.
    fn good_root() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for c in [APISERVER, CONTROLLER_MANAGER, SCHEDULER, ETCD] {
            write(&manifest_path(root, c), 0o600);
        }
        for f in [
            "admin.conf",
            "super-admin.conf",
            "scheduler.conf",
            "controller-manager.conf",
        ] {
            write(&root.join("etc/kubernetes").join(f), 0o600);
        }
        write(&root.join("etc/kubernetes/pki/ca.crt"), 0o644);
        write(&root.join("etc/kubernetes/pki/ca.key"), 0o600);
        write(&root.join("etc/kubernetes/pki/etcd/ca.crt"), 0o444);
        write(&root.join("etc/kubernetes/pki/etcd/ca.key"), 0o400);
        set_mode(&root.join("etc/kubernetes/pki/etcd"), 0o755);
        fs_err::create_dir_all(root.join("var/lib/etcd/member")).unwrap();
        set_mode(&root.join("var/lib/etcd"), 0o700);
        dir
    }

    fn input(root: &Path, component: &str, command: Vec<String>) -> ComponentInput {
        ComponentInput {
            component: component.to_string(),
            manifest: manifest_path(root, component),
            command,
        }
    }

    fn all_hardened(root: &Path) -> Vec<ComponentInput> {
        [APISERVER, CONTROLLER_MANAGER, SCHEDULER, ETCD]
            .into_iter()
            .map(|c| input(root, c, hardened(c)))
            .collect()
    }

    fn ids(findings: &[Finding]) -> Vec<(&str, Severity)> {
        findings
            .iter()
            .map(|f| (f.id.as_str(), f.severity))
            .collect()
    }

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn kubeadm_default_apiserver_fails_exactly_the_expected_checks() {
        let dir = good_root();
        let found = check(
            dir.path(),
            &[input(dir.path(), APISERVER, args(KUBEADM_APISERVER))],
        );
        use Severity::{Error as E, Warning as W};
        assert_eq!(
            ids(&found),
            vec![
                ("CIS-1.2.1", W),
                ("CIS-1.2.5", E),
                ("CIS-1.2.15", E),
                ("CIS-1.2.16", E),
                ("CIS-1.2.17", E),
                ("CIS-1.2.18", E),
                ("CIS-1.2.19", E),
                ("CIS-1.2.27", W),
                ("CIS-1.2.30", E),
            ]
        );
        for f in &found {
            assert_eq!(f.component.as_deref(), Some(APISERVER));
            assert_eq!(
                f.file.as_deref(),
                Some(manifest_path(dir.path(), APISERVER).as_path())
            );
            assert!(f.message.contains("fix: "), "{}", f.message);
            assert!(!f.message.contains('\n'));
        }
        let profiling = &found[2];
        assert_eq!(
            profiling.message,
            "`--profiling` is not set (defaults to true), want `false`; fix: add `--profiling=false` (kubeadm: apiServer.extraArgs)"
        );
    }

    #[test]
    fn kubeadm_defaults_of_other_components() {
        let dir = good_root();
        let root = dir.path();
        let found = check(
            root,
            &[
                input(root, CONTROLLER_MANAGER, args(KUBEADM_CONTROLLER_MANAGER)),
                input(root, SCHEDULER, args(KUBEADM_SCHEDULER)),
                input(root, ETCD, args(KUBEADM_ETCD)),
            ],
        );
        assert_eq!(
            ids(&found),
            vec![
                ("CIS-1.3.1", Severity::Warning),
                ("CIS-1.3.2", Severity::Error),
                ("CIS-1.4.1", Severity::Error),
            ]
        );
    }

    #[test]
    fn hardened_node_passes() {
        let dir = good_root();
        assert_eq!(check(dir.path(), &all_hardened(dir.path())), vec![]);
    }

    /// (id, component, extra args that pass, flags to drop + args to add so it fails)
    type FlagCase = (
        &'static str,
        &'static str,
        &'static [&'static str],
        &'static [&'static str],
        &'static [&'static str],
    );
    #[rustfmt::skip]
    const FLAG_CASES: &[FlagCase] = &[
        ("1.2.1", APISERVER, &["--anonymous-auth=false"], &["anonymous-auth"], &[]),
        ("1.2.2", APISERVER, &[], &[], &["--token-auth-file=/etc/tokens.csv"]),
        ("1.2.4", APISERVER, &[], &["kubelet-client-key"], &[]),
        ("1.2.5", APISERVER, &[], &[], &["--kubelet-certificate-authority="]),
        ("1.2.6", APISERVER, &["--authorization-mode=RBAC,Node,Webhook"], &[], &["--authorization-mode=Node,RBAC,AlwaysAllow"]),
        ("1.2.7", APISERVER, &["--authorization-mode=RBAC,Node"], &[], &["--authorization-mode=RBAC"]),
        ("1.2.8", APISERVER, &["--authorization-mode=Node, RBAC"], &[], &["--authorization-mode=Node,ABAC"]),
        ("1.2.10", APISERVER, &["--enable-admission-plugins=NodeRestriction,AlwaysPullImages"], &[], &["--enable-admission-plugins=NodeRestriction,AlwaysAdmit"]),
        ("1.2.12", APISERVER, &["--disable-admission-plugins=DefaultStorageClass"], &[], &["--disable-admission-plugins=ServiceAccount"]),
        ("1.2.13", APISERVER, &["--disable-admission-plugins=DefaultStorageClass"], &[], &["--disable-admission-plugins=DefaultStorageClass,NamespaceLifecycle"]),
        ("1.2.14", APISERVER, &["--enable-admission-plugins=EventRateLimit,NodeRestriction"], &["enable-admission-plugins"], &[]),
        ("1.2.15", APISERVER, &["--profiling=False"], &[], &["--profiling"]),
        ("1.2.16", APISERVER, &[], &["audit-log-path"], &[]),
        ("1.2.17", APISERVER, &["--audit-log-maxage=90"], &[], &["--audit-log-maxage=29"]),
        ("1.2.18", APISERVER, &["--audit-log-maxbackup=10"], &[], &["--audit-log-maxbackup=ten"]),
        ("1.2.19", APISERVER, &["--audit-log-maxsize=200"], &["audit-log-maxsize"], &[]),
        ("1.2.21", APISERVER, &["--service-account-lookup"], &[], &["--service-account-lookup=false"]),
        ("1.2.22", APISERVER, &[], &["service-account-key-file"], &[]),
        ("1.2.23", APISERVER, &[], &["etcd-certfile", "etcd-keyfile"], &[]),
        ("1.2.24", APISERVER, &[], &["tls-cert-file"], &[]),
        ("1.2.25", APISERVER, &[], &["client-ca-file"], &[]),
        ("1.2.26", APISERVER, &[], &["etcd-cafile"], &[]),
        ("1.2.27", APISERVER, &[], &["encryption-provider-config"], &[]),
        ("1.2.30", APISERVER, &[], &[], &["--service-account-extend-token-expiration=true"]),
        ("1.3.1", CONTROLLER_MANAGER, &[], &["terminated-pod-gc-threshold"], &[]),
        ("1.3.2", CONTROLLER_MANAGER, &["--profiling=0"], &["profiling"], &[]),
        ("1.3.3", CONTROLLER_MANAGER, &["--use-service-account-credentials"], &["use-service-account-credentials"], &[]),
        ("1.3.4", CONTROLLER_MANAGER, &[], &["service-account-private-key-file"], &[]),
        ("1.3.5", CONTROLLER_MANAGER, &[], &["root-ca-file"], &[]),
        ("1.3.6", CONTROLLER_MANAGER, &["--feature-gates=RotateKubeletServerCertificate=true"], &[], &["--feature-gates=Foo=true,RotateKubeletServerCertificate=false"]),
        ("1.3.7", CONTROLLER_MANAGER, &[], &[], &["--bind-address=0.0.0.0"]),
        ("1.4.1", SCHEDULER, &[], &[], &["--profiling=true"]),
        ("1.4.2", SCHEDULER, &[], &["bind-address"], &["--bind-address=0.0.0.0"]),
        ("2.1", ETCD, &[], &["key-file"], &[]),
        ("2.2", ETCD, &[], &["client-cert-auth"], &[]),
        ("2.3", ETCD, &["--auto-tls=false"], &[], &["--auto-tls"]),
        ("2.4", ETCD, &[], &["peer-cert-file"], &[]),
        ("2.5", ETCD, &[], &[], &["--peer-client-cert-auth=false"]),
        ("2.6", ETCD, &["--peer-auto-tls=false"], &[], &["--peer-auto-tls=true"]),
    ];

    fn run_one(root: &Path, component: &str, command: Vec<String>) -> Vec<Finding> {
        let mut inputs = all_hardened(root);
        for i in &mut inputs {
            if i.component == component {
                i.command = command.clone();
            }
        }
        check(root, &inputs)
    }

    #[test]
    fn every_flag_rule_has_a_passing_and_a_failing_fixture() {
        let dir = good_root();
        let root = dir.path();
        for chk in CHECKS {
            if let Kind::Flag { component, .. } = chk.kind {
                let case = FLAG_CASES.iter().find(|c| c.0 == chk.id);
                let Some((id, comp, pass, drop, add)) = case else {
                    panic!("no fixture for {}", chk.id);
                };
                assert_eq!(*comp, component, "{id}");
                let mut ok = hardened(component);
                ok.extend(args(pass));
                assert_eq!(run_one(root, component, ok), vec![], "{id} should pass");

                let mut bad: Vec<String> = hardened(component)
                    .into_iter()
                    .filter(|a| {
                        let name = a.trim_start_matches("--").split('=').next().unwrap_or("");
                        !drop.contains(&name)
                    })
                    .collect();
                bad.extend(args(add));
                let found = run_one(root, component, bad);
                let want = if chk.automated {
                    Severity::Error
                } else {
                    Severity::Warning
                };
                assert_eq!(
                    ids(&found),
                    vec![(format!("CIS-{id}").as_str(), want)],
                    "{id} should fail: {found:?}"
                );
                assert_eq!(found[0].component.as_deref(), Some(component));
                assert!(found[0].message.contains(chk.fix), "{}", found[0].message);
            }
        }
    }

    enum Mutation {
        Mode(u32),
        Owner(Option<u32>, Option<u32>),
    }

    #[rustfmt::skip]
    const FILE_CASES: &[(&str, &str, Mutation)] = &[
        ("1.1.1", "etc/kubernetes/manifests/kube-apiserver.yaml", Mutation::Mode(0o644)),
        ("1.1.2", "etc/kubernetes/manifests/kube-apiserver.yaml", Mutation::Owner(Some(1000), None)),
        ("1.1.3", "etc/kubernetes/manifests/kube-controller-manager.yaml", Mutation::Mode(0o640)),
        ("1.1.4", "etc/kubernetes/manifests/kube-controller-manager.yaml", Mutation::Owner(None, Some(1000))),
        ("1.1.5", "etc/kubernetes/manifests/kube-scheduler.yaml", Mutation::Mode(0o700)),
        ("1.1.6", "etc/kubernetes/manifests/kube-scheduler.yaml", Mutation::Owner(Some(1000), Some(1000))),
        ("1.1.7", "etc/kubernetes/manifests/etcd.yaml", Mutation::Mode(0o4600)),
        ("1.1.8", "etc/kubernetes/manifests/etcd.yaml", Mutation::Owner(Some(1000), None)),
        ("1.1.11", "var/lib/etcd", Mutation::Mode(0o755)),
        ("1.1.13", "etc/kubernetes/admin.conf", Mutation::Mode(0o644)),
        ("1.1.13", "etc/kubernetes/super-admin.conf", Mutation::Mode(0o660)),
        ("1.1.14", "etc/kubernetes/admin.conf", Mutation::Owner(Some(1000), None)),
        ("1.1.14", "etc/kubernetes/super-admin.conf", Mutation::Owner(None, Some(1000))),
        ("1.1.15", "etc/kubernetes/scheduler.conf", Mutation::Mode(0o604)),
        ("1.1.16", "etc/kubernetes/scheduler.conf", Mutation::Owner(Some(1000), None)),
        ("1.1.17", "etc/kubernetes/controller-manager.conf", Mutation::Mode(0o644)),
        ("1.1.18", "etc/kubernetes/controller-manager.conf", Mutation::Owner(Some(1000), None)),
        ("1.1.19", "etc/kubernetes/pki", Mutation::Owner(Some(1000), None)),
        ("1.1.19", "etc/kubernetes/pki/etcd", Mutation::Owner(None, Some(1000))),
        ("1.1.19", "etc/kubernetes/pki/etcd/ca.key", Mutation::Owner(Some(1000), None)),
        ("1.1.20", "etc/kubernetes/pki/etcd/ca.crt", Mutation::Mode(0o664)),
        ("1.1.21", "etc/kubernetes/pki/ca.key", Mutation::Mode(0o640)),
    ];

    #[test]
    fn every_file_rule_has_a_passing_and_a_failing_fixture() {
        for chk in CHECKS {
            if matches!(chk.kind, Kind::File { .. }) {
                assert!(
                    FILE_CASES.iter().any(|c| c.0 == chk.id),
                    "no fixture for {}",
                    chk.id
                );
            }
        }
        for (id, rel, mutation) in FILE_CASES {
            let dir = good_root();
            let root = dir.path();
            assert_eq!(check(root, &all_hardened(root)), vec![], "{id} should pass");
            let path = root.join(rel);
            match mutation {
                Mutation::Mode(m) => set_mode(&path, *m),
                Mutation::Owner(u, g) => chown(&path, *u, *g).unwrap(),
            }
            let found = check(root, &all_hardened(root));
            let chk = CHECKS.iter().find(|c| c.id == *id).unwrap();
            let want = if chk.automated {
                Severity::Error
            } else {
                Severity::Warning
            };
            assert_eq!(
                ids(&found),
                vec![(format!("CIS-{id}").as_str(), want)],
                "{id} {rel}: {found:?}"
            );
            assert_eq!(found[0].file.as_deref(), Some(path.as_path()), "{id}");
            assert!(
                found[0].message.contains(&path.display().to_string()),
                "{}",
                found[0].message
            );
        }
    }

    #[test]
    fn manifest_mode_0644_fails_1_1_1_with_chmod_fix() {
        let dir = good_root();
        let root = dir.path();
        let path = manifest_path(root, APISERVER);
        set_mode(&path, 0o644);
        let found = check(root, &all_hardened(root));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].id, "CIS-1.1.1");
        assert_eq!(found[0].severity, Severity::Error);
        assert_eq!(
            found[0].message,
            format!(
                "`{p}` has mode 0644, want 600 or stricter; fix: run `chmod 600 {p}`",
                p = path.display()
            )
        );
    }

    #[test]
    fn manifest_owned_by_uid_1000_fails_1_1_2() {
        let dir = good_root();
        let root = dir.path();
        chown(manifest_path(root, APISERVER), Some(1000), Some(1000)).unwrap();
        let found = check(root, &all_hardened(root));
        assert_eq!(ids(&found), vec![("CIS-1.1.2", Severity::Error)]);
        assert!(
            found[0].message.contains("uid:gid 1000:1000"),
            "{}",
            found[0].message
        );
        assert!(found[0].message.contains("chown root:root"));
    }

    #[test]
    fn etcd_data_dir_0755_fails_1_1_11() {
        let dir = good_root();
        let root = dir.path();
        set_mode(&root.join("var/lib/etcd"), 0o755);
        let found = check(root, &all_hardened(root));
        assert_eq!(ids(&found), vec![("CIS-1.1.11", Severity::Error)]);
        assert_eq!(found[0].component.as_deref(), Some(ETCD));
        assert!(found[0].message.contains("chmod 700"));
    }

    #[test]
    fn missing_files_are_skipped() {
        let dir = tempfile::tempdir().unwrap();
        // Nothing exists: no manifests, no kubeconfigs, no PKI, no data dir.
        assert_eq!(check(dir.path(), &all_hardened(dir.path())), vec![]);
        let bad = input(dir.path(), APISERVER, args(&["kube-apiserver"]));
        assert_eq!(check(dir.path(), &[bad]), vec![]);
    }

    #[test]
    fn authorization_config_makes_authz_checks_undecidable() {
        let dir = good_root();
        let root = dir.path();
        let command: Vec<String> = hardened(APISERVER)
            .into_iter()
            .filter(|a| !a.starts_with("--authorization-mode"))
            .chain(["--authorization-config=/etc/kubernetes/authz.yaml".to_string()])
            .collect();
        let found = run_one(root, APISERVER, command);
        assert_eq!(
            ids(&found),
            vec![
                ("CIS-1.2.6", Severity::Warning),
                ("CIS-1.2.7", Severity::Warning),
                ("CIS-1.2.8", Severity::Warning),
            ]
        );
        assert!(found[0].message.contains("cannot be decided from flags"));
        // Without either flag the apiserver defaults to AlwaysAllow.
        let command: Vec<String> = hardened(APISERVER)
            .into_iter()
            .filter(|a| !a.starts_with("--authorization-mode"))
            .collect();
        let found = run_one(root, APISERVER, command);
        assert_eq!(
            ids(&found),
            vec![
                ("CIS-1.2.6", Severity::Error),
                ("CIS-1.2.7", Severity::Error),
                ("CIS-1.2.8", Severity::Error),
            ]
        );
    }

    #[test]
    fn flag_parsing_last_wins_and_bare_is_true() {
        let cmd = args(&[
            "x",
            "--a=1",
            "--a=2",
            "--b",
            "-v=3",
            "positional",
            "--c=k=v",
        ]);
        let flags = Flags::parse(&cmd);
        assert_eq!(flags.get("a"), Some("2"));
        assert_eq!(flags.get("b"), Some("true"));
        assert_eq!(flags.get("c"), Some("k=v"));
        assert_eq!(flags.get("v"), Some("3"));
        assert_eq!(flags.iter().count(), 4);
        let dir = good_root();
        let mut cmd = hardened(APISERVER);
        cmd.push("--profiling".into());
        cmd.push("--profiling=false".into());
        assert_eq!(run_one(dir.path(), APISERVER, cmd), vec![]);
    }

    #[test]
    fn findings_are_sorted_numerically() {
        let dir = good_root();
        let root = dir.path();
        set_mode(&root.join("var/lib/etcd"), 0o755);
        set_mode(&manifest_path(root, APISERVER), 0o644);
        let mut inputs = all_hardened(root);
        inputs.reverse();
        inputs[3].command = args(KUBEADM_APISERVER); // apiserver
        inputs[0].command = args(&["etcd", "--data-dir=/var/lib/etcd"]);
        let found = check(root, &inputs);
        let keys: Vec<Vec<u32>> = found.iter().map(|f| id_key(&f.id)).collect();
        let mut sorted = keys.clone();
        sorted.sort();
        assert_eq!(keys, sorted);
        let order: Vec<&str> = found.iter().map(|f| f.id.as_str()).collect();
        assert!(
            order.starts_with(&[
                "CIS-1.1.1",
                "CIS-1.1.11",
                "CIS-1.2.1",
                "CIS-1.2.5",
                "CIS-1.2.15"
            ]),
            "{order:?}"
        );
        assert_eq!(order.last(), Some(&"CIS-2.5"));
    }

    #[test]
    fn catalogue_matches_table_and_is_ordered() {
        let cat = catalogue();
        assert_eq!(cat.len(), CHECKS.len());
        for (row, chk) in cat.iter().zip(CHECKS) {
            assert_eq!(*row, (chk.id, chk.title, chk.automated));
            assert!(!row.1.contains('('), "{}", row.1);
        }
        for pair in cat.windows(2) {
            assert!(
                id_key(pair[0].0) < id_key(pair[1].0),
                "{} !< {}",
                pair[0].0,
                pair[1].0
            );
        }
        let manual: Vec<&str> = cat.iter().filter(|r| !r.2).map(|r| r.0).collect();
        assert_eq!(manual, ["1.1.20", "1.1.21", "1.2.1", "1.2.27", "1.3.1"]);
    }
}
