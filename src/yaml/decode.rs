//! YAML input (placeholder while the module is being written).
