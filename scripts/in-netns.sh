#!/usr/bin/env bash
# Runs a command inside a fresh private network namespace: lo up plus a veth pair whose two ends
# stay in the namespace with test addresses (libwebrtc ignores loopback for ICE, and no traffic
# may leave this machine). Exports the addresses as LDT_NETNS_ADDRESSES="a,b". The namespace and
# everything still running in it are removed on exit. Needs root and iproute2.
#   scripts/in-netns.sh <command> [args...]
set -u
subnet=$(( ($$ % 200) + 20 ))
ns="ldt$$"
cleanup() {
  for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -9 "$pid" 2>/dev/null; done
  ip netns del "$ns" 2>/dev/null
}
trap cleanup EXIT
trap 'exit 143' INT TERM
if ! ip netns add "$ns" 2>/dev/null; then
  echo "in-netns: cannot create network namespace $ns (root and iproute2 required)" >&2
  exit 97
fi
ip -n "$ns" link set lo up
ip -n "$ns" link add ldta type veth peer name ldtb
ip -n "$ns" addr add "10.200.$subnet.1/24" dev ldta
ip -n "$ns" addr add "10.200.$subnet.2/24" dev ldtb
ip -n "$ns" link set ldta up
ip -n "$ns" link set ldtb up
export LDT_NETNS="$ns"
export LDT_NETNS_ADDRESSES="10.200.$subnet.1,10.200.$subnet.2"
ip netns exec "$ns" "$@"
