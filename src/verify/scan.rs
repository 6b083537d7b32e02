//! Reading the manifests directory for `verify`: each expected component's file, decoded the
//! way the kubelet decodes it, and the facts the rules need (container, flags).

use crate::fsx::read::{self, Limit, ReadError};
use std::path::{Path, PathBuf};

use k8s_openapi::api::core::v1::{Container, Pod, PodSpec};

use super::flags::Flags;
use crate::component::Component;
use crate::manifest::{self, DecodedPod, ManifestError};

/// One expected component file as found on disk.
#[derive(Debug, Clone)]
pub struct Member {
    pub component: Component,
    pub path: PathBuf,
    pub state: State,
}

#[derive(Debug, Clone)]
pub enum State {
    Missing,
    Unreadable(String),
    /// The bytes (at most 10 MiB + 1 are read) and the kubelet's verdict on them.
    Read {
        bytes: Vec<u8>,
        decoded: Result<Box<DecodedPod>, ManifestError>,
    },
}

/// A component whose manifest decoded: what the rules look at.
#[derive(Debug, Clone)]
pub struct PodView<'a> {
    pub component: Component,
    pub path: &'a Path,
    pub pod: &'a Pod,
    /// The container named like the component, else the first one.
    pub container: Option<&'a Container>,
    /// The container's command followed by its args.
    pub command: Vec<String>,
    pub flags: Flags,
}

impl Member {
    pub fn pod(&self) -> Option<PodView<'_>> {
        let State::Read {
            decoded: Ok(decoded),
            ..
        } = &self.state
        else {
            return None;
        };
        let pod = &decoded.pod;
        let containers = pod.spec.as_ref().map(|s| s.containers.as_slice());
        let container = containers.and_then(|cs| {
            cs.iter()
                .find(|c| c.name == self.component.name())
                .or_else(|| cs.first())
        });
        let command: Vec<String> = container
            .map(|c| {
                c.command
                    .iter()
                    .flatten()
                    .chain(c.args.iter().flatten())
                    .cloned()
                    .collect()
            })
            .unwrap_or_default();
        let flags = Flags::parse_as(self.component, &command);
        Some(PodView {
            component: self.component,
            path: &self.path,
            pod,
            container,
            command,
            flags,
        })
    }
}

impl PodView<'_> {
    pub fn spec(&self) -> Option<&PodSpec> {
        self.pod.spec.as_ref()
    }

    pub fn annotation(&self, key: &str) -> Option<&str> {
        self.pod
            .metadata
            .annotations
            .as_ref()?
            .get(key)
            .map(String::as_str)
    }

    pub fn image(&self) -> Option<&str> {
        self.container?.image.as_deref()
    }
}

/// Read the four expected component files of `dir`.
pub fn read_members(dir: &Path) -> Vec<Member> {
    Component::ALL
        .into_iter()
        .map(|component| {
            let path = dir.join(component.file_name());
            let state = read_state(&path);
            Member {
                component,
                path,
                state,
            }
        })
        .collect()
}

/// Members from bytes already in memory (tests, fuzzing).
pub fn members_from(dir: &Path, files: &[(Component, Option<Vec<u8>>)]) -> Vec<Member> {
    Component::ALL
        .into_iter()
        .map(|component| {
            let bytes = files
                .iter()
                .find(|(c, _)| *c == component)
                .and_then(|(_, b)| b.clone());
            let state = match bytes {
                None => State::Missing,
                Some(bytes) => decoded_state(bytes),
            };
            Member {
                component,
                path: dir.join(component.file_name()),
                state,
            }
        })
        .collect()
}

/// Bounded (the kubelet's 10 MiB) and non-blocking: a FIFO, socket or device named like a
/// component, or a link to one, is reported unread; it never hangs a check.
fn read_state(path: &Path) -> State {
    match read::read(path, Limit::MANIFEST) {
        Ok(bytes) => decoded_state(bytes),
        Err(e) if e.is_not_found() => State::Missing,
        Err(ReadError::TooLarge { .. }) => State::Read {
            bytes: Vec::new(),
            decoded: Err(ManifestError::TooLarge {
                size: fs_err::metadata(path)
                    .ok()
                    .and_then(|m| usize::try_from(m.len()).ok())
                    .unwrap_or(usize::MAX),
            }),
        },
        Err(ReadError::NotRegular { kind, .. }) => State::Unreadable(format!(
            "is a {kind}, not a regular file (the kubelet skips it); not read"
        )),
        Err(e) => State::Unreadable(e.reason()),
    }
}

fn decoded_state(bytes: Vec<u8>) -> State {
    let decoded = manifest::decode(&bytes).map(Box::new);
    State::Read { bytes, decoded }
}
