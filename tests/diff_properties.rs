//! Property tests for `diff::classify` and `manifest::semantic_digest`, run over the real
//! rendered manifests in `golden/render/*/expected/*.yaml`:
//!
//! 1. a file compared with itself is `unchanged` (no restart) and its digest is stable;
//! 2. re-formatting it (shuffled key order, block or flow style, plain or quoted strings,
//!    indentation, comments, `---`, or JSON) is `cosmetic` or `unchanged`, never restarts the
//!    pod, and keeps the digest;
//! 3. swapping two distinct items of a list, appending to a string or incrementing a
//!    non-negative integer is `changed`, restarts the pod and changes the digest.

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use proptest::prelude::*;
use proptest::sample::Index;
use serde_json::{Map, Value};
use staticpod::diff::{classify, Status};
use staticpod::manifest::{decode, semantic_digest};

/// One golden manifest: its path under `golden/render` and its bytes.
struct Golden {
    name: String,
    bytes: Vec<u8>,
}

static GOLDENS: LazyLock<Vec<Golden>> = LazyLock::new(load_goldens);

fn load_goldens() -> Vec<Golden> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("golden/render");
    let sorted_dir = |dir: &Path| -> Vec<PathBuf> {
        let mut paths: Vec<PathBuf> = fs_err::read_dir(dir)
            .expect("read golden dir")
            .map(|entry| entry.expect("golden dir entry").path())
            .collect();
        paths.sort();
        paths
    };
    let mut goldens = Vec::new();
    for case in sorted_dir(&root) {
        let expected = case.join("expected");
        if !expected.is_dir() {
            continue;
        }
        for file in sorted_dir(&expected) {
            if file.extension().and_then(|e| e.to_str()) != Some("yaml") {
                continue; // error.txt
            }
            goldens.push(Golden {
                name: file
                    .strip_prefix(&root)
                    .unwrap_or(&file)
                    .display()
                    .to_string(),
                bytes: fs_err::read(&file).expect("read golden manifest"),
            });
        }
    }
    assert!(
        goldens.len() > 10,
        "expected golden manifests under {}",
        root.display()
    );
    goldens
}

fn golden(index: &Index) -> &'static Golden {
    index.get(&GOLDENS)
}

fn digest_of(bytes: &[u8]) -> String {
    semantic_digest(&decode(bytes).expect("decodes"))
}

fn to_value(golden: &Golden) -> Value {
    serde_yaml::from_slice(&golden.bytes).expect("golden manifest is YAML")
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 64,
        // Only this file is ours: no `proptest-regressions/` next to it.
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

// ---------------------------------------------------------------------------------------------
// A small deterministic generator for the formatting choices (the tree's shape decides how many
// choices there are, so a seed drawn by proptest drives them).

struct Rng(u64);

impl Rng {
    /// splitmix64.
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn one_in(&mut self, n: u64) -> bool {
        self.next().is_multiple_of(n)
    }

    fn coin(&mut self) -> bool {
        self.one_in(2)
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            items.swap(i, self.below(i + 1));
        }
    }
}

/// Words YAML 1.1 or 1.2 may read as something other than a string.
const SPECIAL_WORDS: &[&str] = &[
    "true", "false", "yes", "no", "on", "off", "y", "n", "null", "~",
];

/// Whether `s` can be written as a plain scalar, in block and in flow context, and read back
/// as the same string by any YAML 1.1/1.2 parser: `^[A-Za-z/][A-Za-z0-9_./=-]*$`, no special
/// word (a first letter or `/` rules out numbers, `.inf`, timestamps and `<<`).
fn plain_safe(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '/')
        && chars.all(|c| c.is_ascii_alphanumeric() || "_./=-".contains(c))
        && !SPECIAL_WORDS.contains(&s.to_ascii_lowercase().as_str())
}

fn json_quote(s: &str) -> String {
    serde_json::to_string(s).expect("string to JSON")
}

/// Writes a JSON value as YAML (or JSON) in a random style.
struct Emitter {
    rng: Rng,
    /// Indentation width: 2 or 4.
    width: usize,
    /// Every string quoted, every collection in flow style, only JSON spellings: valid JSON.
    json: bool,
}

impl Emitter {
    fn string(&mut self, s: &str) -> String {
        if !self.json && plain_safe(s) && self.coin() {
            s.to_string()
        } else {
            json_quote(s)
        }
    }

    fn coin(&mut self) -> bool {
        self.rng.coin()
    }

