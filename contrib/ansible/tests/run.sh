#!/usr/bin/env bash
# Test the staticpod.kubeadm collection with real Ansible against three local nodes.
#
#   contrib/ansible/tests/run.sh path/to/staticpod
#
# Installs a pinned ansible-core into a virtualenv (PyPI), checks the modules' documentation
# (py_compile, YAML, ansible-doc), lays out three node roots like golden/example/node with
# v1.33 manifests, then runs: fleet.yml (check mode, real run, idempotence, verify's fail_on),
# the rolling-upgrade playbook with node 2's config broken (must stop at node 2: node 1
# upgraded, node 3 untouched), restore.yml on node 1 (back as before the rollout), and
# failure.yml on node 3 (staticpod's exit 3 fails the task with its message).
# Everything lives in a temporary directory, removed at exit; any failure exits non-zero.
set -euo pipefail

ANSIBLE_CORE_VERSION="2.17.7"
START_VERSION="v1.33.9"
TARGET_VERSION="v1.34.1"
ROLLING_VERSION="v1.35.0"

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
binary="${1:?usage: run.sh path/to/staticpod}"
binary="$(cd "$(dirname "$binary")" && pwd)/$(basename "$binary")"
[ -x "$binary" ] || { echo "run.sh: $binary is not executable" >&2; exit 2; }
collection_path="$repo/contrib/ansible/collections"
playbook="$collection_path/ansible_collections/staticpod/kubeadm/playbooks/rolling-upgrade.yml"

work="$(mktemp -d "${TMPDIR:-/tmp}/staticpod-ansible.XXXXXX")"
trap 'rm -rf "$work"' EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }
step() { echo "== ansible: $*"; }

step "ansible-core $ANSIBLE_CORE_VERSION into a virtualenv"
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check "ansible-core==$ANSIBLE_CORE_VERSION"
export PATH="$work/venv/bin:$PATH"
export ANSIBLE_COLLECTIONS_PATH="$collection_path"
export ANSIBLE_HOME="$work/ansible-home"
export ANSIBLE_LOCAL_TEMP="$work/ansible-tmp"
export ANSIBLE_NOCOLOR=1
export ANSIBLE_RETRY_FILES_ENABLED=0
export ANSIBLE_STDOUT_CALLBACK=default
export ANSIBLE_DISPLAY_SKIPPED_HOSTS=0
export ANSIBLE_PYTHON_INTERPRETER="$work/venv/bin/python"
# The modules copy no *_proxy variables into manifests when told so; keep the host's out anyway.
unset http_proxy https_proxy no_proxy HTTP_PROXY HTTPS_PROXY NO_PROXY || true
ansible --version >"$work/ansible-version"
[ "$(head -n 1 "$work/ansible-version")" = "ansible [core $ANSIBLE_CORE_VERSION]" ] || fail "ansible-core is not $ANSIBLE_CORE_VERSION"

step "modules compile; DOCUMENTATION, EXAMPLES, RETURN parse; options match the argument specs"
python "$here/check_docs.py"
for module in apply verify restore; do
  doc="$(ansible-doc "staticpod.kubeadm.$module")" || fail "ansible-doc staticpod.kubeadm.$module"
  grep -q "staticpod.kubeadm.$module" <<<"$doc" || fail "ansible-doc $module shows no module name"
  grep -q "EXAMPLES" <<<"$doc" || fail "ansible-doc $module shows no examples"
  grep -q "RETURN VALUES" <<<"$doc" || fail "ansible-doc $module shows no return values"
  echo "ansible-doc staticpod.kubeadm.$module: ok"
done
# ansible-test sanity: the tests that run with the controller's Python (--local). The others
# (validate-modules, import, pep8, pylint, yamllint, ansible-doc, runtime-metadata) build their
# own virtualenvs with a pip bootstrap script fetched from a host outside PyPI, which this CI
# cannot reach; check_docs.py and the ansible-doc calls above cover their documentation part.
mkdir -p "$work/sanity/ansible_collections" && cp -R "$collection_path/ansible_collections/." "$work/sanity/ansible_collections/"
(cd "$work/sanity/ansible_collections/staticpod/kubeadm" && ansible-test sanity --python "$(python -c 'import sys; print("%d.%d" % sys.version_info[:2])')" --local \
  --test compile --test empty-init --test line-endings --test no-assert --test no-get-exception \
  --test no-illegal-filenames --test no-smart-quotes --test replace-urlopen --test shebang \
  --test symlinks --test use-argspec-type-path --test use-compat-six) || fail "ansible-test sanity"
ansible-doc --list staticpod.kubeadm | grep -c '^staticpod.kubeadm\.' | grep -qx 3 || fail "ansible-doc --list does not show 3 modules"

ansible-galaxy collection build "$collection_path/ansible_collections/staticpod/kubeadm" \
  --output-path "$work/build" >/dev/null || fail "ansible-galaxy collection build (galaxy.yml)"
[ -f "$work/build/staticpod-kubeadm-0.1.0.tar.gz" ] || fail "no collection artifact"
echo "ansible-galaxy collection build: ok"

