#!/usr/bin/env bash
# Check the systemd units: `systemd-analyze verify` on copies whose ExecStart names the given
# binary, then run the service's command line (as systemd would expand it) against a temporary
# node and check that it wrote the textfile.
#
#   contrib/systemd/check.sh path/to/staticpod
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
binary="${1:?usage: check.sh path/to/staticpod}"
binary="$(cd "$(dirname "$binary")" && pwd)/$(basename "$binary")"
work="$(mktemp -d "${TMPDIR:-/tmp}/staticpod-units.XXXXXX")"
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

sed "s|/usr/local/bin/staticpod |$binary |" "$here/staticpod-verify.service" >"$work/staticpod-verify.service"
cp "$here/staticpod-verify.timer" "$work/"
systemd-analyze verify "$work/staticpod-verify.service" "$work/staticpod-verify.timer" \
  || fail "systemd-analyze verify"
grep -qx "OnUnitActiveSec=10min" "$here/staticpod-verify.timer" || fail "the timer does not run every 10 minutes"

# The service's command line, expanded like systemd does (its Environment= values, then
# ${VAR} as one word and $VAR split on white space), with a --root for a temporary node.
node="$work/node"
textfiles="$work/textfile_collector"
mkdir -p "$node" "$textfiles"
cp -R "$repo/golden/example/node/." "$node/"
"$binary" -q --root "$node" render --config "$repo/golden/example/kubeadm-config.yaml" \
  --no-proxy-env --out "$node/etc/kubernetes/manifests"
exec_start="$(sed -n 's/^ExecStart=//p' "$work/staticpod-verify.service")"
STATICPOD_TEXTFILE_DIR="$textfiles"
STATICPOD_VERIFY_ARGS="--root $node --skip files"
eval "set -- ${exec_start//\$\{STATICPOD_TEXTFILE_DIR\}/\"\$STATICPOD_TEXTFILE_DIR\"}"
set +e
"$@" >/dev/null
rc=$?
set -e
grep -qx "SuccessExitStatus=1" "$here/staticpod-verify.service" || fail "exit 1 (findings) would fail the unit"
[ "$rc" -le 1 ] || fail "the service's command exited $rc"
[ "$(ls -A "$textfiles")" = "staticpod.prom" ] || fail "the textfile directory holds $(ls -A "$textfiles")"
grep -q '^staticpod_verify_success 1$' "$textfiles/staticpod.prom" || fail "no staticpod_verify_success 1"
echo "systemd units: ok"
