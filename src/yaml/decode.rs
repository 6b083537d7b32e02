//! YAML input: the one place where YAML text becomes data.
//!
//! Everything staticpod reads as YAML (manifests, kubeadm configs and ConfigMap dumps, patches,
//! kubeconfigs, admission and encryption configs) goes through [`first_document`] or
//! [`documents`], so the decoder can be changed here alone.
//!
//! # How the kubelet reads a manifest (the behaviour emulated here)
//!
//! Settled from the sources (paths in the upstream repositories):
//! - kubernetes `pkg/kubelet/config/common.go`, `tryDecodeSinglePod`: `json, err :=
//!   utilyaml.ToJSON(data)`, then `runtime.Decode(legacyscheme.Codecs.UniversalDecoder(),
//!   json)` into the typed Pod: a JSON value of the wrong type for a field fails the decode
//!   (the file is invalid, the pod does not run); unknown fields are dropped.
//! - apimachinery `pkg/util/yaml/decoder.go`, `ToJSON`: data whose first non-space bytes
//!   (`unicode.IsSpace`) are `{` is passed on as JSON unchanged; anything else goes to
//!   `yaml.YAMLToJSON`.
//! - sigs.k8s.io/yaml `yaml.go`, `YAMLToJSON(y)` is `yamlToJSONTarget(y, nil, yaml.Unmarshal)`:
//!   **no target type** (only `Unmarshal`/`UnmarshalStrict` into a typed object pass a target,
//!   which coerces numbers and booleans into string fields — the kubelet path does not). So
//!   go-yaml v2 (`go.yaml.in/yaml/v2`, the successor of `gopkg.in/yaml.v2`) decodes into
//!   `interface{}` with YAML 1.1 resolution (`resolve.go`): unquoted `y`/`yes`/`on`/`n`/`no`/
//!   `off` (three spellings each) are booleans, `0644` is the octal integer 420, `1_000` is 1000,
//!   `1e3` a float, timestamps stay strings (`decode.go`: "for backward compatibility reasons we
//!   set it as a string"), `<<` merges mappings; only the first document is decoded
//!   (`yaml.Unmarshal` parses one); duplicate keys: the last one wins (`setMapIndex` only
//!   refuses them in strict mode). `convertToJSONableObject` turns integer keys into decimal
//!   text, boolean keys into `true`/`false`, float keys into `FormatFloat(k, 'g', -1, 32)`, and
//!   refuses other keys; `json.Marshal` refuses NaN and infinities, and writes an integral float
//!   below 1e21 without a fraction (so `1e3` decodes into an integer field).
//! - go-yaml v2 `readerc.go`, `yaml_parser_determine_encoding`: a UTF-8 byte order mark at the
//!   start of the input is skipped (`raw_buffer_pos += 3`); `ToJSON` does not see through it
//!   (U+FEFF is not `unicode.IsSpace`), so a file with a BOM is always read as YAML.
//!
//! The parser underneath is libyaml (through `serde_yaml`), of which go-yaml v2 is a port: the
//! same scanner accepts the same syntax and words its errors the same way. Its YAML 1.2
//! resolution is not used for anything it reads differently: an unquoted scalar is recognised
//! as unquoted (a quoted one starts right after its quote character in the text) and resolved
//! with [`super::resolve::resolve`], the table the emitter quotes by.
//!
//! # Limits
//! Before the parser runs, a linear pre-scan ([`check_depth`]) refuses a text nested deeper
//! than [`MAX_DEPTH`] levels (flow brackets and block indentation levels together, counted
//! generously): libyaml needs time quadratic in the depth to reject `x: [[[[…` (a minute for
//! 100 000 levels), the pre-scan milliseconds. Alias expansion is capped by the parser
//! (`serde_yaml` refuses a document that repeats aliases too often).

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

use super::float::go_format_float;
pub use super::prescan::{check_depth, MAX_DEPTH, MAX_NODES};
use super::resolve::{resolve, Resolved};

