//! The YAML emitter (`staticpod::yaml::to_yaml`, go-yaml v2.4.0's `Marshal` of the generic
//! values `sigs.k8s.io/yaml.JSONToYAML` builds) against go-yaml's own encoder tests, and a
//! property: what it writes parses back to the same value, YAML 1.1 look-alikes included.
//!
//! Source: github.com/go-yaml/yaml tag v2.4.0 (7649d4548cb53a614db133b2a8ac1f31859dda8c),
//! `encode_test.go`: the `marshalTests` entries whose value JSON can express (string-keyed
//! maps, lists, strings, integers, float64, bools, null; not Inf/NaN, binary, time.Time,
//! struct tags), `TestLineWrapping` (v2.4.0 folds at 80 columns by default) and the string
//! keys of `TestSortedOutput`.

use proptest::prelude::*;
use serde_json::{json, Value};
use staticpod::yaml::{go_yaml_key_cmp, to_yaml};

#[test]
fn marshal_tests() {
    #[rustfmt::skip]
    let cases: Vec<(Value, &str)> = vec![
        (Value::Null, "null\n"),
        (json!({}), "{}\n"),
        (json!({"v": "hi"}), "v: hi\n"),
        (json!({"v": "true"}), "v: \"true\"\n"),
        (json!({"v": "false"}), "v: \"false\"\n"),
        (json!({"v": true}), "v: true\n"),
        (json!({"v": false}), "v: false\n"),
        (json!({"v": 10}), "v: 10\n"),
        (json!({"v": -10}), "v: -10\n"),
        (json!({"v": 42}), "v: 42\n"),
        (json!({"v": 4294967296_i64}), "v: 4294967296\n"),
        (json!({"v": "10"}), "v: \"10\"\n"),
        (json!({"v": 0.1}), "v: 0.1\n"),
        (json!({"v": 0.99}), "v: 0.99\n"),
        (json!({"v": -0.1}), "v: -0.1\n"),
        (json!({"v": null}), "v: null\n"),
        (json!({"v": ""}), "v: \"\"\n"),
        (json!({"v": ["A", "B"]}), "v:\n- A\n- B\n"),
        (json!({"v": ["A", "B\nC"]}), "v:\n- A\n- |-\n  B\n  C\n"),
        (json!({"v": ["A", 1, {"B": [2, 3]}]}), "v:\n- A\n- 1\n- B:\n  - 2\n  - 3\n"),
        (json!({"a": {"b": "c"}}), "a:\n  b: c\n"),
        (json!({"a": "-"}), "a: '-'\n"),
        (json!({"a": 1}), "a: 1\n"),
        (json!({"a": [1, 2]}), "a:\n- 1\n- 2\n"),
        (json!({"a": "<foo>"}), "a: <foo>\n"),
        (json!({"a": "1:1"}), "a: \"1:1\"\n"),
        (json!({"a": "\u{0}"}), "a: \"\\0\"\n"),
        (json!({"a": "你好"}), "a: 你好\n"),
        (json!({"a": "2015-02-24T18:19:39Z"}), "a: \"2015-02-24T18:19:39Z\"\n"),
        (json!({"a": "b: c"}), "a: 'b: c'\n"),
        (json!({"a": "Hello #comment"}), "a: 'Hello #comment'\n"),
        (json!({"a": "你好 #comment"}), "a: '你好 #comment'\n"),
    ];
    for (value, want) in cases {
        assert_eq!(to_yaml(&value), want, "{value}");
    }
}

#[test]
fn line_wrapping() {
    let v = json!({"a": "abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ 1234567890 abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ 1234567890 "});
    assert_eq!(
        to_yaml(&v),
        "a: 'abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ 1234567890 abcdefghijklmnopqrstuvwxyz\n  ABCDEFGHIJKLMNOPQRSTUVWXYZ 1234567890 '\n"
    );
}

/// The string keys of `TestSortedOutput`, in go-yaml's order.
const SORTED: &[&str] = &[
    "", ".1", ".2", ".a", "1", "2", "a!10", "a/0001", "a/002", "a/3", "a/10", "a/11", "a/0012",
    "a/100", "a~10", "ab/1", "b/1", "b/01", "b/2", "b/02", "b/3", "b/03", "b1", "b01", "b3",
    "c2.10", "c10.2", "d1", "d7", "d7abc", "d12", "d12a",
];