    fn scalar(&mut self, v: &Value) -> String {
        match v {
            Value::Null if self.json => "null".into(),
            Value::Null => self.rng.pick(&["null", "Null", "NULL", "~"]).into(),
            Value::Bool(b) if self.json => b.to_string(),
            Value::Bool(true) => self.rng.pick(&["true", "True", "TRUE"]).into(),
            Value::Bool(false) => self.rng.pick(&["false", "False", "FALSE"]).into(),
            Value::Number(n) => {
                assert!(n.is_i64() || n.is_u64(), "only integers in manifests: {n}");
                n.to_string()
            }
            Value::String(s) => self.string(s),
            Value::Array(_) | Value::Object(_) => unreachable!("not a scalar"),
        }
    }

    fn shuffled<'a>(&mut self, map: &'a Map<String, Value>) -> Vec<(&'a String, &'a Value)> {
        let mut entries: Vec<_> = map.iter().collect();
        self.rng.shuffle(&mut entries);
        entries
    }

    /// A node on one line, collections in flow style.
    fn flow(&mut self, v: &Value) -> String {
        let (open, close) = match v {
            Value::Object(_) => ("{", "}"),
            Value::Array(_) => ("[", "]"),
            _ => return self.scalar(v),
        };
        let items: Vec<String> = match v {
            Value::Object(map) => self
                .shuffled(map)
                .into_iter()
                .map(|(k, v)| format!("{}: {}", self.string(k), self.flow(v)))
                .collect(),
            Value::Array(items) => items.iter().map(|v| self.flow(v)).collect(),
            _ => unreachable!(),
        };
        if items.is_empty() {
            return format!("{open}{close}");
        }
        let pad = if self.rng.one_in(3) { " " } else { "" };
        let separator = if self.rng.one_in(4) { " ,  " } else { ", " };
        format!("{open}{pad}{}{pad}{close}", items.join(separator))
    }

    /// Whether to write this node in block style (only non-empty collections can be).
    fn block(&mut self, v: &Value) -> bool {
        let non_empty = match v {
            Value::Object(m) => !m.is_empty(),
            Value::Array(a) => !a.is_empty(),
            _ => false,
        };
        non_empty && !self.json && !self.rng.one_in(4)
    }

    /// A non-empty block collection, every line starting at least at `indent`.
    fn block_node(&mut self, v: &Value, indent: usize, lines: &mut Vec<String>) {
        match v {
            Value::Object(map) => self.block_mapping(map, indent, lines),
            Value::Array(items) => self.block_sequence(items, indent, lines),
            _ => unreachable!("not a collection"),
        }
    }

    fn block_mapping(&mut self, map: &Map<String, Value>, indent: usize, lines: &mut Vec<String>) {
        let pad = " ".repeat(indent);
        for (key, value) in self.shuffled(map) {
            let key = self.string(key);
            if self.block(value) {
                lines.push(format!("{pad}{key}:"));
                // A block sequence may sit at its key's indentation (as kubectl writes it).
                let child = if value.is_array() && self.coin() {
                    indent
                } else {
                    indent + self.width
                };
                self.block_node(value, child, lines);
            } else if value.is_null() && self.rng.one_in(3) {
                lines.push(format!("{pad}{key}:"));
            } else {
                let text = self.flow(value);
                lines.push(format!("{pad}{key}: {text}"));
            }
        }
    }

    fn block_sequence(&mut self, items: &[Value], indent: usize, lines: &mut Vec<String>) {
        let pad = " ".repeat(indent);
        for item in items {
            if !self.block(item) {
                let text = self.flow(item);
                lines.push(format!("{pad}- {text}"));
                continue;
            }
            let child = indent + self.width;
            if self.coin() {
                // `-` alone, the node indented below it.
                lines.push(format!("{pad}-"));
                self.block_node(item, child, lines);
            } else {
                // Compact: the node's first line shares the dash's line (`-   key: v`).
                let first = lines.len();
                self.block_node(item, child, lines);
                let dash = format!("{pad}-{}", " ".repeat(self.width - 1));
                lines[first].replace_range(..child, &dash);
            }
        }
    }
}

const COMMENTS: &[&str] = &[
    "# a comment",
    "#",
    "# key: value - [not, yaml] {x: y}",
    "#---",
    "# “unicode” ✓",
];

