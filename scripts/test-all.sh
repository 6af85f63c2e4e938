#!/usr/bin/env bash
# The full test suite (the README's test command; .ci/run calls it):
#   1. mvn verify: unit, vector, fuzz-regression and architecture tests, plus the *NetnsTest
#      classes (WebRTC inside private network namespaces; the client's against livekit-server);
#   2. the interop suite: the real LiveKit JS client (Chromium), the Rust SDK (FFI) and our Java
#      client exchanging data tracks through our embedded SFU and through the reference
#      livekit-server, plus the negative paths (permissions, names, unpublish, bad tokens) and
#      typed tracks (schema definitions, frame encoding, schema id; Rust SDK <-> Java client).
#   3. the cross-SDK benchmark smoke (interop/run-bench.mjs --quick, ~2.5 min): fails only if a
#      peer or server fails to run or frames are corrupted, never on the numbers.
# Exits non-zero if anything fails. Needs root (apt, network namespaces).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

bash scripts/install-deps.sh

mvn -B verify

jar="$root/cli/target/livekit-dt.jar"
[[ -f "$jar" ]] || { echo "test-all: $jar missing after mvn verify" >&2; exit 1; }

all="js-js,rust-rust,js-rust,rust-js,java-java,java-js,js-java,java-rust,rust-java"
v0="js-js,rust-rust,java-java,js-java,java-rust"
our_sfu="cmd:exec java -jar $jar serve --dev --bind \$LDT_SERVER_IP --node-ip \$LDT_SERVER_IP"

status=0
interop() { # label server variant pairings
  local label="$1" server="$2" variant="$3" pairings="$4" rc=0
  echo "== interop: $variant through $label: $pairings" >&2
  interop/scripts/run-in-netns.sh -- node interop/run-pairings.mjs --server "$server" \
    --variants "$variant" --pairings "$pairings" --loss-retries "${LDT_LOSS_RETRIES:-2}" || rc=$?
  cp interop/out/summary.json "interop/out/summary-$label-$variant.json" 2>/dev/null || true
  return "$rc"
}
negative() { # label server
  local label="$1" server="$2"
  echo "== interop negative paths through $label" >&2
  interop/scripts/run-in-netns.sh -- node interop/run-negative.mjs --server "$server" --sdks js,rust
}

typed() { # label server
  local label="$1" server="$2" rc=0
  echo "== interop typed tracks through $label" >&2
  interop/scripts/run-in-netns.sh -- node interop/run-typed.mjs --server "$server" \
    --loss-retries "${LDT_LOSS_RETRIES:-2}" || rc=$?
  cp interop/out/typed.json "interop/out/typed-$label.json" 2>/dev/null || true
  return "$rc"
}

for target in java-sfu livekit-server; do
  if [[ "$target" == java-sfu ]]; then server="$our_sfu"; else server=livekit; fi
  interop "$target" "$server" v1 "$all" || status=1
  interop "$target" "$server" v0 "$v0" || status=1
  interop "$target" "$server" v1+e2ee "$all" || status=1
  negative "$target" "$server" || status=1
  typed "$target" "$server" || status=1
done
echo "== interop benchmark smoke (run-bench.mjs --quick; numbers are not judged)" >&2
interop/scripts/run-in-netns.sh -- node interop/run-bench.mjs --quick || status=1

echo "test-all: $([[ $status == 0 ]] && echo "all suites passed" || echo "FAILURES (see above)")"
exit "$status"
