//! staticpod: an offline toolkit for the control-plane static pod manifests of kubeadm
//! clusters — render them as kubeadm writes them, compare them with the ones on a node, back
//! them up and swap them atomically, restore them, and verify a manifest set.
//!
//! The `staticpod` binary is the main user; this library is its engine, and its public
//! modules are what another program needs to do the same work in-process.
//!
//! # Layers
//!
//! From inputs to effects; each layer has its own error type, names the file and field in
//! every message, and never prints:
//!
//! - [`config`]: kubeadm configuration documents (v1beta3, v1beta4, a `kubeadm-config`
//!   ConfigMap dump) → one defaulted, validated [`config::ClusterModel`];
//! - [`kubeadm`]: release profiles — what each kubeadm release writes (flags, volumes, probes,
//!   etcd tags), table-driven;
//! - [`render`]: the four manifests, byte for byte as the emulated kubeadm release writes them
//!   ([`render::render`]), including kubeadm patches;
//! - [`yaml`]: YAML input as the kubelet reads it (the one decoder) and the go-yaml v2
//!   compatible emitter kubeadm's bytes come from;
//! - [`manifest`]: a manifest as the kubelet reads it (decoding, normal form, semantic digest,
//!   flags, stray files);
//! - [`diff`]: unchanged / cosmetic / changed, and whether the kubelet restarts the pod;
//! - [`plan`]: upgrade verdicts from the images on the node;
//! - [`verify`]: findings about a manifest set (validity, skew, consistency, files,
//!   certificates, kubeconfigs, drift, CIS);
//! - [`fsx`]: every file-system effect — bounded reads, the lock, backup folders, the atomic
//!   durable swap and its roll-back;
//! - [`node`]: the node without the API server — process table, probes, bounded waits;
//! - [`ops`]: operations that return typed reports and exit-coded errors (rollout, restart);
//! - [`import`]: the configuration and patches that reproduce the manifests on disk;
//! - [`component`] and [`node_path`]: the four components, and node paths under `--root`.
//!
//! `cli` (the clap types), `cmd` (one module per subcommand: parse, call, print) and
//! `fuzzing` (the fuzz targets' entry points) are public only so the binary, the fuzz crate
//! and the tests can reach them; they are not part of the library's API and are hidden from
//! its documentation.

#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

#[doc(hidden)]
pub mod cli;
#[doc(hidden)]
pub mod cmd;
pub mod component;
pub mod config;
pub mod diff;
pub mod fsx;
#[doc(hidden)]
pub mod fuzzing;
pub mod import;
pub mod kubeadm;
pub mod manifest;
pub mod node;
pub mod node_path;
pub mod ops;
pub mod plan;
pub mod render;
pub mod verify;
pub mod yaml;
