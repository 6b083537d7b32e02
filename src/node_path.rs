//! Node paths (absolute paths as the node sees them, e.g. `/etc/kubernetes/pki/ca.crt`)
//! resolved under `--root`, the directory that stands for the node's `/`.

use std::path::{Component, Path, PathBuf};

/// A node path whose `..` components climb above the node's `/`, so that under `--root` it
/// would name a file outside the root.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{path}: the path climbs out of the node's / with `..` (resolved under --root {root}); \
     write it without `..`"
)]
pub struct EscapesRoot {
    /// The node path as written.
    pub path: String,
    /// The root it was resolved under.
    pub root: PathBuf,
}

/// The on-disk location of `node_path` under `root`: `/etc/kubernetes/pki/ca.crt` with root
/// `/tmp/node` is `/tmp/node/etc/kubernetes/pki/ca.crt`. A relative path is taken from the
/// node's `/`. `.` components are dropped and `..` is resolved lexically (as the kernel does
/// when no symlink is involved); a `..` that would climb above the node's `/` is refused.
pub fn under_root(root: &Path, node_path: &str) -> Result<PathBuf, EscapesRoot> {
    let mut parts: Vec<&std::ffi::OsStr> = Vec::new();
    for component in Path::new(node_path).components() {
        match component {
            Component::RootDir | Component::CurDir | Component::Prefix(_) => {}
            Component::ParentDir => {
                if parts.pop().is_none() {
                    return Err(EscapesRoot {
                        path: node_path.to_string(),
                        root: root.to_path_buf(),
                    });
                }
            }
            Component::Normal(name) => parts.push(name),
        }
    }
    let mut resolved = root.to_path_buf();
    resolved.extend(parts);
    Ok(resolved)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_absolute_and_relative_node_paths_under_the_root() {
        let root = Path::new("/tmp/node");
        let ok = |p: &str| under_root(root, p).expect(p);
        assert_eq!(
            ok("/etc/kubernetes/pki/ca.crt"),
            root.join("etc/kubernetes/pki/ca.crt")
        );
        assert_eq!(ok("etc/hostname"), root.join("etc/hostname"));
        assert_eq!(ok("//etc/./kubernetes//x"), root.join("etc/kubernetes/x"));
        assert_eq!(ok("/"), root);
        // `..` inside the tree stays inside it.
        assert_eq!(ok("/etc/kubernetes/../pki/x"), root.join("etc/pki/x"));
    }

    #[test]
    fn refuses_paths_that_climb_out_of_the_root() {
        let root = Path::new("/tmp/node");
        for path in [
            "/../etc/shadow",
            "/etc/kubernetes/../../../etc/shadow",
            "..",
            "a/../..",
        ] {
            let err = under_root(root, path).expect_err(path);
            assert_eq!(err.path, path);
            let message = err.to_string();
            assert!(
                message.starts_with(&format!("{path}: the path climbs out")),
                "{message}"
            );
            assert!(message.contains("--root /tmp/node"), "{message}");
        }
    }
}
