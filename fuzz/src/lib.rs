//! Support for the fuzz targets that need more than bytes.

pub mod node_root;
