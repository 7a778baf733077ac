"""What the IMAP, POP3 and SMTP connectors share: resolving, TLS context, policy checks, errors."""

from __future__ import annotations

import socket
import ssl
from collections.abc import Callable
from typing import Any, Final, TypeVar

from qtmail.core.accounts import Account, Protocol, ServerSettings
from qtmail.core.errors import ErrorKind, MailError
from qtmail.core.net.errors import auth_error, classify_error
from qtmail.core.net.protocol_log import ProtocolLog, ProtocolSession
from qtmail.core.net.tls import fetch_certificate_fingerprint, make_ssl_context, untrusted_certificate_error
from qtmail.core.net.tls_mode import wrong_mode_error

DEFAULT_TIMEOUT: Final = 30.0
Connection = TypeVar("Connection")
# (host, port) -> (address, port): lets tests reach loopback while the host name stays the account's.
Resolver = Callable[[str, int], tuple[str, int]]


def no_resolve(host: str, port: int) -> tuple[str, int]:
    return host, port


def check_auth_supported(server: ServerSettings) -> None:
    """Only password logins exist so far; say so clearly for anything else."""
    if server.auth != "password":
        raise MailError(
            ErrorKind.CAPABILITY, f"{server.host}: sign-in method {server.auth!r} is not supported yet"
        )


def check_plaintext_allowed(account: Account | None, server: ServerSettings) -> None:
    """Refuse a server without TLS unless the account explicitly allows plaintext."""
    if server.security == "none" and not (account is not None and account.allow_plaintext):
        raise MailError(
            ErrorKind.TLS,
            f"{server.host} would get the password without encryption; "
            "allow plaintext for this account to do that",
        )


def check_login_allowed(account: Account, server: ServerSettings) -> None:
    """Both checks made before any password is sent to ``server``."""
    check_auth_supported(server)
    check_plaintext_allowed(account, server)


def incoming_server(account: Account, protocol: Protocol) -> ServerSettings:
    """``account``'s incoming server, which must speak ``protocol`` and may be logged in to."""
    server = account.incoming
    if server.protocol != protocol:
        raise MailError(
            ErrorKind.CONFIG, f"the incoming server of {account.name!r} is not {protocol.upper()}"
        )
    check_login_allowed(account, server)
    return server


def untrusted_with_fingerprint(
    exc: ssl.SSLCertVerificationError, server: ServerSettings, resolve: Resolver
) -> MailError:
    """A failed verification as MailError(TLS) naming the certificate's fingerprint (read on a
    second connection, since the failed handshake keeps no certificate), so the user can trust it."""
    address, port = resolve(server.host, server.port)
    try:
        fingerprint: str | None = fetch_certificate_fingerprint(
            server.host, port, server.security, protocol=server.protocol, timeout=10.0, connect_host=address
        )
    except MailError:
        fingerprint = None
    return untrusted_certificate_error(server.host, fingerprint, exc.verify_message or "")


def classified_error(exc: BaseException, server: ServerSettings, resolve: Resolver) -> MailError:
    """The MailError for a failure while opening a connection to ``server``."""
    if isinstance(exc, ssl.SSLCertVerificationError):
        return untrusted_with_fingerprint(exc, server, resolve)
    return classify_error(exc, server.host, server.port)


def context_for(server: ServerSettings, override: ssl.SSLContext | None) -> ssl.SSLContext | None:
    if server.security == "none":
        return None
    return override if override is not None else make_ssl_context(server)


def open_session(log: ProtocolLog | None, server: ServerSettings) -> ProtocolSession | None:
    if log is None:
        return None
    return log.session(f"{server.protocol} {server.host}:{server.port}")


def is_ascii(*texts: str) -> bool:
    return all(text.isascii() for text in texts)


def non_ascii_error(server: ServerSettings) -> MailError:
    return MailError(
        ErrorKind.AUTH,
        f"{server.host}: the user name or password has non-ASCII characters, "
        "and the server offers no login method (AUTH PLAIN) that can carry them",
    )


def login_error(exc: Exception, server: ServerSettings) -> MailError:
    error = classify_error(exc, server.host, server.port)
    if error.kind is ErrorKind.PROTOCOL:
        # imapclient reports a refused LOGIN as LoginError, but some servers answer NO/BAD otherwise.
        return auth_error(server.host, error.message)
    return error


def quietly(close: Callable[[], object]) -> None:
    try:
        close()
    except Exception:  # the connection is going away anyway; the original error matters
        return


def no_upgrade_error(server: ServerSettings, command: str) -> MailError:
    """The refusal when a server asked to use STARTTLS (STLS for POP3) does not offer it."""
    return MailError(
        ErrorKind.TLS,
        f"{server.host} does not offer {command}; refusing to send the password in the clear",
    )


def open_connection(
    server: ServerSettings,
    resolve: Resolver,
    create: Callable[[], Connection],
    start: Callable[[Connection], object],
    close: Callable[[Connection], object],
) -> Connection:
    """``create()`` a connection and ``start()`` it (greeting, STARTTLS...); on any failure close it
    quietly and raise a MailError, so each protocol only says how to open, upgrade and close.
    A failure that comes from the wrong TLS mode for the port says so (:mod:`.tls_mode`)."""
    connection: Connection | None = None
    try:
        connection = create()
        start(connection)
        return connection
    except BaseException as exc:
        if connection is not None:
            opened = connection
            quietly(lambda: close(opened))
        if isinstance(exc, Exception):
            mix_up = wrong_mode_error(exc, server, resolve)
            if mix_up is not None:
                raise mix_up from None
        if isinstance(exc, MailError):
            raise
        if isinstance(exc, Exception):
            raise classified_error(exc, server, resolve) from None
        raise


def log_in_or_close(
    login: Callable[[], object],
    close: Callable[[], object],
    error_for: Callable[[Exception], MailError],
) -> None:
    """Run ``login()``; on failure close the connection quietly and raise ``error_for(exc)``."""
    try:
        login()
    except BaseException as exc:
        quietly(close)
        if isinstance(exc, Exception):
            raise error_for(exc) from None
        raise


def connect_socket(
    address: str,
    port: int,
    timeout: float | None,
    *,
    context: ssl.SSLContext | None,
    server_hostname: str,
    source_address: Any = None,  # whatever socket.create_connection takes (smtplib passes its own)
) -> socket.socket:
    """A TCP connection to ``address`` wrapped in TLS when ``context`` is given; the certificate is
    checked against ``server_hostname`` (the account's host), not the resolved address."""
    sock = socket.create_connection((address, port), timeout, source_address)
    if context is None:
        return sock
    try:
        return context.wrap_socket(sock, server_hostname=server_hostname)
    except BaseException:
        sock.close()
        raise
