#!/usr/bin/env bash
# Make sure the browser tests can run: Debian's chromium + chromium-driver, and the npm
# tools (tools/setup-node.sh). Installs what is missing; never downloads a browser build
# of its own; fails loudly (never skips) when it cannot.
set -euo pipefail
cd "$(dirname "$0")/.."
source tools/apt.sh
if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
  echo "installing Debian chromium and chromium-driver ..."
  apt_install "the browser tests" chromium chromium-driver
fi
bash tools/setup-node.sh
echo "browser tests ready: $(/usr/bin/chromium --version 2>/dev/null | head -1), axe-core $(node -p 'require("./node_modules/axe-core/package.json").version')"
