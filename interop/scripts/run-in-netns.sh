#!/usr/bin/env bash
# Runs a command inside a fresh private network namespace (see netns.sh) and removes the namespace
# afterwards, whatever happens. The command's exit code is passed through.
#
#   interop/scripts/run-in-netns.sh [--keep] -- COMMAND [ARGS...]
#   e.g. interop/scripts/run-in-netns.sh -- node interop/run-pairings.mjs --server livekit --pairings js-js
#
# Inside, the environment has LDT_NETNS (namespace name), LDT_SERVER_IP (x.x.x.1) and
# LDT_PEER_IP (x.x.x.2). Subnet: 10.201.0.0/24 unless LDT_SUBNET_PREFIX=10.201.N is set.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

keep=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --keep) keep=1; shift ;;
    --) shift; break ;;
    *) break ;;
  esac
done
[[ $# -gt 0 ]] || { echo "usage: $0 [--keep] -- COMMAND [ARGS...]" >&2; exit 2; }

prefix="${LDT_SUBNET_PREFIX:-10.201.0}"
name="ldtjs-$$"
"$here/netns.sh" create "$name" "$prefix"
cleanup() { if [[ $keep -eq 0 ]]; then "$here/netns.sh" destroy "$name" || true; fi; }
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

set +e
ip netns exec "$name" env LDT_NETNS="$name" LDT_SERVER_IP="$prefix.1" LDT_PEER_IP="$prefix.2" "$@"
rc=$?
set -e
exit $rc
