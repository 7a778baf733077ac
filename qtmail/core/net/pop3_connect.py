"""POP3 connections (poplib subclass): implicit TLS or STLS, APOP or USER/PASS, protocol log.

Login policy (:func:`login_methods`): APOP first when the greeting offers it (a
``<...@...>`` timestamp), because then the password itself never travels, only an
MD5 digest of it; USER/PASS when APOP is not offered, or as the fallback when the
server refuses APOP (a server that keeps only hashed passwords announces APOP and
still cannot check it). USER/PASS sends the password as it is, so it is only used
inside TLS, or in the clear when the account explicitly allows plaintext. APOP's MD5
digest only hides the password from a passive listener, so it never replaces TLS:
a server without TLS still needs the account to allow plaintext.
"""

from __future__ import annotations

import poplib
import re
import socket
import ssl
from typing import Final, Literal

from qtmail.core.accounts import Account, ServerSettings
from qtmail.core.errors import ErrorKind, MailError
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
from qtmail.core.net.tls_mode import greeting_timeout

LoginMethod = Literal["apop", "user"]

# poplib refuses lines over 2048 bytes, but real mail has longer ones (unwrapped HTML, long
# base64 without breaks): one such message would stop every later download. The whole message
# is in memory anyway; this bound only stops a runaway server.
MAX_LINE_BYTES: Final = 64 * 1024 * 1024

# RFC 1939 section 7: APOP is offered by a msg-id "<process-ID.clock@hostname>" in the greeting.
# The first such token counts; poplib's own pattern takes everything from the first "<" to the
# last ">", which digests the wrong text when the greeting has other angle brackets.
APOP_TIMESTAMP: Final = re.compile(rb"\+OK.*?(<[^<>\s]+@[^<>\s]+>)")
GREETING_BYTES: Final = 1024  # RFC 1939 allows 512; a longer greeting is not searched further


def apop_timestamp(welcome: bytes) -> bytes | None:
    """The APOP timestamp of a POP3 greeting, or None when the server does not offer APOP."""
    match = APOP_TIMESTAMP.match(welcome[:GREETING_BYTES])
    return match.group(1) if match else None


def login_methods(
    welcome: bytes, username: str, *, encrypted: bool, allow_plaintext: bool
) -> tuple[LoginMethod, ...]:
    """The logins to try, in order (see the module docstring); empty when none may be used.

    APOP is skipped for a user name with white space, which its command line cannot carry.
    """
    methods: list[LoginMethod] = []
    if apop_timestamp(welcome) is not None and username and not any(ch.isspace() for ch in username):
        methods.append("apop")
    if encrypted or allow_plaintext:
        methods.append("user")
    return tuple(methods)


# What an established TLS connection raises when the peer vanishes without a TLS goodbye.
_TLS_CLOSED: Final = (ssl.SSLEOFError, ssl.SSLZeroReturnError)


