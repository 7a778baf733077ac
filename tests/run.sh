#!/usr/bin/env bash
# Install everything the tests need (Debian packages when root, the .venv), then run
# ruff, mypy and the whole pytest suite. Extra arguments go to pytest.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bash packaging/system-deps.sh test
bash packaging/venv.sh test
export PATH="$root/.venv/bin:$PATH"
export QT_QPA_PLATFORM=offscreen
echo "== ruff" >&2
ruff check .
echo "== mypy" >&2
mypy
echo "== pytest" >&2
exec pytest -n 2 --dist loadgroup "$@"
