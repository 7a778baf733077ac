"""SMTP submission of one prebuilt message, with a result per recipient.

Why not ``smtplib.SMTP.sendmail``: it hides which recipients the server took
when some were refused with 4xx and some with 5xx, it copies the whole message
twice (dot-stuffing, terminator) and it cannot check the server's SIZE limit
before the upload. Here the dialogue is MAIL FROM (with SIZE= and, when needed,
SMTPUTF8), one RCPT TO per envelope recipient (To + Cc + Bcc), then DATA streamed
from the caller's bytes without copying them.

Connections come from :mod:`qtmail.core.net.connect` (STARTTLS required unless
the account allows plaintext, certificate checks, protocol log); logging in is
pluggable through :class:`Authenticator` (password now, XOAUTH2 later).
"""

from __future__ import annotations

import re
import smtplib
import ssl
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Final, Protocol

from qtmail.core.accounts import Account
from qtmail.core.errors import ErrorKind, MailError
from qtmail.core.net.connect import (
    DEFAULT_TIMEOUT,
    Resolver,
    check_plaintext_allowed,
    connect_smtp,
    logout_quietly,
)
from qtmail.core.net.errors import classify_error
from qtmail.core.net.protocol_log import ProtocolLog

DATA_CHUNK: Final = 1 << 20  # bytes handed to the socket at a time while streaming DATA
MAX_REPLY_CHARS: Final = 300


@dataclass(frozen=True)
class RecipientResult:
    """What the server said to ``RCPT TO:<address>`` (and, if accepted, to the DATA)."""

    address: str
    accepted: bool
    code: int
    text: str

    @property
    def temporary(self) -> bool:
        """A 4xx refusal: the same recipient may work later."""
        return not self.accepted and 400 <= self.code < 500


@dataclass(frozen=True)
class SubmissionResult:
    """The outcome of one submission that reached DATA: per recipient, in envelope order."""

    recipients: tuple[RecipientResult, ...]

    @property
    def accepted(self) -> tuple[RecipientResult, ...]:
        return tuple(r for r in self.recipients if r.accepted)

    @property
    def refused(self) -> tuple[RecipientResult, ...]:
        return tuple(r for r in self.recipients if not r.accepted)


class RecipientsRefused(MailError):
    """No recipient was accepted; ``results`` says why for each (kind TEMPORARY if any was 4xx)."""

    def __init__(self, kind: ErrorKind, message: str, results: Sequence[RecipientResult]) -> None:
        super().__init__(kind, message)
        self.results = tuple(results)


class Authenticator(Protocol):
    """Opens a logged-in submission connection for an account (password now, XOAUTH2 later).

    Implementations raise MailError (AUTH when the login is refused) and must
    write the dialogue to ``log``.
    """

    def connect(
        self, account: Account, log: ProtocolLog | None, *, timeout: float, resolve: Resolver | None
    ) -> smtplib.SMTP: ...


class PasswordAuthenticator:
    """AUTH PLAIN or LOGIN with a password, through :func:`qtmail.core.net.connect.connect_smtp`
    (which refuses to send it without TLS unless the account allows plaintext)."""

    def __init__(self, password: str) -> None:
        self._password = password

    def __repr__(self) -> str:  # never show the secret
        return "<PasswordAuthenticator>"

    def connect(
        self, account: Account, log: ProtocolLog | None, *, timeout: float, resolve: Resolver | None
    ) -> smtplib.SMTP:
        return connect_smtp(account, self._password, log, timeout=timeout, resolve=resolve)


def _reply(text: bytes | str) -> str:
    value = text.decode("utf-8", "replace") if isinstance(text, bytes) else text
    return " ".join(value.split())[:MAX_REPLY_CHARS]


def _kind_for(code: int) -> ErrorKind:
    if 400 <= code < 500:
        return ErrorKind.TEMPORARY
    if code >= 500:
        return ErrorKind.REFUSED
    return ErrorKind.PROTOCOL


def needs_smtputf8(sender: str, recipients: Sequence[str], raw: bytes = b"") -> bool:
    """Whether an envelope address (a UTF-8 mailbox name; domains are punycode already) or the
    header of ``raw`` (RFC 6532 UTF-8 addresses) is not ASCII."""
    return not all(address.isascii() for address in (sender, *recipients)) or not header_block(raw).isascii()


def size_limit(smtp: smtplib.SMTP) -> int | None:
    """The server's SIZE limit in bytes (RFC 1870), or None when it announces none."""
    value = smtp.esmtp_features.get("size", "").strip()
    if not value.isdigit() or int(value) == 0:
        return None
    return int(value)


def check_size(size: int, limit: int | None, host: str) -> None:
    """Refuse before uploading a message the server has said it will not take."""
    if limit is not None and size > limit:
        raise MailError(
            ErrorKind.REFUSED,
            f"the message is {size / 1e6:.1f} MB but {host} accepts at most {limit / 1e6:.1f} MB; "
            "remove or shrink attachments",
        )


