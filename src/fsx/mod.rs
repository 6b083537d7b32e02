//! Every file-system effect staticpod has lives here.

pub mod atomic;

pub use atomic::{write_set, FsError, WriteReport};
