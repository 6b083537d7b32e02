//! TEMPORARY placeholder replaced by the patches module.
use serde_json::Value;
#[derive(Debug, thiserror::Error)]
#[error("patch error")]
pub struct PatchError;
pub struct PatchSet {
    pub warnings: Vec<String>,
}
pub fn load_patch_dir(_dir: &std::path::Path) -> Result<PatchSet, PatchError> {
    Err(PatchError)
}
impl PatchSet {
    pub fn apply(&self, _t: &str, doc: Value) -> Result<Value, PatchError> {
        Ok(doc)
    }
    pub fn targets(&self) -> Vec<&str> {
        vec![]
    }
}