/// What to do when a mapping repeats a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DuplicateKeys {
    /// The last one wins, as go-yaml v2's non-strict `Unmarshal` (the kubelet).
    LastWins,
    /// Refuse the document (kubeadm's strict config decoding warns; staticpod refuses).
    Refuse,
}

/// A line and column (both from 1) in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    /// The line, from 1.
    pub line: usize,
    /// The column in characters, from 1.
    pub column: usize,
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {} column {}", self.line, self.column)
    }
}

/// An unquoted scalar that YAML 1.1 reads as something else than a string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Implicit {
    /// The scalar as written, when the parser kept its text.
    pub text: Option<String>,
    /// What it became: "a boolean", "an integer", "a number", "null".
    pub became: &'static str,
}

/// One decoded YAML document.
#[derive(Debug, Clone)]
pub struct Document {
    /// The document as JSON, as `YAMLToJSON` converts it.
    pub value: Value,
    /// Bytes of a byte order mark skipped before the text (not a column of its own).
    bom: usize,
    /// Field path (`spec.containers[0].image`, the form `serde_path_to_error` prints) → byte
    /// offset of the node (a scalar value, else its key) in the text.
    offsets: HashMap<String, usize>,
    /// Field path → the unquoted scalar that resolved to a non-string.
    implicit: HashMap<String, Implicit>,
    /// The whole text (shared by the documents of one text).
    text: Arc<str>,
}

impl Document {
    /// Whether the text started with a UTF-8 byte order mark (skipped, as go-yaml skips it).
    pub fn had_bom(&self) -> bool {
        self.bom > 0
    }

    /// Where the node at `path` (`spec.containers[0].image`) starts, if known.
    pub fn position(&self, path: &str) -> Option<Position> {
        let offset = *self.offsets.get(path)?;
        Some(position_of(&self.text, offset))
    }

    /// The unquoted scalar at `path` that YAML 1.1 did not read as a string, if any.
    pub fn implicit(&self, path: &str) -> Option<&Implicit> {
        self.implicit.get(path)
    }
}

/// Why a text could not be decoded. Every message says where, as line and column.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// The text nests deeper than [`MAX_DEPTH`].
    #[error("nested deeper than {MAX_DEPTH} levels at {position}; not parsed")]
    TooDeep {
        /// Where the limit was crossed.
        position: Position,
    },
    /// The text holds more than [`MAX_NODES`] nodes (or aliases expand to more).
    #[error(
        "more than {MAX_NODES} YAML nodes (lines and list items, aliases expanded); not parsed"
    )]
    TooManyNodes,
    /// The YAML parser refused the text.
    #[error("invalid YAML{}: {message}", location.map(|p| format!(" at {p}")).unwrap_or_default())]
    Syntax {
        /// Where, if the parser said.
        location: Option<Position>,
        /// The parser's message, without the location.
        message: String,
        /// The parser's own wording, the location inside (`… at line 5 column 1, while …`).
        parser_text: String,
    },
    /// The YAML is valid but has no JSON form (a NaN or an infinity, a null or a collection as
    /// a mapping key): `YAMLToJSON` fails.
    #[error("{path}: {message}")]
    NoJson {
        /// The field path.
        path: String,
        /// What cannot be converted.
        message: String,
    },
}

/// The first document of `text` (empty text: `null`), as the kubelet's `YAMLToJSON` reads it.
pub fn first_document(text: &str, duplicates: DuplicateKeys) -> Result<Document, DecodeError> {
    let (text, skipped) = strip_bom(text);
    check_depth(text)?;
    let shared: Arc<str> = Arc::from(text);
    match serde_yaml::Deserializer::from_str(text).next() {
        None => Ok(empty_document(shared, skipped)),
        Some(document) => decode_one(text, &shared, skipped, document, duplicates, &mut 0),
    }
}

