#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: staticpod contributors
# Apache License 2.0 (see the repository's LICENSE)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: apply
short_description: Back up and atomically replace kubeadm control-plane static pod manifests
version_added: "0.1.0"
description:
  - Runs C(staticpod apply) on the managed node; it renders the manifests kubeadm would write for
    O(config) (or takes pre-rendered files from O(from_dir)), backs up the files it replaces
    into a new backup folder, and swaps each new file in atomically and durably.
  - A component whose file already holds exactly the new bytes is left alone, so a second run
    reports no change.
  - In check mode it runs C(staticpod diff) (C(staticpod apply --dry-run) with O(from_dir)) and
    changes nothing; C(changed) is true exactly when a file would be replaced or created.
  - In diff mode (C(--diff)) it returns the old and new text of each file that changes.
  - With O(wait=true) it swaps one component at a time in kubeadm's order and waits for each
    restarted pod to be healthy (process and probes, node-local); a component that does not come
    up in O(timeout) makes staticpod put back every file the run swapped.
  - When C(staticpod) exits 3 (failed, every file put back) or 4 (failed, not fully put back)
    the task fails with staticpod's message; RV(result) holds its report.
author:
  - staticpod contributors
extends_documentation_fragment:
  - staticpod.kubeadm.common
  - staticpod.kubeadm.common.render
options:
  from_dir:
    description:
      - Pre-rendered manifests instead of O(config), a directory on the managed node holding
        C(<component>.yaml) files (C(--from)).
    type: path
  lock_timeout:
    description:
      - Seconds to wait for another staticpod run's lock (C(--lock-timeout)).
    type: int
    default: 30
  wait:
    description:
      - Swap one component at a time in kubeadm's order and wait for each restarted pod to be
        up and healthy; when one is not, staticpod puts back every file the run swapped and
        the task fails (C(--wait)).
    type: bool
    default: false
  timeout:
    description:
      - Bound of each component's wait with O(wait=true), as a Go duration (C(90s), C(5m))
        (C(--timeout)).
    type: str
    default: 5m
attributes:
  check_mode:
    description: Can run in check mode and return changed status prediction without modifying target.
    support: full
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in check mode), when in diff mode.
    support: full
notes:
  - One of O(config) and O(from_dir) is required.
  - With O(from_dir) every C(<component>.yaml) in the directory is installed; O(components)
    selects among rendered manifests only, so the two exclude each other.
seealso:
  - module: staticpod.kubeadm.verify
  - module: staticpod.kubeadm.restore
"""

EXAMPLES = r"""
- name: Upgrade this node's control-plane manifests to v1.34.2, one pod at a time
  staticpod.kubeadm.apply:
    config: /etc/kubernetes/kubeadm.yaml
    kubernetes_version: v1.34.2
    wait: true
    timeout: 5m
  register: upgrade

- name: Preview the change (run with --check --diff)
  staticpod.kubeadm.apply:
    config: /etc/kubernetes/kubeadm.yaml
    kubernetes_version: v1.34.2
  check_mode: true
  diff: true

- name: Install manifests rendered elsewhere, with a binary outside PATH
  staticpod.kubeadm.apply:
    from_dir: /var/tmp/manifests
    binary: /usr/local/bin/staticpod
"""

RETURN = r"""
components:
  description: One entry per component staticpod looked at.
  returned: always
  type: list
  elements: dict
  contains:
    component:
      description: C(kube-apiserver), C(kube-controller-manager), C(kube-scheduler) or C(etcd).
      type: str
      sample: kube-apiserver
    path:
      description: The manifest file.
      type: str
      sample: /etc/kubernetes/manifests/kube-apiserver.yaml
    status:
      description: What differs, as C(staticpod diff) says (C(unchanged), C(cosmetic), C(changed), C(missing), C(unexpected)).
      type: str
      sample: changed
    restart:
      description: Whether the kubelet restarts the pod for this change.
      type: bool
      sample: true
    action:
      description: C(replaced), C(created), C(unchanged); in check mode C(would replace), C(would create) or C(unchanged).
      type: str
      sample: replaced
    backup:
      description: The backup copy of the old file (null when nothing was backed up).
      type: str
      sample: /etc/kubernetes/tmp/staticpod-backup-manifests-2026-01-15-10-00-00/kube-apiserver.yaml
    outcome:
      description: With O(wait=true), how the component's wait ended (as staticpod reports it, e.g. C(healthy), C(timeout)).
      type: str
      returned: with O(wait=true)
    reasons:
      description: Why the component differs (check mode, from C(staticpod diff)).
      type: list
      elements: str
      returned: in check mode with O(config)
