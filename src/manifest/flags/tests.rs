//! One test per rule, each citing the component behaviour it follows.

use super::*;

fn args(list: &[&str]) -> Vec<String> {
    list.iter().map(|a| a.to_string()).collect()
}

fn parse(list: &[&str]) -> Flags {
    Flags::parse(&args(list))
}

#[test]
fn forms_and_scalar_last_wins() {
    // pflag Value.Set replaces a scalar (stringValue.Set: `*s = val`): the last wins.
    let f = parse(&[
        "kube-apiserver",
        "--secure-port=1",
        "--secure-port=2",
        "--advertise-address",
        "10.0.0.1",
        "--allow-privileged",
        "-v=4",
        "--empty=",
        "--service-cluster-ip-range=10.96.0.0/12, fd00::/108",
    ]);
    assert_eq!(f.component(), Some(Component::KubeApiserver));
    assert_eq!(f.get("secure-port"), Some("2"));
    assert_eq!(f.all("secure-port"), ["1", "2"]);
    assert_eq!(f.get("advertise-address"), Some("10.0.0.1"));
    assert_eq!(f.bool("allow-privileged"), Some(true));
    assert_eq!(f.get("v"), Some("4"));
    assert_eq!(f.get("empty"), None);
    assert_eq!(
        f.list("service-cluster-ip-range"),
        ["10.96.0.0/12", "fd00::/108"]
    );
    assert_eq!(f.get("kube-apiserver"), None);
    assert_eq!(f.bool("missing"), None);
    assert_eq!(f.problems(), []);
}

#[test]
fn empty_last_value_unsets_a_scalar() {
    let f = parse(&[
        "kube-scheduler",
        "--bind-address=1.2.3.4",
        "--bind-address=",
    ]);
    assert_eq!(f.get("bind-address"), None);
    assert_eq!(f.all("bind-address").len(), 2);
}

#[test]
fn string_slice_given_twice_appends() {
    // pflag stringSliceValue.Set appends after the first Set (string_slice.go): kube-apiserver
    // enables both plugins; kubeadm v1beta4 extraArgs render such duplicates.
    let f = parse(&[
        "kube-apiserver",
        "--enable-admission-plugins=NodeRestriction",
        "--enable-admission-plugins=AlwaysPullImages",
        "--authorization-mode=Node",
        "--authorization-mode",
        "RBAC",
    ]);
    assert_eq!(
        f.list("enable-admission-plugins"),
        ["NodeRestriction", "AlwaysPullImages"]
    );
    assert_eq!(f.get("authorization-mode"), Some("Node,RBAC"));
    assert!(f.is_list("authorization-mode"));
    assert!(!f.is_list("secure-port"));
}

#[test]
fn string_array_appends_without_splitting() {
    // `--service-account-key-file` is a StringArray: each occurrence is one file.
    let f = parse(&[
        "kube-apiserver",
        "--service-account-key-file=/a.pub",
        "--service-account-key-file=/b,c.pub",
    ]);
    assert_eq!(f.list("service-account-key-file"), ["/a.pub", "/b,c.pub"]);
}

#[test]
fn feature_gates_merge_later_pairs_win() {
    // featuregate Set merges `key=bool` pairs into those set before (feature_gate.go).
    let f = parse(&[
        "kube-controller-manager",
        "--feature-gates=RotateKubeletServerCertificate=false,A=true",
        "--feature-gates=RotateKubeletServerCertificate=true",
    ]);
    assert_eq!(
        f.list("feature-gates"),
        [
            "RotateKubeletServerCertificate=false",
            "A=true",
            "RotateKubeletServerCertificate=true"
        ]
    );
}

#[test]
fn etcd_lists_replace() {
    // etcd's URLsValue.Set replaces the list: the last occurrence wins.
    let f = parse(&[
        "etcd",
        "--listen-client-urls=https://127.0.0.1:2379",
        "--listen-client-urls=https://10.0.0.1:2379",
    ]);
    assert_eq!(f.list("listen-client-urls"), ["https://10.0.0.1:2379"]);
}

