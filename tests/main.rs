//! staticpod's integration tests: one test binary, one module per concern.

mod cli;
mod golden;
mod render_properties;
