//! `staticpod render`: parse, call [`crate::ops::render`], print its report.

use std::path::{Path, PathBuf};

use super::{exit, Code, Output};
use crate::cli::{GlobalArgs, OutputFormat, RenderArgs, RenderInputArgs};
use crate::component::Component;
use crate::config::NodeOverrides;
use crate::ops;
use crate::render::{EtcdMember, RenderRequest};

pub fn run(global: &GlobalArgs, args: &RenderArgs, out: &Output) -> Code {
    let request = match request(global, &args.input) {
        Ok(request) => request,
        Err(message) => {
            out.error(&message);
            return exit::BAD_INPUT;
        }
    };
    match &args.out {
        None => match out.with_say(|say| ops::render::run(&request, say)) {
            Ok(report) => match out.format {
                OutputFormat::Text => out.stdout(&report.yaml_stream()),
                OutputFormat::Json => out.json_report(&report),
            },
            Err(e) => {
                out.error(&e.to_string());
                return e.exit_code();
            }
        },
        Some(dir) => match out.with_say(|say| ops::render::write(&request, dir, say)) {
            Ok(report) => {
                if out.format == OutputFormat::Json {
                    out.json_report(&report);
                }
            }
            Err(e) => {
                out.error(&e.error.to_string());
                for line in &e.details {
                    out.error(line);
                }
                return e.exit_code();
            }
        },
    }
    exit::OK
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
