#!/usr/bin/env bash
# Installs headless Chromium (Debian's `chromium` package) for the dashboard's browser test
# (crates/dashboard/tests/browser.rs). Idempotent: does nothing when /usr/bin/chromium exists.
# Needs root and apt (CI runs as root). The test skips with a reason when Chromium is absent,
# and fails instead when IACGRADE_REQUIRE_TOOLS=1 is set.
#
# Usage: tools/install-browser.sh
set -euo pipefail

CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"

if [ -x "$CHROMIUM" ]; then
    echo "chromium: already installed ($("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM"))"
    exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-browser.sh: apt-get not found; install Chromium so that $CHROMIUM exists" >&2
    exit 2
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO="sudo"
    else
        echo "install-browser.sh: run as root (or with sudo) to install Debian's chromium" >&2
        exit 2
    fi
fi

export DEBIAN_FRONTEND=noninteractive
# Downloads that drop are tried again rather than failing the install.
$SUDO apt-get -o Acquire::Retries=5 update
$SUDO apt-get -o Acquire::Retries=5 install -y --no-install-recommends chromium fonts-dejavu-core

echo "chromium: installed ($("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM"))"
