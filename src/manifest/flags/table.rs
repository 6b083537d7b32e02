//! Which flags of each control-plane component are lists (given twice, they append) and which
//! are booleans (they never take the next argument), with the upstream declaration each entry
//! comes from. Every flag not listed here as a list is a scalar: given twice, the last wins
//! (pflag's and Go's `flag.Value.Set` replace the value).
//!
//! Sources (declarations read at these revisions):
//! - `k8s.io/apiserver` = github.com/kubernetes/apiserver @ 24a394e516bfda066d7e2221d7d92c052de27c54
//!   (the staging copy of kubernetes/kubernetes `staging/src/k8s.io/apiserver`);
//! - `k8s.io/component-base` = github.com/kubernetes/component-base @ 349fbe06359c4b39ca17bb9cabdf4a13d70b4b82;
//! - `kubernetes` = github.com/kubernetes/kubernetes (component-specific options; the call is
//!   quoted, the line number is not pinned);
//! - spf13/pflag @ 5fdac2d16c16d60605cb8baa887e8c5c38ef623f: `StringSlice.Set` splits the value
//!   as one CSV record and appends after the first `Set`, `StringArray.Set` appends the value
//!   unsplit (`string_slice.go`, `string_array.go`); a bool flag has `NoOptDefVal = "true"`
//!   (`bool.go`), so `parseLongArg` never gives it the next argument (`flag.go`).

use crate::component::Component;

/// The flag parser a component uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    /// spf13/pflag through cobra (kube-apiserver, kube-controller-manager, kube-scheduler):
    /// flags and positionals may interleave; a non-empty positional makes the command refuse
    /// to run (`"kube-apiserver" does not take any arguments, got ["false"]`).
    Pflag,
    /// Go's standard `flag` package (etcd, `server/etcdmain/config.go`): parsing stops at the
    /// first positional, and any positional makes etcd exit (`"false" is not a valid flag`).
    GoFlag,
}

/// How repeated occurrences of a list flag combine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListKind {
    /// pflag `StringSlice`: each value is one CSV record; occurrences append.
    Slice,
    /// pflag `StringArray` (and cliflag `NamedCertKeyArray`): each value is one element
    /// (commas kept); occurrences append.
    Array,
    /// A `key=value,…` map whose `Set` merges into what earlier occurrences set (a later key
    /// wins): reading every occurrence's pairs in order gives the same result.
    MapMerge,
}

/// A flag whose repeated occurrences combine instead of replacing each other.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListFlag {
    /// The flag's name, without the leading `--`.
    pub name: &'static str,
    /// How its occurrences combine.
    pub kind: ListKind,
    /// The upstream declaration (repository, path, line, call).
    pub source: &'static str,
}

/// The flag facts of one component.
#[derive(Debug, Clone, Copy)]
pub struct Table {
    /// The component's flag parser.
    pub syntax: Syntax,
    /// Groups of list flags.
    pub lists: &'static [&'static [ListFlag]],
    /// Boolean flags (and flags with an optional value, such as `--version`).
    pub bools: &'static [&'static str],
}

const fn slice(name: &'static str, source: &'static str) -> ListFlag {
    ListFlag {
        name,
        kind: ListKind::Slice,
        source,
    }
}

const fn array(name: &'static str, source: &'static str) -> ListFlag {
    ListFlag {
        name,
        kind: ListKind::Array,
        source,
    }
}

const fn map_merge(name: &'static str, source: &'static str) -> ListFlag {
    ListFlag {
        name,
        kind: ListKind::MapMerge,
        source,
    }
}

#[rustfmt::skip]
const FEATURE_GATES: &[ListFlag] = &[
    map_merge("feature-gates", "k8s.io/component-base featuregate/feature_gate.go:996 `fs.Var(f, flagName, …)` with flagName \"feature-gates\"; Set (line 367) merges `key=bool,…` into the gates already set"),
];

