"""SMTP submission connections (smtplib subclasses): implicit TLS or required STARTTLS, AUTH, protocol log."""

from __future__ import annotations

import base64
import smtplib
import socket
import ssl
from typing import Any

from qtmail.core.accounts import Account, ServerSettings
from qtmail.core.errors import ErrorKind, MailError
from qtmail.core.net.common import (
    DEFAULT_TIMEOUT,
    Resolver,
    check_login_allowed,
    connect_socket,
    context_for,
    is_ascii,
    log_in_or_close,
    login_error,
    no_resolve,
    no_upgrade_error,
    non_ascii_error,
    open_connection,
    open_session,
)
from qtmail.core.net.errors import auth_error
from qtmail.core.net.protocol_log import ProtocolLog, ProtocolSession
from qtmail.core.net.tls_mode import greeting_timeout


def ehlo_name() -> str:
    """This machine's fully qualified name for EHLO, or "" when it has none worth sending."""
    try:
        name = socket.getfqdn()
    except OSError:
        return ""
    if "." not in name or name.startswith("localhost") or name.endswith(".localdomain"):
        return ""
    return name


class _LoggedSMTPMixin:
    """Protocol log for smtplib: wraps ``send`` and ``getreply``."""

    _qt_session: ProtocolSession | None
    _qt_data_next: int = 0  # 1: DATA sent, 2: 354 received, the next send is the message

    def send(self, s: Any) -> None:
        session = self._qt_session
        if session is not None:
            if self._qt_data_next == 2:
                session.client_literal(len(s))  # the message itself: only its size is logged
            else:
                session.client(s)
            command = s.encode("ascii", "replace") if isinstance(s, str) else bytes(s[:16])
            self._qt_data_next = 1 if command.strip().upper() == b"DATA" else 0
        super().send(s)  # type: ignore[misc]

    def getreply(self) -> tuple[int, bytes]:
        code, message = super().getreply()  # type: ignore[misc]
        if self._qt_data_next == 1:
            self._qt_data_next = 2 if code == 354 else 0
        if self._qt_session is not None:
            lines = message.split(b"\n") if message else [b""]
            for index, line in enumerate(lines):
                separator = "-" if index < len(lines) - 1 else " "
                self._qt_session.server(f"{code}{separator}{line.decode('utf-8', 'replace')}")
        return code, message


class _LoggedSMTP(_LoggedSMTPMixin, smtplib.SMTP):
    def __init__(
        self,
        *,
        sni_host: str,
        address: str,
        session: ProtocolSession | None,
        first_line_timeout: float | None = None,
        **kwargs: Any,
    ) -> None:
        self._qt_session = session
        self._qt_address = address
        self._qt_first_line_timeout = first_line_timeout
        super().__init__(**kwargs)
        self._host = sni_host  # what starttls() sends as SNI and checks the certificate against

    def _get_socket(self, host: str, port: int, timeout: float) -> socket.socket:
        first = timeout if self._qt_first_line_timeout is None else min(timeout, self._qt_first_line_timeout)
        return socket.create_connection((self._qt_address, port), first, self.source_address)


class _LoggedSMTP_SSL(_LoggedSMTPMixin, smtplib.SMTP_SSL):
    def __init__(
        self, *, sni_host: str, address: str, session: ProtocolSession | None, **kwargs: Any
    ) -> None:
        self._qt_session = session
        self._qt_address = address
        self._qt_sni = sni_host
        super().__init__(**kwargs)

    def _get_socket(self, host: str, port: int, timeout: float) -> socket.socket:
        return connect_socket(
            self._qt_address,
            port,
            timeout,
            context=self.context,
            server_hostname=self._qt_sni,
            source_address=self.source_address,
        )


