//! staticpod: offline toolkit for kubeadm control-plane static pod manifests.
//!
//! Layers, each with its own error type:
//! - [`config`]: kubeadm config files → one defaulted model;
//! - [`kubeadm`]: release profiles (what each kubeadm release writes);
//! - [`render`]: the four manifests, byte-for-byte as kubeadm writes them;
//! - [`yaml`]: YAML input as the kubelet reads it (one decoder) and the kubeadm-compatible
//!   emitter;
//! - [`fsx`]: every file-system effect (atomic durable writes).

#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

pub mod cli;
pub mod cmd;
pub mod component;
pub mod config;
pub mod diff;
pub mod fsx;
pub mod fuzzing;
pub mod import;
pub mod kubeadm;
pub mod manifest;
pub mod node;
pub mod ops;
pub mod plan;
pub mod render;
pub mod verify;
pub mod yaml;
