"""Fill the ``{{name}}`` placeholders of the config templates (Dovecot and Postfix both use ``$``)."""

from __future__ import annotations

import re
from pathlib import Path

TEMPLATES_DIR = Path(__file__).parent / "templates"


def render(template_name: str, values: dict[str, object]) -> str:
    text = (TEMPLATES_DIR / template_name).read_text()

    def substitute(match: re.Match[str]) -> str:
        return str(values[match.group(1)])

    return re.sub(r"\{\{(\w+)\}\}", substitute, text)
