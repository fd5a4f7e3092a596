#!/usr/bin/env bash
# Make sure the browser tests can run: Debian's chromium + chromium-driver, and axe-core
# from npm (pinned in package-lock.json). Installs what is missing; never downloads a
# browser build of its own; fails loudly (never skips) when it cannot.
set -euo pipefail
cd "$(dirname "$0")/.."
source tools/apt.sh
if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
  echo "installing Debian chromium and chromium-driver ..."
  apt_install "the browser tests" chromium chromium-driver
fi
if ! command -v npm >/dev/null; then
  echo "installing Debian npm (for axe-core) ..."
  apt_install "the browser tests" npm
fi
if [ ! -f node_modules/axe-core/axe.min.js ]; then
  npm ci --silent --no-audit --no-fund
fi
echo "browser tests ready: $(/usr/bin/chromium --version 2>/dev/null | head -1), axe-core $(node -p 'require("./node_modules/axe-core/package.json").version')"
