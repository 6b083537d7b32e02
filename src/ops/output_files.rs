//! Writing a command's output files (`render --out`, `import --out/--patches-out`): all of
//! them atomically with [`crate::fsx::write_set`]; a failure names the files already written.

use std::path::PathBuf;

use super::{OpError, Say};
use crate::fsx;

/// How writing the output files failed: the error (its exit code), then the lines that go
/// with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WriteError {
    /// The failure and its exit code: 3 when nothing was written, 4 when some files were.
    pub error: OpError,
    /// Further error lines: each file written before the failure.
    pub details: Vec<String>,
}

impl WriteError {
    /// The exit code: 2, 3 or 4.
    pub fn exit_code(&self) -> u8 {
        self.error.exit_code()
    }
}

impl From<OpError> for WriteError {
    fn from(error: OpError) -> Self {
        WriteError {
            error,
            details: Vec::new(),
        }
    }
}

/// Write every `(path, content)` with `mode`; each written file is named in a note.
pub fn write(files: &[(PathBuf, Vec<u8>)], mode: u32, say: &Say<'_>) -> Result<(), WriteError> {
    let report = fsx::write_set(files, mode);
    if let Some(error) = &report.error {
        let details = report
            .written
            .iter()
            .map(|path| format!("{} was written before the failure", path.display()))
            .collect();
        let error = if report.written.is_empty() {
            OpError::FailedRestored(error.to_string())
        } else {
            OpError::FailedPartial(error.to_string())
        };
        return Err(WriteError { error, details });
    }
    for path in &report.written {
        (say.note)(&format!("wrote {}", path.display()));
    }
    Ok(())
}
