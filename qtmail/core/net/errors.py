"""Turn socket, TLS and protocol-library exceptions into MailError kinds people understand.

Messages name the host and what went wrong, never a password or AUTH payload:
server replies are quoted only for non-authentication failures, and shortened.
"""

from __future__ import annotations

import imaplib
import poplib
import smtplib
import socket
import ssl

from imapclient import exceptions as imap_exceptions

from qtmail.core.errors import ErrorKind, MailError

AUTH_REJECTED = "the server rejected the user name or password"
MAX_REPLY_CHARS = 200


def _reply_text(value: object) -> str:
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    text = " ".join(str(value).split())
    return text[:MAX_REPLY_CHARS]


def auth_error(host: str, detail: str = "") -> MailError:
    """The one message for a refused login (the server's words only in ``detail``)."""
    return MailError(ErrorKind.AUTH, f"{host}: {AUTH_REJECTED}", detail=detail or None)


def classify_error(exc: BaseException, host: str, port: int | None = None) -> MailError:
    """The MailError for an exception raised while connecting to or talking with ``host``."""
    where = f"{host}:{port}" if port else host
    if isinstance(exc, MailError):
        return exc
    if isinstance(exc, socket.gaierror):
        return MailError(ErrorKind.NETWORK, f"host not found: {host}")
    if isinstance(exc, ssl.SSLCertVerificationError):
        reason = exc.verify_message or "verification failed"
        return MailError(ErrorKind.TLS, f"the certificate of {host} is not trusted ({reason})")
    if isinstance(exc, ssl.SSLEOFError | ssl.SSLZeroReturnError | ssl.SSLSyscallError):
        # The peer went away inside TLS (no close_notify): a dropped connection, retried like
        # any other, not a TLS fault the user must fix.
        return MailError(ErrorKind.NETWORK, f"{where} closed the connection unexpectedly")
    if isinstance(exc, ssl.SSLError):
        reason = getattr(exc, "reason", None) or type(exc).__name__
        return MailError(ErrorKind.TLS, f"TLS with {where} failed ({reason})")
    if isinstance(exc, ConnectionRefusedError):
        return MailError(ErrorKind.NETWORK, f"{where} refused the connection (is the server and port right?)")
    if isinstance(exc, TimeoutError | socket.timeout):
        return MailError(ErrorKind.NETWORK, f"{where} did not answer in time")
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return auth_error(host, _reply_text(exc.smtp_error))
    if isinstance(
        exc, smtplib.SMTPServerDisconnected | imap_exceptions.IMAPClientAbortError | imaplib.IMAP4.abort
    ):
        return MailError(ErrorKind.NETWORK, f"{where} closed the connection unexpectedly")
    if isinstance(exc, smtplib.SMTPNotSupportedError):
        return MailError(ErrorKind.CAPABILITY, f"{where}: {_reply_text(exc)}")
    if isinstance(exc, smtplib.SMTPResponseException):
        code = exc.smtp_code
        kind = (
            ErrorKind.TEMPORARY
            if 400 <= code < 500
            else ErrorKind.REFUSED
            if code >= 500
            else ErrorKind.PROTOCOL
        )
        return MailError(kind, f"{where} answered {code} {_reply_text(exc.smtp_error)}")
    if isinstance(exc, smtplib.SMTPException):
        return MailError(ErrorKind.PROTOCOL, f"{where}: {_reply_text(exc)}")
    if isinstance(exc, imap_exceptions.LoginError):
        return auth_error(host, _reply_text(exc))
    if isinstance(exc, imap_exceptions.CapabilityError):
        return MailError(ErrorKind.CAPABILITY, f"{where}: {_reply_text(exc)}")
    if isinstance(exc, imap_exceptions.IMAPClientError | imaplib.IMAP4.error):
        return MailError(ErrorKind.PROTOCOL, f"{where}: {_reply_text(exc)}")
    if isinstance(exc, poplib.error_proto):
        return MailError(ErrorKind.PROTOCOL, f"{where}: {_reply_text(exc.args[0] if exc.args else exc)}")
    if isinstance(exc, ConnectionError):
        return MailError(ErrorKind.NETWORK, f"the connection to {where} failed ({type(exc).__name__})")
    if isinstance(exc, OSError):
        reason = exc.strerror or type(exc).__name__
        return MailError(ErrorKind.NETWORK, f"the connection to {where} failed ({reason})")
    return MailError(ErrorKind.PROTOCOL, f"{where}: unexpected {type(exc).__name__}")
