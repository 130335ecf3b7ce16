#!/usr/bin/env bash
# Install what the browser tests (tests/browser/) need from Debian: Chromium, and
# the Liberation fonts that stand in for Arial in Material's system font stack,
# so pages are laid out alike on every machine. Playwright's own browser
# download is never used. `make test` runs this first; it does nothing when
# Chromium is already installed.
set -euo pipefail

# tests/browser/conftest.py looks there; CHROMIUM= is only for trying this script
chromium=${CHROMIUM:-/usr/bin/chromium}
if [ -x "$chromium" ]; then
    exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
    as_root=()
elif command -v sudo >/dev/null; then
    as_root=(sudo)
else
    echo "install-chromium.sh: $chromium is missing and installing it needs" \
         "root (run: apt-get install chromium fonts-liberation)" >&2
    exit 1
fi

echo "Installing Chromium from Debian for the browser tests"
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
    --no-install-recommends chromium fonts-liberation
