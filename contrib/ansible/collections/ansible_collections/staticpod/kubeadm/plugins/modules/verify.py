#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: staticpod contributors
# Apache License 2.0 (see the repository's LICENSE)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: verify
short_description: Check kubeadm control-plane static pod manifests and what they reference
version_added: "0.1.0"
description:
  - Runs C(staticpod verify) on the managed node and returns its findings (static pod
    validity, stray files the kubelet would run, version skew and upgrade path, consistency
    between components, referenced files and certificates, drift from a config (with
    O(config)) and CIS checks (O(profile=cis))).
  - Never changes anything; runs the same in check mode.
  - The task fails according to O(fail_on).
author:
  - staticpod contributors
extends_documentation_fragment:
  - staticpod.kubeadm.common
  - staticpod.kubeadm.common.render
options:
  fail_on:
    description:
      - C(error) fails the task when any error-level finding exists, C(warning) also on
        warnings, C(never) only when staticpod cannot verify at all (bad input).
    type: str
    choices: [error, warning, never]
    default: error
  target_version:
    description:
      - Also judge the upgrade path to this Kubernetes version (C(--target-version)).
    type: str
  profile:
    description:
      - C(cis) adds the CIS Kubernetes Benchmark checks (C(--profile)).
    type: str
    choices: [default, cis]
    default: default
  skip:
    description:
      - Groups of checks to skip (C(--skip), repeated); C(files) when the node's files are not
        under O(root).
    type: list
    elements: str
    choices: [strays, skew, consistency, files, drift]
  now:
    description:
      - Judge certificate expiry at this RFC 3339 time instead of now (C(--now)).
    type: str
attributes:
  check_mode:
    description: Can run in check mode and return changed status prediction without modifying target.
    support: full
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in check mode), when in diff mode.
    support: none
seealso:
  - module: staticpod.kubeadm.apply
"""

EXAMPLES = r"""
- name: The control plane must be sound before maintenance
  staticpod.kubeadm.verify:
    target_version: v1.34.2

- name: Drift from the config and CIS findings, reported but never fatal
  staticpod.kubeadm.verify:
    config: /etc/kubernetes/kubeadm.yaml
    profile: cis
    fail_on: never
  register: audit
"""

RETURN = r"""
findings:
  description: Every finding, node-wide first, then by component.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: Stable check id.
      type: str
      sample: CERT-EXPIRING
    severity:
      description: C(error), C(warning) or C(info).
      type: str
      sample: warning
    component:
      description: The component, null for node-wide findings.
      type: str
      sample: kube-apiserver
    file:
      description: The file the finding is about.
      type: str
      sample: /etc/kubernetes/pki/apiserver.crt
    message:
      description: One line, ending with the fix.
      type: str
summary:
  description: Counts by severity.
  returned: always
  type: dict
  sample: {"errors": 0, "warnings": 1, "info": 12}
manifests_dir:
  description: The manifests directory that was verified.
  returned: always
  type: str
  sample: /etc/kubernetes/manifests
"""

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.staticpod.kubeadm.plugins.module_utils.staticpod import (
    COMMON_ARGS,
    EXIT_DIFFERENT,
    EXIT_OK,
    RENDER_ARGS,
    fail,
    render_flags,
    run,
)


def main():
    argument_spec = dict(COMMON_ARGS)
    argument_spec.update(RENDER_ARGS)
    argument_spec.update(
        fail_on=dict(type="str", choices=["error", "warning", "never"], default="error"),
        target_version=dict(type="str"),
        profile=dict(type="str", choices=["default", "cis"], default="default"),
        skip=dict(type="list", elements="str", choices=["strays", "skew", "consistency", "files", "drift"]),
        now=dict(type="str"),
    )
    module = AnsibleModule(argument_spec=argument_spec, supports_check_mode=True)
    params = module.params
    args = ["verify"] + render_flags(params)
    if params["target_version"]:
        args += ["--target-version", params["target_version"]]
    if params["profile"] != "default":
        args += ["--profile", params["profile"]]
    for check in params["skip"] or []:
        args += ["--skip", check]
    if params["now"]:
        args += ["--now", params["now"]]
    result = run(module, args)
    if result.rc not in (EXIT_OK, EXIT_DIFFERENT) or result.data is None:
        fail(module, result)
    data = result.data
    findings = data.get("findings", [])
    summary = data.get("summary", {})
    response = dict(
        changed=False,
        findings=findings,
        summary=summary,
        manifests_dir=data.get("manifestsDir"),
    )
    failing = {"error": ("error",), "warning": ("error", "warning"), "never": ()}[params["fail_on"]]
    bad = [f for f in findings if f.get("severity") in failing]
    if bad:
        lines = ["%s %s: %s" % (f["severity"], f["id"], f["message"]) for f in bad[:5]]
        more = "" if len(bad) <= 5 else " (and %d more)" % (len(bad) - 5)
        module.fail_json(
            msg="%d finding(s) at or above %s: %s%s" % (len(bad), params["fail_on"], "; ".join(lines), more),
            **response
        )
    module.exit_json(**response)


if __name__ == "__main__":
    main()
