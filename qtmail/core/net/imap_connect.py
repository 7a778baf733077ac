"""IMAP connections (imapclient over our own imaplib subclass): TLS or STARTTLS, login, protocol log."""

from __future__ import annotations

import imaplib
import socket
import ssl
from typing import Any

from imapclient import IMAPClient

from qtmail.core.accounts import Account, ServerSettings
from qtmail.core.net.common import (
    DEFAULT_TIMEOUT,
    Resolver,
    connect_socket,
    context_for,
    incoming_server,
    is_ascii,
    log_in_or_close,
    login_error,
    no_resolve,
    no_upgrade_error,
    non_ascii_error,
    open_connection,
    open_session,
)
from qtmail.core.net.protocol_log import ProtocolLog, ProtocolSession
from qtmail.core.net.tls_mode import greeting_timeout


class _LoggedIMAP4(imaplib.IMAP4):
    """imaplib with a resolved connect address, optional implicit TLS and a protocol log."""

    def __init__(
        self,
        host: str,
        port: int,
        *,
        address: str,
        ssl_context: ssl.SSLContext | None,
        timeout: float | None,
        session: ProtocolSession | None,
    ) -> None:
        self._qt_address = address
        self._qt_context = ssl_context
        self._qt_timeout = timeout
        self._qt_session = session
        self._qt_fetches = 0
        super().__init__(host, port, timeout=timeout)

    def _create_socket(self, timeout: float | None = None) -> socket.socket:
        return connect_socket(
            self._qt_address,
            self.port,
            timeout or self._qt_timeout,
            context=self._qt_context,
            server_hostname=self.host,
        )

    def send(self, data: Any) -> None:
        session = self._qt_session
        if session is not None:
            data = bytes(data)
            session.client_imap(data)  # literals (also LITERAL+ inline ones) logged as sizes only
        super().send(data)

    def readline(self) -> bytes:
        line = super().readline()
        session = self._qt_session
        if session is None:
            return line
        # Untagged FETCH responses (and their literal tails) are counted, not logged: a sync
        # of thousands of messages keeps the log short and fast.
        if line.startswith(b"* ") and b" FETCH " in line[:48]:
            self._qt_fetches += 1
            return line
        tag: bytes = getattr(self, "tagpre", b"")  # bytes at run time, whatever the stubs say
        if self._qt_fetches and not line.startswith((b"* ", b"+", tag)):
            return line  # the rest of a FETCH response after a literal
        if self._qt_fetches:
            session.note(f"{self._qt_fetches} untagged FETCH responses not shown")
            self._qt_fetches = 0
        session.server(line)
        return line

    def read(self, size: int) -> bytes:
        data = super().read(size)
        if self._qt_session is not None and not self._qt_fetches:
            self._qt_session.server_literal(len(data))
        return data


class QtmailIMAPClient(IMAPClient):  # type: ignore[misc]
    """IMAPClient that connects through :class:`_LoggedIMAP4` (resolver, TLS context, protocol log)."""

    def __init__(
        self,
        server: ServerSettings,
        *,
        ssl_context: ssl.SSLContext | None,
        timeout: float,
        resolve: Resolver,
        session: ProtocolSession | None,
    ) -> None:
        self._qt_server = server
        self._qt_resolve = resolve
        self._qt_session = session
        self._qt_implicit_context = ssl_context if server.security == "tls" else None
        super().__init__(server.host, port=server.port, ssl=False, timeout=timeout)
        self.ssl = server.security == "tls"
        # imapclient formats every line for its debug logger; our protocol log replaces that.
        self._imap.debug = 0

    def _create_IMAP4(self) -> imaplib.IMAP4:
        address, port = self._qt_resolve(self._qt_server.host, self._qt_server.port)
        connect_timeout = getattr(self._timeout, "connect", None)
        if connect_timeout is not None:
            # Until the greeting; IMAPClient then sets its read timeout on the socket.
            connect_timeout = greeting_timeout(self._qt_server, connect_timeout)
        return _LoggedIMAP4(
            self._qt_server.host,
            port,
            address=address,
            ssl_context=self._qt_implicit_context,
            timeout=connect_timeout,
            session=self._qt_session,
        )


def open_imap(
    server: ServerSettings,
    *,
    account: Account | None = None,
    log: ProtocolLog | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    resolve: Resolver | None = None,
    ssl_context: ssl.SSLContext | None = None,
) -> IMAPClient:
    """An IMAP connection, encrypted as ``server`` says, not yet logged in."""
    resolve = resolve or no_resolve
    session = open_session(log, server)
    context = context_for(server, ssl_context)

    def start(client: IMAPClient) -> None:
        if server.security == "starttls":
            if b"STARTTLS" not in client.capabilities():
                raise no_upgrade_error(server, "STARTTLS")
            client.starttls(context)

    return open_connection(
        server,
        resolve,
        create=lambda: QtmailIMAPClient(
            server, ssl_context=context, timeout=timeout, resolve=resolve, session=session
        ),
        start=start,
        close=lambda client: client.shutdown(),
    )


def connect_imap(
    account: Account,
    password: str,
    log: ProtocolLog | None = None,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    resolve: Resolver | None = None,
) -> IMAPClient:
    """A logged-in IMAPClient for ``account``'s incoming server (which must be IMAP)."""
    server = incoming_server(account, "imap")
    client = open_imap(server, account=account, log=log, timeout=timeout, resolve=resolve)
    log_in_or_close(
        lambda: _imap_login(client, server, password),
        client.shutdown,
        lambda exc: login_error(exc, server),
    )
    return client


def _imap_login(client: IMAPClient, server: ServerSettings, password: str) -> None:
    """LOGIN, or AUTHENTICATE PLAIN (UTF-8) when the credentials are not ASCII."""
    if is_ascii(server.username, password):
        client.login(server.username, password)
    elif b"AUTH=PLAIN" in client.capabilities():
        client.plain_login(server.username, password)
    else:
        raise non_ascii_error(server)
