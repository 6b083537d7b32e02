//! A YAML emitter that reproduces, byte for byte, what Go's
//! `sigs.k8s.io/yaml.JSONToYAML` writes for a JSON document.
//!
//! `JSONToYAML` decodes the JSON with `gopkg.in/yaml.v2` into generic Go values
//! (`map[interface{}]interface{}`, `[]interface{}`, `string`, `int`, `uint64`,
//! `float64`, `bool`, `nil`) and marshals them again with go-yaml v2.4.0
//! (current Kubernetes vendors it as `go.yaml.in/yaml/v2`). kubeadm writes its
//! static pod manifests this way, so this module decides the bytes of every
//! file staticpod writes.
//!
//! `to_yaml(v)` is `JSONToYAML` of `serde_json::to_string(v)`: an `f64` is a
//! float even when integral (`1.0` is written `1`, `1e6` as `1e+06`), and
//! `-0.0` is written `-0`.
//!
//! The modules below port of the parts of go-yaml v2.4.0 that such generic
//! values can reach:
//!
//! * `sorter.go` (`keyList.Less`): the order of mapping keys;
//! * `encode.go` (`stringv`, `floatv`, `isBase60Float`) and `resolve.go`
//!   (`resolve`, `parseTimestamp`): which scalar style each string asks for;
//! * `emitterc.go`: the event state machine (indentation, `whitespace` and
//!   `indention` flags, simple and complex keys, empty flow collections),
//!   `yaml_emitter_analyze_scalar`, `yaml_emitter_select_scalar_style` and the
//!   plain / single-quoted / double-quoted / literal writers, including line
//!   folding at `best_width` 80 (go-yaml v2.4.0 folds again; v2.3.0 did not);
//! * `yamlprivateh.go`: the character classes (`is_printable`, `is_break`, ...).
//!
//! Columns are counted in characters, as the Go emitter does. Flow style only
//! occurs for empty collections (`{}` and `[]`), exactly as in go-yaml for
//! generic maps and slices, so the flow-level checks of the Go code are always
//! "block" here.
//!
//! The same directory owns YAML *input*: [`decode`] is the one place where YAML text becomes
//! data, read as the kubelet and kubeadm read it (YAML 1.1 scalar resolution, shared with the
//! emitter through [`resolve`]).

mod analysis;
pub mod decode;
mod emit;
mod float;
mod prescan;
pub mod resolve;
mod sort;
mod style;

pub use emit::to_yaml;
pub use sort::go_yaml_key_cmp;

#[cfg(test)]
mod tests;