/// Every document of a multi-document text, in order (an empty document is `null`).
pub fn documents(text: &str, duplicates: DuplicateKeys) -> Vec<Result<Document, DecodeError>> {
    let (text, skipped) = strip_bom(text);
    if let Err(e) = check_depth(text) {
        return vec![Err(e)];
    }
    let shared: Arc<str> = Arc::from(text);
    // One node budget for the whole text: aliases cannot multiply it document by document.
    let mut nodes = 0;
    let mut out = Vec::new();
    for document in serde_yaml::Deserializer::from_str(text) {
        let decoded = decode_one(text, &shared, skipped, document, duplicates, &mut nodes);
        let failed = decoded.is_err();
        out.push(decoded);
        if failed {
            break; // the parser cannot go on after a syntax error
        }
    }
    out
}

/// Whether the kubelet's `ToJSON` takes `text` for JSON and passes it on unconverted: its first
/// non-space character is `{` (a byte order mark is not a space).
pub fn is_json(text: &str) -> bool {
    text.trim_start_matches(char::is_whitespace)
        .starts_with('{')
}

fn strip_bom(text: &str) -> (&str, usize) {
    match text.strip_prefix('\u{FEFF}') {
        Some(rest) => (rest, '\u{FEFF}'.len_utf8()),
        None => (text, 0),
    }
}

fn empty_document(text: Arc<str>, skipped: usize) -> Document {
    Document {
        value: Value::Null,
        bom: skipped,
        offsets: HashMap::new(),
        implicit: HashMap::new(),
        text,
    }
}

fn decode_one<'de>(
    text: &'de str,
    shared: &Arc<str>,
    skipped: usize,
    document: serde_yaml::Deserializer<'de>,
    duplicates: DuplicateKeys,
    nodes: &mut usize,
) -> Result<Document, DecodeError> {
    let state = RefCell::new(State {
        offsets: HashMap::new(),
        implicit: HashMap::new(),
        no_json: None,
        nodes: *nodes,
    });
    let seed = Node {
        text,
        state: &state,
        path: String::new(),
        duplicates,
    };
    let value = match seed.deserialize(document) {
        Ok(value) => value,
        Err(e) => {
            if let Some(error) = state.borrow_mut().no_json.take() {
                return Err(error);
            }
            return Err(syntax_error(&e));
        }
    };
    let state = state.into_inner();
    *nodes = state.nodes;
    Ok(Document {
        value,
        bom: skipped,
        offsets: state.offsets,
        implicit: state.implicit,
        text: Arc::clone(shared),
    })
}

fn syntax_error(e: &serde_yaml::Error) -> DecodeError {
    let location = e.location().map(|l| Position {
        line: l.line(),
        column: l.column(),
    });
    // serde_yaml's message repeats the location it starts with; say it once.
    let text = e.to_string();
    let message = match location {
        Some(p) => {
            let at = format!(" at {p}");
            match text.split_once(&at) {
                Some((head, tail)) => format!("{head}{tail}"),
                None => text.clone(),
            }
        }
        None => text.clone(),
    };
    DecodeError::Syntax {
        location,
        message,
        parser_text: text,
    }
}

/// Where the first byte that is not UTF-8 is (`valid_up_to` from [`std::str::Utf8Error`]), as
/// a line and column: messages never give byte offsets.
pub fn invalid_utf8_position(bytes: &[u8], valid_up_to: usize) -> Position {
    let valid = bytes.get(..valid_up_to).unwrap_or(bytes);
    // The prefix is valid UTF-8 by definition of `valid_up_to`.
    let text = std::str::from_utf8(valid).unwrap_or_default();
    position_of(text, text.len())
}

pub(super) fn position_of(text: &str, offset: usize) -> Position {
    let before = text.get(..offset).unwrap_or(text);
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    Position {
        line: before.matches('\n').count() + 1,
        column: before.get(line_start..).map_or(0, |l| l.chars().count()) + 1,
    }
}

struct State {
    offsets: HashMap<String, usize>,
    implicit: HashMap<String, Implicit>,
    /// Set when the error that stopped the decode is about JSON, not YAML (or too many nodes).
    no_json: Option<DecodeError>,
    /// Nodes decoded so far, aliases expanded.
    nodes: usize,
}

