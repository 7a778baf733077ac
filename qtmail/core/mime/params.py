"""Content-Type / Content-Disposition parameters: RFC 2231 (continuations, charsets) and RFC 2047 in values.

Our own small reader: the stdlib's compat32 helper unquotes each RFC 2231 segment
separately, which garbles names whose percent-escapes or multi-byte characters are
split across segments (common in the wild); here the segments are joined first.
"""

from __future__ import annotations

import re
from urllib.parse import unquote_to_bytes

from qtmail.core.mime.charsets import decode_text
from qtmail.core.mime.headers import clean_text, decode_words, unfold

_SECTION = re.compile(r"^(?P<name>[^*]+)\*(?P<number>\d+)?(?P<star>\*)?$")


def _split_params(text: str) -> list[str]:
    """Split at semicolons outside double quotes."""
    pieces: list[str] = []
    current: list[str] = []
    in_quote = False
    escaped = False
    for char in text:
        if escaped:
            current.append(char)
            escaped = False
        elif char == "\\" and in_quote:
            current.append(char)
            escaped = True
        elif char == '"':
            in_quote = not in_quote
            current.append(char)
        elif char == ";" and not in_quote:
            pieces.append("".join(current))
            current = []
        else:
            current.append(char)
    pieces.append("".join(current))
    return pieces


def _unquote(value: str) -> str:
    value = value.strip()
    if value.startswith('"'):
        end = len(value) - 1 if value.endswith('"') and len(value) > 1 else len(value)
        # Only \\ and \" are undone, as the stdlib does: Outlook sends Windows paths unescaped.
        return re.sub(r'\\([\\"])', r"\1", value[1:end])
    return value


def _extended_value(sections: list[tuple[int, bool, str]]) -> str:
    """Join RFC 2231 sections (number, encoded, text) and decode them with the declared charset."""
    sections.sort(key=lambda section: section[0])
    charset = ""
    joined: list[str] = []
    for index, (_number, encoded, text) in enumerate(sections):
        if index == 0 and encoded and text.count("'") >= 2:
            charset, _language, text = text.split("'", 2)
        joined.append(text if encoded else text.replace("%", "%25"))
    data = unquote_to_bytes("".join(joined))
    return decode_text(data, charset or "utf-8")


def parse_structured(raw: bytes | None, fallback_charset: str | None) -> tuple[str, dict[str, str], bool]:
    """(lowercase main value, {param: decoded value}, ok) of a Content-Type-like header; never raises."""
    if raw is None:
        return "", {}, True
    text = unfold(raw).decode("latin-1")
    pieces = _split_params(text)
    main = pieces[0].strip().lower()
    plain: dict[str, str] = {}
    extended: dict[str, list[tuple[int, bool, str]]] = {}
    ok = True
    for piece in pieces[1:]:
        if not piece.strip():
            continue
        key, equals, value = piece.partition("=")
        key = key.strip().lower()
        if not equals or not key:
            ok = False
            continue
        section = _SECTION.match(key)
        if section is not None:
            number_text = section.group("number")
            encoded = number_text is None or section.group("star") is not None  # "name*" alone is encoded
            extended.setdefault(section.group("name"), []).append(
                (int(number_text or 0), encoded, _unquote(value))
            )
            continue
        if key not in plain:
            plain[key] = _unquote(value)
    params: dict[str, str] = {}
    for key, value in plain.items():
        params[key] = clean_text(decode_words(value.encode("latin-1", errors="replace"), fallback_charset))
    for key, sections in extended.items():
        try:
            params[key] = clean_text(_extended_value(sections))  # RFC 2231 wins over the plain form
        except (ValueError, UnicodeError):
            ok = False
    return main, params, ok


def raw_parameter(raw: bytes | None, name: str) -> bytes | None:
    """A plain parameter's value exactly as its bytes stand in the header (unquoted, not decoded).

    A boundary must be matched byte for byte: a non-ASCII boundary in latin-1 or UTF-8 bytes
    would not survive decoding to text and encoding again.
    """
    if raw is None:
        return None
    for piece in _split_params(unfold(raw).decode("latin-1"))[1:]:
        key, equals, value = piece.partition("=")
        if equals and key.strip().lower() == name:
            return _unquote(value).encode("latin-1")
    return None
