"""Header blocks: split raw bytes into (name, value) fields and decode them to text.

Our own small reader instead of ``policy.default`` header objects: it is several times
faster (IMAP sync reads tens of thousands of header blocks), it never raises, and it
applies the same charset fallbacks as bodies to RFC 2047 words and raw 8-bit bytes.
"""

from __future__ import annotations

import binascii
import re
import unicodedata
from dataclasses import dataclass

from qtmail.core.mime.charsets import decode_text, normalize_label

_ENCODED_WORD = re.compile(rb"=\?([^?\s]+)\?([bBqQ])\?([^?]*?)\?=")
# Used only when "??=" occurs: a payload holding a bare "?" (PHP mailers write "=?UTF-8?Q?How_are_you??=");
# bounded, so hostile headers full of "=?a?q?" stay linear.
_ENCODED_WORD_WITH_QUESTION = re.compile(rb"=\?([^?\s]+)\?([bBqQ])\?((?:[^?]|\?(?!=)){0,2000}?)\?=")
_SPACE_BETWEEN_WORDS = re.compile(rb"\?=[ \t\r\n]+=\?")
_BLANK_LINE = re.compile(rb"\n\r?\n")
_FOLD = re.compile(rb"\r?\n(?=[ \t])")
_HEADER_NAME = re.compile(rb"^([!-9;-~]+)[ \t]*:")


@dataclass(frozen=True)
class HeaderBlock:
    """Raw fields of one header block and where the body starts."""

    fields: list[tuple[str, bytes]]  # (name as written, raw unfolded value bytes without leading space)
    body_offset: int  # index in the source bytes where the body starts
    bad_lines: list[str]  # lines that were not headers (recorded as defects)

    def get(self, name: str) -> bytes | None:
        """Raw value of the first field called ``name`` (case-insensitive)."""
        lower = name.lower()
        for key, value in self.fields:
            if key.lower() == lower:
                return value
        return None

    def get_all(self, name: str) -> list[bytes]:
        lower = name.lower()
        return [value for key, value in self.fields if key.lower() == lower]


def find_header_end(raw: bytes, start: int = 0, end: int | None = None) -> tuple[int, int]:
    """(end of the header block, start of the body) for the block beginning at ``start``."""
    stop = len(raw) if end is None else end
    if raw.startswith(b"\r\n", start, stop):
        return start, start + 2
    if raw.startswith(b"\n", start, stop):
        return start, start + 1
    blank = _BLANK_LINE.search(raw, start, stop)  # stops at the first blank line, unlike two find()s
    if blank is None:
        return stop, stop
    return blank.start() + 1, blank.end()


def read_header_block(raw: bytes, start: int = 0, end: int | None = None) -> HeaderBlock:
    """Split the header block at ``raw[start:end]`` into fields; never raises.

    A line that is neither a field nor a continuation ends the header block, like
    the stdlib parser does, and is kept as the start of the body.
    """
    stop = len(raw) if end is None else end
    head_end, body_start = find_header_end(raw, start, stop)
    fields: list[tuple[str, bytes]] = []
    bad: list[str] = []
    position = start
    current_name: str | None = None
    current_value: list[bytes] = []
    first = True
    while position < head_end:
        newline = raw.find(b"\n", position, head_end)
        line_end = head_end if newline < 0 else newline + 1
        line = raw[position:line_end]
        stripped = line.rstrip(b"\r\n")
        if first and stripped.startswith(b"From "):
            first = False
            position = line_end
            continue
        first = False
        if stripped[:1] in (b" ", b"\t"):
            if current_name is not None:
                current_value.append(stripped)
            else:
                bad.append(stripped.decode("latin-1")[:200])
            position = line_end
            continue
        match = _HEADER_NAME.match(stripped)
        if match is None:
            if stripped:
                bad.append(stripped.decode("latin-1")[:200])
                body_start = position  # like the stdlib: the rest is body
            break
        if current_name is not None:
            fields.append((current_name, b"\r\n".join(current_value)))
        current_name = match.group(1).decode("ascii")
        current_value = [stripped[match.end() :].lstrip(b" \t")]
        position = line_end
    if current_name is not None:
        fields.append((current_name, b"\r\n".join(current_value)))
    return HeaderBlock(fields, body_start, bad)


