#!/usr/bin/env bash
# Installs what building and testing this repository needs on a fresh Debian 12 machine.
# Idempotent; needs root for apt-get. Used by .ci/run and by scripts/test-all.sh.
#   - JDK 17 + Maven (the build), iproute2 (network namespaces for WebRTC tests)
#   - the shared libraries webrtc-java's native library links (PulseAudio, X11, udev, D-Bus clients;
#     no device is opened)
#   - the interop harness: Debian chromium, npm packages (JS and Rust-FFI peers), livekit-server
# With --runtime only the first two (what bin/livekit-dt needs to build and run the Java code).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runtime_only=0
[[ "${1:-}" == "--runtime" ]] && runtime_only=1

packages=(maven openjdk-17-jdk-headless iproute2
          libpulse0 libudev1 libx11-6 libxfixes3 libxrandr2 libxcomposite1 libdbus-1-3)
[[ $runtime_only == 1 ]] || packages+=(chromium)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [[ ${#missing[@]} -gt 0 ]]; then
  echo "install-deps: apt-get install ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

[[ $runtime_only == 1 ]] && exit 0

bash "$root/interop/scripts/install-deps.sh"
if [[ -f "$root/interop/rust/package-lock.json" ]]; then
  lock_hash="$(sha256sum "$root/interop/rust/package-lock.json" | cut -d' ' -f1)"
  stamp="$root/interop/rust/node_modules/.ldt-lock-sha256"
  if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$lock_hash" ]]; then
    (cd "$root/interop/rust" && npm ci --no-audit --no-fund >&2)
    echo "$lock_hash" > "$stamp"
  fi
fi
