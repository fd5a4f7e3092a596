#!/usr/bin/env bash
# The JavaScript tools of the tests, pinned in package-lock.json: axe-core (accessibility),
# eslint (the front end's lint) and gift-pegjs (reads the GIFT export back). Installs
# Debian's npm when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
source tools/apt.sh
if ! command -v npm >/dev/null; then
  echo "installing Debian npm (for the JavaScript test tools) ..."
  apt_install "the JavaScript test tools" npm
fi
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --silent --no-audit --no-fund
fi