step "three nodes at $START_VERSION"
inventory="$work/inventory.yml"
{
  echo "control_plane:"
  echo "  vars:"
  echo "    ansible_connection: local"
  echo "    staticpod_binary: $binary"
  echo "    staticpod_start_version: $START_VERSION"
  echo "    staticpod_target_version: $TARGET_VERSION"
  echo "    staticpod_rolling_version: $ROLLING_VERSION"
  echo "    staticpod_verify_skip: [files]"
  echo "    staticpod_no_proxy_env: true"
  echo "    staticpod_wait: false"
  echo "  hosts:"
} >"$inventory"
for i in 1 2 3; do
  root="$work/node$i"
  mkdir -p "$root"
  cp -R "$repo/golden/example/node/." "$root/"
  sed -e "s/advertiseAddress: 192.168.10.11/advertiseAddress: 192.168.10.1$i/" \
      -e "s/name: cp-1/name: cp-$i/" \
      "$repo/golden/example/kubeadm-config.yaml" >"$root/kubeadm.yaml"
  "$binary" -q --root "$root" render --config "$root/kubeadm.yaml" --no-proxy-env \
    --kubernetes-version "$START_VERSION" --out "$root/etc/kubernetes/manifests"
  {
    echo "    node$i:"
    echo "      staticpod_root: $root"
    echo "      staticpod_config: $root/kubeadm.yaml"
  } >>"$inventory"
done

manifest_sums() { (cd "$1/etc/kubernetes/manifests" && sha256sum kube-apiserver.yaml kube-controller-manager.yaml kube-scheduler.yaml etcd.yaml); }
image_of() { grep -o "image: registry.k8s.io/kube-apiserver:[^ ]*" "$1/etc/kubernetes/manifests/kube-apiserver.yaml"; }

step "fleet.yml: check mode, real run, second run, verify (all three nodes)"
ansible-playbook -i "$inventory" "$here/fleet.yml" | tee "$work/fleet.log"
grep -Eq '^node1 +: ok=[0-9]+ +changed=[1-9]' "$work/fleet.log" || fail "node1 recap shows no change"
for i in 1 2 3; do
  [ "$(image_of "$work/node$i")" = "image: registry.k8s.io/kube-apiserver:$TARGET_VERSION" ] || fail "node$i is not at $TARGET_VERSION"
done

step "idempotence: a second run of the apply tasks reports changed=0 everywhere"
cat >"$work/again.yml" <<'PLAY'
- hosts: control_plane
  gather_facts: false
  tasks:
    - staticpod.kubeadm.apply:
        binary: "{{ staticpod_binary }}"
        root: "{{ staticpod_root }}"
        config: "{{ staticpod_config }}"
        kubernetes_version: "{{ staticpod_target_version }}"
        no_proxy_env: true
PLAY
ansible-playbook -i "$inventory" "$work/again.yml" | tee "$work/again.log"
[ "$(grep -Ec '^node[123] +: ok=1 +changed=0 +unreachable=0 +failed=0' "$work/again.log")" = 3 ] \
  || fail "the second run is not changed=0 on every node"

step "rolling upgrade to $ROLLING_VERSION with node2's config broken: stops at node2"
for i in 1 2 3; do manifest_sums "$work/node$i" >"$work/node$i.before"; done
printf 'apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\nkubernetesVersion: [broken\n' >"$work/node2/kubeadm.yaml"
set +e
ansible-playbook -i "$inventory" "$playbook" -e "staticpod_target_version=$ROLLING_VERSION" >"$work/rolling.log" 2>&1
rolling_rc=$?
set -e
cat "$work/rolling.log"
[ "$rolling_rc" -ne 0 ] || fail "the rolling upgrade succeeded with a broken config on node2"
grep -q "fatal: \[node2\]" "$work/rolling.log" || fail "the rolling upgrade did not fail at node2"
grep -q '"msg": "[^"]*node2/kubeadm.yaml: document 1: invalid YAML' "$work/rolling.log" \
  || fail "node2's failure does not carry staticpod's message"
if grep -q "\[node3\]" "$work/rolling.log"; then fail "node3 was touched by the rolling upgrade"; fi
[ "$(image_of "$work/node1")" = "image: registry.k8s.io/kube-apiserver:$ROLLING_VERSION" ] || fail "node1 was not upgraded"
manifest_sums "$work/node2" | diff - "$work/node2.before" || fail "node2's manifests changed"
manifest_sums "$work/node3" | diff - "$work/node3.before" || fail "node3's manifests changed"
if manifest_sums "$work/node1" | diff -q - "$work/node1.before" >/dev/null; then fail "node1's manifests did not change"; fi

step "restore puts node1 back"
ansible-playbook -i "$inventory" "$here/restore.yml" --limit node1 | tee "$work/restore.log"
manifest_sums "$work/node1" | diff - "$work/node1.before" || fail "node1 is not back as before the rollout"

step "exit 3 (a refused swap) is a failed task with staticpod's message (node3)"
ansible-playbook -i "$inventory" "$here/failure.yml" --limit node3 | tee "$work/failure.log"

echo "ansible: all checks passed"
