#!/bin/sh
# Refresh the Korean catalogue from the sources, then compile it into the package.
#   resources/translations/qtmail_ko.ts   edited by translators (Qt Linguist or a text editor)
#   resources/translations/qtmail_en.ts   generated: English plural forms only (english_plurals.py)
#   qtmail/data/translations/qtmail_*.qm  shipped inside the qtmail package (package-data)
# Usage: resources/translations/update.sh [--release-only]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bin="${PYSIDE6_BIN:-$root/.venv/bin}"
out="$root/qtmail/data/translations"
mkdir -p "$out"
for ts in "$here"/qtmail_*.ts; do
    name=$(basename "$ts" .ts)
    [ "$name" = qtmail_en ] && continue
    if [ "${1:-}" != "--release-only" ]; then
        # Every Python file of the UI: composer, dialogs, and the main window's modules.
        find "$root/qtmail/ui" -name '*.py' | sort > "$here/.sources.lst"
        "$bin/pyside6-lupdate" -no-obsolete @"$here/.sources.lst" -ts "$ts"
        rm -f "$here/.sources.lst"
    fi
    "$bin/pyside6-lrelease" "$ts" -qm "$out/$name.qm"
done
if [ "${1:-}" != "--release-only" ]; then
    "$bin/python" "$here/english_plurals.py"
fi
"$bin/pyside6-lrelease" "$here/qtmail_en.ts" -qm "$out/qtmail_en.qm"
