//! The file-system layer's error.

use std::path::PathBuf;

/// The file-system layer's error: names the file and the step that failed.
#[derive(Debug, thiserror::Error)]
#[error("{}: {step}: {source}", path.display())]
pub struct FsError {
    /// The file or directory the step was working on.
    pub path: PathBuf,
    /// The step's label (see [`super::Step::label`]).
    pub step: &'static str,
    /// The operating system's error (or a refusal, see [`FsError::refusal`]).
    #[source]
    pub source: std::io::Error,
}
