# Sourced by the setup scripts: apt_install PURPOSE PACKAGE... installs Debian packages
# as root, or with sudo when it needs no password; otherwise it says what to install,
# and for what, and exits 1.
apt_install() {
  local purpose=$1
  shift
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
  else
    echo "error: $purpose need the Debian packages: $*" >&2
    echo "       install them as root: apt-get install $*" >&2
    exit 1
  fi
}
