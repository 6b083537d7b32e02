//! staticpod's integration tests: one test binary, one module per concern.

mod cli;
mod corpus_damaged;
mod fuzz_seeds;
mod golden;
mod render_properties;