/// A node being decoded at `path`.
struct Node<'a, 'de> {
    text: &'de str,
    state: &'a RefCell<State>,
    path: String,
    duplicates: DuplicateKeys,
}

impl<'a, 'de> Node<'a, 'de> {
    fn child(&self, path: String) -> Node<'a, 'de> {
        Node {
            text: self.text,
            state: self.state,
            path,
            duplicates: self.duplicates,
        }
    }

    /// The byte offset of a string the parser lent from the text, and whether it was unquoted
    /// (a quoted scalar's value starts right after its quote; an unquoted one cannot follow a
    /// quote character).
    fn borrowed_at(&self, v: &str) -> Option<(usize, bool)> {
        let start = (v.as_ptr() as usize).checked_sub(self.text.as_ptr() as usize)?;
        if start + v.len() > self.text.len() {
            return None;
        }
        let before = start
            .checked_sub(1)
            .and_then(|i| self.text.as_bytes().get(i));
        Some((start, !matches!(before, Some(b'\'' | b'"'))))
    }

    /// The parser resolves plain `true`, `5`, `1.5`, `null` itself without lending their text:
    /// find such a value after its key (`key: value`), else point at the key.
    fn locate_unlent_value(&self, path: &str, key_offset: usize) {
        let mut state = self.state.borrow_mut();
        if state.offsets.contains_key(path) {
            return;
        }
        let after_key = self.text.get(key_offset..).unwrap_or_default();
        let value_offset = after_key
            .find(':')
            .filter(|&colon| !after_key[..colon].contains('\n'))
            .and_then(|colon| {
                let rest = &after_key[colon + 1..];
                let start = rest.len() - rest.trim_start_matches([' ', '\t']).len();
                let first = rest[start..].chars().next()?;
                (!matches!(first, '\n' | '\r' | '#')).then_some(key_offset + colon + 1 + start)
            });
        let offset = value_offset.unwrap_or(key_offset);
        state.offsets.insert(path.to_string(), offset);
        if let (Some(offset), Some(implicit)) = (value_offset, state.implicit.get_mut(path)) {
            if implicit.text.is_none() {
                implicit.text = Some(plain_text_at(self.text, offset));
            }
        }
    }

    fn implicit(&self, text: Option<&str>, became: &'static str) {
        self.state.borrow_mut().implicit.insert(
            self.path.clone(),
            Implicit {
                text: text.map(str::to_string),
                became,
            },
        );
    }

    fn no_json<E: de::Error>(&self, message: String) -> E {
        let path = if self.path.is_empty() {
            ".".to_string()
        } else {
            self.path.clone()
        };
        let error = DecodeError::NoJson { path, message };
        let text = error.to_string();
        self.state.borrow_mut().no_json = Some(error);
        E::custom(text)
    }

    fn float<E: de::Error>(&self, f: f64, text: Option<&str>) -> Result<Value, E> {
        self.implicit(text, "a number");
        json_float(f).ok_or_else(|| {
            self.no_json(format!(
                "{} has no JSON form (the kubelet's YAML-to-JSON conversion fails on it)",
                text.unwrap_or(&go_format_float(f))
            ))
        })
    }
}

/// The plain scalar starting at `offset`: up to the end of the line, a comment, or a flow
/// indicator.
fn plain_text_at(text: &str, offset: usize) -> String {
    let rest = text.get(offset..).unwrap_or_default();
    let line = rest.split(['\n', '\r']).next().unwrap_or_default();
    let end = line.find(" #").unwrap_or(line.len());
    let line = &line[..end];
    let end = line.find([',', ']', '}']).unwrap_or(line.len());
    line[..end].trim_end().to_string()
}

