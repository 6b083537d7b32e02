//! The base facts of a node read from its manifests: versions, image repository,
//! certificates directory, networking, node-local endpoint and name, local or external etcd.

use super::read::DiskManifest;
use super::ImportError;
use crate::component::Component;
use crate::config::resolve::{
    DEFAULT_BIND_PORT, DEFAULT_CERTIFICATES_DIR, DEFAULT_DNS_DOMAIN, DEFAULT_ETCD_DATA_DIR,
    DEFAULT_HEALTH_CHECK_TIMEOUT, DEFAULT_IMAGE_REPOSITORY, DEFAULT_SERVICE_SUBNET,
};
use crate::kubeadm::etcd_tags;
use crate::kubeadm::release::{self, Release};
use crate::kubeadm::version::KubeVersion;
use crate::render::apiserver::ADVERTISE_ANNOTATION;
use crate::render::etcd::ADVERTISE_ANNOTATION as ETCD_ADVERTISE_ANNOTATION;
use crate::render::inputs::split_host_port;

/// Local (stacked) etcd as the manifests show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalEtcdFacts {
    /// etcd's `--data-dir` (kubeadm's `dataDir`).
    pub data_dir: String,
    /// Set only when it differs from the cluster's `imageRepository`.
    pub image_repository: Option<String>,
    /// Set only when it differs from the release's default etcd tag.
    pub image_tag: Option<String>,
}

/// External etcd, as kube-apiserver's `--etcd-*` flags show it (no `etcd.yaml`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExternalEtcdFacts {
    /// `--etcd-servers`, split at commas.
    pub endpoints: Vec<String>,
    /// `--etcd-cafile`.
    pub ca_file: String,
    /// `--etcd-certfile`.
    pub cert_file: String,
    /// `--etcd-keyfile`.
    pub key_file: String,
}

/// Where the cluster's etcd runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EtcdFacts {
    /// A stacked etcd, from this node's `etcd.yaml`.
    Local(LocalEtcdFacts),
    /// An external etcd.
    External(ExternalEtcdFacts),
}

/// What the configuration's base (no extraArgs, volumes, envs) holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facts {
    /// From the control-plane images' tags (or `--kubeadm-version` with only etcd).
    pub kubernetes_version: KubeVersion,
    /// The kubeadm release emulated.
    pub release: Release,
    /// `--kubeadm-version`, passed on to the self-check render.
    pub kubeadm_version: Option<String>,
    /// The control-plane images' repository (`imageRepository`).
    pub image_repository: String,
    /// The directory of kube-apiserver's `--client-ca-file`, else of kube-controller-manager's
    /// `--root-ca-file` (`certificatesDir`).
    pub certificates_dir: String,
    /// `--service-cluster-ip-range` (`serviceSubnet`), kubeadm's default without one.
    pub service_subnet: String,
    /// kube-controller-manager's `--cluster-cidr` (`podSubnet`), verbatim.
    pub pod_subnet: Option<String>,
    /// From `--service-account-issuer` (`dnsDomain`), kubeadm's default otherwise.
    pub dns_domain: String,
    /// kube-controller-manager's `--cluster-name` (`clusterName`).
    pub cluster_name: Option<String>,
    /// `None` when only kube-controller-manager / kube-scheduler show (they do not name it).
    pub advertise_address: Option<String>,
    /// kube-apiserver's port (`localAPIEndpoint.bindPort`).
    pub bind_port: u16,
    /// etcd's `--name` (`nodeRegistration.name`).
    pub node_name: Option<String>,
    /// Local or external etcd.
    pub etcd: EtcdFacts,
    /// The control-plane health-check timeout in seconds (from the startup probes).
    pub health_check_timeout_secs: u64,
}

fn find(manifests: &[DiskManifest], component: Component) -> Option<&DiskManifest> {
    manifests.iter().find(|m| m.component == component)
}

/// `<repository>/<name>:<tag>` → (repository, tag); `None` for another shape (a digest, no
/// repository, another image name).
pub fn split_image<'a>(image: &'a str, name: &str) -> Option<(&'a str, &'a str)> {
    let (repository, rest) = image.rsplit_once('/')?;
    let tag = rest.strip_prefix(name)?.strip_prefix(':')?;
    (!tag.is_empty() && !tag.contains('@') && !repository.is_empty()).then_some((repository, tag))
}

