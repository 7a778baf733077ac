"""Parse any bytes into a ParsedMessage; never raises."""

from __future__ import annotations

from qtmail.core.mime.types import ParsedMessage


def parse(raw: bytes) -> ParsedMessage:
    """Parse a whole message. Never raises; problems become ``defects``.

    Builds the tree without decoding attachment bodies: ``Part.size``/``sha256`` decode lazily.
    """
    raise NotImplementedError


def preview_text(parsed: ParsedMessage, limit: int = 200) -> str:
    """A one-line body preview for message lists (text body, else text from the HTML)."""
    raise NotImplementedError
