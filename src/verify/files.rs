//! Check 5 (files other than certificates, which [`super::certs`] reads): every file a flag
//! names exists on the node, and every hostPath volume whose `type` makes the kubelet check it
//! (`File`, `Directory`, `Socket`, `CharDevice`, `BlockDevice`) is there with that type.
//!
//! Paths are node paths resolved under `root`. A flag names a path inside the container; it is
//! mapped back to the host through the volume mount that holds it (kubeadm mounts every
//! hostPath at the same path, hand edits may not).

use std::collections::BTreeMap;
use std::os::unix::fs::FileTypeExt;
use std::path::{Path, PathBuf};

use k8s_openapi::api::core::v1::Volume;

use super::finding::{Finding, Severity};
use super::scan::PodView;
use crate::node_path::{under_root, EscapesRoot};

/// Flags that name something the component creates, or that is not a file.
const NOT_INPUT_FILES: &[&str] = &[
    "etcd-prefix",
    "audit-log-path",
    "data-dir",
    "wal-dir",
    "cert-dir",
    "log-dir",
    "log-file",
    "flex-volume-plugin-dir",
];

pub fn check(root: &Path, pods: &[PodView<'_>]) -> Vec<Finding> {
    let mut out = Vec::new();
    for pod in pods {
        let before = out.len();
        host_paths(root, pod, &mut out);
        // A file both a flag and a checked hostPath name is reported once, as the hostPath.
        let reported: Vec<PathBuf> = out[before..]
            .iter()
            .filter_map(|f| f.file.clone())
            .collect();
        flag_files(root, pod, &reported, &mut out);
    }
    out
}

fn volume_of<'a>(pod: &'a PodView<'_>, name: &str) -> Option<&'a Volume> {
    pod.spec()?
        .volumes
        .iter()
        .flatten()
        .find(|v| v.name == name)
}

/// The host path behind a container path, through the mount holding it (None when no mount
/// or a non-hostPath volume holds it: then the file is not the host's to check).
pub fn host_path_of(pod: &PodView<'_>, path: &str) -> Option<String> {
    let container = pod.container?;
    let mount = container
        .volume_mounts
        .iter()
        .flatten()
        .filter(|m| {
            let base = m.mount_path.trim_end_matches('/');
            path == base || path.strip_prefix(base).is_some_and(|r| r.starts_with('/'))
        })
        .max_by_key(|m| m.mount_path.len())?;
    let host = volume_of(pod, &mount.name)?.host_path.as_ref()?;
    let rest = &path[mount.mount_path.trim_end_matches('/').len()..];
    Some(format!("{}{rest}", host.path.trim_end_matches('/')))
}

/// FILE-MISSING, once per missing file, naming every flag that points at it.
/// The container command with every absolute path a flag names replaced by the host path
/// behind it (through its hostPath mount), for checks that read those files on the node.
/// kubeadm mounts every hostPath at the same path, so for its manifests this is the identity.
pub fn host_command(pod: &PodView<'_>) -> Vec<String> {
    let host = |value: &str| -> String {
        value
            .split(',')
            .map(|part| {
                let trimmed = part.trim();
                match trimmed
                    .starts_with('/')
                    .then(|| host_path_of(pod, trimmed))
                    .flatten()
                {
                    Some(mapped) => mapped,
                    None => part.to_string(),
                }
            })
            .collect::<Vec<_>>()
            .join(",")
    };
    let mut out = Vec::with_capacity(pod.command.len());
    let mut previous_was_bare_flag = false;
    for (i, arg) in pod.command.iter().enumerate() {
        let mapped = match arg.split_once('=') {
            Some((name, value)) if i > 0 && name.starts_with('-') => {
                format!("{name}={}", host(value))
            }
            None if previous_was_bare_flag && arg.starts_with('/') => host(arg),
            _ => arg.clone(),
        };
        previous_was_bare_flag = i > 0 && arg.starts_with('-') && !arg.contains('=');
        out.push(mapped);
    }
    out
}

fn flag_files(root: &Path, pod: &PodView<'_>, reported: &[PathBuf], out: &mut Vec<Finding>) {
    let certificate_flags = super::certs::checked_flags(pod.component.name());
    // host path → (flags naming it, the container path they wrote)
    let mut wanted: BTreeMap<String, (Vec<String>, String)> = BTreeMap::new();
    for (flag, _) in pod.flags.iter() {
        if NOT_INPUT_FILES.contains(&flag) || certificate_flags.contains(&flag) {
            continue;
        }
        for value in pod.flags.all(flag) {
            for path in value
                .split(',')
                .map(str::trim)
                .filter(|p| p.starts_with('/'))
            {
                if path.starts_with("/dev/") || path.starts_with("/proc/") {
                    continue;
                }
                // Unmounted paths are CONSIST-UNMOUNTED-PATH's business.
                let Some(host) = host_path_of(pod, path) else {
                    continue;
                };
                let entry = wanted
                    .entry(host)
                    .or_insert_with(|| (Vec::new(), path.to_string()));
                let named = format!("--{flag}");
                if !entry.0.contains(&named) {
                    entry.0.push(named);
                }
            }
        }
    }
    for (host, (flags, path)) in wanted {
        let resolved = match under_root(root, &host) {
            Ok(resolved) => resolved,
            Err(e) => {
                out.push(outside_root(pod, root, &e, &flags.join(", ")));
                continue;
            }
        };
        if reported.contains(&resolved) {
            continue;
        }
        let Err(e) = fs_err::metadata(&resolved) else {
            continue;
        };
        let why = if e.kind() == std::io::ErrorKind::NotFound {
            "does not exist".to_string()
        } else {
            format!("cannot be read ({})", e.kind())
        };
        let seen_as = if host == path {
            String::new()
        } else {
            format!(" (the container's {path})")
        };
        out.push(Finding {
            id: "FILE-MISSING".into(),
            severity: Severity::Error,
            component: Some(pod.component.name().into()),
            file: Some(resolved),
            message: format!(
                "{host}{seen_as}, named by {}, {why} on the node, so {} fails to start; create it or fix the flag",
                flags.join(", "),
                pod.component
            ),
        });
    }
}

/// PATH-OUTSIDE-ROOT: a node path that `..` takes out of the node's `/`.
fn outside_root(pod: &PodView<'_>, root: &Path, e: &EscapesRoot, named_by: &str) -> Finding {
    Finding {
        id: "PATH-OUTSIDE-ROOT".into(),
        severity: Severity::Error,
        component: Some(pod.component.name().into()),
        file: Some(root.to_path_buf()),
        message: format!("{e} (named by {named_by})"),
    }
}

fn host_paths(root: &Path, pod: &PodView<'_>, out: &mut Vec<Finding>) {
    let Some(spec) = pod.spec() else { return };
    for volume in spec.volumes.iter().flatten() {
        let Some(host) = &volume.host_path else {
            continue;
        };
        let kind = host.type_.as_deref().unwrap_or("");
        let want: fn(&std::fs::FileType) -> bool = match kind {
            "File" => |t| t.is_file(),
            "Directory" => |t| t.is_dir(),
            "Socket" => |t| t.is_socket(),
            "CharDevice" => |t| t.is_char_device(),
            "BlockDevice" => |t| t.is_block_device(),
            _ => continue, // "", DirectoryOrCreate, FileOrCreate: the kubelet does not check
        };
        let resolved = match under_root(root, &host.path) {
            Ok(resolved) => resolved,
            Err(e) => {
                let named_by = format!("volume {}", volume.name);
                out.push(outside_root(pod, root, &e, &named_by));
                continue;
            }
        };
        let finding = |id: &str, message: String| Finding {
            id: id.to_string(),
            severity: Severity::Error,
            component: Some(pod.component.name().into()),
            file: Some(resolved.clone()),
            message,
        };
        match fs_err::metadata(&resolved) {
            Ok(meta) if want(&meta.file_type()) => {}
            Ok(_) => out.push(finding(
                "HOSTPATH-TYPE",
                format!("volume {:?}: hostPath {} is not a {kind}: the kubelet refuses to start the pod (hostPath type check failed); fix the path or the type", volume.name, host.path),
            )),
            Err(_) => out.push(finding(
                "HOSTPATH-MISSING",
                format!("volume {:?}: hostPath {} (type {kind}) does not exist: the kubelet refuses to start the pod; create it or use type {}OrCreate", volume.name, host.path, if kind == "File" { "File" } else { "Directory" }),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::component::Component;
    use crate::verify::scan::{members_from, Member};

    const POD: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: kube-apiserver\n  namespace: kube-system\nspec:\n  hostNetwork: true\n  containers:\n  - name: kube-apiserver\n    image: registry.k8s.io/kube-apiserver:v1.31.2\n    command:\n    - kube-apiserver\n    - --audit-policy-file=/etc/kubernetes/audit/policy.yaml\n    - --audit-log-path=/var/log/kubernetes/audit.log\n    - --tls-cert-file=/etc/kubernetes/pki/apiserver.crt\n    - --etcd-prefix=/registry\n    volumeMounts:\n    - name: audit\n      mountPath: /etc/kubernetes/audit\n    - name: pki\n      mountPath: /etc/kubernetes/pki\n  volumes:\n  - name: audit\n    hostPath:\n      path: /srv/audit\n      type: Directory\n  - name: pki\n    hostPath:\n      path: /etc/kubernetes/pki\n      type: DirectoryOrCreate\n";

    fn run(root: &Path) -> Vec<Finding> {
        let members: Vec<Member> = members_from(
            Path::new("/m"),
            &[(Component::KubeApiserver, Some(POD.as_bytes().to_vec()))],
        );
        let pods: Vec<PodView<'_>> = members.iter().filter_map(Member::pod).collect();
        check(root, &pods)
    }

    #[test]
    fn files_are_found_through_the_mount() {
        let root = tempfile::tempdir().expect("tempdir");
        let missing = run(root.path());
        let ids: Vec<&str> = missing.iter().map(|f| f.id.as_str()).collect();
        assert_eq!(ids, ["HOSTPATH-MISSING", "FILE-MISSING"], "{missing:#?}");
        // The flag's container path maps to the volume's host path.
        assert!(
            missing[1]
                .message
                .contains("the container's /etc/kubernetes/audit/policy.yaml"),
            "{}",
            missing[1].message
        );
        assert_eq!(
            missing[1].file.as_deref(),
            Some(root.path().join("srv/audit/policy.yaml").as_path())
        );
        fs_err::create_dir_all(root.path().join("srv/audit")).expect("mkdir");
        fs_err::write(root.path().join("srv/audit/policy.yaml"), "x").expect("write");
        assert_eq!(run(root.path()), Vec::new());
    }

    #[test]
    fn commands_are_mapped_to_host_paths() {
        let members: Vec<Member> = members_from(
            Path::new("/m"),
            &[(Component::KubeApiserver, Some(POD.as_bytes().to_vec()))],
        );
        let pods: Vec<PodView<'_>> = members.iter().filter_map(Member::pod).collect();
        let command = host_command(&pods[0]);
        assert!(
            command.contains(&"--audit-policy-file=/srv/audit/policy.yaml".to_string()),
            "{command:?}"
        );
        // Same-path mounts, unmounted paths and non-paths are unchanged.
        assert!(command.contains(&"--tls-cert-file=/etc/kubernetes/pki/apiserver.crt".to_string()));
        assert!(command.contains(&"--audit-log-path=/var/log/kubernetes/audit.log".to_string()));
        assert!(command.contains(&"--etcd-prefix=/registry".to_string()));
        assert_eq!(command[0], "kube-apiserver");
    }

    #[test]
    fn host_path_type_is_checked() {
        let root = tempfile::tempdir().expect("tempdir");
        fs_err::create_dir_all(root.path().join("srv")).expect("mkdir");
        fs_err::write(root.path().join("srv/audit"), "a file, not a dir").expect("write");
        let found = run(root.path());
        assert!(found.iter().any(|f| f.id == "HOSTPATH-TYPE"), "{found:#?}");
    }
}
