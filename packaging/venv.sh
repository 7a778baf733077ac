#!/usr/bin/env bash
# Create (or reuse) the project's virtual environment in .venv and install qtmail into it.
#   packaging/venv.sh [EXTRAS]   e.g. "demo" or "test"
# Debian 12's python refuses system-wide pip installs (PEP 668), so everything goes in .venv.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
extras=${1:-demo}
python=${PYTHON:-python3}
if [ ! -x "$root/.venv/bin/python" ]; then
  "$python" -m venv "$root/.venv"
fi
"$root/.venv/bin/python" -m pip install --quiet --upgrade pip >/dev/null
"$root/.venv/bin/python" -m pip install --quiet --disable-pip-version-check -e "$root[$extras]"
