"""Write qtmail_en.ts: English plural forms for every "%n thing(s)" source text.

English is the source language, so it needs no translation, only plurals: "%n message(s)"
becomes "%n message" for one and "%n messages" for more. The source texts (and their
contexts) are taken from the Korean catalogue, which lupdate keeps complete.

    python resources/translations/english_plurals.py   (update.sh runs it)
"""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from pathlib import Path

HERE = Path(__file__).resolve().parent


def plural_forms(source: str) -> tuple[str, str] | None:
    """("%n message", "%n messages") for "%n message(s)"; None when there is nothing to inflect."""
    if "%n" not in source or "(s)" not in source:
        return None
    return source.replace("(s)", ""), source.replace("(s)", "s")


def english_catalogue(source_ts: Path) -> ET.ElementTree:
    root = ET.Element("TS", version="2.1", language="en_US", sourcelanguage="en_US")
    for context in ET.parse(source_ts).getroot().iter("context"):
        name = context.findtext("name", "")
        out_context: ET.Element | None = None
        for message in context.iter("message"):
            source = message.findtext("source", "")
            forms = plural_forms(source)
            if forms is None:
                continue
            if out_context is None:
                out_context = ET.SubElement(root, "context")
                ET.SubElement(out_context, "name").text = name
            out_message = ET.SubElement(out_context, "message", numerus="yes")
            ET.SubElement(out_message, "source").text = source
            translation = ET.SubElement(out_message, "translation")
            for form in forms:
                ET.SubElement(translation, "numerusform").text = form
    ET.indent(root)
    return ET.ElementTree(root)


def main() -> int:
    target = HERE / "qtmail_en.ts"
    tree = english_catalogue(HERE / "qtmail_ko.ts")
    with target.open("wb") as file:
        file.write(b'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n')
        tree.write(file, encoding="utf-8", xml_declaration=False)
        file.write(b"\n")
    print(f"{target}: {len(tree.getroot().findall('.//message'))} plural forms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