/// Serving options every pflag component shares (`SecureServingOptions.AddFlags`).
#[rustfmt::skip]
const SERVING: &[ListFlag] = &[
    slice("tls-cipher-suites", "k8s.io/apiserver pkg/server/options/serving.go:194 `fs.StringSliceVar(&s.CipherSuites, \"tls-cipher-suites\", …)`"),
    array("tls-sni-cert-key", "k8s.io/apiserver pkg/server/options/serving.go:214 `fs.Var(cliflag.NewNamedCertKeyArray(&s.SNICertKeys), \"tls-sni-cert-key\", …)`"),
];

/// Front-proxy request-header options (`RequestHeaderAuthenticationOptions.AddFlags`), used
/// by kube-apiserver and the delegated authentication of the controller manager and scheduler.
#[rustfmt::skip]
const REQUEST_HEADER: &[ListFlag] = &[
    slice("requestheader-username-headers", "k8s.io/apiserver pkg/server/options/authentication.go:134 `fs.StringSliceVar(&s.UsernameHeaders, \"requestheader-username-headers\", …)`"),
    slice("requestheader-uid-headers", "k8s.io/apiserver pkg/server/options/authentication.go:137 `fs.StringSliceVar(&s.UIDHeaders, \"requestheader-uid-headers\", …)`"),
    slice("requestheader-group-headers", "k8s.io/apiserver pkg/server/options/authentication.go:140 `fs.StringSliceVar(&s.GroupHeaders, \"requestheader-group-headers\", …)`"),
    slice("requestheader-extra-headers-prefix", "k8s.io/apiserver pkg/server/options/authentication.go:143 `fs.StringSliceVar(&s.ExtraHeaderPrefixes, \"requestheader-extra-headers-prefix\", …)`"),
    slice("requestheader-allowed-names", "k8s.io/apiserver pkg/server/options/authentication.go:151 `fs.StringSliceVar(&s.AllowedNames, \"requestheader-allowed-names\", …)`"),
];

/// Delegated authorization (`DelegatingAuthorizationOptions.AddFlags`): controller manager and
/// scheduler.
#[rustfmt::skip]
const DELEGATED_AUTHZ: &[ListFlag] = &[
    slice("authorization-always-allow-paths", "k8s.io/apiserver pkg/server/options/authorization.go:157 `fs.StringSliceVar(&s.AlwaysAllowPaths, \"authorization-always-allow-paths\", …)`"),
];

#[rustfmt::skip]
const APISERVER_LISTS: &[ListFlag] = &[
    slice("enable-admission-plugins", "k8s.io/apiserver pkg/server/options/admission.go:108 `fs.StringSliceVar(&a.EnablePlugins, \"enable-admission-plugins\", …)`"),
    slice("disable-admission-plugins", "k8s.io/apiserver pkg/server/options/admission.go:113 `fs.StringSliceVar(&a.DisablePlugins, \"disable-admission-plugins\", …)`"),
    slice("admission-control", "kubernetes pkg/kubeapiserver/options/admission.go @ 18b46af2bc28de9f6f15b9359c8789735bef1b7e `fs.StringSliceVar(&a.PluginNames, \"admission-control\", …)` (deprecated)"),
    slice("authorization-mode", "kubernetes pkg/kubeapiserver/options/authorization.go `fs.StringSliceVar(&s.Modes, \"authorization-mode\", …)` (a comma-split StringVar, last wins, in releases before 2018)"),
    array("service-account-key-file", "kubernetes pkg/kubeapiserver/options/authentication.go `fs.StringArrayVar(&s.ServiceAccounts.KeyFiles, \"service-account-key-file\", …)`"),
    array("service-account-issuer", "kubernetes pkg/kubeapiserver/options/authentication.go `fs.StringArrayVar(…ServiceAccounts.Issuers, \"service-account-issuer\", …)` (an array since v1.22)"),
    slice("api-audiences", "kubernetes pkg/kubeapiserver/options/authentication.go `fs.StringSliceVar(&o.APIAudiences, \"api-audiences\", …)`"),
    slice("oidc-signing-algs", "kubernetes pkg/kubeapiserver/options/authentication.go `fs.StringSliceVar(&s.OIDC.SigningAlgs, \"oidc-signing-algs\", …)`"),
    slice("kubelet-preferred-address-types", "kubernetes kube-apiserver options `fs.StringSliceVar(&s.KubeletConfig.PreferredAddressTypes, \"kubelet-preferred-address-types\", …)`"),
    slice("etcd-servers", "k8s.io/apiserver pkg/server/options/etcd.go:170 `fs.StringSliceVar(&s.StorageConfig.Transport.ServerList, \"etcd-servers\", …)`"),
    slice("etcd-servers-overrides", "k8s.io/apiserver pkg/server/options/etcd.go:130 `fs.StringSliceVar(&s.EtcdServersOverrides, \"etcd-servers-overrides\", …)`"),
    slice("watch-cache-sizes", "k8s.io/apiserver pkg/server/options/etcd.go:157 `fs.StringSliceVar(&s.WatchCacheSizes, \"watch-cache-sizes\", …)`"),
    slice("cors-allowed-origins", "k8s.io/apiserver pkg/server/options/server_run_options.go:341 `fs.StringSliceVar(&s.CorsAllowedOriginList, \"cors-allowed-origins\", …)`"),
    slice("strict-transport-security-directives", "k8s.io/apiserver pkg/server/options/server_run_options.go:343 `fs.StringSliceVar(&s.HSTSDirectives, \"strict-transport-security-directives\", …)`"),
    map_merge("runtime-config", "k8s.io/apiserver pkg/server/options/api_enablement.go:50 `fs.Var(&s.RuntimeConfig, \"runtime-config\", …)` (cliflag.ConfigurationMap: Set merges `key=value,…`)"),
];

