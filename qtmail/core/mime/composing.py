"""Build wire bytes for an OutgoingMessage with stdlib ``email`` (``policy.SMTP``).

The stdlib builds the tree, picks transfer encodings, folds headers and chooses
boundaries that never occur in the content. We add validation (no header injection,
valid addresses), IDN domains in punycode, and an RFC 2047 ``name=`` next to the
RFC 2231 ``filename*=`` because many clients only read one of the two. Base64 bodies
are encoded by :mod:`qtmail.core.mime.base64_bodies` and spliced in after flattening
(the stdlib's own base64 path takes ~0.6 s for a 25 MB attachment).
"""

from __future__ import annotations

import base64
import re
import secrets
import time
from datetime import UTC, datetime
from email import policy as email_policy
from email.message import EmailMessage, MIMEPart
from email.policy import EmailPolicy
from email.utils import format_datetime
from typing import Any, cast

from qtmail.core.errors import ErrorKind, MailError
from qtmail.core.mime.addresses import ascii_address, ascii_domain, has_utf8_mailbox, validate_address
from qtmail.core.mime.attachments import guess_content_type
from qtmail.core.mime.base64_bodies import Base64Bodies
from qtmail.core.mime.types import Address, Attachment, OutgoingMessage

WIRE_POLICY = email_policy.SMTP.clone(cte_type="7bit")  # policy.SMTP alone allows 8bit bodies


class _Utf8AddressPolicy(EmailPolicy):
    """WIRE_POLICY, except that header lines are written as UTF-8 (RFC 6532).

    Only our pre-folded address headers can hold non-ASCII (a UTF-8 mailbox name); every
    other header folds exactly as under WIRE_POLICY (``utf8=True`` would also change
    how the stdlib writes filename parameters and encoded words).
    """

    def fold_binary(self, name: str, value: str) -> bytes:
        folded: str = self.fold(name, value)
        return folded.encode("utf-8")


UTF8_ADDRESS_POLICY = _Utf8AddressPolicy(linesep="\r\n", cte_type="7bit")
_HEADER_NAME = re.compile(r"^[!-9;-~]+$")
_RESERVED_HEADERS = frozenset(
    {
        "from",
        "to",
        "cc",
        "bcc",
        "reply-to",
        "subject",
        "date",
        "message-id",
        "in-reply-to",
        "references",
        "mime-version",
        "content-type",
        "content-transfer-encoding",
        "content-disposition",
    }
)


def _refuse_line_breaks(what: str, value: str) -> None:
    if "\r" in value or "\n" in value:
        raise MailError(ErrorKind.INPUT, f"{what} must not contain line breaks (header injection refused)")


def make_message_id(domain: str) -> str:
    """A unique ``<...@domain>`` Message-ID on the sender's domain."""
    try:
        host = ascii_domain(domain)
    except MailError:
        host = "localhost.invalid"
    return f"<{time.time_ns():x}.{secrets.token_hex(10)}@{host}>"


def envelope_recipients(msg: OutgoingMessage) -> list[str]:
    """To + Cc + Bcc addresses (ASCII domains, duplicates removed) for SMTP RCPT TO."""
    seen: set[str] = set()
    result: list[str] = []
    for address in [*msg.to, *msg.cc, *msg.bcc]:
        wire = ascii_address(validate_address(address.address))
        if wire.lower() not in seen:
            seen.add(wire.lower())
            result.append(wire)
    return result


_ATEXT = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~ -]+$")
_FOLD_AT = 78


def _phrase_tokens(name: str) -> list[str]:
    """A display name as header tokens: atoms, one quoted string, or RFC 2047 words (any script)."""
    if name.isascii() and name.isprintable() and "=?" not in name and len(name) <= 60:
        if _ATEXT.match(name) and name == " ".join(name.split()):
            return name.split(" ")
        return [_quote(name)]
    return _encoded_words(name)


