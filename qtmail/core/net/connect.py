"""Open logged-in IMAP, POP3 and SMTP connections the way an account says.

Every connection: implicit TLS or STARTTLS per ``ServerSettings.security``,
certificates checked by :func:`qtmail.core.net.tls.make_ssl_context`, a
timeout, the dialogue written to an optional :class:`ProtocolLog`, and
failures turned into MailError kinds (:mod:`qtmail.core.net.errors`). The
password is never sent over an unencrypted connection unless the account
allows plaintext.

``resolve`` (a callable ``(host, port) -> (address, port)``) lets tests and
autoconfiguration reach a loopback server while the host name stays what the
account says (for SNI and certificate checks).
"""

from __future__ import annotations

import base64
import imaplib
import poplib
import re
import smtplib
import socket
import ssl
from collections.abc import Callable
from typing import Any, Final

from imapclient import IMAPClient

from qtmail.core.accounts import Account, ServerSettings
from qtmail.core.errors import ErrorKind, MailError
from qtmail.core.net.errors import auth_error, classify_error
from qtmail.core.net.protocol_log import ProtocolLog, ProtocolSession
from qtmail.core.net.tls import fetch_certificate_fingerprint, make_ssl_context, untrusted_certificate_error

DEFAULT_TIMEOUT: Final = 30.0
Resolver = Callable[[str, int], tuple[str, int]]

_LITERAL_END = re.compile(rb"\{(\d+)\+?\}\r\n$")


def _no_resolve(host: str, port: int) -> tuple[str, int]:
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


def _raise_certificate_error(
    exc: ssl.SSLCertVerificationError, server: ServerSettings, resolve: Resolver
) -> None:
    """Re-raise a failed verification with the certificate's fingerprint, so the user can trust it."""
    address, port = resolve(server.host, server.port)
    try:
        fingerprint = fetch_certificate_fingerprint(
            server.host, port, server.security, protocol=server.protocol, timeout=10.0, connect_host=address
        )
    except MailError:
        fingerprint = None
    raise untrusted_certificate_error(server.host, fingerprint, exc.verify_message or "") from None


def _classified(exc: BaseException, server: ServerSettings, resolve: Resolver) -> MailError:
    if isinstance(exc, ssl.SSLCertVerificationError):
        try:
            _raise_certificate_error(exc, server, resolve)
        except MailError as error:
            return error
    return classify_error(exc, server.host, server.port)


def _context_for(server: ServerSettings, override: ssl.SSLContext | None) -> ssl.SSLContext | None:
    if server.security == "none":
        return None
    return override if override is not None else make_ssl_context(server)


def _session(log: ProtocolLog | None, server: ServerSettings) -> ProtocolSession | None:
    if log is None:
        return None
    return log.session(f"{server.protocol} {server.host}:{server.port}")


# ---------------------------------------------------------------- IMAP


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
        self._qt_literal_next = False
        self._qt_fetches = 0
        super().__init__(host, port, timeout=timeout)

    def _create_socket(self, timeout: float | None = None) -> socket.socket:
        sock = socket.create_connection((self._qt_address, self.port), timeout or self._qt_timeout)
        if self._qt_context is None:
            return sock
        try:
            return self._qt_context.wrap_socket(sock, server_hostname=self.host)
        except BaseException:
            sock.close()
            raise

    def send(self, data: Any) -> None:
        session = self._qt_session
        if session is not None:
            data = bytes(data)
            if self._qt_literal_next:
                session.client_literal(len(data))
                self._qt_literal_next = False
            elif data != b"\r\n":
                session.client(data)
                self._qt_literal_next = _LITERAL_END.search(data) is not None
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
    resolve = resolve or _no_resolve
    session = _session(log, server)
    context = _context_for(server, ssl_context)
    client: IMAPClient | None = None
    try:
        client = QtmailIMAPClient(
            server, ssl_context=context, timeout=timeout, resolve=resolve, session=session
        )
        if server.security == "starttls":
            if b"STARTTLS" not in client.capabilities():
                raise MailError(
                    ErrorKind.TLS,
                    f"{server.host} does not offer STARTTLS; refusing to send the password in the clear",
                )
            client.starttls(context)
        return client
    except BaseException as exc:
        if client is not None:
            _quietly(client.shutdown)
        if isinstance(exc, MailError):
            raise
        if isinstance(exc, Exception):
            raise _classified(exc, server, resolve) from None
        raise


def connect_imap(
    account: Account,
    password: str,
    log: ProtocolLog | None = None,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    resolve: Resolver | None = None,
) -> IMAPClient:
    """A logged-in IMAPClient for ``account``'s incoming server (which must be IMAP)."""
    server = account.incoming
    if server.protocol != "imap":
        raise MailError(ErrorKind.CONFIG, f"the incoming server of {account.name!r} is not IMAP")
    check_auth_supported(server)
    check_plaintext_allowed(account, server)
    client = open_imap(server, account=account, log=log, timeout=timeout, resolve=resolve)
    try:
        _imap_login(client, server, password)
    except BaseException as exc:
        _quietly(client.shutdown)
        if isinstance(exc, Exception):
            raise _login_error(exc, server) from None
        raise
    return client


