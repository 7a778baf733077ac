"""The fast header path: FETCH the list-view headers, flags and size; turn them into store envelopes.

One FETCH brings what the message list, threading and the attachment mark need. The
headers go through the MIME engine's :func:`parse_envelope` (its fast header reader), then
become :class:`qtmail.core.store.Envelope` rows for one bulk insert per batch.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Final

from qtmail.core.mime.envelope import parse_envelope
from qtmail.core.mime.types import Envelope as MimeEnvelope
from qtmail.core.store.types import Address, Envelope, Flag
from qtmail.core.sync.fetch_response import FetchRecord

HEADER_FIELDS: Final = (
    "FROM",
    "TO",
    "CC",
    "SUBJECT",
    "DATE",
    "MESSAGE-ID",
    "REFERENCES",
    "IN-REPLY-TO",
    "CONTENT-TYPE",
)
HEADER_ITEMS: Final = f"(UID FLAGS RFC822.SIZE BODY.PEEK[HEADER.FIELDS ({' '.join(HEADER_FIELDS)})])"
FLAG_ITEMS: Final = "(UID FLAGS)"

_NO_ADDRESS: Final = Address("", "")
_FLAG_CACHE: dict[tuple[str, ...], tuple[Flag, tuple[str, ...]]] = {}


def split_flags(flags: tuple[str, ...] | None) -> tuple[Flag, tuple[str, ...]]:
    """IMAP flags -> (system flags, keywords); cached because a mailbox has few combinations."""
    if not flags:
        return Flag.NONE, ()
    cached = _FLAG_CACHE.get(flags)
    if cached is None:
        cached = Flag.from_imap(flags)
        if len(_FLAG_CACHE) < 4096:
            _FLAG_CACHE[flags] = cached
    return cached


# A From/To/Cc/Content-Type field with its continuation lines ("From " without a colon is no field).
_CACHED_FIELD: Final = re.compile(
    rb"^(from|to|cc|content-type)[ \t]*:[^\n]*\n(?:[ \t][^\n]*\n)*", re.IGNORECASE | re.MULTILINE
)
_FIELD_CACHE_MAX: Final = 50_000
_field_cache: dict[bytes, MimeEnvelope] = {}


def _parse_field(field: bytes) -> MimeEnvelope:
    parsed = _field_cache.get(field)
    if parsed is None:
        parsed = parse_envelope(field + b"\r\n")
        if len(_field_cache) >= _FIELD_CACHE_MAX:
            _field_cache.clear()
        _field_cache[field] = parsed
    return parsed


def summarize_headers(header: bytes) -> MimeEnvelope:
    """:func:`parse_envelope` of a header block, with repetitive fields parsed once per distinct value.

    Why: parsing From/To/Cc is half of parse_envelope's cost (and Content-Type a good part
    of the rest), while a mailbox repeats the same values over and over (the owner in To, a
    few hundred senders, three or four content types). For ASCII blocks (no raw 8-bit, so no
    charset guessing across fields) each such field is cut out and parsed on its own, through
    a cache; the rest is parsed without them. Anything unusual (a field twice, non-ASCII)
    gets the plain parse_envelope. Tests check both give the same answer.
    """
    if not header.isascii():
        return parse_envelope(header)
    fields = _CACHED_FIELD.findall(header)
    if not fields:
        return parse_envelope(header)
    names = [name.lower() for name in fields]
    if len(set(names)) != len(names):
        return parse_envelope(header)
    by_name = {
        match.group(1).lower(): _parse_field(match.group(0)) for match in _CACHED_FIELD.finditer(header)
    }
    rest = parse_envelope(_CACHED_FIELD.sub(b"", header))
    if rest.from_ or rest.to or rest.cc:  # a field the pattern missed: do it the plain way
        return parse_envelope(header)
    content = by_name.get(b"content-type")
    return MimeEnvelope(
        subject=rest.subject,
        from_=by_name[b"from"].from_ if b"from" in by_name else [],
        to=by_name[b"to"].to if b"to" in by_name else [],
        cc=by_name[b"cc"].cc if b"cc" in by_name else [],
        date=rest.date,
        message_id=rest.message_id,
        in_reply_to=rest.in_reply_to,
        references=rest.references,
        content_type=rest.content_type if content is None else content.content_type,
        has_attachments=rest.has_attachments or (content is not None and content.has_attachments),
    )


def _addresses(values: Iterable[object]) -> tuple[Address, ...]:
    return tuple(Address(getattr(v, "name", ""), getattr(v, "address", "")) for v in values)


def envelope_from_record(record: FetchRecord, fallback_date: datetime) -> Envelope | None:
    """A store envelope from one FETCH record, or None when it carries no UID or headers."""
    if record.uid is None or record.body is None:
        return None
    parsed = summarize_headers(record.body)
    flags, keywords = split_flags(record.flags)
    message_id = parsed.message_id
    references = parsed.references
    in_reply_to = parsed.in_reply_to
    # The thread key is the thread's root as far as this message knows it.
    thread_key = references[0] if references else in_reply_to or message_id
    senders = parsed.from_
    return Envelope(
        date=parsed.date or fallback_date,
        uid=record.uid,
        message_id=message_id,
        in_reply_to=in_reply_to,
        references=" ".join(references) if references else None,
        sender=Address(senders[0].name, senders[0].address) if senders else _NO_ADDRESS,
        to=_addresses(parsed.to),
        cc=_addresses(parsed.cc),
        subject=parsed.subject or "",
        size=record.size or 0,
        flags=flags,
        keywords=keywords,
        attachments=1 if parsed.has_attachments else 0,
        thread_key=thread_key,
        modseq=record.modseq,
    )


def envelopes_from_records(records: Iterable[FetchRecord]) -> list[Envelope]:
    """Envelopes for every record that has a UID and headers, in the records' order."""
    now = datetime.now(UTC)
    result: list[Envelope] = []
    for record in records:
        envelope = envelope_from_record(record, now)
        if envelope is not None:
            result.append(envelope)
    return result
