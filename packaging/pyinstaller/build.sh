#!/usr/bin/env bash
# Build the one-folder app into packaging/pyinstaller/dist/qtmail and check that it starts.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bash "$root/packaging/venv.sh" demo
"$root/.venv/bin/python" -m pip install --quiet "pyinstaller>=6.10"
cd "$here"
"$root/.venv/bin/pyinstaller" --noconfirm --clean --log-level WARN \
  --distpath "$here/dist" --workpath "$here/build" qtmail.spec
"$here/dist/qtmail/qtmail" --version
echo "built: $here/dist/qtmail/qtmail" >&2
