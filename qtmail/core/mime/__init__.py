"""qtmail's MIME engine: compose and parse real-world mail on top of stdlib ``email``.

The rest of the app uses only these names and types; it never handles raw ``email`` objects.
They are imported on first use: ``qtmail sync`` needs only the header decoders, and loading
the parser, composer and sanitiser up front slowed every start of a short command.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from qtmail.core.mime.addresses import parse_address, parse_address_list
    from qtmail.core.mime.attachments import guess_content_type
    from qtmail.core.mime.charsets import decode_text
    from qtmail.core.mime.composing import compose, envelope_recipients, make_message_id
    from qtmail.core.mime.envelope import parse_envelope
    from qtmail.core.mime.filenames import safe_filename
    from qtmail.core.mime.json_form import to_json
    from qtmail.core.mime.parsing import parse, preview_text
    from qtmail.core.mime.replies import QuoteWords, forward_as_attachment, forward_inline, reply_to
    from qtmail.core.mime.sanitize import sanitize_html
    from qtmail.core.mime.types import (
        Address,
        Attachment,
        AttachmentInfo,
        Defect,
        Envelope,
        OutgoingMessage,
        ParsedMessage,
        Part,
        SanitizedHtml,
    )

# Each public name and the submodule that defines it, imported on first use.
_HOME: dict[str, str] = {
    "parse_address": "addresses",
    "parse_address_list": "addresses",
    "guess_content_type": "attachments",
    "decode_text": "charsets",
    "compose": "composing",
    "envelope_recipients": "composing",
    "make_message_id": "composing",
    "parse_envelope": "envelope",
    "safe_filename": "filenames",
    "to_json": "json_form",
    "parse": "parsing",
    "preview_text": "parsing",
    "forward_as_attachment": "replies",
    "forward_inline": "replies",
    "reply_to": "replies",
    "QuoteWords": "replies",
    "sanitize_html": "sanitize",
    "Address": "types",
    "Attachment": "types",
    "AttachmentInfo": "types",
    "Defect": "types",
    "Envelope": "types",
    "OutgoingMessage": "types",
    "ParsedMessage": "types",
    "Part": "types",
    "SanitizedHtml": "types",
}


def __getattr__(name: str) -> Any:
    module = _HOME.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


__all__ = [
    "Address",
    "Attachment",
    "AttachmentInfo",
    "Defect",
    "Envelope",
    "OutgoingMessage",
    "ParsedMessage",
    "Part",
    "QuoteWords",
    "SanitizedHtml",
    "compose",
    "decode_text",
    "envelope_recipients",
    "forward_as_attachment",
    "forward_inline",
    "guess_content_type",
    "make_message_id",
    "parse",
    "parse_address",
    "parse_address_list",
    "parse_envelope",
    "preview_text",
    "reply_to",
    "safe_filename",
    "sanitize_html",
    "to_json",
]