/// Infer the facts. `kubeadm_version` pins the release (`--kubeadm-version`).
pub fn infer(
    manifests: &[DiskManifest],
    kubeadm_version: Option<&str>,
) -> Result<Facts, ImportError> {
    let apiserver = find(manifests, Component::KubeApiserver);
    let manager = find(manifests, Component::KubeControllerManager);
    let etcd = find(manifests, Component::Etcd);

    // Version and repository from the first control-plane image of kubeadm's shape.
    let image = [
        Component::KubeApiserver,
        Component::KubeControllerManager,
        Component::KubeScheduler,
    ]
    .into_iter()
    .filter_map(|c| find(manifests, c))
    .find_map(|m| split_image(m.image()?, m.component.name()).map(|parts| (m, parts)));
    let (source, image_repository, kubernetes_version) =
        match (image, kubeadm_version) {
            (Some((source, (repository, tag))), _) => {
                let version = KubeVersion::parse(&tag.replacen('_', "+", 1)).map_err(|e| {
                    ImportError::Input(format!(
                        "{}: spec.containers[0].image tag {tag:?} is not a Kubernetes version: {e}",
                        source.path.display()
                    ))
                })?;
                (source.path.display().to_string(), repository, version)
            }
            // Only etcd: kubeadm without a configured version deploys its own.
            (None, Some(text)) => {
                let version = KubeVersion::parse(text)
                    .map_err(|e| ImportError::Input(format!("--kubeadm-version: {e}")))?;
                let repository = etcd
                    .and_then(|m| split_image(m.image()?, "etcd"))
                    .map_or(DEFAULT_IMAGE_REPOSITORY, |(repository, _)| repository);
                ("--kubeadm-version".to_string(), repository, version)
            }
            (None, None) => return Err(ImportError::Input(
                "cannot infer the Kubernetes version: no kube-apiserver, kube-controller-manager \
                 or kube-scheduler manifest with an image of the form REPOSITORY/NAME:vX.Y.Z \
                 (with etcd.yaml alone, pass --kubeadm-version)"
                    .into(),
            )),
        };
    let chosen = match kubeadm_version {
        Some(text) => {
            let version = KubeVersion::parse(text)
                .map_err(|e| ImportError::Input(format!("--kubeadm-version: {e}")))?;
            release::exact(&version)
        }
        // The rule render uses (release::for_kubernetes), so the self-check renders alike.
        None => release::for_kubernetes(&kubernetes_version),
    }
    .map_err(|e| {
        ImportError::Input(format!(
            "{source}: {e}; staticpod cannot check an import it cannot render"
        ))
    })?;

    let certificates_dir = apiserver
        .and_then(|m| m.flag("client-ca-file"))
        .and_then(|f| f.strip_suffix("/ca.crt"))
        .or_else(|| {
            manager
                .and_then(|m| m.flag("root-ca-file"))
                .and_then(|f| f.strip_suffix("/ca.crt"))
        })
        .or_else(|| {
            etcd.and_then(|m| m.flag("trusted-ca-file"))
                .and_then(|f| f.strip_suffix("/etcd/ca.crt"))
        })
        .filter(|d| d.starts_with('/'))
        .unwrap_or(DEFAULT_CERTIFICATES_DIR)
        .to_string();
    let service_subnet = apiserver
        .and_then(|m| m.flag("service-cluster-ip-range"))
        .or_else(|| manager.and_then(|m| m.flag("service-cluster-ip-range")))
        .unwrap_or(DEFAULT_SERVICE_SUBNET)
        .to_string();
    let pod_subnet = manager
        .and_then(|m| m.flag("cluster-cidr"))
        .map(str::to_string);
    let dns_domain = apiserver
        .and_then(|m| m.flag("service-account-issuer"))
        .and_then(|i| i.strip_prefix("https://kubernetes.default.svc."))
        .filter(|d| !d.is_empty() && !d.contains('/'))
        .unwrap_or(DEFAULT_DNS_DOMAIN)
        .to_string();
    let cluster_name = manager
        .and_then(|m| m.flag("cluster-name"))
        .map(str::to_string);

    let (advertise_address, bind_port) = advertise(apiserver, etcd)?;
    let node_name = etcd.and_then(|m| m.flag("name")).map(str::to_string);
    let etcd_facts = etcd_facts(
        apiserver,
        etcd,
        chosen.release,
        &kubernetes_version,
        image_repository,
        advertise_address.as_deref().unwrap_or_default(),
    );
    let health_check_timeout_secs = manifests
        .iter()
        .filter_map(|m| {
            let threshold = m
                .container_json()?
                .pointer("/startupProbe/failureThreshold")?
                .as_u64()?;
            let period = m
                .container_json()?
                .pointer("/startupProbe/periodSeconds")?
                .as_u64()?;
            (period == 10 && threshold > 0).then_some(threshold * 10)
        })
        .next()
        .unwrap_or(DEFAULT_HEALTH_CHECK_TIMEOUT.as_secs());

    Ok(Facts {
        kubernetes_version,
        release: chosen.release,
        kubeadm_version: kubeadm_version.map(str::to_string),
        image_repository: image_repository.to_string(),
        certificates_dir,
        service_subnet,
        pod_subnet,
        dns_domain,
        cluster_name,
        advertise_address,
        bind_port,
        node_name,
        etcd: etcd_facts,
        health_check_timeout_secs,
    })
}