def header_block(raw: bytes) -> bytes:
    """The message's header lines (up to the first empty line); all of ``raw`` if it has no body."""
    crlf = raw.find(b"\r\n\r\n")
    bare = raw.find(b"\n\n", 0, crlf if crlf >= 0 else len(raw))  # never scans past the header
    if bare >= 0:
        return raw[: bare + 1]
    return raw[: crlf + 2] if crlf >= 0 else raw


_BCC_FIELD: Final = re.compile(rb"(?:^|\n)bcc[ \t]*:", re.IGNORECASE)


def check_no_bcc(raw: bytes) -> None:
    """Refuse bytes whose header still names the blind copies (a draft's bytes, sent by mistake).

    Every recipient would see who else got the message. Only the header block is read.
    """
    if _BCC_FIELD.search(header_block(raw)):
        raise MailError(
            ErrorKind.INPUT,
            "the message still has a Bcc header, which would show the blind copies to everyone; "
            "it was not sent",
        )


def mail_options(smtp: smtplib.SMTP, size: int, utf8: bool, host: str) -> list[str]:
    """ESMTP parameters for MAIL FROM; MailError(CAPABILITY) when SMTPUTF8 is needed but missing."""
    options: list[str] = []
    if smtp.has_extn("size"):
        options.append(f"SIZE={size}")
    if smtp.has_extn("8bitmime"):
        options.append("BODY=8BITMIME")
    if utf8:
        if not smtp.has_extn("smtputf8"):
            raise MailError(
                ErrorKind.CAPABILITY,
                f"an address has a non-ASCII mailbox name, and {host} does not offer SMTPUTF8 "
                "to carry it; use an ASCII address (the message was not sent)",
            )
        options.append("SMTPUTF8")
    return options


def dot_stuffed_chunks(raw: bytes) -> list[memoryview | bytes]:
    """The DATA payload as pieces to send in order, without copying ``raw`` when it needs no stuffing.

    Lines starting with "." get an extra "." (RFC 5321 4.5.2); the payload ends with CRLF.CRLF.
    """
    view = memoryview(raw)
    pieces: list[memoryview | bytes] = []
    start = 0
    if raw.startswith(b"."):
        pieces.append(b".")
    while True:
        hit = _next_line_dot(raw, start)
        if hit < 0:
            break
        pieces.append(view[start : hit + 1])
        pieces.append(b".")
        start = hit + 1
    pieces.append(view[start:])
    pieces.append(b".\r\n" if raw.endswith(b"\r\n") else b"\r\n.\r\n")
    return pieces


_DOT_PROBES: Final = 32


def _next_line_dot(raw: bytes, start: int) -> int:
    """Index of the next ``\\n.`` at or after ``start``, or -1.

    Why not just ``raw.find(b"\\n.")``: a two-byte search crawls through a 34 MB message
    (~25 ms), while the one-byte search for "." runs at memchr speed and base64 bodies, the
    bulk of large messages, hold no "." at all. Text full of dots falls back to the
    two-byte search after a few misses, so the cost stays linear.
    """
    for _ in range(_DOT_PROBES):
        dot = raw.find(b".", start + 1)
        if dot < 0:
            return -1
        if raw[dot - 1] == 0x0A:
            return dot - 1
        start = dot
    return raw.find(b"\n.", start)


def _send_data(
    smtp: smtplib.SMTP, raw: bytes, before_end: Callable[[], object] | None = None
) -> tuple[int, bytes]:
    """DATA with the message streamed in chunks straight to the socket; returns the final reply.

    ``before_end`` runs after the content and before the final ".": until then the server
    has taken nothing, so the caller may finish recording the message meanwhile. If it
    raises, the connection is dropped without the "." and the message is not submitted.
    The protocol log (the connection layer's session) gets "DATA", the size of the
    message and "." — never its content.
    """
    sock = smtp.sock
    if sock is None:
        raise smtplib.SMTPServerDisconnected("connection lost before DATA")
    session = getattr(smtp, "_qt_session", None)
    if session is not None:
        session.client("DATA")
    sock.sendall(b"DATA\r\n")
    code, reply = smtp.getreply()
    if code != 354:
        raise smtplib.SMTPDataError(code, reply)
    if session is not None:
        session.client_literal(len(raw))
    *content, end = dot_stuffed_chunks(raw)
    for piece in content:
        for offset in range(0, len(piece), DATA_CHUNK):
            sock.sendall(piece[offset : offset + DATA_CHUNK])
    if before_end is not None:
        try:
            before_end()
        except BaseException:
            smtp.close()  # no "." ever: the server drops the unfinished message
            raise
    sock.sendall(end)
    if session is not None:
        session.client(".")
    return smtp.getreply()


