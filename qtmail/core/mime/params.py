"""Content-Type / Content-Disposition parameters: RFC 2231 (continuations, charsets) and RFC 2047 in values.

Uses the stdlib's compat32 parameter parser (``Message.get_params``), which handles
RFC 2231 continuations; values are then decoded with our charset fallbacks.
"""

from __future__ import annotations

from email.message import Message

from qtmail.core.mime.charsets import decode_text
from qtmail.core.mime.headers import clean_text, decode_words, unfold


def _value_text(value: object, fallback_charset: str | None) -> str:
    if isinstance(value, tuple) and len(value) == 3:
        charset, _language, text = value
        data = str(text).encode("latin-1", errors="replace")
        if not charset:
            return decode_words(data, fallback_charset)
        return decode_text(data, str(charset))
    return decode_words(str(value).encode("latin-1", errors="replace"), fallback_charset)


def parse_structured(raw: bytes | None, fallback_charset: str | None) -> tuple[str, dict[str, str], bool]:
    """(lowercase main value, {param: decoded value}, ok) of a Content-Type-like header; never raises."""
    if raw is None:
        return "", {}, True
    text = unfold(raw).decode("latin-1")
    holder = Message()
    try:
        holder["X-Params"] = text
        pairs = holder.get_params(header="x-params") or []
    except Exception:  # the stdlib parser has raised on odd parameters before
        main = text.split(";", 1)[0].strip().lower()
        return main, {}, False
    main = ""
    params: dict[str, str] = {}
    for index, (name, value) in enumerate(pairs):
        if index == 0:
            main = str(name).strip().lower()
            continue
        key = str(name).strip().lower()
        if not key or key in params:
            continue
        try:
            params[key] = clean_text(_value_text(value, fallback_charset))
        except Exception:
            params[key] = clean_text(str(value))
    return main, params, True
