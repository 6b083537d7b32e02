//! The config layer's error: always names the file, and where it can the document and the
//! field path, then says what was expected.

use std::fmt;
use std::path::{Path, PathBuf};

/// A config problem: the file, the document, the field path and what was expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    /// The config file.
    pub file: PathBuf,
    /// e.g. `document 2 (ClusterConfiguration)`.
    pub document: Option<String>,
    /// Field path in the document, e.g. `networking.podSubnet`.
    pub field: Option<String>,
    /// What is wrong and what was expected, as a sentence.
    pub message: String,
}

impl ConfigError {
    /// An error about `file` as a whole.
    pub fn file(file: &Path, message: impl Into<String>) -> Self {
        ConfigError {
            file: file.to_path_buf(),
            document: None,
            field: None,
            message: message.into(),
        }
    }

    /// Name the document (`ClusterConfiguration (document 2)`) the error is in.
    pub fn in_document(mut self, document: impl Into<String>) -> Self {
        self.document = Some(document.into());
        self
    }

    /// Name the field path (`apiServer.extraArgs[0].name`) the error is about.
    pub fn at(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(document) = &self.document {
            write!(f, ": {document}")?;
        }
        if let Some(field) = &self.field {
            write!(f, ": {field}")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for ConfigError {}
