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

import poplib
import smtplib
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from imapclient import IMAPClient

from qtmail.core.accounts import Account
from qtmail.core.errors import MailError
from qtmail.core.net.common import (
    DEFAULT_TIMEOUT,
    Resolver,
    check_auth_supported,
    check_plaintext_allowed,
    quietly,
)
from qtmail.core.net.errors import classify_error
from qtmail.core.net.imap_connect import QtmailIMAPClient, connect_imap, open_imap
from qtmail.core.net.pop3_connect import connect_pop3, open_pop3
from qtmail.core.net.protocol_log import ProtocolLog
from qtmail.core.net.smtp_connect import connect_smtp, ehlo_name, open_smtp

__all__ = [
    "DEFAULT_TIMEOUT",
    "QtmailIMAPClient",
    "Resolver",
    "check_auth_supported",
    "check_plaintext_allowed",
    "connect_imap",
    "connect_pop3",
    "connect_smtp",
    "ehlo_name",
    "imap_session_for",
    "logout_quietly",
    "open_imap",
    "open_pop3",
    "open_smtp",
    "verify_account",
]


def logout_quietly(connection: IMAPClient | poplib.POP3 | smtplib.SMTP) -> None:
    """Say goodbye if the server still listens; never raises."""
    if isinstance(connection, IMAPClient):
        quietly(connection.logout)
        quietly(connection.shutdown)
    else:  # POP3 and SMTP both say QUIT, then close
        quietly(connection.quit)
        quietly(connection.close)


@contextmanager
def imap_session_for(
    account: Account,
    password: str,
    log: ProtocolLog | None = None,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    resolve: Resolver | None = None,
) -> Iterator[IMAPClient]:
    """A logged-in IMAP connection for one short job (a draft, a Sent copy); library and
    socket errors inside become MailError naming the server, and it always logs out."""
    client = connect_imap(account, password, log, timeout=timeout, resolve=resolve)
    try:
        yield client
    except MailError:
        raise
    except Exception as exc:
        raise classify_error(exc, account.incoming.host, account.incoming.port) from None
    finally:
        logout_quietly(client)


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
