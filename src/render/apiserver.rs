//! kube-apiserver.yaml (`getAPIServerCommand` and the apiserver part of `GetStaticPodSpecs`).

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::Pod;

use super::args::{self, Defaults};
use super::common::{self, ControlPlaneContainer, ProbePaths, Which};
use super::gopath::join;
use super::inputs::{join_host_port, Inputs};
use super::pod;
use super::probes::{probe_address, ProbeTarget};
use crate::config::model::{last_value, Arg, Etcd};

pub const ADVERTISE_ANNOTATION: &str =
    "kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint";

pub fn render(inputs: &Inputs, warnings: &mut Vec<String>) -> Pod {
    let model = &inputs.model;
    let pki = |file: &str| join(&model.certificates_dir, file);
    let advertise = inputs.advertise_address.as_str();
    let bind_port = model.bind_port.to_string();
    let issuer = format!("https://kubernetes.default.svc.{}", model.dns_domain);
    let mut defaults = Defaults::new(&[
        ("advertise-address", advertise),
        ("enable-admission-plugins", "NodeRestriction"),
        ("service-cluster-ip-range", &model.service_subnet),
        ("service-account-key-file", &pki("sa.pub")),
        ("service-account-signing-key-file", &pki("sa.key")),
        ("service-account-issuer", &issuer),
        ("client-ca-file", &pki("ca.crt")),
        ("tls-cert-file", &pki("apiserver.crt")),
        ("tls-private-key-file", &pki("apiserver.key")),
        (
            "kubelet-client-certificate",
            &pki("apiserver-kubelet-client.crt"),
        ),
        ("kubelet-client-key", &pki("apiserver-kubelet-client.key")),
        ("enable-bootstrap-token-auth", "true"),
        ("secure-port", &bind_port),
        ("allow-privileged", "true"),
        (
            "kubelet-preferred-address-types",
            "InternalIP,ExternalIP,Hostname",
        ),
        ("requestheader-username-headers", "X-Remote-User"),
        ("requestheader-group-headers", "X-Remote-Group"),
        ("requestheader-extra-headers-prefix", "X-Remote-Extra-"),
        ("requestheader-client-ca-file", &pki("front-proxy-ca.crt")),
        ("requestheader-allowed-names", "front-proxy-client"),
        ("proxy-client-cert-file", &pki("front-proxy-client.crt")),
        ("proxy-client-key-file", &pki("front-proxy-client.key")),
    ]);

    match &model.etcd {
        Etcd::External(external) => {
            defaults.set("etcd-servers", external.endpoints.join(","));
            if !external.ca_file.is_empty() {
                defaults.set("etcd-cafile", external.ca_file.clone());
            }
            if !external.cert_file.is_empty() && !external.key_file.is_empty() {
                defaults.set("etcd-certfile", external.cert_file.clone());
                defaults.set("etcd-keyfile", external.key_file.clone());
            }
        }
        Etcd::Local(local) => {
            defaults.set(
                "etcd-servers",
                format!("https://{}", join_host_port(inputs.loopback(), 2379)),
            );
            defaults.set("etcd-cafile", pki("etcd/ca.crt"));
            defaults.set("etcd-certfile", pki("apiserver-etcd-client.crt"));
            defaults.set("etcd-keyfile", pki("apiserver-etcd-client.key"));
            // The apiserver follows a user-set etcd advertise-client-urls (last occurrence).
            if let Some(urls) = last_value(&local.extra_args, "advertise-client-urls") {
                defaults.set("etcd-servers", urls.to_string());
            }
        }
    }

    let profile = &inputs.profile;
    let user = &model.api_server.extra_args;
    let has_authz_config = last_value(user, "authorization-config").is_some();
    let skip_mode = profile.authz_config_skips_mode && has_authz_config;
    let (modes, dropped) = args::authz_modes(last_value(user, "authorization-mode"));
    let mut overrides: Vec<Arg> = user.clone();
    if !skip_mode {
        if profile.authz_mode_in_extra_args {
            // ≤1.30: the filtered value is written into the extraArgs map itself.
            overrides.retain(|a| a.name != "authorization-mode");
            overrides.push(Arg::new("authorization-mode", modes));
            for mode in dropped {
                warnings.push(format!("kube-apiserver: ignoring unknown authorization-mode {mode:?} (as kubeadm does)"));
            }
        } else {
            // 1.31+: the filtered value is a default; a user value replaces it verbatim.
            defaults.set("authorization-mode", modes);
        }
    }
    let command = args::command("kube-apiserver", defaults, &overrides, profile.arg_order);

    let target = ProbeTarget {
        host: probe_address(advertise),
        port: i32::from(model.bind_port),
        scheme: "HTTPS",
        named_port: profile.named_probe_port,
    };
    let (volumes, volume_mounts) =
        common::control_plane_mounts(inputs, Which::ApiServer).into_lists();
    let container = common::control_plane_container(
        inputs,
        ControlPlaneContainer {
            name: "kube-apiserver",
            command,
            target,
            paths: ProbePaths {
                liveness: "/livez",
                readiness: Some("/readyz"),
                startup: "/livez",
            },
            cpu: "250m",
            extra_envs: &model.api_server.extra_envs,
            volume_mounts,
        },
    );
    let annotations = BTreeMap::from([(
        ADVERTISE_ANNOTATION.to_string(),
        inputs.advertise_host_port(model.bind_port),
    )]);
    pod::component_pod(container, volumes, Some(annotations))
}