class _LoggedPOP3(poplib.POP3):
    """poplib with a resolved connect address, optional implicit TLS and a protocol log."""

    # What poplib.POP3.apop() digests (typeshed says Pattern[str]; poplib matches it on bytes).
    timestamp = APOP_TIMESTAMP  # type: ignore[assignment]

    def __init__(
        self,
        host: str,
        port: int,
        *,
        address: str,
        ssl_context: ssl.SSLContext | None,
        timeout: float,
        session: ProtocolSession | None,
        first_line_timeout: float | None = None,
    ) -> None:
        self._qt_address = address
        self._qt_context = ssl_context
        self._qt_session = session
        self._qt_last_command = b""
        self._qt_quiet = False  # inside a long response whose lines are counted, not logged
        self._qt_long_pending = False
        # The greeting may get less time (see tls_mode.greeting_timeout); the rest gets ``timeout``.
        try:
            super().__init__(
                host, port, timeout=timeout if first_line_timeout is None else first_line_timeout
            )
        except BaseException:
            # poplib leaves its socket (and the file reading it) open when the greeting never comes.
            for opened in (getattr(self, "file", None), getattr(self, "sock", None)):
                if opened is not None:
                    opened.close()
            raise
        self.timeout = timeout
        self.sock.settimeout(timeout)

    def _create_socket(self, timeout: float) -> socket.socket:
        return connect_socket(
            self._qt_address, self.port, timeout, context=self._qt_context, server_hostname=self.host
        )

    def _putline(self, line: bytes) -> None:
        if self._qt_session is not None:
            self._qt_session.client(line)
        self._qt_last_command = line.split(b" ", 1)[0].upper()
        try:
            super()._putline(line)  # type: ignore[misc]
        except _TLS_CLOSED:
            raise self._closed() from None

    def _getline(self) -> tuple[bytes, int]:
        """One line without its CRLF (or bare LF), and its length on the wire; see MAX_LINE_BYTES."""
        try:
            raw: bytes = self.file.readline(MAX_LINE_BYTES + 1)
        except _TLS_CLOSED:
            raise self._closed() from None
        if len(raw) > MAX_LINE_BYTES:
            raise poplib.error_proto("-ERR line too long")
        if not raw:
            raise self._closed()
        line = raw[:-1] if raw.endswith(b"\n") else raw
        if line.endswith(b"\r"):
            line = line[:-1]
        octets = len(raw)
        if self._qt_session is not None and not self._qt_quiet:
            self._qt_session.server(line)
        return line, octets

    def _closed(self) -> MailError:
        """A connection gone mid-session (EOF, or TLS ended without notice) is a network failure,
        worth retrying, not a TLS or protocol fault."""
        return MailError(ErrorKind.NETWORK, f"{self.host}:{self.port} closed the connection unexpectedly")

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
            first_line_timeout=greeting_timeout(server, timeout),
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
    """A logged-in poplib.POP3 (APOP or USER/PASS, see :func:`login_methods`) for ``account``'s
    incoming server (which must be POP3)."""
    server = incoming_server(account, "pop3")
    pop = open_pop3(server, account=account, log=log, timeout=timeout, resolve=resolve)

    def log_in() -> None:
        methods = login_methods(
            pop.getwelcome(),
            server.username,
            encrypted=isinstance(pop.sock, ssl.SSLSocket),
            allow_plaintext=account.allow_plaintext,
        )
        _pop_login(pop, server, password, methods)

    log_in_or_close(log_in, pop.close, lambda exc: _pop_login_error(exc, server))
    return pop


def _pop_login(
    pop: poplib.POP3, server: ServerSettings, password: str, methods: tuple[LoginMethod, ...]
) -> None:
    """Log in with the first method the server accepts; raise the last refusal (poplib.error_proto)."""
    if "apop" in methods:
        try:
            pop.apop(server.username, password)
            return
        except poplib.error_proto as refusal:
            if "user" not in methods:
                raise
            _user_pass_after_apop(pop, server.username, password, refusal)
            return
        except ValueError:
            if "user" not in methods:  # no MD5 here (a FIPS build); nothing was sent
                raise MailError(ErrorKind.CAPABILITY, f"{server.host}: APOP is unavailable here") from None
    if "user" not in methods:
        raise MailError(
            ErrorKind.TLS,
            f"{server.host} would get the password without encryption; "
            "allow plaintext for this account to do that",
        )
    _user_pass(pop, server.username, password)


def _user_pass(pop: poplib.POP3, username: str, password: str) -> None:
    pop.user(username)
    pop.pass_(password)


def _user_pass_after_apop(
    pop: poplib.POP3, username: str, password: str, refusal: poplib.error_proto
) -> None:
    """USER/PASS once APOP was refused; a server that hung up on the refusal reports that refusal."""
    try:
        _user_pass(pop, username, password)
    except OSError:
        raise refusal from None
    except MailError as exc:
        if exc.kind is ErrorKind.NETWORK:  # closed: see _LoggedPOP3._closed
            raise refusal from None
        raise


def _pop_login_error(exc: Exception, server: ServerSettings) -> MailError:
    """A refused APOP or USER/PASS (-ERR) is an authentication error carrying the server's words."""
    if isinstance(exc, poplib.error_proto):
        return auth_error(server.host, _pop_reply(exc))
    return login_error(exc, server)


def _pop_reply(exc: poplib.error_proto) -> str:
    value = exc.args[0] if exc.args else b""
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
