//! The flag reader (`staticpod::manifest::flags`) against spf13/pflag's own tests.
//!
//! Source: github.com/spf13/pflag @ 5fdac2d16c16d60605cb8baa887e8c5c38ef623f, files
//! `string_slice_test.go`, `string_array_test.go` and `flag_test.go` (`testParse`). pflag's
//! tests declare throw-away flags (`--ss` a StringSlice, `--sa` a StringArray, `--bool…` bools,
//! `--string`, `--uint`); each vector runs here on a kube-apiserver flag of the same pflag type:
//! `--ss` → `--enable-admission-plugins`, `--sa` → `--service-account-key-file`, `--bool` /
//! `--bool2` / `--bool3` → `--profiling` / `--anonymous-auth` / `--allow-privileged`,
//! `--string` → `--advertise-address`, `--uint` → `--secure-port`.

use staticpod::manifest::flags::{Flags, Problem};

fn apiserver(args: &[&str]) -> Flags {
    let mut command = vec!["kube-apiserver".to_string()];
    command.extend(args.iter().map(|a| a.to_string()));
    Flags::parse(&command)
}

const SS: &str = "enable-admission-plugins";
const SA: &str = "service-account-key-file";

fn ss_args(values: &[&str]) -> Vec<String> {
    values.iter().map(|v| format!("--{SS}={v}")).collect()
}

fn sa_args(values: &[&str]) -> Vec<String> {
    values.iter().map(|v| format!("--{SA}={v}")).collect()
}

fn strs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

/// (test name, `--ss=` values, expected elements) from string_slice_test.go.
#[rustfmt::skip]
const STRING_SLICE: &[(&str, &[&str], &[&str])] = &[
    ("TestEmptySSValue", &[""], &[]),
    ("TestSS", &["one,two,4,3"], &["one", "two", "4", "3"]),
    ("TestSSCalledTwice", &["one,two", "three"], &["one", "two", "three"]),
    ("TestSSWithComma", &[r#""one,two""#, r#""three""#, r#""four,five",six"#], &["one,two", "three", "four,five", "six"]),
    ("TestSSWithSquareBrackets", &[r#""[a-z]""#, r#""[a-z]+""#], &["[a-z]", "[a-z]+"]),
];

/// (test name, `--sa=` values, expected elements) from string_array_test.go.
#[rustfmt::skip]
const STRING_ARRAY: &[(&str, &[&str], &[&str])] = &[
    ("TestSACalledTwice", &["one", "two"], &["one", "two"]),
    ("TestSAWithSpecialChar", &["one,two", r#""three""#, r#""four,five",six"#, "seven eight"], &["one,two", r#""three""#, r#""four,five",six"#, "seven eight"]),
];

/// The raw elements of a list flag, untrimmed, in order (what pflag's Get returns).
fn elements(flags: &Flags, name: &str) -> Vec<String> {
    // `list` trims and drops empty elements, as the checks want; pflag's vectors have none.
    flags.list(name).into_iter().map(str::to_string).collect()
}

#[test]
fn string_slice_vectors() {
    for (name, values, want) in STRING_SLICE {
        let args = ss_args(values);
        let f = apiserver(&args.iter().map(String::as_str).collect::<Vec<_>>());
        assert_eq!(strs(&elements(&f, SS)), *want, "{name}");
        assert_eq!(f.problems(), [], "{name}");
    }
}

#[test]
fn string_array_vectors() {
    for (name, values, want) in STRING_ARRAY {
        let args = sa_args(values);
        let f = apiserver(&args.iter().map(String::as_str).collect::<Vec<_>>());
        assert_eq!(strs(&elements(&f, SA)), *want, "{name}");
    }
}

#[test]
fn test_parse_vector() {
    // flag_test.go testParse: "--bool", "--bool2=true", "--bool3=false", "--uint", "24",
    // "--string=hello", then one-extra-argument; pflag: bool true, bool2 true, bool3 false,
    // uint 24, string "hello", Args() = [one-extra-argument].
    let f = apiserver(&[
        "--profiling",
        "--anonymous-auth=true",
        "--allow-privileged=false",
        "--secure-port",
        "24",
        "--advertise-address=hello",
        "one-extra-argument",
    ]);
    assert_eq!(f.bool("profiling"), Some(true));
    assert_eq!(f.bool("anonymous-auth"), Some(true));
    assert_eq!(f.bool("allow-privileged"), Some(false));
    assert_eq!(f.get("secure-port"), Some("24"));
    assert_eq!(f.get("advertise-address"), Some("hello"));
    // The extra argument is what pflag leaves in Args(); kube-apiserver's cobra Args check
    // refuses it.
    assert!(matches!(
        f.problems(),
        [Problem::Positional { value, after_bool: None, .. }] if value == "one-extra-argument"
    ));
}

#[test]
fn terminator_vector() {
    // flag_test.go TestTermination: args "--", "ls", "-l" → bool flag false, Args() = [ls, -l]
    // (here `--profiling`, shorthand-free; both arguments are positionals).
    let f = apiserver(&["--", "ls", "--profiling"]);
    assert_eq!(f.bool("profiling"), None);
    let positionals: Vec<&str> = f
        .problems()
        .iter()
        .filter_map(|p| match p {
            Problem::Positional { value, .. } => Some(value.as_str()),
            Problem::Invalid { .. } => None,
        })
        .collect();
    assert_eq!(positionals, ["ls", "--profiling"]);
}