/// `value` written back in a random style decided by `seed`, and a name for that style.
fn reformat(value: &Value, seed: u64) -> (String, &'static str) {
    let mut rng = Rng(seed);
    if rng.one_in(8) {
        let text = serde_json::to_string_pretty(value).expect("to JSON");
        return (text, "serde_json pretty");
    }
    let width = if rng.coin() { 2 } else { 4 };
    if rng.one_in(8) {
        let mut emitter = Emitter {
            rng,
            width,
            json: true,
        };
        let text = emitter.flow(value);
        return (text, "JSON with shuffled keys");
    }
    let mut emitter = Emitter {
        rng,
        width,
        json: false,
    };
    let mut lines = Vec::new();
    // Mostly block at the root (the usual shape), sometimes one flow line.
    let flow_root = !emitter.block(value) && emitter.coin();
    if flow_root {
        lines.push(emitter.flow(value));
    } else {
        emitter.block_node(value, 0, &mut lines);
    }
    let mut rng = emitter.rng;
    let mut text = String::new();
    let comments = rng.coin();
    if comments && rng.coin() {
        text += "# leading comment\n";
    }
    // A document starting with `{` is JSON to the kubelet: a flow root needs the marker (or
    // the comment) to be read as YAML.
    if rng.coin() || (flow_root && text.is_empty()) {
        text += if rng.coin() { "---\n" } else { "--- # start\n" };
    }
    for line in lines {
        if comments && rng.one_in(6) {
            let indent = " ".repeat(rng.below(9));
            text += &format!("{indent}{}\n", rng.pick(COMMENTS));
        }
        text += &line;
        if comments && rng.one_in(6) {
            text += "  ";
            text += rng.pick(COMMENTS);
        }
        text += "\n";
    }
    if rng.one_in(4) {
        text += "...\n";
    }
    let style = if flow_root { "YAML, flow root" } else { "YAML" };
    (text, style)
}

// ---------------------------------------------------------------------------------------------
// Mutations for property 3.

#[derive(Debug, Clone, PartialEq)]
enum Step {
    Key(String),
    At(usize),
}

#[derive(Debug, Clone)]
enum Mutation {
    /// Swap two distinct items of the list at the path.
    Swap(Vec<Step>),
    /// Append `x` to the string at the path.
    Append(Vec<Step>),
    /// Add 1 to the non-negative integer at the path.
    Increment(Vec<Step>),
}

impl Mutation {
    fn kind(&self) -> usize {
        match self {
            Mutation::Swap(_) => 0,
            Mutation::Append(_) => 1,
            Mutation::Increment(_) => 2,
        }
    }
}

/// Paths the kubelet legitimately ignores, or whose change is not a change of this pod.
fn excluded(path: &[Step]) -> bool {
    let key = |i: usize| match path.get(i) {
        Some(Step::Key(k)) => Some(k.as_str()),
        _ => None,
    };
    matches!(key(0), Some("apiVersion" | "kind" | "status"))
        || (key(0) == Some("metadata") && matches!(key(1), Some("name" | "creationTimestamp")))
}

fn mutations(value: &Value, path: &mut Vec<Step>, out: &mut Vec<Mutation>) {
    if excluded(path) {
        return;
    }
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                path.push(Step::Key(key.clone()));
                mutations(child, path, out);
                path.pop();
            }
        }
        Value::Array(items) => {
            if items.iter().any(|item| *item != items[0]) {
                out.push(Mutation::Swap(path.clone()));
            }
            for (i, child) in items.iter().enumerate() {
                path.push(Step::At(i));
                mutations(child, path, out);
                path.pop();
            }
        }
        Value::String(_) => out.push(Mutation::Append(path.clone())),
        Value::Number(n) if n.as_u64().is_some() => out.push(Mutation::Increment(path.clone())),
        _ => {}
    }
}

fn node_mut<'a>(mut value: &'a mut Value, path: &[Step]) -> &'a mut Value {
    for step in path {
        value = match step {
            Step::Key(k) => value.get_mut(k.as_str()),
            Step::At(i) => value.get_mut(*i),
        }
        .expect("path exists");
    }
    value
}

/// Apply `mutation`; `pick` chooses which pair of distinct items a swap exchanges.
fn apply(value: &mut Value, mutation: &Mutation, pick: &Index) {
    match mutation {
        Mutation::Swap(path) => {
            let items = node_mut(value, path).as_array_mut().expect("a list");
            let pairs: Vec<(usize, usize)> = (0..items.len())
                .flat_map(|i| (i + 1..items.len()).map(move |j| (i, j)))
                .filter(|&(i, j)| items[i] != items[j])
                .collect();
            let (i, j) = *pick.get(&pairs);
            items.swap(i, j);
        }
        Mutation::Append(path) => {
            let node = node_mut(value, path);
            let text = node.as_str().expect("a string");
            *node = Value::String(format!("{text}x"));
        }
        Mutation::Increment(path) => {
            let node = node_mut(value, path);
            let n = node.as_u64().expect("a non-negative integer");
            *node = Value::from(n + 1);
        }
    }
}

