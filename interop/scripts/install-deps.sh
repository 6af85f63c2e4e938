#!/usr/bin/env bash
# Installs everything the interop harness needs; idempotent, for developers and CI.
#   - Debian packages: chromium (the browser the JS peer drives), iproute2 (ip netns)
#   - npm packages of interop/ (exact versions from package-lock.json) via `npm ci`
#   - the reference livekit-server (scripts/install-livekit-server.sh), unless --no-livekit-server
# Needs root for apt-get (CI and the dev machines run as root).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
interop="$(cd "$here/.." && pwd)"

with_server=1
for a in "$@"; do
  case "$a" in
    --no-livekit-server) with_server=0 ;;
    *) echo "usage: $0 [--no-livekit-server]" >&2; exit 2 ;;
  esac
done

missing=()
[[ -x /usr/bin/chromium ]] || missing+=(chromium)
command -v ip >/dev/null 2>&1 || missing+=(iproute2)
if [[ ${#missing[@]} -gt 0 ]]; then
  echo "install-deps: apt-get install ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi
/usr/bin/chromium --version >&2

# npm ci only when the lock file changed since the last install.
lock_hash="$(sha256sum "$interop/package-lock.json" | cut -d' ' -f1)"
stamp="$interop/node_modules/.ldt-lock-sha256"
if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$lock_hash" ]]; then
  echo "install-deps: npm ci in $interop" >&2
  (cd "$interop" && npm ci --no-audit --no-fund >&2)
  echo "$lock_hash" > "$stamp"
else
  echo "install-deps: node_modules up to date" >&2
fi

if [[ $with_server -eq 1 ]]; then
  "$here/install-livekit-server.sh" >&2
fi
echo "install-deps: done" >&2