#[test]
fn sorted_output() {
    for pair in SORTED.windows(2) {
        assert_eq!(
            go_yaml_key_cmp(pair[0], pair[1]),
            std::cmp::Ordering::Less,
            "{:?} < {:?}",
            pair[0],
            pair[1]
        );
    }
    // Through the emitter: a map with these keys is written in that order.
    let map: serde_json::Map<String, Value> =
        SORTED.iter().map(|k| (k.to_string(), json!(1))).collect();
    let text = to_yaml(&Value::Object(map));
    let keys: Vec<String> = text
        .lines()
        .map(|l| l.rsplit_once(": ").map_or("", |(k, _)| k).to_string())
        .collect();
    let want: Vec<String> = SORTED
        .iter()
        .map(|k| {
            // go-yaml quotes keys that would read back as something else ("", numbers).
            if k.is_empty() || k.parse::<f64>().is_ok() {
                format!("\"{k}\"")
            } else {
                k.to_string()
            }
        })
        .collect();
    assert_eq!(keys, want, "{text}");
}

/// Strings that YAML 1.1 (the kubelet's go-yaml v2) reads as something else when plain.
const LOOK_ALIKES: &[&str] = &[
    "yes",
    "no",
    "on",
    "off",
    "y",
    "n",
    "Y",
    "N",
    "YES",
    "Off",
    "true",
    "False",
    "~",
    "null",
    "Null",
    "0644",
    "0x1F",
    "1_000",
    "+1",
    "-1",
    "1e3",
    "1.5",
    ".5",
    ".inf",
    "-.Inf",
    ".NaN",
    "2015-02-24",
    "2001-12-14t21:59:43.10-05:00",
    "1:20",
    "190:20:30",
    "=",
    "<<",
    "-",
    "? a",
    "- a",
    "a: b",
    "a #b",
    "#a",
    "'",
    "\"",
    "@a",
    "`a",
    "!tag",
    "&anchor",
    "*alias",
    "%TAG",
    "|",
    ">",
    "[",
    "]",
    "{",
    "}",
    ",",
    " lead",
    "trail ",
    "line\nbreak",
    "tab\there",
    "",
];

fn scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        prop::sample::select(LOOK_ALIKES).prop_map(|s| Value::String(s.to_string())),
        // Printable text (YAML 1.2-only forms such as `0o14` are left out: the check parses
        // with serde_yaml, a YAML 1.2 reader, where the kubelet's go-yaml v2 reads 1.1).
        "[ -~\u{e9}\u{4f60}\n]{0,90}"
            .prop_filter("no 0o octal", |s| !s.starts_with("0o"))
            .prop_map(Value::String),
        any::<i64>().prop_map(Value::from),
        any::<bool>().prop_map(Value::Bool),
        Just(Value::Null),
        (-1.0e12f64..1.0e12).prop_map(Value::from),
    ]
}

fn value() -> impl Strategy<Value = Value> {
    scalar().prop_recursive(3, 24, 5, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::btree_map("[a-z0-9./~-]{0,8}|yes|no|on|1|0644", inner, 0..5)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// serde_json keeps an integral f64 as a float; the emitter writes `1` for `1.0` (Go's
/// JSONToYAML decodes it back as int). Compare numbers by value.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same(p, q))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn emitted_yaml_parses_back_to_the_same_value(v in value()) {
        let text = to_yaml(&v);
        let back: Value = serde_yaml::from_str(&text)
            .map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        prop_assert!(same(&v, &back), "{v}\n---\n{text}---\n{back}");
    }

    #[test]
    fn look_alikes_are_never_plain(s in prop::sample::select(LOOK_ALIKES)) {
        // A look-alike written plain would be read by go-yaml v2 as a bool, number, null,
        // timestamp or YAML syntax: it must come out quoted or as a block scalar. `<<` and `=`
        // stay plain, as in go-yaml v2.4.0: resolve() only consults its table for a first
        // character in `+-0-9yYnNtTfFoO~.` (resolve.go resolveTable), so both read back as
        // strings.
        let text = to_yaml(&json!({ "k": s }));
        let body = text.strip_prefix("k: ").unwrap_or(&text);
        prop_assert!(
            body.starts_with('"') || body.starts_with('\'') || body.starts_with('|')
                || s == "<<" || s == "=",
            "{s:?} written plain: {text}"
        );
    }
}