#[rustfmt::skip]
const CONTROLLER_MANAGER_LISTS: &[ListFlag] = &[
    slice("controllers", "kubernetes staging/src/k8s.io/controller-manager/options/generic.go @ 2e0908106e4420a601e50d6edfd41475de87a3e1 `genericfs.StringSliceVar(&o.Controllers, \"controllers\", …)`"),
];

/// pflag booleans of kube-apiserver (`fs.BoolVar` in k8s.io/apiserver options and
/// kubernetes `pkg/kubeapiserver/options`, klog's logging flags) and `--version`
/// (optional value).
const APISERVER_BOOLS: &[&str] = &[
    "allow-privileged",
    "anonymous-auth",
    "audit-log-batch-throttle-enable",
    "audit-log-compress",
    "audit-log-truncate-enabled",
    "audit-webhook-batch-throttle-enable",
    "audit-webhook-truncate-enabled",
    "contention-profiling",
    "emulation-forward-compatible",
    "enable-aggregator-routing",
    "enable-bootstrap-token-auth",
    "enable-garbage-collector",
    "enable-logs-handler",
    "enable-priority-and-fairness",
    "encryption-provider-config-automatic-reload",
    "permit-address-sharing",
    "permit-port-sharing",
    "profiling",
    "runtime-config-emulation-forward-compatible",
    "service-account-extend-token-expiration",
    "service-account-lookup",
    "shutdown-send-retry-after",
    "watch-cache",
    "logtostderr",
    "alsologtostderr",
    "one-output",
    "skip-headers",
    "skip-log-headers",
    "add-dir-header",
    "version",
];

const CONTROLLER_MANAGER_BOOLS: &[&str] = &[
    "allocate-node-cidrs",
    "authentication-skip-lookup",
    "authentication-tolerate-lookup-failure",
    "configure-cloud-routes",
    "contention-profiling",
    "disable-attach-detach-reconcile-sync",
    "enable-dynamic-provisioning",
    "enable-garbage-collector",
    "enable-hostpath-provisioner",
    "enable-leader-migration",
    "leader-elect",
    "permit-address-sharing",
    "permit-port-sharing",
    "profiling",
    "use-service-account-credentials",
    "logtostderr",
    "alsologtostderr",
    "one-output",
    "skip-headers",
    "skip-log-headers",
    "add-dir-header",
    "version",
];

