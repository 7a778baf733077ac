"""Write TNEF streams ([MS-OXTNEF]) and compressed RTF ([MS-OXRTFCP]) for tests, byte for byte.

Used by ``tests/data/mail/tnef/make_tnef.py`` (the committed sample files) and by the tests that
build streams of their own (nesting, fuzzing). Written independently of the reader under test:
the layout here follows the spec's field tables, not ``qtmail/core/mime/tnef.py``.
"""

from __future__ import annotations

import struct
import zlib

SIGNATURE = 0x223E9F78
LEVEL_MESSAGE = 1
LEVEL_ATTACHMENT = 2
# Full attribute ids: type in the high word, id in the low word.
ATT_TNEF_VERSION = 0x00089006
ATT_OEM_CODEPAGE = 0x00069007
ATT_MESSAGE_CLASS = 0x00078008
ATT_SUBJECT = 0x00018004
ATT_BODY = 0x0002800C
ATT_MSG_PROPS = 0x00069003
ATT_ATTACH_REND_DATA = 0x00069002
ATT_ATTACH_DATA = 0x0006800F
ATT_ATTACH_TITLE = 0x00018010
ATT_ATTACHMENT = 0x00069005

PT_LONG = 0x0003
PT_BOOLEAN = 0x000B
PT_STRING8 = 0x001E
PT_UNICODE = 0x001F
PT_BINARY = 0x0102
PT_OBJECT = 0x000D

PR_BODY = 0x1000
PR_RTF_COMPRESSED = 0x1009
PR_HTML = 0x1013
PR_RTF_IN_SYNC = 0x0E1F
PR_INTERNET_CPID = 0x3FDE
PR_MESSAGE_CODEPAGE = 0x3FFD
PR_DISPLAY_NAME = 0x3001
PR_ATTACH_DATA = 0x3701
PR_ATTACH_FILENAME = 0x3704
PR_ATTACH_METHOD = 0x3705
PR_ATTACH_LONG_FILENAME = 0x3707
PR_ATTACH_MIME_TAG = 0x370E
PR_ATTACH_CONTENT_ID = 0x3712
IID_IMESSAGE = bytes.fromhex("0703020000000000c000000000000046")

RTF_DICTIONARY = (
    b"{\\rtf1\\ansi\\mac\\deff0\\deftab720{\\fonttbl;}{\\f0\\fnil \\froman \\fswiss \\fmodern "
    b"\\fscript \\fdecor MS Sans SerifSymbolArialTimes New RomanCourier{\\colortbl\\red0\\green0"
    b"\\blue0\r\n\\par \\pard\\plain\\f0\\fs20\\b\\i\\u\\tab\\tx"
)


def attribute(level: int, attribute_id: int, data: bytes, checksum: int | None = None) -> bytes:
    """One attribute: level, id, length, data, checksum (the sum of the data bytes, 16 bits)."""
    if checksum is None:
        checksum = sum(data) & 0xFFFF
    return struct.pack("<BII", level, attribute_id, len(data)) + data + struct.pack("<H", checksum)


def stream(attributes: list[bytes], key: int = 0x4D2A) -> bytes:
    return struct.pack("<IH", SIGNATURE, key) + b"".join(attributes)


def _pad(data: bytes) -> bytes:
    return data + b"\0" * (-len(data) % 4)


def prop(kind: int, ident: int, value: bytes | int | str) -> bytes:
    """One single-valued MAPI property as TNEF writes it."""
    head = struct.pack("<HH", kind, ident)
    if kind == PT_LONG:
        assert isinstance(value, int)
        return head + struct.pack("<I", value)
    if kind == PT_BOOLEAN:
        assert isinstance(value, int)
        return head + struct.pack("<H", value) + b"\0\0"
    if kind == PT_UNICODE:
        assert isinstance(value, str)
        raw = value.encode("utf-16-le") + b"\0\0"
    elif kind == PT_STRING8:
        raw = value.encode("cp1252") + b"\0" if isinstance(value, str) else value
    else:
        assert isinstance(value, bytes)
        raw = value
    assert isinstance(raw, bytes)
    return head + struct.pack("<II", 1, len(raw)) + _pad(raw)


def props(*items: bytes) -> bytes:
    return struct.pack("<I", len(items)) + b"".join(items)


