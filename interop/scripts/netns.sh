#!/usr/bin/env bash
# Creates / destroys a private network namespace for the interop tests.
#
# WebRTC (libwebrtc in Chromium, pion in livekit-server) ignores loopback interfaces for ICE, so
# every peer and the server run inside one namespace that has lo plus a veth pair whose BOTH ends
# stay inside the namespace. No traffic ever leaves the namespace: it has no route anywhere else.
#
#   netns.sh create  NAME [SUBNET_PREFIX]   e.g. netns.sh create ldtjs-1234 10.201.0
#   netns.sh destroy NAME
#   netns.sh list                           namespaces of ours (prefix ldtjs)
#
# After `create`, the namespace has:
#   lo    up (127.0.0.1)
#   ldtA  ${SUBNET_PREFIX}.1/24   (server address, exported by run-in-netns.sh as LDT_SERVER_IP)
#   ldtB  ${SUBNET_PREFIX}.2/24   (second host address, LDT_PEER_IP)
# Namespace names must start with "ldtjs" (this harness's prefix) so that destroy can never touch
# anybody else's namespace. Needs root (ip netns).
set -euo pipefail

die() { echo "netns.sh: $*" >&2; exit 1; }

check_name() {
  [[ "$1" =~ ^ldtjs[A-Za-z0-9_-]{0,20}$ ]] || die "namespace name must match ^ldtjs[A-Za-z0-9_-]{0,20}\$: '$1'"
}

cmd="${1:-}"
case "$cmd" in
  create)
    name="${2:-}"; prefix="${3:-10.201.0}"
    check_name "$name"
    [[ "$prefix" =~ ^10\.201\.[0-9]{1,3}$ ]] || die "subnet prefix must be 10.201.X (this harness's range): '$prefix'"
    if ip netns list | awk '{print $1}' | grep -qx "$name"; then die "namespace $name already exists"; fi
    ip netns add "$name"
    # From here on, undo on any failure.
    trap 'ip netns del "$name" 2>/dev/null || true' ERR
    ip netns exec "$name" ip link set lo up
    ip netns exec "$name" ip link add ldtA type veth peer name ldtB
    ip netns exec "$name" ip addr add "$prefix.1/24" dev ldtA
    ip netns exec "$name" ip addr add "$prefix.2/24" dev ldtB
    ip netns exec "$name" ip link set ldtA up
    ip netns exec "$name" ip link set ldtB up
    trap - ERR
    echo "netns.sh: created $name ($prefix.1 on ldtA, $prefix.2 on ldtB)" >&2
    ;;
  destroy)
    name="${2:-}"
    check_name "$name"
    if ip netns list | awk '{print $1}' | grep -qx "$name"; then
      # Any process still inside keeps the namespace alive in the kernel; kill only those (they
      # were started inside our own namespace, so they are ours).
      pids="$(ip netns pids "$name" 2>/dev/null || true)"
      if [[ -n "$pids" ]]; then
        echo "netns.sh: killing leftover processes in $name: $pids" >&2
        # shellcheck disable=SC2086
        kill $pids 2>/dev/null || true
        sleep 1
        pids="$(ip netns pids "$name" 2>/dev/null || true)"
        # shellcheck disable=SC2086
        [[ -z "$pids" ]] || kill -9 $pids 2>/dev/null || true
      fi
      ip netns del "$name"
      echo "netns.sh: destroyed $name" >&2
    fi
    ;;
  list)
    ip netns list | awk '{print $1}' | grep '^ldtjs' || true
    ;;
  *)
    sed -n '2,20p' "$0" >&2
    exit 2
    ;;
esac
