"""Read Outlook's TNEF (``winmail.dat``, ``application/ms-tnef``, [MS-OXTNEF]): files and body.

Our own small reader rather than PyPI's tnefparse (1.4.0, last released January 2021, no type
hints), which we tried on the samples in tests/data/mail/tnef: it raises whatever Python raises on
damage (UnboundLocalError on filler after the signature, TypeError on a string attribute before the
code page, UnicodeDecodeError on a CP949 attAttachTitle, which it reads as UTF-8), strips trailing
NUL bytes from file data kept in MAPI properties (a 737-byte PDF came out as 735 bytes), hands out
cut-off files from a truncated or lying stream as if they were whole, and follows embedded
messages without a depth limit.

Here every declared length and count is checked against what is left before it is used, each
byte is copied at most once per nesting level, embedded messages are followed ``MAX_DEPTH`` deep,
and damage ends either in ``TnefError`` (nothing readable) or in ``TnefContent.problems`` with
everything read before the damage kept.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

from qtmail.core.mime.charsets import decode_text
from qtmail.core.mime.lzfu import decompress_rtf
from qtmail.core.mime.rtf_text import rtf_body
from qtmail.core.mime.tnef_errors import TnefError

__all__ = ["MAX_TNEF_BYTES", "TnefBody", "TnefContent", "TnefError", "TnefFile", "read_tnef", "tnef_body"]

SIGNATURE = 0x223E9F78
MAX_TNEF_BYTES = 64 * 1024 * 1024  # larger winmail.dat files stay packed
MAX_ATTRIBUTES = 100_000
MAX_PROPERTIES = 10_000  # per property list
MAX_FILES = 1000
MAX_DEPTH = 3  # embedded messages inside embedded messages...
CHECKSUM_LIMIT = 1024 * 1024  # longer values are not summed byte by byte (time), only bounds-checked

LEVEL_MESSAGE = 1
LEVEL_ATTACHMENT = 2
# Attribute ids (low 16 bits; the high 16 bits carry a type that writers do not always get right).
ATT_BODY = 0x800C
ATT_ATTACH_DATA = 0x800F
ATT_ATTACH_TITLE = 0x8010
ATT_ATTACH_REND_DATA = 0x9002  # starts each attachment
ATT_MSG_PROPS = 0x9003
ATT_ATTACHMENT = 0x9005  # the attachment's MAPI properties
ATT_OEM_CODEPAGE = 0x9007
# MAPI property ids.
PR_BODY = 0x1000
PR_RTF_COMPRESSED = 0x1009
PR_HTML = 0x1013
PR_INTERNET_CPID = 0x3FDE
PR_MESSAGE_CODEPAGE = 0x3FFD  # the code page of the message's 8-bit strings, when not the OEM one
PR_DISPLAY_NAME = 0x3001
PR_ATTACH_DATA = 0x3701  # PT_BINARY file bytes, or PT_OBJECT (IID first) for embedded things
PR_ATTACH_FILENAME = 0x3704
PR_ATTACH_LONG_FILENAME = 0x3707
PR_ATTACH_MIME_TAG = 0x370E
PR_ATTACH_CONTENT_ID = 0x3712
# MAPI property types.
PT_STRING8 = 0x001E
PT_UNICODE = 0x001F
PT_BINARY = 0x0102
PT_OBJECT = 0x000D
PT_MULTIPLE = 0x1000
_VARIABLE = frozenset({PT_STRING8, PT_UNICODE, PT_BINARY, PT_OBJECT})
_FIXED = {0x0002: 2, 0x0003: 4, 0x0004: 4, 0x0005: 8, 0x0006: 8, 0x0007: 8, 0x000A: 4, 0x000B: 2,
          0x0014: 8, 0x0040: 8, 0x0048: 16, 0x0001: 0}  # fmt: skip
IID_IMESSAGE = bytes.fromhex("0703020000000000c000000000000046")

_HEADER = struct.Struct("<BII")  # level, attribute id, length
_U16 = struct.Struct("<H")
_U32 = struct.Struct("<I")


@dataclass(frozen=True, slots=True)
class TnefFile:
    """One file inside the TNEF stream; ``name`` is None when it has none at all."""

    name: str | None
    data: bytes
    mime_type: str | None  # PR_ATTACH_MIME_TAG, when the sender gave one
    content_id: str | None  # PR_ATTACH_CONTENT_ID, for cid: images of the HTML body


@dataclass(frozen=True, slots=True)
class TnefContent:
    """What a TNEF stream holds; the body is read from it only on demand (``tnef_body``)."""

    files: tuple[TnefFile, ...]
    text: str | None  # PR_BODY or attBody
    html: bytes | None  # PR_HTML, undecoded
    html_codepage: int | None  # PR_INTERNET_CPID
    rtf_compressed: bytes | None  # PR_RTF_COMPRESSED
    problems: tuple[str, ...]  # damage met; what came before it is kept


@dataclass(frozen=True, slots=True)
class TnefBody:
    """The message body that lives only in TNEF: unsanitised HTML or text (or neither)."""

    text: str | None
    html: str | None
    problem: str | None = None


class _Damaged(Exception):
    """Internal: the bytes end or lie here; the caller keeps what it has."""


@dataclass
class _Attachment:
    title: bytes | None = None
    data: bytes | None = None
    properties: dict[int, tuple[int, list[bytes]]] = field(default_factory=dict)


@dataclass
class _Reading:
    """State shared by a stream and the messages embedded in it."""

    problems: list[str] = field(default_factory=list)
    files: list[TnefFile] = field(default_factory=list)
    attributes: int = 0

    def problem(self, text: str) -> None:
        if len(self.problems) < 20:
            self.problems.append(text)


def read_tnef(data: bytes) -> TnefContent:
    """Read a TNEF stream; ``TnefError`` when it is not one or is too large, never anything else."""
    if len(data) > MAX_TNEF_BYTES:
        raise TnefError(f"winmail.dat is too large to unpack ({len(data)} bytes)")
    if len(data) < 6 or _U32.unpack_from(data, 0)[0] != SIGNATURE:
        raise TnefError("not a TNEF stream (wrong signature)")
    reading = _Reading()
    message = _read_stream(data, reading, depth=0)
    codepage = message.string_codepage or message.codepage
    text: str | None = None
    body = message.body
    if body is not None:
        text = _string(body[0], body[1], codepage) or None
    html = message.html
    return TnefContent(
        files=tuple(reading.files),
        text=text,
        html=html[1][0] if html is not None and html[1] else None,
        html_codepage=message.html_codepage,
        rtf_compressed=message.rtf,
        problems=tuple(reading.problems),
    )


@dataclass
class _Message:
    codepage: int = 1252
    body: tuple[int, bytes] | None = None  # (property type, bytes)
    html: tuple[int, list[bytes]] | None = None
    html_codepage: int | None = None
    string_codepage: int | None = None
    rtf: bytes | None = None


def _read_stream(data: bytes, reading: _Reading, depth: int) -> _Message:
    """Walk the attributes of one stream (the signature already checked)."""
    message = _Message()
    attachments: list[_Attachment] = []
    current: _Attachment | None = None
    position = 6
    end = len(data)
    while position < end:
        if reading.attributes >= MAX_ATTRIBUTES:
            reading.problem("too many attributes; the rest is ignored")
            break
        reading.attributes += 1
        if end - position < _HEADER.size + 2:
            reading.problem(f"truncated: {end - position} stray bytes at the end")
            break
        level, attribute, length = _HEADER.unpack_from(data, position)
        start = position + _HEADER.size
        if length > end - start - 2:
            reading.problem(f"an attribute declares {length} bytes but only {end - start - 2} are left")
            break
        stop = start + length
        position = stop + 2
        if length <= CHECKSUM_LIMIT and _U16.unpack_from(data, stop)[0] != sum(data[start:stop]) & 0xFFFF:
            reading.problem(f"checksum mismatch in attribute {attribute:#010x}")
        name = attribute & 0xFFFF
        if name == ATT_OEM_CODEPAGE and length >= 4:
            message.codepage = _U32.unpack_from(data, start)[0]
        elif name == ATT_ATTACH_REND_DATA:
            current = _Attachment()
            attachments.append(current)
        elif level == LEVEL_ATTACHMENT:
            if current is None:  # attachment attributes without the attribute that starts one
                current = _Attachment()
                attachments.append(current)
            if name == ATT_ATTACH_DATA:
                current.data = data[start:stop]
            elif name == ATT_ATTACH_TITLE:
                current.title = data[start:stop]
            elif name == ATT_ATTACHMENT:
                current.properties = _properties(data, start, stop, reading)
        elif name == ATT_BODY:
            message.body = (PT_STRING8, data[start:stop])
        elif name == ATT_MSG_PROPS:
            _message_properties(message, _properties(data, start, stop, reading))
    for attachment in attachments:
        _add_files(attachment, message.codepage, reading, depth)
    return message


def _message_properties(message: _Message, properties: dict[int, tuple[int, list[bytes]]]) -> None:
    body = properties.get(PR_BODY)
    if body is not None and body[1] and body[0] in (PT_STRING8, PT_UNICODE):
        message.body = (body[0], body[1][0])
    html = properties.get(PR_HTML)
    if html is not None and html[1]:
        message.html = html
    message.html_codepage = _long(properties, PR_INTERNET_CPID)
    message.string_codepage = _long(properties, PR_MESSAGE_CODEPAGE)
    rtf = properties.get(PR_RTF_COMPRESSED)
    if rtf is not None and rtf[1]:
        message.rtf = rtf[1][0]


def _add_files(attachment: _Attachment, codepage: int, reading: _Reading, depth: int) -> None:
    properties = attachment.properties
    data = attachment.data
    stored = properties.get(PR_ATTACH_DATA)
    if stored is not None and stored[1]:
        kind, value = stored[0], stored[1][0]
        if kind == PT_OBJECT and value[:16] == IID_IMESSAGE:
            _embedded(value[16:], reading, depth)
            return
        if data is None:
            data = value[16:] if kind == PT_OBJECT else value
    if data is None:
        return  # an attachment by reference, or only its icon: nothing to open
    if len(reading.files) >= MAX_FILES:
        reading.problem("too many files; the rest is ignored")
        return
    name = (
        _property_string(properties, PR_ATTACH_LONG_FILENAME, codepage)
        or (_string(PT_STRING8, attachment.title, codepage) if attachment.title else None)
        or _property_string(properties, PR_ATTACH_FILENAME, codepage)
        or _property_string(properties, PR_DISPLAY_NAME, codepage)
    )
    reading.files.append(
        TnefFile(
            name=name,
            data=data,
            mime_type=_property_string(properties, PR_ATTACH_MIME_TAG, codepage),
            content_id=_property_string(properties, PR_ATTACH_CONTENT_ID, codepage),
        )
    )


def _embedded(data: bytes, reading: _Reading, depth: int) -> None:
    """A message attached inside the stream is a TNEF stream itself: its files are listed too."""
    if depth + 1 > MAX_DEPTH:
        reading.problem("embedded messages nested too deep; the inner ones are ignored")
        return
    if len(data) < 6 or _U32.unpack_from(data, 0)[0] != SIGNATURE:
        reading.problem("an embedded message is not a TNEF stream")
        return
    _read_stream(data, reading, depth + 1)


def _properties(data: bytes, start: int, end: int, reading: _Reading) -> dict[int, tuple[int, list[bytes]]]:
    """A MAPI property list: id -> (type without the multiple flag, values); damage ends it early."""
    found: dict[int, tuple[int, list[bytes]]] = {}
    position = start

    def take(size: int) -> int:
        nonlocal position
        if size < 0 or size > end - position:
            raise _Damaged(f"a property list declares {size} bytes where {end - position} are left")
        at = position
        position += size
        return at

    try:
        count = _U32.unpack_from(data, take(4))[0]
        if count > (end - position) // 4:
            raise _Damaged(f"a property list declares {count} properties in {end - position} bytes")
        for _ in range(min(count, MAX_PROPERTIES)):
            kind, ident = struct.unpack_from("<HH", data, take(4))
            if ident >= 0x8000:  # a named property: GUID, then a number or a UTF-16 name
                take(16)
                name_kind = _U32.unpack_from(data, take(4))[0]
                if name_kind == 0:
                    take(4)
                else:
                    take(_padded(_U32.unpack_from(data, take(4))[0]))
            base = kind & ~PT_MULTIPLE
            values_count = 1
            if kind & PT_MULTIPLE or base in _VARIABLE:
                values_count = _U32.unpack_from(data, take(4))[0]
                if values_count > (end - position) // 4 + (0 if base in _VARIABLE else 1):
                    raise _Damaged(f"a property declares {values_count} values in {end - position} bytes")
            values: list[bytes] = []
            for _ in range(values_count):
                if base in _VARIABLE:
                    size = _U32.unpack_from(data, take(4))[0]
                    at = take(size)
                    take(_padded(size) - size)
                elif base in _FIXED:
                    size = _FIXED[base]
                    at = take(_padded(size))
                else:
                    raise _Damaged(f"unknown MAPI property type {base:#06x}")
                values.append(data[at : at + size])
            found[ident] = (base, values)
    except (_Damaged, struct.error) as exc:
        reading.problem(str(exc) or "a property list is cut short")
    return found


def _long(properties: dict[int, tuple[int, list[bytes]]], ident: int) -> int | None:
    found = properties.get(ident)
    if found is None or not found[1] or len(found[1][0]) < 4:
        return None
    value: int = _U32.unpack_from(found[1][0], 0)[0]
    return value or None


def _padded(size: int) -> int:
    return (size + 3) & ~3


def _property_string(properties: dict[int, tuple[int, list[bytes]]], ident: int, codepage: int) -> str | None:
    found = properties.get(ident)
    if found is None or not found[1] or found[0] not in (PT_STRING8, PT_UNICODE):
        return None
    return _string(found[0], found[1][0], codepage) or None


def _string(kind: int, value: bytes, codepage: int) -> str:
    """A MAPI string: UTF-16LE for PT_UNICODE, else the sender's code page; up to the first NUL."""
    if kind == PT_UNICODE:
        text = value.decode("utf-16-le", errors="replace")
    else:
        text = decode_text(value.split(b"\0", 1)[0], codepage_label(codepage))
    return text.split("\0", 1)[0].strip()