def _fold_tokens(header: str, groups: list[list[str]], separator: str) -> _Prefolded:
    """Fold token groups (one per mailbox) at 78 columns; groups joined by ``separator``."""
    linesep = WIRE_POLICY.linesep
    lines: list[str] = []
    line = f"{header}:"
    for index, tokens in enumerate(groups):
        tokens = list(tokens)
        if index < len(groups) - 1:
            tokens[-1] += separator
        for token in tokens:
            if len(line) + 1 + len(token) > _FOLD_AT and line.strip() != f"{header}:":
                lines.append(line)
                line = ""
            line += " " + token
    lines.append(line)
    folded = linesep.join(lines) + linesep
    value = (
        " ".join(" ".join(tokens) for tokens in groups)
        if separator == ""
        else ", ".join(" ".join(tokens) for tokens in groups)
    )
    return _Prefolded(header, value, folded)


def _mailbox_tokens(address: Address) -> list[str]:
    _refuse_line_breaks("A display name", address.name)
    wire = ascii_address(validate_address(address.address))
    name = " ".join(address.name.split())
    if not name:
        return [wire]
    return [*_phrase_tokens(name), f"<{wire}>"]


def _set_addresses(message: EmailMessage, name: str, addresses: list[Address]) -> None:
    if addresses:
        message[name] = _fold_tokens(name, [_mailbox_tokens(address) for address in addresses], ",")


def _set_subject(message: EmailMessage, subject: str) -> None:
    if subject.isascii() and subject.isprintable() and "=?" not in subject and subject == subject.strip():
        message["Subject"] = subject  # the stdlib folds plain ASCII at spaces, which unfolds exactly
    else:
        message["Subject"] = _fold_tokens("Subject", [_encoded_words(subject)], "")


def _normalize_id(value: str, what: str) -> str:
    _refuse_line_breaks(what, value)
    value = value.strip()
    if not value:
        raise MailError(ErrorKind.INPUT, f"{what} is empty")
    if not value.startswith("<"):
        value = f"<{value}>"
    if not re.fullmatch(r"<[!-;=?-~]+>", value):
        raise MailError(ErrorKind.INPUT, f"{what} is not a valid message id: {value!r}")
    return value


class _Prefolded(str):
    """A header value we fold ourselves; stdlib policies call ``fold`` on objects with a ``name``."""

    name: str
    folded: str

    def __new__(cls, name: str, value: str, folded: str) -> _Prefolded:
        instance = super().__new__(cls, value)
        instance.name = name
        instance.folded = folded
        return instance

    def fold(self, *, policy: object) -> str:
        return self.folded


def _encoded_words(text: str) -> list[str]:
    """RFC 2047 B-words of at most ~72 characters, never splitting a character."""
    words: list[str] = []
    chunk = ""
    for char in text:
        if len((chunk + char).encode("utf-8")) > 42:
            words.append(chunk)
            chunk = ""
        chunk += char
    if chunk:
        words.append(chunk)
    return [f"=?UTF-8?B?{base64.b64encode(word.encode('utf-8')).decode('ascii')}?=" for word in words]


def _quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _content_type_with_name(content_type: str, params: dict[str, str], filename: str) -> _Prefolded:
    """Content-Type with ``name=``: plain when short ASCII, else RFC 2047 words folded inside the quotes."""
    linesep = WIRE_POLICY.linesep
    pieces = [content_type] + [f"{key}={_quote(value)}" for key, value in params.items() if key != "name"]
    plain = filename.isascii() and filename.isprintable() and len(filename) <= 60
    if plain:
        name_value = _quote(filename)
        folded_name = name_value
    else:
        words = _encoded_words(filename)
        name_value = '"' + " ".join(words) + '"'
        folded_name = '"' + f"{linesep} ".join(words) + '"'
    value = "; ".join([*pieces, f"name={name_value}"])
    folded = "Content-Type: " + f";{linesep} ".join([*pieces, f"name={folded_name}"]) + linesep
    return _Prefolded("Content-Type", value, folded)


def _text_transfer_encoding(data: bytes) -> str:
    """7bit when the bytes survive as they are, quoted-printable for mostly-ASCII CRLF text, else base64."""
    if (
        _CONTROL_BYTES.search(data)
        or b"\r" in data.replace(b"\r\n", b"")
        or b"\n" in data.replace(b"\r\n", b"")
    ):
        return "base64"  # bare CR/LF would be rewritten to CRLF on the wire; keep the bytes exact
    lines = data.split(b"\r\n")
    if (
        data.isascii()
        and max(len(line) for line in lines) <= 76
        and not any(line.endswith((b" ", b"\t")) for line in lines)
    ):
        return "7bit"
    printable = len(data) - len(data.translate(None, _PRINTABLE_ASCII))  # C speed for large files
    return "quoted-printable" if printable >= 0.9 * len(data) else "base64"


