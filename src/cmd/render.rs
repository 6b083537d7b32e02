//! `staticpod render`.

use std::path::{Path, PathBuf};

use serde_json::json;

use super::{exit, Code, Output};
use crate::cli::{GlobalArgs, OutputFormat, RenderArgs, RenderInputArgs};
use crate::component::Component;
use crate::config::NodeOverrides;
use crate::fsx;
use crate::manifest::sha256_hex;
use crate::render::{self, EtcdMember, RenderRequest, Rendered};

pub fn run(global: &GlobalArgs, args: &RenderArgs, out: &Output) -> Code {
    let request = match request(global, &args.input) {
        Ok(request) => request,
        Err(message) => {
            out.error(&message);
            return exit::BAD_INPUT;
        }
    };
    let rendered = match render::render(&request) {
        Ok(rendered) => rendered,
        Err(e) => {
            out.error(&e.to_string());
            return exit::BAD_INPUT;
        }
    };
    out.note(&format!(
        "emulating kubeadm {} for Kubernetes {}",
        rendered.release, rendered.kubernetes_version
    ));
    for note in &rendered.notes {
        out.note(note);
    }
    for warning in &rendered.warnings {
        out.warn(warning);
    }
    match &args.out {
        None => print(&rendered, out),
        Some(dir) => write(dir, &rendered, out),
    }
}

/// Build a render request from the command line and this process's environment.
pub fn request(global: &GlobalArgs, input: &RenderInputArgs) -> Result<RenderRequest, String> {
    let environment = if input.no_proxy_env {
        Vec::new()
    } else {
        std::env::vars_os()
            .filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?)))
            .collect()
    };
    request_with_environment(global, input, environment)
}

/// Build a render request with an explicit environment (what kubeadm's process would see).
pub fn request_with_environment(
    global: &GlobalArgs,
    input: &RenderInputArgs,
    environment: Vec<(String, String)>,
) -> Result<RenderRequest, String> {
    let mut components = Vec::new();
    for name in &input.components {
        let component: Component = name.parse()?;
        if !components.contains(&component) {
            components.push(component);
        }
    }
    let etcd_members = match &input.etcd_initial_cluster {
        Some(list) => parse_members(list)?,
        None => Vec::new(),
    };
    let environment = if input.no_proxy_env {
        Vec::new()
    } else {
        environment
    };
    let config = input.config.clone().ok_or_else(|| {
        "--config FILE is required (the kubeadm configuration to render)".to_string()
    })?;
    Ok(RenderRequest {
        config,
        overrides: NodeOverrides {
            advertise_address: input.advertise_address.clone(),
            node_name: input.node_name.clone(),
            kubernetes_version: input.kubernetes_version.clone(),
        },
        kubeadm_version: input.kubeadm_version.clone(),
        root: global.root.clone(),
        components,
        patches: input.patches.clone(),
        patch_set: None,
        environment,
        etcd_members,
        hostname: hostname(&global.root),
    })
}

/// `NAME=PEER_URL,NAME=PEER_URL`.
fn parse_members(list: &str) -> Result<Vec<EtcdMember>, String> {
    list.split(',')
        .map(|item| match item.split_once('=') {
            Some((name, url)) if !name.is_empty() && (url.starts_with("https://") || url.starts_with("http://")) => {
                Ok(EtcdMember { name: name.to_string(), peer_url: url.to_string() })
            }
            _ => Err(format!(
                "--etcd-initial-cluster: {item:?} is not NAME=PEER_URL (e.g. cp1=https://10.0.0.1:2380)"
            )),
        })
        .collect()
}

/// kubeadm uses the kernel's host name; with another `--root` the node's `/etc/hostname`.
fn hostname(root: &Path) -> Option<String> {
    let path: PathBuf = if root == Path::new("/") {
        PathBuf::from("/proc/sys/kernel/hostname")
    } else {
        root.join("etc/hostname")
    };
    let text = crate::fsx::read::read_to_string(&path, crate::fsx::read::Limit::SYSTEM).ok()?;
    let name = text.trim();
    (!name.is_empty()).then(|| name.to_string())
}

fn print(rendered: &Rendered, out: &Output) -> Code {
    match out.format {
        OutputFormat::Text => {
            let docs: Vec<&str> = rendered.manifests.iter().map(|m| m.yaml.as_str()).collect();
            out.stdout(&docs.join("---\n"));
        }
        OutputFormat::Json => out.json(&json!({
            "kubeadmVersion": rendered.release.to_string(),
            "kubernetesVersion": rendered.kubernetes_version.to_string(),
            "manifests": rendered.manifests.iter().map(|m| json!({
                "component": m.component.name(),
                "file": m.component.file_name(),
                "sha256": sha256_hex(m.yaml.as_bytes()),
                "content": m.yaml,
            })).collect::<Vec<_>>(),
            "warnings": rendered.warnings,
        })),
    }
    exit::OK
}

fn write(dir: &Path, rendered: &Rendered, out: &Output) -> Code {
    if let Err(e) = fs_err::create_dir_all(dir) {
        out.error(&format!("--out: {e}"));
        return exit::FAILED_RESTORED;
    }
    let files: Vec<(PathBuf, Vec<u8>)> = render::output_paths(dir, rendered)
        .into_iter()
        .map(|(path, yaml)| (path, yaml.into_bytes()))
        .collect();
    let report = fsx::write_set(&files, 0o600);
    if let Some(error) = &report.error {
        out.error(&error.to_string());
        for path in &report.written {
            out.error(&format!(
                "{} was written before the failure",
                path.display()
            ));
        }
        return if report.written.is_empty() {
            exit::FAILED_RESTORED
        } else {
            exit::FAILED_PARTIAL
        };
    }
    for path in &report.written {
        out.note(&format!("wrote {}", path.display()));
    }
    if out.format == OutputFormat::Json {
        out.json(&json!({
            "kubeadmVersion": rendered.release.to_string(),
            "kubernetesVersion": rendered.kubernetes_version.to_string(),
            "manifests": files.iter().zip(&rendered.manifests).map(|((path, bytes), m)| json!({
                "component": m.component.name(),
                "path": path.display().to_string(),
                "sha256": sha256_hex(bytes),
            })).collect::<Vec<_>>(),
            "warnings": rendered.warnings,
        }));
    }
    exit::OK
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_parse() {
        let m = parse_members("a=https://10.0.0.1:2380,b=https://[fd00::2]:2380").expect("valid");
        assert_eq!(m.len(), 2);
        assert_eq!(m[1].peer_url, "https://[fd00::2]:2380");
        assert!(parse_members("a").is_err());
        assert!(parse_members("=https://x").is_err());
        assert!(parse_members("a=10.0.0.1:2380").is_err());
    }
}
