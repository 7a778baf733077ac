"""Addresses typed by people (validated, may raise) and read from mail (lenient, never raises)."""

from __future__ import annotations

import re
from email.utils import getaddresses

from qtmail.core.errors import ErrorKind, MailError
from qtmail.core.mime.headers import decode_words, raw_to_text, unfold
from qtmail.core.mime.types import Address

# RFC 5322 dot-atom, with RFC 6531's UTF-8 characters (an internationalised mailbox name, EAI):
# atext is every character but controls, space and ``"(),.:;<>@[\]``. Written as that negated
# class because the positive one, with its range up to U+10FFFF, took 3 ms to compile at
# every start (a test checks both accept the same characters).
_ATEXT = r'[^\x00-\x20\x7f"(),.:;<>@\[\\\]]'
_LOCAL_PART = re.compile(rf"^{_ATEXT}+(\.{_ATEXT}+)*$")
_QUOTED_LOCAL = re.compile(r'^"([^"\\\r\n]|\\.)*"$')
_LOOSE_ADDRESS = re.compile(r"[^\s<>\"(),;:]+@[^\s<>\"(),;:]+")
_LABEL = re.compile(r"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")


def _split_top_level(text: str) -> list[str]:
    """Split at commas/semicolons outside quotes, angle brackets and comments."""
    pieces: list[str] = []
    current: list[str] = []
    in_quote = False
    escaped = False
    angle = 0
    paren = 0
    for ch in text:
        if escaped:
            current.append(ch)
            escaped = False
            continue
        if ch == "\\" and (in_quote or paren):
            current.append(ch)
            escaped = True
            continue
        if in_quote:
            in_quote = ch != '"'
        elif ch == '"' and not paren:
            in_quote = True
        elif ch == "(":
            paren += 1
        elif ch == ")" and paren:
            paren -= 1
        elif ch == "<" and not paren:
            angle += 1
        elif ch == ">" and angle and not paren:
            angle -= 1
        elif ch in ",;" and not angle and not paren:
            pieces.append("".join(current))
            current = []
            continue
        current.append(ch)
    if in_quote or angle or paren:
        raise MailError(ErrorKind.INPUT, f"Unbalanced quote or bracket in address list: {text!r}")
    pieces.append("".join(current))
    return pieces


def ascii_domain(domain: str) -> str:
    """The ASCII (punycode) form of a domain; raises MailError(INPUT) when it is not a valid name."""
    try:
        encoded = domain.encode("idna").decode("ascii").lower()
    except (UnicodeError, ValueError) as exc:
        raise MailError(ErrorKind.INPUT, f"Invalid domain in address: {domain!r}") from exc
    if encoded.startswith("[") and encoded.endswith("]"):
        return encoded
    labels = encoded.split(".")
    if len(encoded) > 253 or any(not _LABEL.match(label) for label in labels):
        raise MailError(ErrorKind.INPUT, f"Invalid domain in address: {domain!r}")
    return encoded


def validate_address(address: str) -> str:
    """Check an addr-spec (IDN domain and, as RFC 6531 allows, a UTF-8 mailbox name); return it trimmed.

    A non-ASCII mailbox name can only be sent through a server offering SMTPUTF8;
    :mod:`qtmail.core.smtp` says so clearly when it does not.
    """
    address = address.strip()
    if any(ch in address for ch in "\r\n\0"):
        raise MailError(ErrorKind.INPUT, "An address must not contain line breaks")
    local, at, domain = address.rpartition("@")
    if not at or not local or not domain:
        raise MailError(ErrorKind.INPUT, f"Not an e-mail address: {address!r}")
    if (
        not (_LOCAL_PART.match(local) or _QUOTED_LOCAL.match(local))
        or len(local.encode("utf-8", "surrogatepass")) > 64
        or not local.isprintable()  # no invisible or spacing characters from beyond ASCII
    ):
        raise MailError(ErrorKind.INPUT, f"Invalid mailbox name in address: {address!r}")
    ascii_domain(domain)
    return address


def ascii_address(address: str) -> str:
    """The address with its domain in punycode, as SMTP and 7-bit headers need it (the mailbox
    name stays as it is: a UTF-8 one needs SMTPUTF8, see :func:`has_utf8_mailbox`)."""
    local, _, domain = address.rpartition("@")
    return f"{local}@{ascii_domain(domain)}"


def has_utf8_mailbox(address: str) -> bool:
    """Whether the mailbox name (local part) is not ASCII: the message then needs SMTPUTF8 (EAI)."""
    return not address.rpartition("@")[0].isascii()


def _unquote(name: str) -> str:
    name = name.strip()
    if len(name) >= 2 and name[0] == '"' and name[-1] == '"':
        name = re.sub(r"\\(.)", r"\1", name[1:-1])
    return name.strip()


def parse_address(text: str) -> Address:
    """One address typed by a person: ``Name <a@x>``, ``"Kim, C" <a@x>``, ``a@x (Name)`` or ``a@x``."""
    pieces = [piece for piece in _split_top_level(text) if piece.strip()]
    if len(pieces) != 1:
        raise MailError(ErrorKind.INPUT, f"Expected one address, got {len(pieces)}: {text!r}")
    return _parse_one(pieces[0])


def _parse_one(piece: str) -> Address:
    if any(ch in piece for ch in "\r\n"):
        raise MailError(ErrorKind.INPUT, "An address must not contain line breaks")
    piece = piece.strip()
    if "<" in piece:
        before, _, rest = piece.partition("<")
        inside, closing, after = rest.partition(">")
        if not closing or after.strip():
            raise MailError(ErrorKind.INPUT, f"Invalid address: {piece!r}")
        return Address(_unquote(before), validate_address(inside))
    comment = re.search(r"\(([^()]*)\)\s*$", piece)
    if comment:
        return Address(comment.group(1).strip(), validate_address(piece[: comment.start()]))
    return Address("", validate_address(piece))


def parse_address_list(text: str) -> list[Address]:
    """Addresses typed by a person, comma- or semicolon-separated; raises MailError(INPUT) if invalid.

    ``'"Kim, Chulsoo" <a@x>, b@y'`` gives two addresses.
    """
    return [_parse_one(piece) for piece in _split_top_level(text) if piece.strip()]


def addresses_from_header(
    raw_values: list[bytes], fallback_charset: str | None = None
) -> tuple[list[Address], bool]:
    """Addresses from received header values (lenient); the flag says whether something was unparseable."""
    result: list[Address] = []
    broken = False
    texts: list[str] = []
    for raw in raw_values:
        value = unfold(raw)
        if not value.isascii():
            texts.append(raw_to_text(value, fallback_charset))  # raw 8-bit names: charset first, words later
        else:
            texts.append(value.decode("ascii"))
    try:
        pairs = getaddresses(texts)
    except Exception:  # the stdlib parser has raised on odd input before; never let it escape
        pairs = []
        broken = True
    for name, address in pairs:
        if not name and not address:
            continue
        if address and ("<" in address or " " in address.strip()):
            found = _LOOSE_ADDRESS.search(address)
            broken = True
            if found is None:
                continue
            name = name or address[: found.start()].strip(' "<')
            address = found.group(0)
        decoded_name = (
            decode_words(name.encode("utf-8", errors="surrogateescape"), "utf-8") if "=?" in name else name
        )
        if not address and not decoded_name:
            continue
        result.append(Address(" ".join(decoded_name.split()), address.strip()))
    if not result and any("@" in text for text in texts):
        broken = True
    return result, broken
