#!/usr/bin/env bash
# Rust -> Rust data-track self-test of the Rust-SDK interop peer through a real
# livekit-server v1.13.5, inside a private network namespace (WebRTC/libwebrtc
# ignores loopback, so the server advertises a veth address).
#
#   sudo bash interop/rust/selftest.sh        (needs root for `ip netns`)
#
# Environment:
#   LIVEKIT_SERVER  path of the livekit-server binary (default: look in
#                   ~/.cache/livekit-datatrack/bin, else `go install` it there)
#   NETNS           namespace name (default ldtrs-st-<pid>); subnet 10.202.0.0/24
#   QUICK=1         only the plain and E2EE v1 cases
#   KEEP_LOGS=1     keep the temporary directory with server and peer logs
#   MAX_LOST=N      frames a case may lose and still pass (default 0). The
#                   _data_track channel is lossy by design; on a CPU-starved
#                   machine a few frames go missing (see README).
# Traffic stays inside the namespace. Prints one PASS/FAIL line per case and
# "N passed, M failed"; exits non-zero if any case failed.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
NETNS="${NETNS:-ldtrs-st-$$}"
ADDR=10.202.0.1
PEER_ADDR=10.202.0.2
URL="ws://${ADDR}:7880"
PASSPHRASE="ldtrs selftest passphrase"
BIN_DIR="${HOME}/.cache/livekit-datatrack/bin"
GO="${GO:-$(command -v go || echo /usr/local/go/bin/go)}"

[ "$(id -u)" = 0 ] || { echo "selftest.sh: needs root (ip netns)" >&2; exit 2; }
command -v node >/dev/null || { echo "selftest.sh: node not found" >&2; exit 2; }

# --- livekit-server binary
server="${LIVEKIT_SERVER:-}"
if [ -z "$server" ]; then
  for c in "$BIN_DIR/livekit-server" "$BIN_DIR/server"; do
    if [ -x "$c" ]; then server="$c"; break; fi
  done
fi
if [ -z "$server" ]; then
  echo "selftest.sh: installing livekit-server v1.13.5 into $BIN_DIR" >&2
  mkdir -p "$BIN_DIR"
  GOBIN="$BIN_DIR" "$GO" install github.com/livekit/livekit-server/cmd/server@v1.13.5
  server="$BIN_DIR/server"
fi
"$server" --version >&2

# --- npm dependencies (pinned in package-lock.json)
if [ ! -d "$here/node_modules/@livekit/rtc-ffi-bindings" ]; then
  (cd "$here" && npm ci --no-audit --no-fund >&2)
fi
node "$here/check-proto.mjs"

# --- namespace + server
work="$(mktemp -d /tmp/ldtrs-selftest.XXXXXX)"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  ip netns del "$NETNS" 2>/dev/null || true
  if [ "${KEEP_LOGS:-0}" = 1 ]; then echo "logs kept in $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

ip netns add "$NETNS"
ip netns exec "$NETNS" ip link set lo up
ip netns exec "$NETNS" ip link add v0 type veth peer name v1
ip netns exec "$NETNS" ip addr add "$ADDR/24" dev v0
ip netns exec "$NETNS" ip addr add "$PEER_ADDR/24" dev v1
ip netns exec "$NETNS" ip link set v0 up
ip netns exec "$NETNS" ip link set v1 up

# By default the server hands its public STUN servers (Google, Twilio) to the clients; inside
# the namespace their lookups fail (no route), but point them at the namespace instead.
ip netns exec "$NETNS" "$server" --dev --bind "$ADDR" --node-ip "$ADDR" \
  --config-body "$(printf 'rtc:\n  stun_servers: ["%s:3478"]\n' "$ADDR")" >"$work/server.log" 2>&1 &
server_pid=$!
ip netns exec "$NETNS" node -e '
  const url = process.argv[1];
  const t0 = Date.now();
  (async () => {
    for (;;) {
      try { const r = await fetch(url); if (r.ok) return; } catch {}
      if (Date.now() - t0 > 20000) { console.error("server did not come up"); process.exit(1); }
      await new Promise((r) => setTimeout(r, 200));
    }
  })();' "http://${ADDR}:7880/"

# --- cases
passed=0
failed=0
udp_errors() { # kernel UDP receive drops inside the namespace (buffer overflows)
  ip netns exec "$NETNS" awk '/^Udp:/ { if (h) { for (i = 2; i <= NF; i++) if (n[i] == "InErrors") s += $i; print s + 0; exit } else { h = 1; for (i = 2; i <= NF; i++) n[i] = $i } }' /proc/net/snmp
}
run_case() {
  local name="$1"; shift
  local udp_before
  udp_before="$(udp_errors)"
  if node "$here/run-pair.mjs" --netns "$NETNS" --url "$URL" --max-lost "${MAX_LOST:-0}" "$@" \
      >"$work/$name.out" 2>"$work/$name.err"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    grep -E 'missing frames|fatal|ERROR|panic' "$work/$name.err" | head -5 >&2 || true
    # where the loss happened: the SFU's own per-track counters (sequence gaps
    # on the publisher -> SFU leg), logged when the track closes
    local room
    room="$(grep -o '"room":"[^"]*"' "$work/$name.out" | head -1 | cut -d'"' -f4)"
    if [ -n "$room" ]; then
      grep 'data track stats' "$work/server.log" | grep "\"room\": \"$room\"" |
        grep -oE '"(numPackets|numPacketsLost|numFrames)": [0-9]+' | paste -sd' ' |
        sed 's/^/  SFU (publisher leg): /' >&2 || true
    fi
    echo "  kernel UDP receive errors in the namespace during the case: $(( $(udp_errors) - udp_before ))" >&2
  fi
  tail -n 1 "$work/$name.out"
}

small=(--frames 1000 --size 1024 --fps 100)
large=(--frames 200 --size 60000 --fps 30)

run_case v1-small "${small[@]}"
run_case v1-large "${large[@]}"
run_case v1-small-e2ee "${small[@]}" --e2ee-passphrase "$PASSPHRASE"
run_case v1-large-e2ee "${large[@]}" --e2ee-passphrase "$PASSPHRASE"
if [ "${QUICK:-0}" != 1 ]; then
  run_case v0-small "${small[@]}" --v0
  run_case v0-large "${large[@]}" --v0
  run_case v0-small-e2ee "${small[@]}" --v0 --e2ee-passphrase "$PASSPHRASE"
  run_case v0-large-e2ee "${large[@]}" --v0 --e2ee-passphrase "$PASSPHRASE"
  # subscriber joins first: the track arrives as a DataTrackPublished room event later
  run_case v1-small-subfirst "${small[@]}" --order sub-first
  # E2EE really on the wire: a wrong key or no key must not yield intact frames
  run_case e2ee-wrong-key --frames 20 --size 1024 --fps 10 --e2ee-passphrase "$PASSPHRASE" \
    --subscriber-passphrase "not the passphrase" --expect garbage
  run_case e2ee-no-key --frames 20 --size 1024 --fps 10 --e2ee-passphrase "$PASSPHRASE" \
    --subscriber-passphrase none --expect garbage
fi

[ "$failed" = 0 ] || KEEP_LOGS=1
echo "selftest: $passed passed, $failed failed"
[ "$failed" = 0 ]
