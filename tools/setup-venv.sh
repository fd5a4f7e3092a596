#!/usr/bin/env bash
# Create .venv with a Python >= 3.10 and install lessonkit into it (editable).
# `tools/setup-venv.sh` installs what the book needs (lessonkit[book]); `tools/setup-venv.sh
# test` adds the teacher's tools and the test tools (pytest, Playwright, JupyterLab...).
# LESSONKIT_VENV=folder puts the environment elsewhere (the benchmarks build the book
# in one that holds only what `make book` installs).
# Works on a fresh Debian machine, as root or not; fails with a clear message otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
LESSONKIT_VENV=${LESSONKIT_VENV:-.venv}
source tools/apt.sh
command -v "$PY" >/dev/null || apt_install "lessonkit and its book" python3
"$PY" - <<'PYCHECK' || { echo "error: lessonkit needs Python >= 3.10 (found $("$PY" --version))" >&2; exit 1; }
import sys; sys.exit(0 if sys.version_info >= (3, 10) else 1)
PYCHECK
if [ ! -x "$LESSONKIT_VENV/bin/python" ]; then
  if ! "$PY" -m venv "$LESSONKIT_VENV" 2>/dev/null; then
    rm -rf "$LESSONKIT_VENV"
    apt_install "lessonkit and its book" python3-venv
    "$PY" -m venv "$LESSONKIT_VENV"
  fi
fi
"$LESSONKIT_VENV/bin/python" -m pip install -q --upgrade pip
if [ "${1:-}" = test ]; then
  "$LESSONKIT_VENV/bin/python" -m pip install -q -e ".[book,teacher,test]"
  touch "$LESSONKIT_VENV/.installed" "$LESSONKIT_VENV/.installed-test"
else
  "$LESSONKIT_VENV/bin/python" -m pip install -q -e ".[book]"
  touch "$LESSONKIT_VENV/.installed"
fi
echo "lessonkit is installed in $LESSONKIT_VENV ($("$LESSONKIT_VENV/bin/python" --version))"
