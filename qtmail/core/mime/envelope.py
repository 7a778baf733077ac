"""Fast header summary for IMAP sync: tens of thousands of header blocks per folder.

Uses the same small header reader and RFC 2047/charset fallbacks as ``parse``, without
building ``policy.default`` header objects (which cost far more per field).
"""

from __future__ import annotations

from qtmail.core.mime.addresses import addresses_from_header
from qtmail.core.mime.headers import decode_header, message_ids, read_header_block
from qtmail.core.mime.params import parse_structured
from qtmail.core.mime.tree import guess_header_charset
from qtmail.core.mime.types import Address, Envelope

_ATTACHMENT_TYPES = (
    "multipart/mixed",
    "multipart/report",
    "multipart/digest",
    "application/",
    "audio/",
    "video/",
)


def _addresses(values: list[bytes], charset: str | None) -> list[Address]:
    return addresses_from_header(values, charset)[0] if values else []


def parse_envelope(header_bytes: bytes) -> Envelope:
    """Envelope of a header block (or a whole message); never raises."""
    from qtmail.core.mime.dates import parse_date

    try:
        if b"\n" not in header_bytes and b"\r" in header_bytes:
            header_bytes = header_bytes.replace(b"\r", b"\n")  # classic Mac OS line ends
        block = read_header_block(header_bytes)
        charset = guess_header_charset(header_bytes[: block.body_offset])
        content_type_raw = block.get("content-type")
        if content_type_raw is not None and b";" not in content_type_raw:
            content_type = content_type_raw.decode("latin-1").strip().lower()
        else:
            content_type = parse_structured(content_type_raw, charset)[0]
        if "/" not in content_type:
            content_type = "text/plain"
        disposition = (block.get("content-disposition") or b"").lower()
        has_attachments = content_type.startswith(_ATTACHMENT_TYPES) or disposition.startswith(b"attachment")
        ids = message_ids(block.get("message-id"))
        replied = message_ids(block.get("in-reply-to"))
        return Envelope(
            subject=decode_header(block.get("subject"), charset),
            from_=_addresses(block.get_all("from"), charset),
            to=_addresses(block.get_all("to"), charset),
            cc=_addresses(block.get_all("cc"), charset),
            date=parse_date(block.get("date")),
            message_id=ids[0] if ids else None,
            in_reply_to=replied[0] if replied else None,
            references=message_ids(block.get("references")),
            content_type=content_type,
            has_attachments=has_attachments,
        )
    except Exception:  # a sync must never stop on one strange header block
        return Envelope(None, [], [], [], None, None, None, [], "text/plain", False)