/// The advertise address and bind port: kube-apiserver's annotation, else its flags, else
/// etcd's client URL annotation.
fn advertise(
    apiserver: Option<&DiskManifest>,
    etcd: Option<&DiskManifest>,
) -> Result<(Option<String>, u16), ImportError> {
    let from_annotation = apiserver
        .and_then(|m| m.annotation(ADVERTISE_ANNOTATION))
        .map(split_host_port);
    let port_text = from_annotation
        .and_then(|(_, port)| port)
        .or_else(|| apiserver.and_then(|m| m.flag("secure-port")));
    let bind_port = match port_text {
        Some(text) => text.parse::<u16>().ok().filter(|p| *p > 0).ok_or_else(|| {
            ImportError::Input(format!(
                "kube-apiserver.yaml: the bind port {text:?} (annotation {ADVERTISE_ANNOTATION} or \
                 --secure-port) is not a port number"
            ))
        })?,
        None => DEFAULT_BIND_PORT,
    };
    let host = from_annotation
        .map(|(host, _)| host.to_string())
        .or_else(|| apiserver.and_then(|m| m.flag("advertise-address").map(str::to_string)))
        .or_else(|| {
            let urls = etcd?.annotation(ETCD_ADVERTISE_ANNOTATION)?;
            let first = urls.split(',').next()?.strip_prefix("https://")?;
            Some(split_host_port(first).0.to_string())
        });
    let Some(host) = host else {
        if apiserver.is_some() || etcd.is_some() {
            return Err(ImportError::Input(
                "cannot infer the advertise address: kube-apiserver.yaml has neither the \
                 kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint annotation \
                 nor --advertise-address, and etcd.yaml has no advertise-client-urls annotation"
                    .into(),
            ));
        }
        return Ok((None, bind_port));
    };
    let address: std::net::IpAddr = host.parse().map_err(|_| {
        ImportError::Input(format!(
            "the advertise address {host:?} read from the manifests is not an IP address"
        ))
    })?;
    Ok((Some(address.to_string()), bind_port))
}

fn etcd_facts(
    apiserver: Option<&DiskManifest>,
    etcd: Option<&DiskManifest>,
    release: Release,
    kubernetes_version: &KubeVersion,
    image_repository: &str,
    advertise_address: &str,
) -> EtcdFacts {
    let loopback = if advertise_address.contains(':') {
        "https://[::1]:2379"
    } else {
        "https://127.0.0.1:2379"
    };
    let servers = apiserver.and_then(|m| m.flag("etcd-servers"));
    if let (None, Some(servers)) = (etcd, servers) {
        if servers != loopback {
            let flag = |name| {
                apiserver
                    .and_then(|m| m.flag(name))
                    .unwrap_or_default()
                    .to_string()
            };
            return EtcdFacts::External(ExternalEtcdFacts {
                endpoints: servers.split(',').map(str::to_string).collect(),
                ca_file: flag("etcd-cafile"),
                cert_file: flag("etcd-certfile"),
                key_file: flag("etcd-keyfile"),
            });
        }
    }
    let data_dir = etcd
        .and_then(|m| m.flag("data-dir"))
        .unwrap_or(DEFAULT_ETCD_DATA_DIR)
        .to_string();
    let image = etcd.and_then(|m| split_image(m.image()?, "etcd"));
    let default_tag = etcd_tags::default_tag(release, kubernetes_version.minor()).map(|t| t.tag);
    let (image_repository, image_tag) = match image {
        Some((repository, tag)) => (
            (repository != image_repository).then(|| repository.to_string()),
            (Some(tag) != default_tag).then(|| tag.to_string()),
        ),
        None => (None, None),
    };
    EtcdFacts::Local(LocalEtcdFacts {
        data_dir,
        image_repository,
        image_tag,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn image_shapes() {
        assert_eq!(
            split_image("registry.k8s.io/kube-apiserver:v1.34.0", "kube-apiserver"),
            Some(("registry.k8s.io", "v1.34.0"))
        );
        assert_eq!(
            split_image("reg:5000/a/b/etcd:3.5.9-0", "etcd"),
            Some(("reg:5000/a/b", "3.5.9-0"))
        );
        assert_eq!(split_image("etcd:3.5.9-0", "etcd"), None);
        assert_eq!(split_image("r/etcd@sha256:ab", "etcd"), None);
        assert_eq!(split_image("r/kube-apiserverx:v1", "kube-apiserver"), None);
    }
}