const SCHEDULER_BOOLS: &[&str] = &[
    "authentication-skip-lookup",
    "authentication-tolerate-lookup-failure",
    "contention-profiling",
    "leader-elect",
    "permit-address-sharing",
    "permit-port-sharing",
    "profiling",
    "logtostderr",
    "alsologtostderr",
    "one-output",
    "skip-headers",
    "skip-log-headers",
    "add-dir-header",
    "version",
];

/// Go `flag` booleans of etcd (`fs.BoolVar` in `server/etcdmain/config.go`, 3.5 and 3.6
/// names). etcd has no appending flag: its list values (`--listen-client-urls`,
/// `--cipher-suites`, …) replace on every `Set`.
const ETCD_BOOLS: &[&str] = &[
    "auto-tls",
    "client-cert-auth",
    "debug",
    "enable-grpc-gateway",
    "enable-log-rotation",
    "enable-pprof",
    "enable-v2",
    "experimental-compact-hash-check-enabled",
    "experimental-enable-distributed-tracing",
    "experimental-enable-lease-checkpoint",
    "experimental-enable-lease-checkpoint-persist",
    "experimental-initial-corrupt-check",
    "experimental-memory-mlock",
    "experimental-peer-skip-client-san-verification",
    "experimental-stop-grpc-service-on-defrag",
    "experimental-txn-mode-write-with-shared-buffer",
    "force-new-cluster",
    "peer-auto-tls",
    "peer-client-cert-auth",
    "pre-vote",
    "socket-reuse-address",
    "socket-reuse-port",
    "strict-reconfig-check",
    "unsafe-no-fsync",
    "version",
];

static APISERVER: Table = Table {
    syntax: Syntax::Pflag,
    lists: &[APISERVER_LISTS, FEATURE_GATES, SERVING, REQUEST_HEADER],
    bools: APISERVER_BOOLS,
};

static CONTROLLER_MANAGER: Table = Table {
    syntax: Syntax::Pflag,
    lists: &[
        CONTROLLER_MANAGER_LISTS,
        FEATURE_GATES,
        SERVING,
        REQUEST_HEADER,
        DELEGATED_AUTHZ,
    ],
    bools: CONTROLLER_MANAGER_BOOLS,
};

static SCHEDULER: Table = Table {
    syntax: Syntax::Pflag,
    lists: &[FEATURE_GATES, SERVING, REQUEST_HEADER, DELEGATED_AUTHZ],
    bools: SCHEDULER_BOOLS,
};

static ETCD: Table = Table {
    syntax: Syntax::GoFlag,
    lists: &[],
    bools: ETCD_BOOLS,
};

/// The flag table of `component`.
/// The flag facts of `component`.
pub fn table(component: Component) -> &'static Table {
    match component {
        Component::KubeApiserver => &APISERVER,
        Component::KubeControllerManager => &CONTROLLER_MANAGER,
        Component::KubeScheduler => &SCHEDULER,
        Component::Etcd => &ETCD,
    }
}

impl Table {
    /// The list flag called `name` (without `--`), or `None` for a scalar or boolean flag.
    pub fn list(&self, name: &str) -> Option<&'static ListFlag> {
        self.lists
            .iter()
            .flat_map(|group| group.iter())
            .find(|flag| flag.name == name)
    }

    /// Whether `name` (without `--`) is a boolean flag, which never takes the next argument.
    pub fn is_bool(&self, name: &str) -> bool {
        self.bools.contains(&name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_list_flag_cites_its_declaration_and_no_flag_is_both() {
        for component in Component::ALL {
            let t = table(component);
            let mut seen = std::collections::BTreeSet::new();
            for flag in t.lists.iter().flat_map(|g| g.iter()) {
                assert!(seen.insert(flag.name), "{component}: {} twice", flag.name);
                assert!(flag.source.contains(flag.name), "{}", flag.source);
                assert!(!t.is_bool(flag.name), "{}", flag.name);
            }
        }
        assert!(table(Component::Etcd).lists.is_empty());
        assert_eq!(
            table(Component::KubeApiserver)
                .list("service-account-key-file")
                .map(|f| f.kind),
            Some(ListKind::Array)
        );
        assert_eq!(table(Component::KubeScheduler).list("controllers"), None);
    }
}
