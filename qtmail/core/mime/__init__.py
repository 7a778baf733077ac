"""qtmail's MIME engine: compose and parse real-world mail on top of stdlib ``email``.

The rest of the app uses only these names and types; it never handles raw ``email`` objects.
"""

from __future__ import annotations

from qtmail.core.mime.addresses import parse_address, parse_address_list
from qtmail.core.mime.attachments import guess_content_type
from qtmail.core.mime.charsets import decode_text
from qtmail.core.mime.compose import compose, envelope_recipients, make_message_id
from qtmail.core.mime.envelope import parse_envelope
from qtmail.core.mime.filenames import safe_filename
from qtmail.core.mime.json_form import to_json
from qtmail.core.mime.parse import parse, preview_text
from qtmail.core.mime.replies import forward_as_attachment, forward_inline, reply_to
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

__all__ = [
    "Address",
    "Attachment",
    "AttachmentInfo",
    "Defect",
    "Envelope",
    "OutgoingMessage",
    "ParsedMessage",
    "Part",
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