/// A float as Go's `json.Marshal` writes it and a Go decoder reads it back: integral values
/// below 1e21 without a fraction (so they fit integer fields); NaN and infinities: none.
fn json_float(f: f64) -> Option<Value> {
    if !f.is_finite() {
        return None;
    }
    if f.fract() == 0.0 && f.abs() < 1e21 {
        if f >= i64::MIN as f64 && f < i64::MAX as f64 {
            return Some(Value::from(f as i64));
        }
        if f >= 0.0 && f < u64::MAX as f64 {
            return Some(Value::from(f as u64));
        }
    }
    Number::from_f64(f).map(Value::Number)
}

impl<'de> DeserializeSeed<'de> for Node<'_, 'de> {
    type Value = Value;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        {
            let mut state = self.state.borrow_mut();
            state.nodes += 1;
            if state.nodes > MAX_NODES {
                // Aliases can expand a small text into a huge document.
                state.no_json = Some(DecodeError::TooManyNodes);
                return Err(de::Error::custom(DecodeError::TooManyNodes.to_string()));
            }
        }
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Node<'_, 'de> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_bool<E: de::Error>(self, b: bool) -> Result<Value, E> {
        self.implicit(None, "a boolean");
        Ok(Value::Bool(b))
    }

    fn visit_i64<E: de::Error>(self, i: i64) -> Result<Value, E> {
        self.implicit(None, "an integer");
        Ok(Value::from(i))
    }

    fn visit_u64<E: de::Error>(self, u: u64) -> Result<Value, E> {
        self.implicit(None, "an integer");
        Ok(Value::from(u))
    }

    fn visit_i128<E: de::Error>(self, i: i128) -> Result<Value, E> {
        // Beyond 64 bits go-yaml falls back to a float.
        self.float(i as f64, None)
    }

    fn visit_u128<E: de::Error>(self, u: u128) -> Result<Value, E> {
        self.float(u as f64, None)
    }

    fn visit_f64<E: de::Error>(self, f: f64) -> Result<Value, E> {
        self.float(f, None)
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Value, E> {
        let Some((offset, unquoted)) = self.borrowed_at(v) else {
            return Ok(Value::String(v.to_string()));
        };
        self.state
            .borrow_mut()
            .offsets
            .insert(self.path.clone(), offset);
        if !unquoted {
            return Ok(Value::String(v.to_string()));
        }
        Ok(match resolve(v) {
            Resolved::Str => Value::String(v.to_string()),
            Resolved::Null => {
                self.implicit(Some(v), "null");
                Value::Null
            }
            Resolved::Bool(b) => {
                self.implicit(Some(v), "a boolean");
                Value::Bool(b)
            }
            Resolved::Int(i) => {
                self.implicit(Some(v), "an integer");
                Value::from(i)
            }
            Resolved::Uint(u) => {
                self.implicit(Some(v), "an integer");
                Value::from(u)
            }
            Resolved::Float(f) => return self.float(f, Some(v)),
        })
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        // Quoted with escapes, a block scalar, or a plain scalar folded over lines (which
        // contains a space and so resolves to a string in YAML 1.1 too).
        Ok(Value::String(v.to_string()))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(self.child(format!(
            "{}[{}]",
            if self.path.is_empty() { "" } else { &self.path },
            items.len()
        )))? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(key) = map.next_key_seed(Key { parent: &self })? {
            let path = if self.path.is_empty() {
                key.text.clone()
            } else {
                format!("{}.{}", self.path, key.text)
            };
            let value = map.next_value_seed(self.child(path.clone()))?;
            if let Some(key_offset) = key.offset {
                self.locate_unlent_value(&path, key_offset);
            }
            if key.merge {
                merge(&mut out, value).map_err(|m| self.no_json::<A::Error>(m))?;
                continue;
            }
            if out.contains_key(&key.text) && self.duplicates == DuplicateKeys::Refuse {
                return Err(de::Error::custom(format!(
                    "duplicate entry with key \"{}\"",
                    key.text
                )));
            }
            out.insert(key.text, value);
        }
        Ok(Value::Object(out))
    }

    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<Value, A::Error> {
        // A value with a tag go-yaml does not resolve (`!foo x`): its content.
        use de::VariantAccess;
        let (_tag, variant): (de::IgnoredAny, _) = data.variant()?;
        variant.newtype_variant_seed(self)
    }
}

/// `<<: {…}` or `<<: [{…}, {…}]` (go-yaml v2 `decoder.merge`): the merged mappings' keys are
/// set in order, earlier mappings of a list taking precedence.
fn merge(out: &mut Map<String, Value>, value: Value) -> Result<(), String> {
    match value {
        Value::Object(map) => {
            out.extend(map);
            Ok(())
        }
        Value::Array(items) => {
            for item in items.into_iter().rev() {
                let Value::Object(map) = item else {
                    return Err("map merge requires map or sequence of maps as the value".into());
                };
                out.extend(map);
            }
            Ok(())
        }
        _ => Err("map merge requires map or sequence of maps as the value".into()),
    }
}

/// A mapping key as `convertToJSONableObject` turns it into a JSON key.
struct KeyText {
    text: String,
    offset: Option<usize>,
    merge: bool,
}

struct Key<'a, 'b, 'de> {
    parent: &'b Node<'a, 'de>,
}

