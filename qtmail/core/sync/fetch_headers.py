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
from qtmail.core.mime.types import Address as MimeAddress
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


# A From/To/Cc field with its continuation lines (names are case-insensitive; "From " is no field).
_ADDRESS_FIELD: Final = re.compile(
    rb"^(?:from|to|cc)[ \t]*:[^\n]*\n(?:[ \t][^\n]*\n)*", re.IGNORECASE | re.MULTILINE
)
_ADDRESS_CACHE_MAX: Final = 50_000
_address_cache: dict[bytes, tuple[list[MimeAddress], list[MimeAddress], list[MimeAddress]]] = {}


def summarize_headers(header: bytes) -> MimeEnvelope:
    """:func:`parse_envelope` of a header block, with address fields parsed once per distinct value.

    Why: address parsing is half of parse_envelope's cost, and a mailbox repeats the same
    From/To/Cc values over and over (the owner in To, a few hundred senders). For ASCII
    blocks (no raw 8-bit, so no charset guessing across fields) the address fields are cut
    out and parsed on their own, through a cache; the rest is parsed without them. Any
    other block gets the plain parse_envelope.
    """
    if not header.isascii():
        return parse_envelope(header)
    fields = _ADDRESS_FIELD.findall(header)
    if not fields:
        return parse_envelope(header)
    key = b"".join(fields)
    addresses = _address_cache.get(key)
    if addresses is None:
        parsed_addresses = parse_envelope(key + b"\r\n")
        addresses = (parsed_addresses.from_, parsed_addresses.to, parsed_addresses.cc)
        if len(_address_cache) >= _ADDRESS_CACHE_MAX:
            _address_cache.clear()
        _address_cache[key] = addresses
    rest = parse_envelope(_ADDRESS_FIELD.sub(b"", header))
    if rest.from_ or rest.to or rest.cc:  # a field the pattern missed: do it the plain way
        return parse_envelope(header)
    return MimeEnvelope(
        subject=rest.subject,
        from_=addresses[0],
        to=addresses[1],
        cc=addresses[2],
        date=rest.date,
        message_id=rest.message_id,
        in_reply_to=rest.in_reply_to,
        references=rest.references,
        content_type=rest.content_type,
        has_attachments=rest.has_attachments,
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
