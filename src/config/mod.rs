//! kubeadm configuration input: the v1beta3 / v1beta4 documents and the kubeadm-config
//! ConfigMap form, read into one defaulted internal model ([`ClusterModel`]).

pub mod api;
pub mod duration;
pub mod error;
pub mod load;
pub mod model;
pub mod resolve;

use std::path::Path;

pub use error::ConfigError;
pub use load::ConfigApi;
pub use model::{Arg, ClusterModel, NodeOverrides};

/// A loaded, defaulted configuration plus kubeadm-style warnings (unknown fields, skipped
/// documents).
#[derive(Debug, Clone)]
pub struct LoadedConfig {
    pub model: ClusterModel,
    pub warnings: Vec<String>,
}

/// Read and resolve a config file from disk.
pub fn load_file(path: &Path, overrides: &NodeOverrides) -> Result<LoadedConfig, ConfigError> {
    // Bounded and non-blocking: `--config /dev/zero` or a FIFO is refused, never read to the end.
    let bytes = crate::fsx::read::read(path, crate::fsx::read::Limit::CONFIG)
        .map_err(|e| ConfigError::file(path, e.reason()))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        ConfigError::file(
            path,
            format!(
                "not UTF-8 text (invalid byte at {})",
                crate::yaml::decode::invalid_utf8_position(
                    e.as_bytes(),
                    e.utf8_error().valid_up_to()
                )
            ),
        )
    })?;
    load_str(path, &text, overrides)
}

/// Parse and resolve config text; `path` is used in messages only.
pub fn load_str(
    path: &Path,
    text: &str,
    overrides: &NodeOverrides,
) -> Result<LoadedConfig, ConfigError> {
    let docs = load::parse_documents(path, text)?;
    let warnings = docs.warnings.clone();
    let model = resolve::resolve(path, docs, overrides)?;
    Ok(LoadedConfig { model, warnings })
}