def unfold(value: bytes) -> bytes:
    """Remove folding line breaks (keep the whitespace that follows them)."""
    return _FOLD.sub(b"", value).replace(b"\r", b"").replace(b"\n", b"")


def _decode_b(payload: bytes) -> bytes:
    cleaned = re.sub(rb"[^A-Za-z0-9+/]", b"", payload)
    cleaned = cleaned[: len(cleaned) - len(cleaned) % 4] if len(cleaned) % 4 == 1 else cleaned
    cleaned += b"=" * (-len(cleaned) % 4)
    try:
        return binascii.a2b_base64(cleaned)
    except (binascii.Error, ValueError):
        return b""


def _decode_q(payload: bytes) -> bytes:
    return binascii.a2b_qp(payload.replace(b"_", b" "))


def raw_to_text(value: bytes, fallback_charset: str | None = None) -> str:
    """Header bytes to text without RFC 2047: ASCII, else UTF-8, else the message's charset."""
    if value.isascii():
        return value.decode("ascii")
    try:
        return value.decode("utf-8")  # valid UTF-8 is a strong signal; legacy bytes rarely are
    except UnicodeDecodeError:
        return decode_text(value, fallback_charset)  # no hint: the legacy-codec guess, then windows-1252


def decode_words(value: bytes, fallback_charset: str | None = None) -> str:
    """Decode RFC 2047 words in ``value`` (lenient), raw 8-bit bytes through the fallback chain.

    Adjacent words in the same charset are joined before decoding, because senders
    split multi-byte characters across words.
    """
    value = unfold(value)
    if b"=?" not in value:
        return raw_to_text(value, fallback_charset)
    value = _SPACE_BETWEEN_WORDS.sub(b"?==?", value)
    pieces: list[str] = []
    pending: bytearray = bytearray()
    pending_charset: str | None = None
    position = 0

    def flush() -> None:
        nonlocal pending, pending_charset
        if pending_charset is not None:
            pieces.append(decode_text(bytes(pending), pending_charset))
        pending = bytearray()
        pending_charset = None

    pattern = _ENCODED_WORD_WITH_QUESTION if b"??=" in value else _ENCODED_WORD
    for match in pattern.finditer(value):
        if match.start() > position:
            flush()
            pieces.append(raw_to_text(value[position : match.start()], fallback_charset))
        charset = normalize_label(match.group(1).decode("ascii", errors="replace")) or "us-ascii"
        payload = match.group(3)
        decoded = _decode_b(payload) if match.group(2) in (b"B", b"b") else _decode_q(payload)
        if pending_charset is not None and charset != pending_charset:
            flush()
        pending_charset = charset
        pending += decoded
        position = match.end()
    flush()
    if position < len(value):
        pieces.append(raw_to_text(value[position:], fallback_charset))
    return "".join(pieces)


def clean_text(value: str) -> str:
    """Replace control characters (but not tabs) that a header must not carry into the UI."""
    if value.isprintable():
        return value
    return "".join(" " if unicodedata.category(ch) == "Cc" and ch != "\t" else ch for ch in value)


def decode_header(value: bytes | None, fallback_charset: str | None = None) -> str | None:
    """Decoded, cleaned unstructured header text (Subject and the like)."""
    if value is None:
        return None
    return clean_text(decode_words(value, fallback_charset)).strip()


def message_ids(value: bytes | None) -> list[str]:
    """The ``<id>`` tokens of Message-ID/In-Reply-To/References; bare tokens if no brackets."""
    if value is None:
        return []
    text = raw_to_text(unfold(value))
    found = re.findall(r"<[^<>\s]+>", text)
    if found:
        return found
    return [token for token in text.split() if "@" in token]
