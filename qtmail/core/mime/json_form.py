"""The stable ``qtmail inspect --json`` form (documented in README.md)."""

from __future__ import annotations

from typing import Any

from qtmail.core.mime.types import ParsedMessage


def to_json(parsed: ParsedMessage) -> dict[str, Any]:
    """The JSON-ready dict of ``inspect --json`` (computes sizes and hashes of every part)."""
    raise NotImplementedError
