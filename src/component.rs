//! The four control-plane components kubeadm writes static pods for.

use std::fmt;
use std::str::FromStr;

/// One of the four control-plane components kubeadm writes a static pod for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Component {
    /// `kube-apiserver`.
    KubeApiserver,
    /// `kube-controller-manager`.
    KubeControllerManager,
    /// `kube-scheduler`.
    KubeScheduler,
    /// `etcd` (local etcd only; external etcd has no manifest).
    Etcd,
}

impl Component {
    /// Display and output order.
    pub const ALL: [Component; 4] = [
        Component::KubeApiserver,
        Component::KubeControllerManager,
        Component::KubeScheduler,
        Component::Etcd,
    ];

    /// Pod, container and binary name (`kube-apiserver`, …, `etcd`).
    pub fn name(self) -> &'static str {
        match self {
            Component::KubeApiserver => "kube-apiserver",
            Component::KubeControllerManager => "kube-controller-manager",
            Component::KubeScheduler => "kube-scheduler",
            Component::Etcd => "etcd",
        }
    }

    /// The manifest file name kubeadm uses.
    pub fn file_name(self) -> String {
        format!("{}.yaml", self.name())
    }
}

impl fmt::Display for Component {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Component {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, String> {
        match text {
            "kube-apiserver" | "apiserver" => Ok(Component::KubeApiserver),
            "kube-controller-manager" | "controller-manager" => {
                Ok(Component::KubeControllerManager)
            }
            "kube-scheduler" | "scheduler" => Ok(Component::KubeScheduler),
            "etcd" => Ok(Component::Etcd),
            other => Err(format!(
                "unknown component {other:?}: expected kube-apiserver, kube-controller-manager, \
                 kube-scheduler or etcd"
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for c in Component::ALL {
            assert_eq!(c.name().parse::<Component>(), Ok(c));
        }
        assert!("kube-proxy".parse::<Component>().is_err());
    }
}
