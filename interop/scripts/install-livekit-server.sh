#!/usr/bin/env bash
# Installs the reference LiveKit server (Go, github.com/livekit/livekit-server) into a cache dir
# and prints the binary path on stdout. Idempotent: an existing binary of the pinned version is reused.
#
#   LIVEKIT_SERVER_VERSION  (default v1.13.5)
#   LDT_CACHE_DIR           (default $HOME/.cache/livekit-datatrack)
#   GO                      (default: go on PATH, else /usr/local/go/bin/go)
set -euo pipefail

VERSION="${LIVEKIT_SERVER_VERSION:-v1.13.5}"
CACHE="${LDT_CACHE_DIR:-$HOME/.cache/livekit-datatrack}"
BIN_DIR="$CACHE/bin"
TARGET="$BIN_DIR/livekit-server"
STAMP="$BIN_DIR/livekit-server.version"

if [[ -x "$TARGET" && -f "$STAMP" && "$(cat "$STAMP")" == "$VERSION" ]]; then
  echo "$TARGET"
  exit 0
fi

GO="${GO:-}"
if [[ -z "$GO" ]]; then
  if command -v go >/dev/null 2>&1; then GO="$(command -v go)"; else GO=/usr/local/go/bin/go; fi
fi
[[ -x "$GO" ]] || { echo "install-livekit-server: no Go toolchain found (set GO=)" >&2; exit 1; }

mkdir -p "$BIN_DIR"
TMP_BIN="$(mktemp -d "$BIN_DIR/.gobin.XXXXXX")"
trap 'rm -rf "$TMP_BIN"' EXIT

echo "install-livekit-server: building livekit-server $VERSION with $("$GO" version)" >&2
# The module's main package is cmd/server, so the binary is called "server".
GOBIN="$TMP_BIN" GOFLAGS="${GOFLAGS:-} -trimpath" "$GO" install "github.com/livekit/livekit-server/cmd/server@$VERSION" >&2
mv -f "$TMP_BIN/server" "$TARGET"
echo "$VERSION" > "$STAMP"
echo "$TARGET"