backup:
  description: The backup folder this run created (null when nothing was replaced, and in check mode).
  returned: always
  type: str
  sample: /etc/kubernetes/tmp/staticpod-backup-manifests-2026-01-15-10-00-00
result:
  description: staticpod's own JSON report, as printed (on failure too, when it printed one).
  returned: always
  type: dict
"""

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.staticpod.kubeadm.plugins.module_utils.staticpod import (
    COMMON_ARGS,
    EXIT_DIFFERENT,
    EXIT_OK,
    RENDER_ARGS,
    fail,
    read_text,
    render_flags,
    run,
)

# What apply would do for each `staticpod diff` status (a cosmetic difference is written too:
# apply skips only files that already hold exactly the new bytes).
WOULD = {"changed": "would replace", "cosmetic": "would replace", "missing": "would create"}
WRITTEN = ("replaced", "created")


def components_of(data, check_mode):
    out = []
    for entry in (data or {}).get("components", []):
        # Everything staticpod reports (with wait: outcome, probe, pid, healthyAfterMs, ...).
        item = dict(entry)
        for key in ("component", "path", "status", "restart", "action", "backup"):
            item.setdefault(key, None)
        if check_mode and item["action"] is None:
            item["action"] = WOULD.get(item["status"], "unchanged")
        out.append(item)
    return out


def rendered_texts(module):
    """component -> the new text, for check mode's diff."""
    params = module.params
    if params["from_dir"]:
        return {}
    result = run(module, ["render"] + render_flags(params))
    if result.rc != EXIT_OK or not result.data:
        fail(module, result)
    return dict((m["component"], m["content"]) for m in result.data.get("manifests", []))


def main():
    argument_spec = dict(COMMON_ARGS)
    argument_spec.update(RENDER_ARGS)
    argument_spec.update(
        from_dir=dict(type="path"),
        lock_timeout=dict(type="int", default=30),
        wait=dict(type="bool", default=False),
        timeout=dict(type="str", default="5m"),
    )
    module = AnsibleModule(
        argument_spec=argument_spec,
        # staticpod apply --from takes every <component>.yaml of the directory (--component
        # selects only among rendered manifests).
        mutually_exclusive=[("config", "from_dir"), ("components", "from_dir")],
        required_one_of=[("config", "from_dir")],
        supports_check_mode=True,
    )
    params = module.params
    if params["from_dir"]:
        inputs = ["--from", params["from_dir"]]
    else:
        inputs = render_flags(params)

    if module.check_mode:
        if params["from_dir"]:
            result = run(module, ["apply", "--dry-run"] + inputs)
            ok = result.rc == EXIT_OK
        else:
            result = run(module, ["diff"] + inputs)
            ok = result.rc in (EXIT_OK, EXIT_DIFFERENT)
        if not ok or result.data is None:
            fail(module, result)
        components = components_of(result.data, True)
        changing = [c for c in components if c["action"] in ("would replace", "would create")]
        response = dict(changed=bool(changing), components=components, backup=None, result=result.data)
        if module._diff:
            after = rendered_texts(module)
            diffs = []
            for c in changing:
                new = after.get(c["component"])
                if new is None:
                    new = read_text("%s/%s.yaml" % (params["from_dir"], c["component"]))
                diffs.append(dict(before_header=c["path"], after_header=c["path"], before=read_text(c["path"]), after=new))
            response["diff"] = diffs
        module.exit_json(**response)

    before = {}
    if module._diff:
        plan = run(module, ["apply", "--dry-run"] + inputs)
        if plan.rc != EXIT_OK or plan.data is None:
            fail(module, plan)
        for entry in plan.data.get("components", []):
            before[entry["path"]] = read_text(entry["path"])
    args = ["apply", "--lock-timeout", str(params["lock_timeout"])] + inputs
    if params["wait"]:
        args += ["--wait", "--timeout", params["timeout"]]
    result = run(module, args)
    if result.rc != EXIT_OK or result.data is None:
        fail(module, result)
    components = components_of(result.data, False)
    written = [c for c in components if c["action"] in WRITTEN]
    response = dict(
        changed=bool(written),
        components=components,
        backup=result.data.get("backup"),
        result=result.data,
    )
    if module._diff:
        response["diff"] = [
            dict(
                before_header=c["path"],
                after_header=c["path"],
                before=before.get(c["path"], ""),
                after=read_text(c["path"]),
            )
            for c in written
        ]
    module.exit_json(**response)


if __name__ == "__main__":
    main()