def preamble(codepage: int = 949) -> list[bytes]:
    return [
        attribute(LEVEL_MESSAGE, ATT_TNEF_VERSION, struct.pack("<I", 0x00010000)),
        attribute(LEVEL_MESSAGE, ATT_OEM_CODEPAGE, struct.pack("<II", codepage, 0)),
        attribute(LEVEL_MESSAGE, ATT_MESSAGE_CLASS, b"IPM.Microsoft Mail.Note\0"),
    ]


def file_attachment(
    data: bytes,
    title: bytes | None = None,
    properties: list[bytes] | None = None,
    in_attach_data: bool = True,
) -> list[bytes]:
    """The attributes of one file attachment: rendering data, title, data, MAPI properties."""
    out = [attribute(LEVEL_ATTACHMENT, ATT_ATTACH_REND_DATA, struct.pack("<HIhhI", 1, 0xFFFFFFFF, 0, 0, 1))]
    if title is not None:
        out.append(attribute(LEVEL_ATTACHMENT, ATT_ATTACH_TITLE, title))
    if in_attach_data:
        out.append(attribute(LEVEL_ATTACHMENT, ATT_ATTACH_DATA, data))
    mapi = list(properties or [])
    mapi.append(prop(PT_LONG, PR_ATTACH_METHOD, 1))
    if not in_attach_data:
        mapi.append(prop(PT_BINARY, PR_ATTACH_DATA, data))
    out.append(attribute(LEVEL_ATTACHMENT, ATT_ATTACHMENT, props(*mapi)))
    return out


def embedded_message(inner: bytes, name: str) -> list[bytes]:
    """An attached message: PR_ATTACH_DATA as PT_OBJECT with IID_IMessage, then an inner TNEF stream."""
    mapi = props(
        prop(PT_UNICODE, PR_DISPLAY_NAME, name),
        prop(PT_LONG, PR_ATTACH_METHOD, 5),
        prop(PT_OBJECT, PR_ATTACH_DATA, IID_IMESSAGE + inner),
    )
    return [
        attribute(LEVEL_ATTACHMENT, ATT_ATTACH_REND_DATA, struct.pack("<HIhhI", 1, 0xFFFFFFFF, 0, 0, 1)),
        attribute(LEVEL_ATTACHMENT, ATT_ATTACHMENT, mapi),
    ]


def compress_rtf(rtf: bytes) -> bytes:
    """LZFu-compress ``rtf``: greedy longest matches (2..17 bytes) in the last 4000 bytes of history."""
    history = bytearray(RTF_DICTIONARY)
    body = bytearray()
    control = 0
    bit = 0
    tokens = bytearray()

    def emit(is_reference: bool, token: bytes) -> None:
        nonlocal control, bit, tokens
        if is_reference:
            control |= 1 << bit
        tokens += token
        bit += 1
        if bit == 8:
            body.append(control)
            body.extend(tokens)
            control, bit, tokens = 0, 0, bytearray()

    position = 0
    while position < len(rtf):
        low = max(0, len(history) - 4000)
        found = -1
        length = 0
        for size in range(min(17, len(rtf) - position), 1, -1):
            found = history.rfind(rtf[position : position + size], low)
            if found >= 0:
                length = size
                break
        if length >= 2:
            emit(True, struct.pack(">H", ((found % 4096) << 4) | (length - 2)))
            history += rtf[position : position + length]
            position += length
        else:
            emit(False, rtf[position : position + 1])
            history += rtf[position : position + 1]
            position += 1
    emit(True, struct.pack(">H", (len(history) % 4096) << 4))  # the end marker: the write position
    if bit:
        body.append(control)
        body.extend(tokens)
    crc = zlib.crc32(bytes(body), 0xFFFFFFFF) ^ 0xFFFFFFFF
    return struct.pack("<III", len(body) + 12, len(rtf), 0x75465A4C) + struct.pack("<I", crc) + bytes(body)


def with_message_props(*items: bytes, codepage: int = 1252) -> bytes:
    """A stream holding only message properties (a body in PR_BODY, PR_HTML or PR_RTF_COMPRESSED)."""
    return stream([*preamble(codepage), attribute(LEVEL_MESSAGE, ATT_MSG_PROPS, props(*items))])