# ---------------------------------------------------------------- POP3


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
        super().__init__(host, port, timeout=timeout)

    def _create_socket(self, timeout: float) -> socket.socket:
        sock = socket.create_connection((self._qt_address, self.port), timeout)
        if self._qt_context is None:
            return sock
        try:
            return self._qt_context.wrap_socket(sock, server_hostname=self.host)
        except BaseException:
            sock.close()
            raise

    def _putline(self, line: bytes) -> None:
        if self._qt_session is not None:
            self._qt_session.client(line)
        super()._putline(line)  # type: ignore[misc]

    def _getline(self) -> tuple[bytes, int]:
        line, octets = super()._getline()  # type: ignore[misc]
        if self._qt_session is not None:
            self._qt_session.server(line)
        return line, octets


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
    resolve = resolve or _no_resolve
    session = _session(log, server)
    context = _context_for(server, ssl_context)
    address, port = resolve(server.host, server.port)
    pop: poplib.POP3 | None = None
    try:
        pop = _LoggedPOP3(
            server.host,
            port,
            address=address,
            ssl_context=context if server.security == "tls" else None,
            timeout=timeout,
            session=session,
        )
        if server.security == "starttls":
            try:
                capabilities = pop.capa()
            except poplib.error_proto:
                capabilities = {}
            if "STLS" not in capabilities:
                raise MailError(
                    ErrorKind.TLS,
                    f"{server.host} does not offer STLS; refusing to send the password in the clear",
                )
            pop.stls(context=context)
        return pop
    except BaseException as exc:
        if pop is not None:
            _quietly(pop.close)
        if isinstance(exc, MailError):
            raise
        if isinstance(exc, Exception):
            raise _classified(exc, server, resolve) from None
        raise


def connect_pop3(
    account: Account,
    password: str,
    log: ProtocolLog | None = None,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    resolve: Resolver | None = None,
) -> poplib.POP3:
    """A logged-in (USER/PASS) poplib.POP3 for ``account``'s incoming server (which must be POP3)."""
    server = account.incoming
    if server.protocol != "pop3":
        raise MailError(ErrorKind.CONFIG, f"the incoming server of {account.name!r} is not POP3")
    check_auth_supported(server)
    check_plaintext_allowed(account, server)
    pop = open_pop3(server, account=account, log=log, timeout=timeout, resolve=resolve)
    try:
        pop.user(server.username)
        pop.pass_(password)
    except BaseException as exc:
        _quietly(pop.close)
        if isinstance(exc, poplib.error_proto):
            raise auth_error(server.host, _pop_reply(exc)) from None
        if isinstance(exc, Exception):
            raise _login_error(exc, server) from None
        raise
    return pop


def _pop_reply(exc: poplib.error_proto) -> str:
    value = exc.args[0] if exc.args else b""
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


# ---------------------------------------------------------------- SMTP


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
        self, *, sni_host: str, address: str, session: ProtocolSession | None, **kwargs: Any
    ) -> None:
        self._qt_session = session
        self._qt_address = address
        super().__init__(**kwargs)
        self._host = sni_host  # what starttls() sends as SNI and checks the certificate against

    def _get_socket(self, host: str, port: int, timeout: float) -> socket.socket:
        return socket.create_connection((self._qt_address, port), timeout, self.source_address)


class _LoggedSMTP_SSL(_LoggedSMTPMixin, smtplib.SMTP_SSL):
    def __init__(
        self, *, sni_host: str, address: str, session: ProtocolSession | None, **kwargs: Any
    ) -> None:
        self._qt_session = session
        self._qt_address = address
        self._qt_sni = sni_host
        super().__init__(**kwargs)

    def _get_socket(self, host: str, port: int, timeout: float) -> socket.socket:
        sock = socket.create_connection((self._qt_address, port), timeout, self.source_address)
        try:
            return self.context.wrap_socket(sock, server_hostname=self._qt_sni)
        except BaseException:
            sock.close()
            raise


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
    resolve = resolve or _no_resolve
    session = _session(log, server)
    context = _context_for(server, ssl_context)
    address, port = resolve(server.host, server.port)
    name = ehlo_name()
    smtp: smtplib.SMTP | None = None
    try:
        if server.security == "tls":
            assert context is not None
            smtp = _LoggedSMTP_SSL(
                sni_host=server.host,
                address=address,
                session=session,
                local_hostname=name or "localhost",
                timeout=timeout,
                context=context,
            )
        else:
            smtp = _LoggedSMTP(
                sni_host=server.host,
                address=address,
                session=session,
                local_hostname=name or "localhost",
                timeout=timeout,
            )
        code, reply = smtp.connect(server.host, port)
        if code != 220:
            raise smtplib.SMTPConnectError(code, reply)
        if not name:
            # No real host name: use our address literal, as RFC 5321 asks.
            local = smtp.sock.getsockname()[0] if smtp.sock is not None else "127.0.0.1"
            smtp.local_hostname = f"[IPv6:{local}]" if ":" in local else f"[{local}]"
        smtp.ehlo()
        if server.security == "starttls":
            if not smtp.has_extn("starttls"):
                raise MailError(
                    ErrorKind.TLS,
                    f"{server.host} does not offer STARTTLS; refusing to send the password in the clear",
                )
            smtp.starttls(context=context)
            smtp.ehlo()
        return smtp
    except BaseException as exc:
        if smtp is not None:
            _quietly(smtp.close)
        if isinstance(exc, MailError):
            raise
        if isinstance(exc, Exception):
            raise _classified(exc, server, resolve) from None
        raise


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
    check_auth_supported(server)
    check_plaintext_allowed(account, server)
    smtp = open_smtp(server, account=account, log=log, timeout=timeout, resolve=resolve)
    try:
        if smtp.has_extn("auth"):
            _smtp_login(smtp, server, password)
    except BaseException as exc:
        _quietly(smtp.close)
        if isinstance(exc, smtplib.SMTPAuthenticationError):
            detail = exc.smtp_error.decode("utf-8", "replace") if isinstance(exc.smtp_error, bytes) else ""
            raise auth_error(server.host, detail) from None
        if isinstance(exc, smtplib.SMTPException) and "authentication method" in str(exc):
            raise MailError(
                ErrorKind.CAPABILITY, f"{server.host} offers no authentication method qtmail can use"
            ) from None
        if isinstance(exc, Exception):
            raise _login_error(exc, server) from None
        raise
    return smtp