def codepage_label(number: int) -> str:
    """A Windows code page number as a charset label ``decode_text`` knows."""
    special = {
        65001: "utf-8",
        1200: "utf-16-le",
        20127: "us-ascii",
        20866: "koi8-r",
        21866: "koi8-u",
        50220: "iso-2022-jp",
        50221: "iso-2022-jp",
        50222: "iso-2022-jp",
        51932: "euc-jp",
        51949: "euc-kr",
        52936: "hz",
        54936: "gb18030",
        10000: "mac-roman",
    }
    if number in special:
        return special[number]
    if 28591 <= number <= 28606:
        return f"iso-8859-{number - 28590}"
    return f"cp{number}"


def tnef_body(content: TnefContent, rtf_limit: int = 16 * 1024 * 1024) -> TnefBody:
    """The body to show from TNEF: the plain text when there is one, HTML from PR_HTML or from
    compressed RTF that wraps HTML, else text from the RTF. Never raises."""
    html: str | None = None
    problem: str | None = None
    if content.html is not None:
        label = codepage_label(content.html_codepage) if content.html_codepage else None
        html = decode_text(content.html, label)
    if html is None and content.rtf_compressed is not None:
        try:
            rtf = decompress_rtf(content.rtf_compressed, rtf_limit)
        except TnefError as exc:
            problem = str(exc)
        else:
            found = rtf_body(rtf)
            html = found.html
            if content.text is None and found.text:
                return TnefBody(text=found.text, html=None)
    return TnefBody(text=content.text, html=html, problem=problem)
