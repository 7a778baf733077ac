"""Address fields as text <-> ``Address`` lists, with errors people can act on."""

from __future__ import annotations

from collections.abc import Iterable
from email.utils import getaddresses

from qtmail.core.errors import ErrorKind, MailError
from qtmail.core.mime.types import Address

_SPECIALS = set('()<>@,;:\\".[]')


def _check(address: Address, original: str) -> Address:
    addr = address.address
    local, at, domain = addr.rpartition("@")
    if (
        not at
        or not local
        or not domain
        or "." not in domain.strip(".")
        or any(ch.isspace() or ch in '<>,;"()' for ch in domain)
        or any(ch.isspace() for ch in local)
        or any(ord(ch) < 32 for ch in addr + address.name)
    ):
        raise MailError(ErrorKind.INPUT, f"{original.strip()!r} is not an e-mail address")
    return address


def _fallback_parse(text: str) -> list[Address]:
    if any(ch in text for ch in "\r\n"):
        raise MailError(ErrorKind.INPUT, "addresses must not contain line breaks")
    chunks = _split(text)
    found: list[Address] = []
    for chunk in chunks:
        pairs = getaddresses([chunk])
        if len(pairs) != 1 or not pairs[0][1]:
            raise MailError(ErrorKind.INPUT, f"{chunk.strip()!r} is not an e-mail address")
        name, addr = pairs[0]
        found.append(_check(Address(name, addr), chunk))
    return found


def _split(text: str) -> list[str]:
    """Split on commas and semicolons outside quotes and angle brackets."""
    parts: list[str] = []
    current: list[str] = []
    quoted = False
    angle = 0
    escaped = False
    for char in text:
        if escaped:
            escaped = False
        elif char == "\\" and quoted:
            escaped = True
        elif char == '"':
            quoted = not quoted
        elif char == "<" and not quoted:
            angle += 1
        elif char == ">" and not quoted and angle:
            angle -= 1
        elif char in ",;" and not quoted and not angle:
            parts.append("".join(current))
            current = []
            continue
        current.append(char)
    parts.append("".join(current))
    return [part for part in parts if part.strip()]


def parse_addresses(text: str) -> list[Address]:
    """Parse what the user typed in To/Cc/Bcc; empty text is an empty list.

    Uses the MIME engine's ``parse_address_list`` when it is available (one parser for
    the whole app); the local fallback only accepts plain ``Name <a@b.c>`` forms.
    """
    if not text.strip():
        return []
    try:
        from qtmail.core.mime import parse_address_list
    except ImportError:
        return _fallback_parse(text)
    return [_check(a, str(a)) for a in parse_address_list(text.replace(";", ","))]


def format_addresses(addresses: Iterable[Address]) -> str:
    """The text form a user edits: ``Name <a@b>, c@d``."""
    parts: list[str] = []
    for address in addresses:
        if address.name:
            name = address.name
            if any(ch in _SPECIALS for ch in name):
                name = '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'
            parts.append(f"{name} <{address.address}>")
        else:
            parts.append(address.address)
    return ", ".join(parts)
