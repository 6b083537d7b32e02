//! `staticpod import`: parse, call [`crate::ops::import`], print its report (the
//! configuration, or `-o json`).

use super::{exit, manifests_dir, Code, Output};
use crate::cli::{GlobalArgs, ImportApi, ImportArgs, OutputFormat};
use crate::component::Component;
use crate::config::ConfigApi;
use crate::import::ImportRequest;
use crate::ops;

pub fn run(global: &GlobalArgs, args: &ImportArgs, out: &Output) -> Code {
    let request = match request(global, args) {
        Ok(request) => request,
        Err(message) => {
            out.error(&message);
            return exit::BAD_INPUT;
        }
    };
    let imported = match out.with_say(|say| ops::import::run(&request, args.out.as_deref(), say)) {
        Ok(imported) => imported,
        Err(e) => {
            out.error(&e.error.to_string());
            for line in &e.details {
                out.error(line);
            }
            return e.exit_code();
        }
    };
    match out.format {
        OutputFormat::Json => match serde_json::to_value(&imported.report) {
            Ok(value) => out.json(&value),
            Err(e) => {
                out.error(&format!("cannot encode the report as JSON: {e}"));
                return exit::BAD_INPUT;
            }
        },
        OutputFormat::Text if args.out.is_none() => out.stdout(&imported.report.config),
        OutputFormat::Text => {}
    }
    imported.exit_code()
}

fn request(global: &GlobalArgs, args: &ImportArgs) -> Result<ImportRequest, String> {
    let mut components = Vec::new();
    for name in &args.components {
        let component: Component = name.parse()?;
        if !components.contains(&component) {
            components.push(component);
        }
    }
    Ok(ImportRequest {
        manifests_dir: manifests_dir(global),
        root: global.root.clone(),
        components,
        kubeadm_version: args.kubeadm_version.clone(),
        api: args.api.map(|api| match api {
            ImportApi::V1beta3 => ConfigApi::V1beta3,
            ImportApi::V1beta4 => ConfigApi::V1beta4,
        }),
        full: args.full,
        configmap: args.configmap,
        patches_dir: args.patches_out.clone(),
    })
}
