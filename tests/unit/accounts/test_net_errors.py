"""Exceptions from sockets, TLS and the protocol libraries become MailError kinds people understand."""

from __future__ import annotations

import imaplib
import poplib
import smtplib
import socket
import ssl

import pytest
from imapclient import exceptions as imap_exceptions

from qtmail.core.errors import ErrorKind, MailError
from qtmail.core.net.errors import classify_error


@pytest.mark.parametrize(
    ("exc", "kind", "words"),
    [
        (socket.gaierror(-2, "Name or service not known"), ErrorKind.NETWORK, "host not found"),
        (ConnectionRefusedError(111, "Connection refused"), ErrorKind.NETWORK, "refused"),
        (TimeoutError("timed out"), ErrorKind.NETWORK, "did not answer in time"),
        (ssl.SSLError(1, "[SSL] wrong version number"), ErrorKind.TLS, "TLS"),
        # The peer vanished inside TLS: a dropped connection (retried), not a TLS fault.
        (
            ssl.SSLEOFError(8, "EOF occurred in violation of protocol"),
            ErrorKind.NETWORK,
            "closed the connection",
        ),
        (ssl.SSLZeroReturnError(6, "TLS/SSL connection has been closed"), ErrorKind.NETWORK, "closed"),
        (
            smtplib.SMTPAuthenticationError(535, b"5.7.8 bad"),
            ErrorKind.AUTH,
            "rejected the user name or password",
        ),
        (imap_exceptions.LoginError("[AUTHENTICATIONFAILED] failed"), ErrorKind.AUTH, "rejected"),
        (smtplib.SMTPResponseException(451, b"try later"), ErrorKind.TEMPORARY, "451"),
        (smtplib.SMTPResponseException(554, b"no"), ErrorKind.REFUSED, "554"),
        (smtplib.SMTPServerDisconnected("gone"), ErrorKind.NETWORK, "closed the connection"),
        (imaplib.IMAP4.abort("socket error"), ErrorKind.NETWORK, "closed the connection"),
        (imaplib.IMAP4.error("BAD command"), ErrorKind.PROTOCOL, "BAD command"),
        (poplib.error_proto(b"-ERR nope"), ErrorKind.PROTOCOL, "-ERR nope"),
        (ConnectionResetError(104, "reset"), ErrorKind.NETWORK, "failed"),
    ],
)
def test_classification(exc: BaseException, kind: ErrorKind, words: str) -> None:
    error = classify_error(exc, "mail.example.test", 993)
    assert isinstance(error, MailError)
    assert error.kind is kind
    assert words in str(error)
    assert "mail.example.test" in str(error)


def test_certificate_verification_is_tls() -> None:
    exc = ssl.SSLCertVerificationError(1, "certificate verify failed")
    exc.verify_message = "self-signed certificate"
    error = classify_error(exc, "h.example.test")
    assert error.kind is ErrorKind.TLS
    assert "self-signed certificate" in str(error)


def test_auth_error_keeps_server_words_out_of_the_message() -> None:
    error = classify_error(smtplib.SMTPAuthenticationError(535, b"bad password hunter2"), "h")
    assert "hunter2" not in str(error)
    assert error.detail is not None and "hunter2" in error.detail