def transmit(
    smtp: smtplib.SMTP,
    raw: bytes,
    sender: str,
    recipients: Sequence[str],
    host: str,
    *,
    before_end: Callable[[], object] | None = None,
) -> SubmissionResult:
    """Run one mail transaction on an open connection; per-recipient results.

    ``before_end``: see :func:`_send_data` (runs only when the DATA is reached).

    Raises RecipientsRefused when nobody was accepted, MailError(REFUSED/TEMPORARY)
    when MAIL FROM or DATA is refused, MailError(REFUSED) for a message over SIZE,
    MailError(INPUT) for bytes that still carry a Bcc header.
    """
    if not recipients:
        raise MailError(ErrorKind.INPUT, "a message needs at least one recipient")
    check_no_bcc(raw)
    check_size(len(raw), size_limit(smtp), host)
    options = mail_options(smtp, len(raw), needs_smtputf8(sender, recipients, raw), host)
    code, reply = smtp.mail(sender, options)
    if code != 250:
        smtp.rset()
        hint = ""
        if code == 530 and smtp.has_extn("starttls") and not isinstance(smtp.sock, ssl.SSLSocket):
            hint = "; the account sends without encryption, but this server wants STARTTLS first"
        raise MailError(_kind_for(code), f"{host} refused the sender {sender}: {code} {_reply(reply)}{hint}")
    answers: list[tuple[str, int, str]] = []
    for address in recipients:
        code, reply = smtp.rcpt(address)
        answers.append((address, code, _reply(reply)))
    if not any(code in (250, 251) for _, code, _ in answers):
        smtp.rset()
        results = [RecipientResult(a, False, c, t) for a, c, t in answers]
        temporary = any(r.temporary for r in results)
        summary = "; ".join(f"{r.address}: {r.code} {r.text}" for r in results)
        raise RecipientsRefused(
            ErrorKind.TEMPORARY if temporary else ErrorKind.REFUSED,
            f"{host} refused every recipient ({summary})",
            results,
        )
    code, reply = _send_data(smtp, raw, before_end)
    if code != 250:
        raise MailError(_kind_for(code), f"{host} did not accept the message: {code} {_reply(reply)}")
    final = _reply(reply)
    return SubmissionResult(
        tuple(
            RecipientResult(a, True, code, final) if c in (250, 251) else RecipientResult(a, False, c, t)
            for a, c, t in answers
        )
    )


def port_hint(port: int, security: str) -> str | None:
    """A likely cause when a connection fails: the usual ports do not speak the security set for them."""
    if port == 465 and security != "tls":
        return "port 465 normally expects TLS from the start: set the security to TLS"
    if port in (25, 587) and security == "tls":
        return f"port {port} normally starts without TLS and upgrades: set the security to STARTTLS"
    return None


def submit(
    account: Account,
    raw: bytes,
    sender: str,
    recipients: Sequence[str],
    *,
    authenticator: Authenticator,
    log: ProtocolLog | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    resolve: Resolver | None = None,
    on_accepted: Callable[[SubmissionResult], None] | None = None,
    before_end: Callable[[], object] | None = None,
) -> SubmissionResult:
    """Connect, log in, send ``raw`` to ``recipients`` and say goodbye.

    ``on_accepted`` runs the moment the server has taken the message, before QUIT, so
    the caller can record it with the smallest possible window for a duplicate.
    ``before_end`` runs after the DATA content, before the final "." (see :func:`_send_data`):
    the outbox commits a message's row there while the upload overlapped its file's fsync.
    Every failure is a MailError: ``retryable`` ones (network, 4xx) may work later.
    """
    server = account.smtp
    check_plaintext_allowed(account, server)
    try:
        smtp = authenticator.connect(account, log, timeout=timeout, resolve=resolve)
    except MailError as exc:
        hint = port_hint(server.port, server.security)
        if hint is None or exc.kind not in (ErrorKind.NETWORK, ErrorKind.TLS):
            raise
        raise MailError(exc.kind, f"{exc.message}; {hint}", detail=exc.detail) from None
    try:
        result = transmit(smtp, raw, sender, recipients, server.host, before_end=before_end)
        if on_accepted is not None:
            on_accepted(result)
        return result
    except MailError:
        raise
    except smtplib.SMTPResponseException as exc:
        code = exc.smtp_code
        raise MailError(_kind_for(code), f"{server.host} answered {code} {_reply(exc.smtp_error)}") from None
    except ssl.SSLError as exc:
        # The handshake succeeded long ago: a TLS error now is the connection breaking off (a
        # server stopping sends no close_notify), not a trust problem. Retry it like one.
        reason = getattr(exc, "reason", None) or type(exc).__name__
        raise MailError(
            ErrorKind.NETWORK,
            f"the connection to {server.host}:{server.port} broke off during the transfer ({reason})",
        ) from None
    except Exception as exc:
        raise classify_error(exc, server.host, server.port) from None
    finally:
        logout_quietly(smtp)
