"""Catch the wrong TLS mode for a port quickly, and say what to change.

Two classic mix-ups, each of which looked like a network fault before:

* STARTTLS (or no encryption) on an implicit-TLS port (465, 993, 995): we wait for a
  greeting while the server waits for our TLS hello, until the timeout. On those ports
  the greeting gets :data:`GREETING_TIMEOUT_S` (the normal timeout stays for everything
  else, so a slow server elsewhere is not cut short), and a connection that times out
  or closes before any greeting is checked with a second one that tries a TLS handshake.
* SSL/TLS on a plain port (587, 143, 110): the server's plain-text greeting reaches our
  TLS layer, which reports "wrong version number". A second connection reads the first
  line without TLS; a greeting there settles it.

Either way the user gets MailError(CONFIG) naming the port and the setting to choose,
and the sync engine does not retry a mistake that only the user can fix. The second
connection sends nothing but a TLS hello (or nothing at all), never a password.
"""

from __future__ import annotations

import smtplib
import socket
import ssl
from typing import TYPE_CHECKING, Final

from imapclient import exceptions as imap_exceptions

from qtmail.core.errors import ErrorKind, MailError

if TYPE_CHECKING:
    from qtmail.core.accounts import ServerSettings
    from qtmail.core.net.common import Resolver

IMPLICIT_TLS_PORTS: Final = frozenset({465, 993, 995})  # SMTPS (submissions), IMAPS, POP3S
GREETING_TIMEOUT_S: Final = 5.0  # a greeting on these ports comes at once, or never
PROBE_TIMEOUT_S: Final = 5.0
_GREETING_BYTES: Final = 512


def greeting_timeout(server: ServerSettings, timeout: float) -> float:
    """How long to wait for the first line: short where only implicit TLS is expected."""
    if server.security != "tls" and server.port in IMPLICIT_TLS_PORTS:
        return min(timeout, GREETING_TIMEOUT_S)
    return timeout


def speaks_tls(address: str, port: int, timeout: float) -> bool:
    """Whether the server completes a TLS handshake at once (certificate not checked: nothing is sent)."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    try:
        with (
            socket.create_connection((address, port), timeout) as sock,
            context.wrap_socket(sock, server_hostname=None),
        ):
            return True
    except (OSError, ValueError):
        return False


def greets_in_plain_text(address: str, port: int, timeout: float) -> bool:
    """Whether the server's first bytes, without TLS, are a text line (``* OK``, ``+OK``, ``220``)."""
    try:
        with socket.create_connection((address, port), timeout) as sock:
            data = b""
            while b"\n" not in data and len(data) < _GREETING_BYTES:
                chunk = sock.recv(_GREETING_BYTES - len(data))
                if not chunk:
                    break
                data += chunk
    except OSError:
        return False
    line = data.split(b"\n", 1)[0].rstrip(b"\r")
    return bool(line) and b"\n" in data and all(32 <= byte < 127 for byte in line)


def _no_greeting(exc: BaseException) -> bool:
    """A failure that a server waiting for our TLS hello would cause: silence, or hanging up."""
    if isinstance(exc, MailError):
        return exc.kind is ErrorKind.NETWORK and "closed the connection" in exc.message
    return isinstance(
        exc,
        TimeoutError
        | ConnectionResetError
        | smtplib.SMTPServerDisconnected
        | imap_exceptions.IMAPClientAbortError
        | EOFError,
    ) or (isinstance(exc, OSError) and "EOF" in str(exc))


def wrong_mode_error(exc: BaseException, server: ServerSettings, resolve: Resolver) -> MailError | None:
    """MailError(CONFIG) when ``exc`` (opening ``server``) came from the wrong TLS mode, else None."""
    if isinstance(exc, ssl.SSLCertVerificationError):
        return None
    address, port = resolve(server.host, server.port)
    probe = PROBE_TIMEOUT_S
    if server.security == "tls":
        if isinstance(exc, ssl.SSLError) and greets_in_plain_text(address, port, probe):
            return MailError(
                ErrorKind.CONFIG,
                f"{server.host}: the server answered in plain text: port {server.port} uses STARTTLS;"
                " choose STARTTLS instead of SSL/TLS",
            )
        return None
    if _no_greeting(exc) and speaks_tls(address, port, probe):
        instead = "STARTTLS" if server.security == "starttls" else "no encryption"
        return MailError(
            ErrorKind.CONFIG,
            f"{server.host}: port {server.port} expects TLS from the first byte:"
            f" choose SSL/TLS instead of {instead}",
        )
    return None
