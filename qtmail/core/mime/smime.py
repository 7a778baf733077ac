"""The message inside an opaque S/MIME signature (application/pkcs7-mime; smime-type=signed-data).

Outlook can sign "opaquely": the whole message then travels inside one PKCS#7/CMS SignedData
blob (smime.p7m), and a reader that cannot look inside shows nothing but that attachment. The
content is not encrypted, only wrapped, so a small BER reader gets it out (the signature is not
checked: qtmail shows the content, it does not claim it is verified).
"""

from __future__ import annotations

_SIGNED_DATA = bytes.fromhex("2a864886f70d010702")  # OID 1.2.840.113549.1.7.2
_SEQUENCE, _SET, _INTEGER, _OID, _OCTETS, _OCTETS_CONSTRUCTED, _CONTEXT_0 = (
    0x30,
    0x31,
    0x02,
    0x06,
    0x04,
    0x24,
    0xA0,
)
_MAX_DEPTH = 16


class _Malformed(Exception):
    """The blob is not the BER structure expected (caught inside this module)."""


def _element(data: bytes, position: int, depth: int = 0) -> tuple[int, int, int, int]:
    """(tag, content start, content end, next position) of the BER element at ``position``."""
    if depth > _MAX_DEPTH or position + 2 > len(data):
        raise _Malformed
    tag = data[position]
    if tag & 0x1F == 0x1F:
        raise _Malformed  # multi-byte tags never occur in the structures read here
    first = data[position + 1]
    start = position + 2
    if first < 0x80:
        end = start + first
    elif first == 0x80:  # indefinite length: constructed, ends with two zero bytes
        if not tag & 0x20:
            raise _Malformed
        cursor = start
        while data[cursor : cursor + 2] != b"\x00\x00":
            cursor = _element(data, cursor, depth + 1)[3]
        return tag, start, cursor, cursor + 2
    else:
        count = first & 0x7F
        if count > 4 or start + count > len(data):
            raise _Malformed
        end = start + count + int.from_bytes(data[start : start + count], "big")
        start += count
    if end > len(data):
        raise _Malformed
    return tag, start, end, end


def _children(data: bytes, start: int, end: int, depth: int) -> list[tuple[int, int, int]]:
    found: list[tuple[int, int, int]] = []
    cursor = start
    while cursor < end:
        tag, child_start, child_end, cursor = _element(data, cursor, depth)
        found.append((tag, child_start, child_end))
    return found


def _octets(data: bytes, tag: int, start: int, end: int, depth: int) -> bytes:
    if tag == _OCTETS:
        return data[start:end]
    if tag != _OCTETS_CONSTRUCTED or depth > _MAX_DEPTH:
        raise _Malformed
    return b"".join(_octets(data, *child, depth + 1) for child in _children(data, start, end, depth + 1))


def signed_content(blob: bytes) -> bytes | None:
    """The signed MIME entity inside a DER/BER SignedData blob, or None if it is not one."""
    try:
        tag, start, end, _ = _element(blob, 0)
        info = _children(blob, start, end, 1) if tag == _SEQUENCE else []
        if len(info) < 2 or info[0][0] != _OID or blob[info[0][1] : info[0][2]] != _SIGNED_DATA:
            return None
        if info[1][0] != _CONTEXT_0:
            return None
        signed = _children(blob, info[1][1], info[1][2], 2)
        if not signed or signed[0][0] != _SEQUENCE:
            return None
        fields = _children(blob, signed[0][1], signed[0][2], 3)
        if len(fields) < 3 or fields[0][0] != _INTEGER or fields[1][0] != _SET or fields[2][0] != _SEQUENCE:
            return None
        encapsulated = _children(blob, fields[2][1], fields[2][2], 4)
        if len(encapsulated) < 2 or encapsulated[1][0] != _CONTEXT_0:
            return None  # detached: the content is elsewhere (multipart/signed)
        content = _children(blob, encapsulated[1][1], encapsulated[1][2], 5)
        if len(content) != 1:
            return None
        return _octets(blob, *content[0], 6)
    except (_Malformed, IndexError, ValueError, RecursionError):
        return None