#[test]
fn boolean_never_takes_the_next_argument() {
    // pflag: a bool flag has NoOptDefVal "true"; `--profiling false` sets true and leaves
    // `false` as a positional, which cobra's Args check of kube-apiserver refuses
    // ("\"kube-apiserver\" does not take any arguments, got [\"false\"]").
    let f = parse(&[
        "kube-apiserver",
        "--profiling",
        "false",
        "--secure-port=6443",
    ]);
    assert_eq!(f.bool("profiling"), Some(true));
    assert_eq!(f.get("secure-port"), Some("6443"));
    assert_eq!(
        f.problems(),
        [Problem::Positional {
            index: 2,
            value: "false".into(),
            after_bool: Some("profiling".into()),
        }]
    );
}

#[test]
fn non_boolean_list_flag_takes_the_next_argument_even_with_a_dash() {
    // pflag parseLongArg: `--flag arg` for a flag without NoOptDefVal takes a[0], whatever it is.
    let f = parse(&["kube-apiserver", "--cors-allowed-origins", "-x-"]);
    assert_eq!(f.list("cors-allowed-origins"), ["-x-"]);
    assert_eq!(f.problems(), []);
}

#[test]
fn etcd_stops_at_the_first_positional() {
    // Go flag.Parse stops at the first non-flag; etcd then exits: "\"true\" is not a valid flag".
    let f = parse(&[
        "etcd",
        "--client-cert-auth",
        "true",
        "--data-dir=/var/lib/etcd",
    ]);
    assert_eq!(f.bool("client-cert-auth"), Some(true));
    assert_eq!(f.get("data-dir"), None);
    assert_eq!(f.problems().len(), 2);
    assert!(matches!(
        &f.problems()[0],
        Problem::Positional { value, after_bool: Some(b), .. } if value == "true" && b == "client-cert-auth"
    ));
}

#[test]
fn empty_positional_is_ignored_by_kube_components_not_by_etcd() {
    // cobra Args: `if len(arg) > 0 { return fmt.Errorf(…) }`; etcd: `len(flagSet.Args()) != 0`.
    assert_eq!(parse(&["kube-scheduler", ""]).problems(), []);
    assert_eq!(parse(&["etcd", ""]).problems().len(), 1);
}

#[test]
fn double_dash_ends_the_flags() {
    let f = parse(&["kube-scheduler", "--", "--profiling=false"]);
    assert_eq!(f.get("profiling"), None);
    assert_eq!(f.problems().len(), 1);
}

#[test]
fn invalid_values_are_problems() {
    // pflag: strconv.ParseBool error → "invalid argument"; StringSlice: encoding/csv error.
    let f = parse(&[
        "kube-apiserver",
        "--profiling=nope",
        "--enable-admission-plugins=a\"b",
        "-profiling=false",
        "---x",
    ]);
    let reasons: Vec<&str> = f
        .problems()
        .iter()
        .map(|p| match p {
            Problem::Invalid { reason, .. } => reason.as_str(),
            Problem::Positional { .. } => "positional",
        })
        .collect();
    assert_eq!(reasons.len(), 4, "{reasons:?}");
    assert!(reasons[0].contains("strconv.ParseBool"));
    assert!(reasons[1].contains("CSV"));
    assert!(reasons[2].contains("unknown shorthand flag: 'p'"));
    assert_eq!(reasons[3], "bad flag syntax");
}

#[test]
fn verbosity_shorthand_forms() {
    for form in [&["-v=3"][..], &["-v3"], &["-v", "3"]] {
        let mut cmd = vec!["kube-apiserver"];
        cmd.extend_from_slice(form);
        assert_eq!(parse(&cmd).get("v"), Some("3"), "{form:?}");
    }
}

#[test]
fn unknown_binary_uses_generic_rules() {
    let f = parse(&["/bin/other", "--a", "x", "--b", "-v=2", "-c=d"]);
    assert_eq!(f.component(), None);
    assert_eq!(f.get("a"), Some("x"));
    assert_eq!(f.get("b"), Some("true"));
    assert_eq!(f.get("c"), Some("d"));
    // A path to the binary still names the component.
    assert_eq!(
        parse(&["/usr/local/bin/kube-scheduler"]).component(),
        Some(Component::KubeScheduler)
    );
}
