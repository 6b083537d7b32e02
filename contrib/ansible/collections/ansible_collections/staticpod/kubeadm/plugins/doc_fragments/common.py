# -*- coding: utf-8 -*-
# Copyright: staticpod contributors
# Apache License 2.0 (see the repository's LICENSE)

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):
    # The binary and the node paths every module takes.
    DOCUMENTATION = r"""
options:
  binary:
    description:
      - The C(staticpod) executable, a name looked up on C(PATH), or a path.
    type: str
    default: staticpod
  root:
    description:
      - The node root (C(--root)); every node path (manifests, backups, pki, CA directories) is
        resolved under it.
      - Default C(/).
    type: path
  manifests_dir:
    description:
      - The static pod manifests directory (C(--manifests-dir)).
      - Default C(<root>/etc/kubernetes/manifests).
    type: path
  backup_dir:
    description:
      - Where backups and the lock live (C(--backup-dir)).
      - Default C(<root>/etc/kubernetes/tmp).
    type: path
requirements:
  - the C(staticpod) binary on the managed node
"""

    # The render inputs of apply and verify.
    RENDER = r"""
options:
  config:
    description:
      - kubeadm config file on the managed node (Init/Cluster/JoinConfiguration, v1beta3 or
        v1beta4), or a C(kubectl get cm kubeadm-config -o yaml) dump (C(--config)).
    type: path
  kubernetes_version:
    description:
      - Kubernetes version of the control plane; overrides C(kubernetesVersion)
        (C(--kubernetes-version)).
    type: str
  kubeadm_version:
    description:
      - Emulate exactly this kubeadm release (C(--kubeadm-version)).
    type: str
  advertise_address:
    description:
      - The node's advertise address; overrides C(localAPIEndpoint.advertiseAddress)
        (C(--advertise-address)).
    type: str
  node_name:
    description:
      - The node name; overrides C(nodeRegistration.name) (C(--node-name)).
    type: str
  components:
    description:
      - Only these components (C(--component), repeated).
    type: list
    elements: str
    choices: [kube-apiserver, kube-controller-manager, kube-scheduler, etcd]
  patches:
    description:
      - kubeadm patches directory; overrides C(patches.directory) (C(--patches)).
    type: path
  no_proxy_env:
    description:
      - Do not copy C(*_proxy) variables from the module's environment into the manifests
        (C(--no-proxy-env)).
    type: bool
    default: false
"""
