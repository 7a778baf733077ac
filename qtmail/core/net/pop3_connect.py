"""POP3 connections (poplib subclass): implicit TLS or STLS, USER/PASS, protocol log."""

from __future__ import annotations

import poplib
import socket
import ssl

from qtmail.core.accounts import Account, ServerSettings
from qtmail.core.errors import MailError
from qtmail.core.net.common import (
    DEFAULT_TIMEOUT,
    Resolver,
    connect_socket,
    context_for,
    incoming_server,
    log_in_or_close,
    login_error,
    no_resolve,
    no_upgrade_error,
    open_connection,
    open_session,
)
from qtmail.core.net.errors import auth_error
from qtmail.core.net.protocol_log import ProtocolLog, ProtocolSession


class _LoggedPOP3(poplib.POP3):
    """poplib with a resolved connect address, optional implicit TLS and a protocol log."""

    def __init__(
        self,
        host: str,
        port: int,
        *,
        address: str,
        ssl_context: ssl.SSLContext | None,
        timeout: float,
        session: ProtocolSession | None,
    ) -> None:
        self._qt_address = address
        self._qt_context = ssl_context
        self._qt_session = session
        self._qt_last_command = b""
        self._qt_quiet = False  # inside a long response whose lines are counted, not logged
        self._qt_long_pending = False
        super().__init__(host, port, timeout=timeout)

    def _create_socket(self, timeout: float) -> socket.socket:
        return connect_socket(
            self._qt_address, self.port, timeout, context=self._qt_context, server_hostname=self.host
        )

    def _putline(self, line: bytes) -> None:
        if self._qt_session is not None:
            self._qt_session.client(line)
        self._qt_last_command = line.split(b" ", 1)[0].upper()
        super()._putline(line)  # type: ignore[misc]

    def _getline(self) -> tuple[bytes, int]:
        line, octets = super()._getline()  # type: ignore[misc]
        if self._qt_session is not None and not self._qt_quiet:
            self._qt_session.server(line)
        return line, octets

    def _getresp(self) -> bytes:
        response: bytes = super()._getresp()  # type: ignore[misc]
        if self._qt_long_pending:  # the status line of a long response is logged; its data is not
            self._qt_long_pending = False
            self._qt_quiet = True
        return response

    def _getlongresp(self) -> tuple[bytes, list[bytes], int]:
        """Messages (RETR/TOP) and listings (LIST/UIDL) appear in the log as a count, not line by line."""
        summarize = self._qt_session is not None and self._qt_last_command not in (b"CAPA", b"AUTH")
        self._qt_long_pending = summarize
        try:
            result: tuple[bytes, list[bytes], int] = super()._getlongresp()  # type: ignore[misc]
        finally:
            self._qt_long_pending = self._qt_quiet = False
        if summarize and self._qt_session is not None:
            command = self._qt_last_command.decode("ascii", "replace")
            self._qt_session.note(f"{len(result[1])} lines ({result[2]} bytes) of {command} data not shown")
        return result


def open_pop3(
    server: ServerSettings,
    *,
    account: Account | None = None,
    log: ProtocolLog | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    resolve: Resolver | None = None,
    ssl_context: ssl.SSLContext | None = None,
) -> poplib.POP3:
    """A POP3 connection, encrypted as ``server`` says, not yet logged in."""
    resolve = resolve or no_resolve
    session = open_session(log, server)
    context = context_for(server, ssl_context)
    address, port = resolve(server.host, server.port)

    def start(pop: poplib.POP3) -> None:
        if server.security == "starttls":
            try:
                capabilities = pop.capa()
            except poplib.error_proto:
                capabilities = {}
            if "STLS" not in capabilities:
                raise no_upgrade_error(server, "STLS")
            pop.stls(context=context)

    return open_connection(
        server,
        resolve,
        create=lambda: _LoggedPOP3(
            server.host,
            port,
            address=address,
            ssl_context=context if server.security == "tls" else None,
            timeout=timeout,
            session=session,
        ),
        start=start,
        close=lambda pop: pop.close(),
    )


def connect_pop3(
    account: Account,
    password: str,
    log: ProtocolLog | None = None,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    resolve: Resolver | None = None,
) -> poplib.POP3:
    """A logged-in (USER/PASS) poplib.POP3 for ``account``'s incoming server (which must be POP3)."""
    server = incoming_server(account, "pop3")
    pop = open_pop3(server, account=account, log=log, timeout=timeout, resolve=resolve)
    log_in_or_close(
        lambda: _pop_login(pop, server, password),
        pop.close,
        lambda exc: _pop_login_error(exc, server),
    )
    return pop


def _pop_login(pop: poplib.POP3, server: ServerSettings, password: str) -> None:
    pop.user(server.username)
    pop.pass_(password)


def _pop_login_error(exc: Exception, server: ServerSettings) -> MailError:
    """A refused USER/PASS (-ERR) is an authentication error carrying the server's words."""
    if isinstance(exc, poplib.error_proto):
        return auth_error(server.host, _pop_reply(exc))
    return login_error(exc, server)


def _pop_reply(exc: poplib.error_proto) -> str:
    value = exc.args[0] if exc.args else b""
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
