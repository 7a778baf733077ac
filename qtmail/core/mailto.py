"""Parse ``mailto:`` URLs (RFC 6068) into the fields a composer is prefilled with.

Pure Python, no Qt: the desktop app, the CLI and tests share it. Only the fields a
user can see before sending are honoured (to, cc, bcc, subject, body, in-reply-to);
other header fields in the URL are dropped, as RFC 6068 section 6 advises, so a link
cannot smuggle in headers the user never saw.
"""

from __future__ import annotations

from typing import TypedDict
from urllib.parse import unquote

from qtmail.core.errors import ErrorKind, MailError

SCHEME = "mailto:"


class MailtoFields(TypedDict):
    """What a ``mailto:`` URL asks the composer to show."""

    to: list[str]
    cc: list[str]
    bcc: list[str]
    subject: str
    body: str
    in_reply_to: str


def _decode(text: str) -> str:
    """Percent-decode as UTF-8; ``+`` stays a plus (RFC 6068 is not form encoding)."""
    try:
        return unquote(text, encoding="utf-8", errors="strict")
    except UnicodeDecodeError as error:
        raise MailError(
            ErrorKind.INPUT, "The mailto link is not valid UTF-8 after percent-decoding."
        ) from error


def _split_addresses(text: str) -> list[str]:
    """Split a decoded address list on commas outside quotes and angle brackets."""
    parts: list[str] = []
    current: list[str] = []
    in_quotes = False
    depth = 0
    escaped = False
    for char in text:
        if escaped:
            current.append(char)
            escaped = False
            continue
        if char == "\\" and in_quotes:
            escaped = True
        elif char == '"':
            in_quotes = not in_quotes
        elif char == "<" and not in_quotes:
            depth += 1
        elif char == ">" and not in_quotes and depth:
            depth -= 1
        elif char == "," and not in_quotes and not depth:
            parts.append("".join(current))
            current = []
            continue
        current.append(char)
    parts.append("".join(current))
    return [part.strip() for part in parts if part.strip()]


def _single_line(text: str) -> str:
    """Header values from a link must not carry line breaks (header injection)."""
    return " ".join(text.splitlines()).strip()


def _normalise_body(text: str) -> str:
    """Bodies use CRLF in the URL (%0D%0A); the composer wants plain newlines."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def is_mailto(url: str) -> bool:
    """Whether ``url`` uses the mailto scheme (case-insensitive)."""
    return url[: len(SCHEME)].lower() == SCHEME


def parse_mailto(url: str) -> MailtoFields:
    """Return the composer fields of a ``mailto:`` URL.

    Raises ``MailError(ErrorKind.INPUT)`` when the text is not a mailto URL or does
    not decode as UTF-8. Repeated ``to``/``cc``/``bcc`` fields accumulate; a repeated
    ``subject`` or ``body`` keeps the first, as most clients do.
    """
    url = url.strip()
    if not is_mailto(url):
        raise MailError(ErrorKind.INPUT, "This is not a mailto link.")
    rest = url[len(SCHEME) :]
    rest = rest.split("#", 1)[0]  # a fragment has no meaning for mailto
    path, _, query = rest.partition("?")
    fields = MailtoFields(to=[], cc=[], bcc=[], subject="", body="", in_reply_to="")
    fields["to"].extend(_single_line(a) for a in _split_addresses(_decode(path)))
    seen: set[str] = set()
    for pair in query.split("&") if query else []:
        if not pair:
            continue
        raw_name, _, raw_value = pair.partition("=")
        name = _decode(raw_name).strip().lower()
        value = _decode(raw_value)
        addresses = [_single_line(a) for a in _split_addresses(value)]
        if name == "to":
            fields["to"].extend(addresses)
        elif name == "cc":
            fields["cc"].extend(addresses)
        elif name == "bcc":
            fields["bcc"].extend(addresses)
        elif name == "subject" and name not in seen:
            fields["subject"] = _single_line(value)
        elif name == "in-reply-to" and name not in seen:
            fields["in_reply_to"] = _single_line(value)
        elif name == "body" and name not in seen:
            fields["body"] = _normalise_body(value)
        seen.add(name)
    return fields
