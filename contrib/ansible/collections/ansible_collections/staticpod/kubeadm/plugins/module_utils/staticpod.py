# -*- coding: utf-8 -*-
# Copyright: staticpod contributors
# Apache License 2.0 (see the repository's LICENSE)
"""Running the staticpod binary with ``-o json`` for the staticpod.kubeadm modules."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os

COMPONENTS = ["kube-apiserver", "kube-controller-manager", "kube-scheduler", "etcd"]

COMMON_ARGS = dict(
    binary=dict(type="str", default="staticpod"),
    root=dict(type="path"),
    manifests_dir=dict(type="path"),
    backup_dir=dict(type="path"),
)

RENDER_ARGS = dict(
    config=dict(type="path"),
    kubernetes_version=dict(type="str"),
    kubeadm_version=dict(type="str"),
    advertise_address=dict(type="str"),
    node_name=dict(type="str"),
    components=dict(type="list", elements="str", choices=COMPONENTS),
    patches=dict(type="path"),
    no_proxy_env=dict(type="bool", default=False),
)

# staticpod's exit codes (README "Exit codes").
EXIT_OK = 0
EXIT_DIFFERENT = 1
EXIT_BAD_INPUT = 2
EXIT_FAILED_RESTORED = 3
EXIT_FAILED_PARTIAL = 4


def global_flags(params):
    """--root / --manifests-dir / --backup-dir from the module's parameters."""
    flags = []
    for name, flag in (
        ("root", "--root"),
        ("manifests_dir", "--manifests-dir"),
        ("backup_dir", "--backup-dir"),
    ):
        if params.get(name):
            flags += [flag, params[name]]
    return flags


def render_flags(params):
    """The render inputs (--config, --kubernetes-version, ...) from the module's parameters."""
    flags = []
    for name, flag in (
        ("config", "--config"),
        ("kubernetes_version", "--kubernetes-version"),
        ("kubeadm_version", "--kubeadm-version"),
        ("advertise_address", "--advertise-address"),
        ("node_name", "--node-name"),
        ("patches", "--patches"),
    ):
        if params.get(name):
            flags += [flag, params[name]]
    if params.get("no_proxy_env"):
        flags.append("--no-proxy-env")
    flags += component_flags(params)
    return flags


def component_flags(params):
    flags = []
    for component in params.get("components") or []:
        flags += ["--component", component]
    return flags


def binary_path(module):
    binary = module.params["binary"]
    if os.path.sep in binary:
        if not os.access(binary, os.X_OK):
            module.fail_json(msg="binary %s is not an executable file" % binary)
        return binary
    return module.get_bin_path(binary, required=True)


class Result(object):
    """One staticpod run: exit code, the parsed JSON (None when stdout was not JSON),
    staticpod's error lines and the command."""

    def __init__(self, rc, data, errors, warnings, stdout, stderr, cmd):
        self.rc = rc
        self.data = data
        self.errors = errors
        self.warnings = warnings
        self.stdout = stdout
        self.stderr = stderr
        self.cmd = cmd

    def message(self):
        if self.errors:
            return "; ".join(self.errors)
        if self.stderr.strip():
            return self.stderr.strip()
        return "staticpod exited with code %d" % self.rc


def run(module, args):
    """Run ``staticpod -o json --color never <global flags> <args>``; staticpod's warnings
    become module warnings."""
    cmd = [binary_path(module), "-o", "json", "--color", "never"]
    cmd += global_flags(module.params) + list(args)
    rc, stdout, stderr = module.run_command(cmd, environ_update={"NO_COLOR": "1"})
    data = None
    if stdout.strip():
        try:
            data = json.loads(stdout)
        except ValueError:
            data = None
    errors, warnings = [], []
    for line in stderr.splitlines():
        if line.startswith("staticpod: error: "):
            errors.append(line[len("staticpod: error: "):])
        elif line.startswith("staticpod: warning: "):
            warnings.append(line[len("staticpod: warning: "):])
    for warning in warnings:
        module.warn(warning)
    return Result(rc, data, errors, warnings, stdout, stderr, cmd)


def fail(module, result, **extra):
    """A failed task whose message is staticpod's."""
    module.fail_json(
        msg=result.message(),
        rc=result.rc,
        cmd=result.cmd,
        stdout=result.stdout,
        stderr=result.stderr,
        result=result.data,
        **extra
    )


def read_text(path):
    """A manifest's text for a diff ('' when it does not exist)."""
    try:
        with open(path, "rb") as handle:
            return handle.read().decode("utf-8", "replace")
    except (IOError, OSError):
        return ""
