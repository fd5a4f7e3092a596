#!/usr/bin/env bash
# Create .venv with a Python >= 3.10 and install lessonkit into it (editable).
# `tools/setup-venv.sh` installs what the book needs (lessonkit[book]); `tools/setup-venv.sh
# test` adds the teacher's tools and the test tools (pytest, Playwright, JupyterLab...).
# Works on a fresh Debian machine, as root or not; fails with a clear message otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
source tools/apt.sh
command -v "$PY" >/dev/null || apt_install "lessonkit and its book" python3
"$PY" - <<'PYCHECK' || { echo "error: lessonkit needs Python >= 3.10 (found $("$PY" --version))" >&2; exit 1; }
import sys; sys.exit(0 if sys.version_info >= (3, 10) else 1)
PYCHECK
if [ ! -x .venv/bin/python ]; then
  if ! "$PY" -m venv .venv 2>/dev/null; then
    rm -rf .venv
    apt_install "lessonkit and its book" python3-venv
    "$PY" -m venv .venv
  fi
fi
.venv/bin/python -m pip install -q --upgrade pip
if [ "${1:-}" = test ]; then
  .venv/bin/python -m pip install -q -e ".[book,teacher,test]"
  touch .venv/.installed .venv/.installed-test
else
  .venv/bin/python -m pip install -q -e ".[book]"
  touch .venv/.installed
fi
echo "lessonkit is installed in .venv ($(.venv/bin/python --version))"