// ---------------------------------------------------------------------------------------------

proptest! {
    #![proptest_config(config())]

    #[test]
    fn identical_bytes_are_unchanged_and_digest_is_stable(index in any::<Index>()) {
        let golden = golden(&index);
        let copy = golden.bytes.clone();
        let verdict = classify(Some(&golden.bytes), Some(&copy));
        prop_assert_eq!(verdict.status, Status::Unchanged, "{}", golden.name);
        prop_assert!(!verdict.restart, "{}", golden.name);
        prop_assert!(verdict.reasons.is_empty(), "{}: {:?}", golden.name, verdict.reasons);

        let decoded = decode(&golden.bytes);
        prop_assert!(decoded.is_ok(), "{}: {:?}", golden.name, decoded);
        let decoded = decoded.expect("checked");
        let digest = semantic_digest(&decoded);
        prop_assert_eq!(digest.len(), 64, "{}: {}", golden.name, digest);
        prop_assert!(digest.chars().all(|c| matches!(c, '0'..='9' | 'a'..='f')), "{}", digest);
        prop_assert_eq!(&digest_of(&copy), &digest, "{}: second decode", golden.name);
        // The kubelet's view of the pod, written out again, is the same pod.
        let json = serde_json::to_vec(&decoded.json).expect("to JSON");
        prop_assert_eq!(&digest_of(&json), &digest, "{}: decoded JSON", golden.name);
    }

    #[test]
    fn reformatting_is_cosmetic(index in any::<Index>(), seed in any::<u64>()) {
        let golden = golden(&index);
        let (text, style) = reformat(&to_value(golden), seed);
        let reformatted = decode(text.as_bytes());
        prop_assert!(
            reformatted.is_ok(),
            "{} as {}: {:?}\n{}", golden.name, style, reformatted.err(), text
        );
        let verdict = classify(Some(&golden.bytes), Some(text.as_bytes()));
        prop_assert!(
            matches!(verdict.status, Status::Cosmetic | Status::Unchanged) && !verdict.restart,
            "{} as {}: {:?}\n{}", golden.name, style, verdict, text
        );
        prop_assert_eq!(
            semantic_digest(&reformatted.expect("checked")),
            digest_of(&golden.bytes),
            "{} as {}:\n{}", golden.name, style, text
        );
    }

    #[test]
    fn list_order_and_scalar_changes_restart(
        index in any::<Index>(),
        kind in any::<Index>(),
        which in any::<Index>(),
        pair in any::<Index>(),
        as_json in any::<bool>(),
    ) {
        let golden = golden(&index);
        let original = to_value(golden);
        let mut candidates = Vec::new();
        mutations(&original, &mut Vec::new(), &mut candidates);
        // Kind first, then path: strings far outnumber lists and integers.
        // Kind of change first, then path: strings far outnumber lists and integers.
        let kinds: Vec<Vec<&Mutation>> = (0..3)
            .map(|k| candidates.iter().filter(|m| m.kind() == k).collect())
            .collect();
        prop_assert!(kinds.iter().all(|group| !group.is_empty()), "{}", golden.name);
        let mutation = *which.get(kinds[kind.index(kinds.len())].as_slice());
        let mut changed = original.clone();
        apply(&mut changed, mutation, &pair);
        prop_assert_ne!(&changed, &original);
        let text = if as_json {
            serde_json::to_string_pretty(&changed).expect("to JSON")
        } else {
            serde_yaml::to_string(&changed).expect("to YAML")
        };

        let decoded = decode(text.as_bytes());
        prop_assert!(decoded.is_ok(), "{} {:?}: {:?}", golden.name, mutation, decoded.err());
        let verdict = classify(Some(&golden.bytes), Some(text.as_bytes()));
        prop_assert_eq!(
            (verdict.status, verdict.restart),
            (Status::Changed, true),
            "{} {:?}: {:?}", golden.name, mutation, verdict.reasons
        );
        prop_assert!(!verdict.reasons.is_empty());
        prop_assert_ne!(
            semantic_digest(&decoded.expect("checked")),
            digest_of(&golden.bytes),
            "{} {:?}", golden.name, mutation
        );
    }
}
