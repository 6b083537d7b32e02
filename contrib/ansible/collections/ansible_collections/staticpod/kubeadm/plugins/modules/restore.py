#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: staticpod contributors
# Apache License 2.0 (see the repository's LICENSE)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: restore
short_description: Put kubeadm control-plane static pod manifests back from a backup folder
version_added: "0.1.0"
description:
  - Runs C(staticpod restore) on the managed node; it verifies the backup folder (staticpod's own
    or kubeadm's C(kubeadm-backup-manifests-*)), backs up the current files, and swaps the
    backed-up files in atomically, so a restore can itself be undone.
  - In check mode it runs C(staticpod restore --dry-run) and changes nothing.
  - When C(staticpod) exits 3 or 4 the task fails with staticpod's message.
author:
  - staticpod contributors
extends_documentation_fragment:
  - staticpod.kubeadm.common
options:
  backup:
    description:
      - The backup folder, by its name in the backup directory, or a path.
    type: str
  latest:
    description:
      - Restore from the newest backup folder.
    type: bool
    default: false
  components:
    description:
      - Only these components (C(--component), repeated).
    type: list
    elements: str
    choices: [kube-apiserver, kube-controller-manager, kube-scheduler, etcd]
  force:
    description:
      - Restore even when the folder's checksums do not verify (C(--force)).
    type: bool
    default: false
  lock_timeout:
    description:
      - Seconds to wait for another staticpod run's lock (C(--lock-timeout)).
    type: int
    default: 30
  wait:
    description:
      - Swap one component at a time and wait for each restarted pod to be up and healthy;
        when one is not, staticpod puts back every file the run swapped and the task fails
        (C(--wait)).
    type: bool
    default: false
  timeout:
    description:
      - Bound of each component's wait with O(wait=true), as a Go duration (C(--timeout)).
    type: str
    default: 5m
attributes:
  check_mode:
    description: Can run in check mode and return changed status prediction without modifying target.
    support: full
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in check mode), when in diff mode.
    support: none
notes:
  - Exactly one of O(backup) and O(latest=true) is required.
seealso:
  - module: staticpod.kubeadm.apply
"""

EXAMPLES = r"""
- name: It broke; put the previous manifests back
  staticpod.kubeadm.restore:
    latest: true

- name: Only etcd, from a named kubeadm backup
  staticpod.kubeadm.restore:
    backup: kubeadm-backup-manifests-2026-01-15-10-00-00
    components: [etcd]
"""

RETURN = r"""
components:
  description: One entry per restored component.
  returned: always
  type: list
  elements: dict
  contains:
    component:
      description: The component.
      type: str
      sample: etcd
    path:
      description: The manifest file.
      type: str
    action:
      description: C(replaced), C(created), C(unchanged), or in check mode C(would replace) / C(would create).
      type: str
    restart:
      description: Whether the kubelet restarts the pod.
      type: bool
    backup:
      description: The backup copy of the file that was replaced.
      type: str
backup:
  description: The backup folder of the files this restore replaced (null when nothing changed).
  returned: always
  type: str
result:
  description: staticpod's own JSON report.
  returned: always
  type: dict
"""

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.staticpod.kubeadm.plugins.module_utils.staticpod import (
    COMMON_ARGS,
    COMPONENTS,
    EXIT_OK,
    component_flags,
    fail,
    run,
)


def main():
    argument_spec = dict(COMMON_ARGS)
    argument_spec.update(
        backup=dict(type="str"),
        latest=dict(type="bool", default=False),
        components=dict(type="list", elements="str", choices=COMPONENTS),
        force=dict(type="bool", default=False),
        lock_timeout=dict(type="int", default=30),
        wait=dict(type="bool", default=False),
        timeout=dict(type="str", default="5m"),
    )
    module = AnsibleModule(
        argument_spec=argument_spec,
        mutually_exclusive=[("backup", "latest")],
        supports_check_mode=True,
    )
    params = module.params
    if not params["backup"] and not params["latest"]:
        module.fail_json(msg="one of backup or latest=true is required")
    args = ["restore"]
    args += ["--latest"] if params["latest"] else [params["backup"]]
    args += component_flags(params)
    if params["force"]:
        args.append("--force")
    args += ["--lock-timeout", str(params["lock_timeout"])]
    if module.check_mode:
        args.append("--dry-run")
    elif params["wait"]:
        args += ["--wait", "--timeout", params["timeout"]]
    result = run(module, args)
    if result.rc != EXIT_OK or result.data is None:
        fail(module, result)
    components = [
        dict(
            component=c.get("component"),
            path=c.get("path"),
            action=c.get("action"),
            restart=c.get("restart"),
            backup=c.get("backup"),
        )
        for c in result.data.get("components", [])
    ]
    changing = ("would replace", "would create") if module.check_mode else ("replaced", "created")
    module.exit_json(
        changed=any(c["action"] in changing for c in components),
        components=components,
        backup=result.data.get("backup"),
        result=result.data,
    )


if __name__ == "__main__":
    main()
