"""Content-Transfer-Encoding decoding that goes as far as the data allows and reports damage."""

from __future__ import annotations

import binascii
import re

_B64_ALPHABET = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_B64_TOLERATED = _B64_ALPHABET + b"= \t\r\n"
_PADDING_RUN = re.compile(rb"=+")
_NOT_BASE64 = bytes(byte for byte in range(256) if byte not in _B64_ALPHABET + b"=")
_NOT_ALPHABET = bytes(byte for byte in range(256) if byte not in _B64_ALPHABET)
_TRAILING = frozenset(b" \t\r\n=")


def inspect_base64(data: bytes) -> tuple[bool, int]:
    """(damaged, decoded size) of a base64 body, without decoding it (two C-speed passes).

    Damaged means stray characters, padding in the middle or a truncated tail.
    """
    if data.translate(None, _B64_TOLERATED):
        return True, 0
    end = len(data)
    while end and data[end - 1] in _TRAILING:
        end -= 1
    letters = len(data.translate(None, _NOT_ALPHABET))
    if data.find(b"=", 0, end) >= 0:
        return True, letters * 3 // 4
    padding = data.count(b"=", end)
    damaged = letters % 4 != 0 and (letters + padding) % 4 != 0
    return damaged or letters % 4 == 1, letters * 3 // 4


def base64_is_damaged(data: bytes) -> bool:
    """Whether a base64 body has stray characters, padding in the middle or a truncated tail."""
    return inspect_base64(data)[0]


def _decode_clean_chunk(chunk: bytes) -> bytes:
    if len(chunk) % 4 == 1:
        chunk = chunk[:-1]  # a lone trailing character carries less than a byte
    chunk += b"=" * (-len(chunk) % 4)
    try:
        return binascii.a2b_base64(chunk)
    except (binascii.Error, ValueError):
        return b""


def decode_base64(data: bytes) -> bytes:
    """Decode base64 leniently: skip stray bytes, join padded chunks, keep a truncated tail."""
    core = data.rstrip(b" \t\r\n=")
    if b"=" not in core:
        try:
            return binascii.a2b_base64(data)
        except (binascii.Error, ValueError):
            pass
    cleaned = data.translate(None, _NOT_BASE64)
    return b"".join(_decode_clean_chunk(chunk) for chunk in _PADDING_RUN.split(cleaned) if chunk)


_SOFT_BREAK_WITH_SPACE = re.compile(rb"=[ \t]+(?=\r?\n)")


def decode_quoted_printable(data: bytes) -> bytes:
    """Decode quoted-printable; malformed escapes are kept as they are.

    A soft line break followed by spaces ("=  " at the end of a line, added by some gateways)
    is still a soft break (RFC 2045 6.7 (3)); binascii would keep it literally.
    """
    if b"= " in data or b"=\t" in data:
        data = _SOFT_BREAK_WITH_SPACE.sub(b"=", data)
    return binascii.a2b_qp(data)


def decode_uuencode(data: bytes) -> bytes:
    """Decode an x-uuencode body (between ``begin`` and ``end``), skipping damaged lines."""
    out = bytearray()
    started = False
    for line in data.splitlines():
        if not started:
            started = line.startswith(b"begin ")
            continue
        if line.strip() in (b"end", b"`"):
            break
        if not line.strip():
            continue
        try:
            out += binascii.a2b_uu(line)
        except binascii.Error:
            try:
                length = ((line[0] - 32) & 63) * 4 // 3
                out += binascii.a2b_uu(line[: length + 1])
            except (binascii.Error, IndexError):
                continue
    return bytes(out)


def decode_body(data: bytes, transfer_encoding: str | None) -> bytes:
    """Decoded bytes for a Content-Transfer-Encoding (unknown encodings: the bytes as they are)."""
    if transfer_encoding == "base64":
        return decode_base64(data)
    if transfer_encoding == "quoted-printable":
        return decode_quoted_printable(data)
    if transfer_encoding in ("x-uuencode", "uuencode", "x-uue"):
        return decode_uuencode(data)
    return data