_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_PRINTABLE_ASCII = bytes([9, 10, 13, *range(32, 127)])
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _body_cte(text: str) -> str | None:
    """None lets the stdlib choose 7bit/quoted-printable/base64; control characters need quoted-printable."""
    return "quoted-printable" if _CONTROL.search(text) else None


def _add_file(
    container: EmailMessage | MIMEPart, attachment: Attachment, related: bool, bodies: Base64Bodies
) -> None:
    _refuse_line_breaks("An attachment name", attachment.filename)
    content_type = (
        attachment.content_type or guess_content_type(attachment.filename, attachment.data)
    ).lower()
    _refuse_line_breaks("A content type", content_type)
    content_type = content_type.split(";", 1)[0].strip()  # parameters are ours to write
    maintype, _, subtype = content_type.partition("/")
    if not re.fullmatch(r"[a-z0-9!#$&^_.+-]+", maintype) or not re.fullmatch(r"[a-z0-9!#$&^_.+-]+", subtype):
        raise MailError(ErrorKind.INPUT, f"Invalid content type {content_type!r}")
    cte = _text_transfer_encoding(attachment.data) if maintype == "text" else "base64"
    disposition = "inline" if attachment.inline or related else "attachment"
    cid = _normalize_id(attachment.content_id, "A Content-ID") if attachment.content_id else None
    content = b"" if cte == "base64" else attachment.data  # base64 bodies are spliced in later
    if related:
        container.add_related(
            content,
            maintype,
            subtype,
            cte=cte,
            disposition=disposition,
            filename=attachment.filename or None,
            cid=cid,
        )
    else:
        container.add_attachment(
            content,
            maintype,
            subtype,
            cte=cte,
            disposition=disposition,
            filename=attachment.filename or None,
            cid=cid,
        )
    added: Any = cast(Any, container.get_payload())[-1]
    if cte == "base64":
        bodies.set_body(added, attachment.data)
    if attachment.filename:
        params = {key: str(value) for key, value in added["Content-Type"].params.items()}
        del added["Content-Type"]
        added["Content-Type"] = _content_type_with_name(content_type, params, attachment.filename)


def _attach_message(
    container: EmailMessage, raw: bytes, subject_hint: str | None, bodies: Base64Bodies
) -> None:
    """Attach a raw message as message/rfc822, bytes unchanged (base64 only if it is not 7-bit)."""
    part = MIMEPart(policy=WIRE_POLICY)
    normalized = re.sub(rb"\r?\n|\r", b"\r\n", raw)
    seven_bit = normalized.isascii() and all(len(line) <= 998 for line in normalized.split(b"\r\n"))
    part["Content-Type"] = "message/rfc822"
    if seven_bit:
        payload = normalized.decode("ascii")
        if not payload.endswith("\r\n"):
            payload += "\r\n"
        part["Content-Transfer-Encoding"] = "7bit"
    else:
        part["Content-Transfer-Encoding"] = "base64"
    if subject_hint is None:
        from qtmail.core.mime.envelope import parse_envelope

        subject_hint = parse_envelope(raw[:65536]).subject
    name = f"{(subject_hint or 'message')[:60]}.eml"
    part.add_header("Content-Disposition", "attachment", filename=name.replace("\r", " ").replace("\n", " "))
    if seven_bit:
        part.set_payload(payload)
    else:
        bodies.set_body(part, raw)
    if container.get_content_maintype() != "multipart" or container.get_content_subtype() != "mixed":
        container.make_mixed()
    container.attach(cast(Any, part))


