//! The benchmark: one row per CIS check (id, title, Automated/Manual, what it reads, what it
//! wants, the fix), in CIS order. [`super::evaluate`] interprets the rows.

use super::{APISERVER, CONTROLLER_MANAGER, ETCD, SCHEDULER};

/// Condition a flag's effective value must satisfy.
#[derive(Debug, Clone, Copy)]
pub(super) enum Cond {
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
    /// The value (or the binary's default) equals this string.
    Eq(&'static str),
    /// Every element of the comma-separated value is one of these (unset fails).
    AllIn(&'static [&'static str]),
}

/// Which file(s) a file check looks at.
#[derive(Debug, Clone, Copy)]
pub(super) enum Target {
    /// The manifest of this component.
    Manifest(&'static str),
    /// etcd's `--data-dir` (the host path behind its mount), resolved under the node root;
    /// absent, it fails (kube-bench's `stat` prints nothing).
    EtcdDataDir,
    /// These node paths (checked when present), reported for this component.
    NodeFiles(Option<&'static str>, &'static [&'static str]),
    /// These node paths, each checked when present; none present fails (kube-bench's loop
    /// prints nothing to test).
    SomeOf(&'static [&'static str]),
    /// `/etc/kubernetes/pki` and everything below it.
    PkiTree,
    /// Regular files below `/etc/kubernetes/pki` with this extension.
    PkiFiles(&'static str),
}

/// What a file check requires.
#[derive(Debug, Clone, Copy)]
pub(super) enum Want {
    /// No permission bits outside this mask.
    ModeWithin(u32),
    /// uid 0 and gid 0.
    RootOwned,
    /// Owned by this user and group, by name: `stat -c %U:%G` reads the names from the node's
    /// `/etc/passwd` and `/etc/group`.
    OwnedBy(&'static str, &'static str),
}

/// A check that reads a file a flag names (through the volume mount holding it).
#[derive(Debug, Clone, Copy)]
pub(super) enum Content {
    /// `EventRateLimit` is enabled and configured in `--admission-control-config-file`.
    EventRateLimit,
    /// The first provider of every entry of `--encryption-provider-config` is a strong one.
    EncryptionProviders,
    /// etcd's `--trusted-ca-file` is not the cluster CA (kube-apiserver's `--client-ca-file`).
    EtcdCa,
}

#[derive(Debug, Clone, Copy)]
pub(super) enum Kind {
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
    Content(Content),
}

#[derive(Debug, Clone, Copy)]
pub(super) struct Check {
    pub(super) id: &'static str,
    pub(super) title: &'static str,
    pub(super) automated: bool,
    pub(super) kind: Kind,
    /// Remediation; `{path}` is replaced by the offending path.
    pub(super) fix: &'static str,
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

const fn content(id: &'static str, kind: Content, title: &'static str, fix: &'static str) -> Check {
    Check {
        id,
        title,
        automated: false,
        kind: Kind::Content(kind),
        fix,
    }
}

use Cond::*;
use Target::*;
use Want::*;

pub(super) const CHMOD_600: &str = "run `chmod 600 {path}`";
pub(super) const CHOWN_ROOT: &str = "run `chown root:root {path}`";
/// The TLS 1.2 and 1.3 suites kube-bench's cis-1.12 1.2.29 accepts (AEAD, forward secrecy).
pub(super) const STRONG_CIPHERS: &[&str] = &[
    "TLS_AES_128_GCM_SHA256",
    "TLS_AES_256_GCM_SHA384",
    "TLS_CHACHA20_POLY1305_SHA256",
    "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
    "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
    "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305",
    "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
    "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
    "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
    "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305",
    "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
];
pub(super) const ADMIN_CONFS: &[&str] = &[
    "/etc/kubernetes/admin.conf",
    "/etc/kubernetes/super-admin.conf",
];

/// The checks, in CIS order. One row per check.
#[rustfmt::skip]
pub(super) const CHECKS: &[Check] = &[
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
    file("1.1.12", true, EtcdDataDir, OwnedBy("etcd", "etcd"),
        "Ensure that the etcd data directory ownership is set to etcd:etcd",
        "create the etcd user and group if missing (`groupadd --system etcd && useradd --system --gid etcd --no-create-home --shell /sbin/nologin etcd`), then run `chown etcd:etcd {path}`"),
    file("1.1.13", true, SomeOf(ADMIN_CONFS), ModeWithin(0o600),
        "Ensure that the default administrative credential file permissions are set to 600", CHMOD_600),
    file("1.1.14", true, SomeOf(ADMIN_CONFS), RootOwned,
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
    flag("1.2.3", false, APISERVER, &["enable-admission-plugins"], None, Has("DenyServiceExternalIPs"),
        "Ensure that the --DenyServiceExternalIPs is set",
        "add `DenyServiceExternalIPs` to `--enable-admission-plugins` (kubeadm: apiServer.extraArgs)"),
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
    content("1.2.9", Content::EventRateLimit,
        "Ensure that the admission control plugin EventRateLimit is set",
        "add `EventRateLimit` to `--enable-admission-plugins` and configure its limits in the AdmissionConfiguration `--admission-control-config-file` names (kubeadm: apiServer.extraArgs, apiServer.extraVolumes)"),
    flag("1.2.10", true, APISERVER, &["enable-admission-plugins"], None, Lacks("AlwaysAdmit"),
        "Ensure that the admission control plugin AlwaysAdmit is not set",
        "remove `AlwaysAdmit` from `--enable-admission-plugins` (kubeadm: apiServer.extraArgs)"),
    flag("1.2.11", false, APISERVER, &["enable-admission-plugins"], None, Has("AlwaysPullImages"),
        "Ensure that the admission control plugin AlwaysPullImages is set",
        "add `AlwaysPullImages` to `--enable-admission-plugins` (kubeadm: apiServer.extraArgs)"),
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
    content("1.2.28", Content::EncryptionProviders,
        "Ensure that encryption providers are appropriately configured",
        "make aescbc, secretbox or kms (apiVersion: v2) the first provider of every resources entry of the EncryptionConfiguration, covering secrets, then re-encrypt: `kubectl get secrets -A -o json | kubectl replace -f -`"),
    flag("1.2.29", false, APISERVER, &["tls-cipher-suites"], None, AllIn(STRONG_CIPHERS),
        "Ensure that the API Server only makes use of Strong Cryptographic Ciphers",
        "set `--tls-cipher-suites=TLS_AES_128_GCM_SHA256,TLS_AES_256_GCM_SHA384,TLS_CHACHA20_POLY1305_SHA256,TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256` (kubeadm: apiServer.extraArgs)"),
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
    flag("1.3.7", true, CONTROLLER_MANAGER, &["bind-address"], Some("0.0.0.0"), Eq("127.0.0.1"),
        "Ensure that the --bind-address argument is set to 127.0.0.1",
        "set `--bind-address=127.0.0.1` (kubeadm: controllerManager.extraArgs)"),

    // 1.4 Scheduler
    flag("1.4.1", true, SCHEDULER, &["profiling"], Some("true"), Bool(false),
        "Ensure that the --profiling argument is set to false",
        "add `--profiling=false` (kubeadm: scheduler.extraArgs)"),
    flag("1.4.2", true, SCHEDULER, &["bind-address"], Some("0.0.0.0"), Eq("127.0.0.1"),
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
    content("2.7", Content::EtcdCa,
        "Ensure that a unique Certificate Authority is used for etcd",
        "give etcd its own CA (kubeadm: /etc/kubernetes/pki/etcd/ca.crt, `kubeadm init phase certs etcd-ca`) and set `--trusted-ca-file` to it (kubeadm: etcd.local.extraArgs)"),
];

pub(super) const N_CHECKS: usize = CHECKS.len();

const fn build_catalogue() -> [(&'static str, &'static str, bool); N_CHECKS] {
    let mut out = [("", "", false); N_CHECKS];
    let mut i = 0;
    while i < N_CHECKS {
        out[i] = (CHECKS[i].id, CHECKS[i].title, CHECKS[i].automated);
        i += 1;
    }
    out
}

pub(super) static CATALOGUE: [(&str, &str, bool); N_CHECKS] = build_catalogue();
