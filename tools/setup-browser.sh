#!/usr/bin/env bash
# Make sure the browser tests can run: Debian's chromium + chromium-driver, and axe-core
# from npm (pinned in package-lock.json). Installs what is missing; never downloads a
# browser build of its own; fails loudly (never skips) when it cannot.
set -euo pipefail
cd "$(dirname "$0")/.."
apt_install() {
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
  else
    echo "error: the browser tests need the Debian packages: $*" >&2
    echo "       install them as root: apt-get install $*" >&2
    exit 1
  fi
}
if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
  echo "installing Debian chromium and chromium-driver ..."
  apt_install chromium chromium-driver
fi
if ! command -v npm >/dev/null; then
  echo "installing Debian npm (for axe-core) ..."
  apt_install npm
fi
if [ ! -f node_modules/axe-core/axe.min.js ]; then
  npm ci --silent --no-audit --no-fund
fi
echo "browser tests ready: $(/usr/bin/chromium --version 2>/dev/null | head -1), axe-core $(node -p 'require("./node_modules/axe-core/package.json").version')"