def _build_body(msg: OutgoingMessage, bodies: Base64Bodies) -> EmailMessage:
    message = EmailMessage(policy=WIRE_POLICY)
    text, html = msg.text, msg.html
    if text is None and html is None:
        text = ""
    if text is not None:
        message.set_content(text, cte=_body_cte(text))
        if html is not None:
            message.add_alternative(html, subtype="html", cte=_body_cte(html))
    else:
        message.set_content(html or "", subtype="html", cte=_body_cte(html or ""))
    if msg.inline_images:
        html_part: Any = message
        if message.get_content_type() == "multipart/alternative":
            html_part = cast(Any, message.get_payload())[-1]
        elif html is None:
            raise MailError(ErrorKind.INPUT, "Inline images need an HTML body that refers to them")
        for image in msg.inline_images:
            if not image.content_id:
                raise MailError(ErrorKind.INPUT, f"Inline image {image.filename!r} has no Content-ID")
            _add_file(html_part, image, related=True, bodies=bodies)
    for attachment in msg.attachments:
        _add_file(message, attachment, related=False, bodies=bodies)
    for raw in msg.attached_messages:
        _attach_message(message, raw, None, bodies)
    for part in message.walk():
        if part is not message:
            del part["MIME-Version"]  # the stdlib adds it to parts it creates; it belongs at the top only
    return message


def compose(msg: OutgoingMessage, *, keep_bcc: bool = False) -> bytes:
    """CRLF wire bytes, 7-bit clean, no Bcc header; MailError(INPUT) on bad input or header injection.

    An address with a UTF-8 mailbox name (EAI) is written in UTF-8 in its header (RFC 6532);
    the body stays 7-bit. Such a message needs a server with SMTPUTF8.

    ``keep_bcc`` is for drafts only: the saved draft keeps its Bcc header (as other clients'
    drafts do) so reopening it restores the blind copies. Never send such bytes.
    """
    _refuse_line_breaks("The subject", msg.subject)
    for name, value in msg.extra_headers:
        if not _HEADER_NAME.match(name) or name.lower() in _RESERVED_HEADERS:
            raise MailError(ErrorKind.INPUT, f"Header {name!r} cannot be set as an extra header")
        _refuse_line_breaks(f"Header {name}", value)
    bodies = Base64Bodies()
    message = _build_body(msg, bodies)
    headers = EmailMessage(policy=WIRE_POLICY)
    _set_addresses(headers, "From", [msg.from_])
    _set_addresses(headers, "Reply-To", msg.reply_to)
    _set_addresses(headers, "To", msg.to)
    _set_addresses(headers, "Cc", msg.cc)
    if keep_bcc:
        _set_addresses(headers, "Bcc", msg.bcc)
    if msg.subject:
        _set_subject(headers, msg.subject)
    date = msg.date or datetime.now(UTC).astimezone()
    if date.tzinfo is None:
        date = date.astimezone()
    headers["Date"] = format_datetime(date)
    domain = msg.from_.address.rpartition("@")[2]
    headers["Message-ID"] = (
        _normalize_id(msg.message_id, "The Message-ID") if msg.message_id else make_message_id(domain)
    )
    if msg.in_reply_to:
        headers["In-Reply-To"] = _normalize_id(msg.in_reply_to, "In-Reply-To")
    if msg.references:
        headers["References"] = " ".join(_normalize_id(ref, "References") for ref in msg.references)
    for name, value in msg.extra_headers:
        if value.isascii() and value.isprintable():
            try:
                headers[name] = value
                str(headers[name])
            except Exception as exc:  # the stdlib parses some names (Sender, Resent-*) and may raise
                raise MailError(ErrorKind.INPUT, f"Header {name} has a value that cannot be sent") from exc
        else:
            headers[name] = _fold_tokens(name, [_encoded_words(value)], "")
    body_headers = list(message.items())
    for name in list(message.keys()):
        del message[name]
    for name, value in headers.items():
        message[name] = value
    message["MIME-Version"] = "1.0"
    for name, value in body_headers:
        if name.lower() != "mime-version":
            message[name] = value
    shown = [msg.from_, *msg.reply_to, *msg.to, *msg.cc, *(msg.bcc if keep_bcc else [])]
    utf8_headers = any(has_utf8_mailbox(address.address) for address in shown)
    data = bodies.splice(message.as_bytes(policy=UTF8_ADDRESS_POLICY if utf8_headers else WIRE_POLICY))
    body_start = data.find(b"\r\n\r\n")
    if not (data[body_start:] if utf8_headers else data).isascii():
        raise MailError(ErrorKind.BUG, "Composed message is not 7-bit clean")
    return data
