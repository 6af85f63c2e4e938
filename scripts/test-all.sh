#!/usr/bin/env bash
# The full test suite (the README's test command; .ci/run calls it):
#   1. mvn verify: unit, vector, fuzz-regression and architecture tests, plus the *NetnsTest
#      classes (WebRTC inside private network namespaces);
#   2. the interop suite: the real LiveKit JS client (Chromium) and Rust SDK (FFI) exchanging data
#      tracks through our embedded SFU and through the reference livekit-server.
# Exits non-zero if anything fails. Needs root (apt, network namespaces).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

bash scripts/install-deps.sh

mvn -B verify

jar="$root/cli/target/livekit-dt.jar"
[[ -f "$jar" ]] || { echo "test-all: $jar missing after mvn verify" >&2; exit 1; }

pairings="${LDT_PAIRINGS:-js-js}"
if [[ -f interop/rust/peer.mjs ]]; then
  pairings="${LDT_PAIRINGS:-js-js,rust-rust,js-rust,rust-js}"
fi
variants="${LDT_VARIANTS:-v1,v0,v1+e2ee}"

run_interop() {
  local label="$1"; shift
  echo "== interop through $label: pairings $pairings, variants $variants" >&2
  local rc=0
  interop/scripts/run-in-netns.sh -- node interop/run-pairings.mjs "$@" \
    --pairings "$pairings" --variants "$variants" || rc=$?
  cp interop/out/summary.json "interop/out/summary-$label.json" 2>/dev/null || true
  return "$rc"
}

status=0
run_interop java-sfu --server "cmd:exec java -jar $jar serve --dev --bind \$LDT_SERVER_IP --node-ip \$LDT_SERVER_IP" || status=1
run_interop livekit-server --server livekit || status=1
exit "$status"