impl<'de> DeserializeSeed<'de> for Key<'_, '_, 'de> {
    type Value = KeyText;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<KeyText, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Key<'_, '_, 'de> {
    fn plain(text: String) -> KeyText {
        KeyText {
            text,
            offset: None,
            merge: false,
        }
    }

    fn refuse<E: de::Error>(&self, what: &str) -> E {
        self.parent.no_json(format!(
            "a mapping key that is {what} has no JSON form (the kubelet's YAML-to-JSON conversion fails on it)"
        ))
    }
}

impl<'de> Visitor<'de> for Key<'_, '_, 'de> {
    type Value = KeyText;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a scalar mapping key")
    }

    fn visit_unit<E: de::Error>(self) -> Result<KeyText, E> {
        Err(self.refuse("null"))
    }

    fn visit_bool<E: de::Error>(self, b: bool) -> Result<KeyText, E> {
        Ok(Self::plain(b.to_string()))
    }

    fn visit_i64<E: de::Error>(self, i: i64) -> Result<KeyText, E> {
        Ok(Self::plain(i.to_string()))
    }

    fn visit_u64<E: de::Error>(self, u: u64) -> Result<KeyText, E> {
        Ok(Self::plain(u.to_string()))
    }

    fn visit_f64<E: de::Error>(self, f: f64) -> Result<KeyText, E> {
        Ok(Self::plain(float_key(f)))
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<KeyText, E> {
        let Some((offset, unquoted)) = self.parent.borrowed_at(v) else {
            return Ok(Self::plain(v.to_string()));
        };
        let text = if unquoted {
            match resolve(v) {
                Resolved::Str => v.to_string(),
                Resolved::Null => return Err(self.refuse("null")),
                Resolved::Bool(b) => b.to_string(),
                Resolved::Int(i) => i.to_string(),
                Resolved::Uint(u) => u.to_string(),
                Resolved::Float(f) => float_key(f),
            }
        } else {
            v.to_string()
        };
        Ok(KeyText {
            merge: unquoted && v == "<<",
            text,
            offset: Some(offset),
        })
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<KeyText, E> {
        Ok(Self::plain(v.to_string()))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, _seq: A) -> Result<KeyText, A::Error> {
        Err(self.refuse("a list"))
    }

    fn visit_map<A: MapAccess<'de>>(self, _map: A) -> Result<KeyText, A::Error> {
        Err(self.refuse("a mapping"))
    }
}

