#!/usr/bin/env bash
# Install qtmail and what it needs into .venv; with --demo, start the demo right after.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bash "$root/packaging/system-deps.sh" runtime
bash "$root/packaging/venv.sh" demo
echo "qtmail is installed: $root/.venv/bin/qtmail" >&2
if [ "${1:-}" = "--demo" ]; then
  shift
  exec "$root/.venv/bin/qtmail" --demo "$@"
fi