# ---------------------------------------------------------------- shared


def _is_ascii(*texts: str) -> bool:
    return all(text.isascii() for text in texts)


def _non_ascii_error(server: ServerSettings) -> MailError:
    return MailError(
        ErrorKind.AUTH,
        f"{server.host}: the user name or password has non-ASCII characters, "
        "and the server offers no login method (AUTH PLAIN) that can carry them",
    )


def _imap_login(client: IMAPClient, server: ServerSettings, password: str) -> None:
    """LOGIN, or AUTHENTICATE PLAIN (UTF-8) when the credentials are not ASCII."""
    if _is_ascii(server.username, password):
        client.login(server.username, password)
    elif b"AUTH=PLAIN" in client.capabilities():
        client.plain_login(server.username, password)
    else:
        raise _non_ascii_error(server)


def _smtp_login(smtp: smtplib.SMTP, server: ServerSettings, password: str) -> None:
    """smtplib's login (PLAIN/LOGIN), or our own UTF-8 AUTH PLAIN when the credentials are not ASCII
    (smtplib encodes them as ASCII and would fail)."""
    if _is_ascii(server.username, password):
        smtp.login(server.username, password)
        return
    methods = str(smtp.esmtp_features.get("auth", "")).upper().split()
    if "PLAIN" not in methods:
        raise _non_ascii_error(server)
    payload = base64.b64encode(b"\0" + server.username.encode() + b"\0" + password.encode()).decode("ascii")
    code, reply = smtp.docmd("AUTH", "PLAIN " + payload)
    if code != 235:
        raise smtplib.SMTPAuthenticationError(code, reply)


def _login_error(exc: Exception, server: ServerSettings) -> MailError:
    error = classify_error(exc, server.host, server.port)
    if error.kind is ErrorKind.PROTOCOL:
        # imapclient reports a refused LOGIN as LoginError, but some servers answer NO/BAD otherwise.
        return auth_error(server.host, error.message)
    return error


def _quietly(close: Callable[[], object]) -> None:
    try:
        close()
    except Exception:  # the connection is going away anyway; the original error matters
        return


def logout_quietly(connection: IMAPClient | poplib.POP3 | smtplib.SMTP) -> None:
    """Say goodbye if the server still listens; never raises."""
    if isinstance(connection, IMAPClient):
        _quietly(connection.logout)
        _quietly(connection.shutdown)
    elif isinstance(connection, poplib.POP3):
        _quietly(connection.quit)
        _quietly(connection.close)
    else:
        _quietly(connection.quit)
        _quietly(connection.close)


def verify_account(
    account: Account,
    incoming_password: str,
    smtp_password: str | None = None,
    log: ProtocolLog | None = None,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    resolve: Resolver | None = None,
) -> None:
    """Log in to the incoming and the SMTP server, then log out; MailError says which failed and why.

    ``smtp_password`` defaults to the incoming one. The error message starts
    with "incoming server" or "outgoing server" so the user knows which.
    """
    checks: list[tuple[str, Callable[[], IMAPClient | poplib.POP3 | smtplib.SMTP]]] = [
        (
            "incoming server",
            lambda: (connect_imap if account.incoming.protocol == "imap" else connect_pop3)(
                account, incoming_password, log, timeout=timeout, resolve=resolve
            ),
        ),
        (
            "outgoing server",
            lambda: connect_smtp(
                account,
                incoming_password if smtp_password is None else smtp_password,
                log,
                timeout=timeout,
                resolve=resolve,
            ),
        ),
    ]
    for label, connect in checks:
        try:
            connection = connect()
        except MailError as exc:
            raise MailError(exc.kind, f"{label}: {exc.message}", detail=exc.detail) from None
        logout_quietly(connection)