/// `strconv.FormatFloat(k, 'g', -1, 32)` with go-yaml's names for the infinities and NaN.
fn float_key(f: f64) -> String {
    // The shortest digits of the float32 value, formatted as Go formats a float.
    let single: f64 = format!("{}", f as f32).parse().unwrap_or(f);
    go_format_float(single)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn first(text: &str) -> Value {
        first_document(text, DuplicateKeys::LastWins)
            .expect("decodes")
            .value
    }

    #[test]
    fn yaml_1_1_scalars_resolve_as_go_yaml_v2_does() {
        let v = first(
            "a: yes\nb: off\nc: 0644\nd: 1_000\ne: 1e3\nf: 'yes'\ng: \"0644\"\nh: y\ni: 2001-12-14\nj: ~\nk: 0x1F\nl: 08\nm: -0b101\nfl: 1.5\no: True\n",
        );
        assert_eq!(
            v,
            json!({"a": true, "b": false, "c": 420, "d": 1000, "e": 1000, "f": "yes", "g": "0644",
                   "h": true, "i": "2001-12-14", "j": null, "k": 31, "l": 8, "m": -5, "fl": 1.5, "o": true})
        );
    }

    #[test]
    fn implicit_scalars_are_recorded_with_their_text_and_position() {
        let doc = first_document(
            "metadata:\n  annotations:\n    x: yes\n    y: \"no\"\nlist:\n- 0644\n",
            DuplicateKeys::LastWins,
        )
        .expect("decodes");
        let x = doc.implicit("metadata.annotations.x").expect("implicit");
        assert_eq!(x.text.as_deref(), Some("yes"));
        assert_eq!(x.became, "a boolean");
        assert_eq!(
            doc.position("metadata.annotations.x"),
            Some(Position { line: 3, column: 8 })
        );
        assert!(doc.implicit("metadata.annotations.y").is_none());
        assert_eq!(
            doc.implicit("list[0]").and_then(|i| i.text.clone()),
            Some("0644".into())
        );
    }

    #[test]
    fn keys_merges_and_duplicates_follow_yaml_to_json() {
        // YAML 1.1 keys too: `y` and `on` are the boolean true, so the JSON key is "true".
        let v = first("1: a\non: b\nbase: &b {x: 1, z: 2}\nm:\n  <<: *b\n  z: 3\nd: 1\nd: 2\n");
        assert_eq!(
            v,
            json!({"1": "a", "true": "b", "base": {"x": 1, "z": 2}, "m": {"x": 1, "z": 3}, "d": 2})
        );
        let refused = first_document("d: 1\nd: 2\n", DuplicateKeys::Refuse).expect_err("dup");
        assert!(
            refused
                .to_string()
                .contains("duplicate entry with key \"d\""),
            "{refused}"
        );
        let quoted_merge = first("m:\n  '<<': {x: 1}\n");
        assert_eq!(quoted_merge, json!({"m": {"<<": {"x": 1}}}));
    }

    #[test]
    fn values_without_a_json_form_are_refused_with_their_path() {
        let e = first_document("a:\n  b: .inf\n", DuplicateKeys::LastWins).expect_err("inf");
        assert!(
            e.to_string().starts_with("a.b: .inf has no JSON form"),
            "{e}"
        );
        let e = first_document("~: x\n", DuplicateKeys::LastWins).expect_err("null key");
        assert!(matches!(e, DecodeError::NoJson { .. }), "{e}");
    }

    #[test]
    fn a_utf8_bom_is_skipped_as_go_yaml_skips_it() {
        let v = first("\u{FEFF}apiVersion: v1\nkind: Pod\n");
        assert_eq!(v, json!({"apiVersion": "v1", "kind": "Pod"}));
        assert!(!is_json("\u{FEFF}{}"));
        assert!(is_json(" \n{}"));
    }

    #[test]
    fn only_the_first_document_counts_and_all_can_be_listed() {
        assert_eq!(first("a: 1\n---\nb: [\n"), json!({"a": 1}));
        let all = documents("a: 1\n---\n---\nb: 2\n", DuplicateKeys::Refuse);
        let values: Vec<Value> = all.into_iter().map(|d| d.expect("doc").value).collect();
        assert_eq!(values, vec![json!({"a": 1}), Value::Null, json!({"b": 2})]);
        assert_eq!(first(""), Value::Null);
    }

    #[test]
    fn huge_documents_and_alias_bombs_are_refused() {
        let flat = format!("x: [{}1]\n", "1,".repeat(MAX_NODES));
        assert_eq!(
            first_document(&flat, DuplicateKeys::LastWins).expect_err("flat"),
            DecodeError::TooManyNodes
        );
        let mut bomb = format!("a: &a [{}x]\n", "x,".repeat(999));
        for level in 0..5 {
            let prev = if level == 0 {
                "a".to_string()
            } else {
                format!("l{}", level - 1)
            };
            bomb.push_str(&format!(
                "l{level}: &l{level} [{}]\n",
                vec![format!("*{prev}"); 10].join(", ")
            ));
        }
        let start = std::time::Instant::now();
        assert_eq!(
            first_document(&bomb, DuplicateKeys::LastWins).expect_err("bomb"),
            DecodeError::TooManyNodes
        );
        assert!(start.elapsed() < std::time::Duration::from_secs(10));
        // Within the limits, aliases expand as go-yaml expands them.
        let small = first_document("a: &a [1, 2]\nb: [*a, *a]\n", DuplicateKeys::LastWins)
            .expect("aliases");
        assert_eq!(small.value["b"], serde_json::json!([[1, 2], [1, 2]]));
    }

    #[test]
    fn syntax_errors_name_line_and_column_once() {
        let e = first_document("a: [b\n", DuplicateKeys::LastWins).expect_err("syntax");
        let text = e.to_string();
        assert!(
            text.starts_with("invalid YAML at line 2 column 1: "),
            "{text}"
        );
        assert_eq!(text.matches("line 2 column 1").count(), 1, "{text}");
    }

    #[test]
    fn deep_nesting_is_refused_quickly_and_shallow_is_not() {
        let start = std::time::Instant::now();
        let deep = format!("x: {}", "[".repeat(100_000));
        let e = first_document(&deep, DuplicateKeys::LastWins).expect_err("deep");
        assert!(matches!(e, DecodeError::TooDeep { .. }), "{e}");
        assert!(e.to_string().contains("line 1 column 103"), "{e}");
        for block in [
            format!("{}x\n", "- ".repeat(100_000)),
            format!("a:\n   {}x\n", "- ".repeat(100_000)),
            format!("a:\n  {}x\n", "? ".repeat(100_000)),
        ] {
            assert!(
                matches!(
                    first_document(&block, DuplicateKeys::LastWins),
                    Err(DecodeError::TooDeep { .. })
                ),
                "{}",
                &block[..20]
            );
        }
        let mut indented = String::new();
        for depth in 0..200 {
            indented.push_str(&format!("{}k{depth}:\n", " ".repeat(depth)));
        }
        assert!(matches!(
            first_document(&indented, DuplicateKeys::LastWins),
            Err(DecodeError::TooDeep { .. })
        ));
        // A quote inside a plain scalar opens nothing: what follows is still counted.
        let hidden = format!("a: it's\nb: {}\n", "[".repeat(150));
        assert!(matches!(
            first_document(&hidden, DuplicateKeys::LastWins),
            Err(DecodeError::TooDeep { .. })
        ));
        // Even where a plain scalar is taken for a quoted one, 1000 brackets are the end.
        let unclosed = format!("a: b  '\nc: {}\n", "[".repeat(100_000));
        assert!(matches!(
            first_document(&unclosed, DuplicateKeys::LastWins),
            Err(DecodeError::TooDeep { .. })
        ));
        assert!(start.elapsed() < std::time::Duration::from_secs(2));
        // At the limit (and with brackets inside quotes and comments) it still parses.
        let ok = format!(
            "a: '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[['\n# {}\nb: {}1{}\n",
            "[".repeat(200),
            "[".repeat(MAX_DEPTH - 2),
            "]".repeat(MAX_DEPTH - 2)
        );
        assert!(first_document(&ok, DuplicateKeys::LastWins).is_ok());
    }
}