def open_smtp(
    server: ServerSettings,
    *,
    account: Account | None = None,
    log: ProtocolLog | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    resolve: Resolver | None = None,
    ssl_context: ssl.SSLContext | None = None,
) -> smtplib.SMTP:
    """An SMTP connection after EHLO, encrypted as ``server`` says, not yet authenticated.

    With ``starttls`` a server that does not offer STARTTLS is refused.
    """
    resolve = resolve or no_resolve
    session = open_session(log, server)
    context = context_for(server, ssl_context)
    address, port = resolve(server.host, server.port)
    name = ehlo_name()

    def create() -> smtplib.SMTP:
        if server.security == "tls":
            assert context is not None
            return _LoggedSMTP_SSL(
                sni_host=server.host,
                address=address,
                session=session,
                local_hostname=name or "localhost",
                timeout=timeout,
                context=context,
            )
        return _LoggedSMTP(
            sni_host=server.host,
            address=address,
            session=session,
            first_line_timeout=greeting_timeout(server, timeout),
            local_hostname=name or "localhost",
            timeout=timeout,
        )

    def start(smtp: smtplib.SMTP) -> None:
        code, reply = smtp.connect(server.host, port)
        if smtp.sock is not None:
            smtp.sock.settimeout(timeout)  # the greeting may have had less (see greeting_timeout)
        if code != 220:
            raise smtplib.SMTPConnectError(code, reply)
        if not name:
            # No real host name: use our address literal, as RFC 5321 asks.
            local = smtp.sock.getsockname()[0] if smtp.sock is not None else "127.0.0.1"
            smtp.local_hostname = f"[IPv6:{local}]" if ":" in local else f"[{local}]"
        smtp.ehlo()
        if server.security == "starttls":
            if not smtp.has_extn("starttls"):
                raise no_upgrade_error(server, "STARTTLS")
            smtp.starttls(context=context)
            smtp.ehlo()

    return open_connection(server, resolve, create=create, start=start, close=lambda smtp: smtp.close())


def connect_smtp(
    account: Account,
    password: str,
    log: ProtocolLog | None = None,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    resolve: Resolver | None = None,
) -> smtplib.SMTP:
    """An authenticated smtplib.SMTP for ``account``'s submission server (AUTH PLAIN or LOGIN).

    A server that offers no AUTH is used without logging in (some relays on
    trusted networks); the caller sees the server's refusal at MAIL FROM.
    """
    server = account.smtp
    check_login_allowed(account, server)
    smtp = open_smtp(server, account=account, log=log, timeout=timeout, resolve=resolve)
    if smtp.has_extn("auth"):
        log_in_or_close(
            lambda: _smtp_login(smtp, server, password),
            smtp.close,
            lambda exc: _smtp_login_error(exc, server),
        )
    return smtp


def _smtp_login_error(exc: Exception, server: ServerSettings) -> MailError:
    """A refused AUTH carries the server's words; a server without a usable method is a capability gap."""
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        detail = exc.smtp_error.decode("utf-8", "replace") if isinstance(exc.smtp_error, bytes) else ""
        return auth_error(server.host, detail)
    if isinstance(exc, smtplib.SMTPException) and "authentication method" in str(exc):
        return MailError(
            ErrorKind.CAPABILITY, f"{server.host} offers no authentication method qtmail can use"
        )
    return login_error(exc, server)


def _smtp_login(smtp: smtplib.SMTP, server: ServerSettings, password: str) -> None:
    """smtplib's login (PLAIN/LOGIN), or our own UTF-8 AUTH PLAIN when the credentials are not ASCII
    (smtplib encodes them as ASCII and would fail)."""
    if is_ascii(server.username, password):
        smtp.login(server.username, password)
        return
    methods = str(smtp.esmtp_features.get("auth", "")).upper().split()
    if "PLAIN" not in methods:
        raise non_ascii_error(server)
    payload = base64.b64encode(b"\0" + server.username.encode() + b"\0" + password.encode()).decode("ascii")
    code, reply = smtp.docmd("AUTH", "PLAIN " + payload)
    if code != 235:
        raise smtplib.SMTPAuthenticationError(code, reply)
