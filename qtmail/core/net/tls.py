"""TLS contexts: the system trust store, or a certificate the user trusted by fingerprint.

A pinned certificate is checked in exactly one place, :meth:`PinnedContext.wrap_socket`:
the handshake runs without chain verification, then the peer's DER certificate
is hashed and compared with the account's trusted SHA-256 fingerprints before
the caller gets the socket, so nothing is sent to an untrusted peer.
"""

from __future__ import annotations

import hashlib
import socket
import ssl
from typing import TYPE_CHECKING, Any

from qtmail.core.errors import ErrorKind, MailError

if TYPE_CHECKING:
    from qtmail.core.accounts import ServerSettings

FINGERPRINT_HEX_LENGTH = 64


def normalize_fingerprint(text: str) -> str:
    """``ab:CD:...`` / ``abcd...`` → upper-case hex without separators; MailError(INPUT) if not SHA-256."""
    cleaned = "".join(ch for ch in text.strip() if ch not in ": -").upper()
    if cleaned.startswith("SHA256="):
        cleaned = cleaned[len("SHA256=") :]
    if len(cleaned) != FINGERPRINT_HEX_LENGTH or any(ch not in "0123456789ABCDEF" for ch in cleaned):
        raise MailError(
            ErrorKind.INPUT,
            f"{text!r} is not a SHA-256 fingerprint (expected 64 hexadecimal digits, colons allowed)",
        )
    return cleaned


def format_fingerprint(fingerprint: str) -> str:
    """Upper-case hex pairs joined by colons, as people compare them."""
    plain = normalize_fingerprint(fingerprint)
    return ":".join(plain[i : i + 2] for i in range(0, len(plain), 2))


def certificate_fingerprint(der: bytes) -> str:
    """SHA-256 of a DER certificate, normalised (upper-case hex, no colons)."""
    return hashlib.sha256(der).hexdigest().upper()


def untrusted_certificate_error(host: str, fingerprint: str | None, reason: str = "") -> MailError:
    """The error for a certificate we may not accept; it names the fingerprint so it can be trusted."""
    why = f" ({reason})" if reason else ""
    if fingerprint:
        text = (
            f"the certificate of {host} is not trusted{why}; its SHA-256 fingerprint is "
            f"{format_fingerprint(fingerprint)} — if you recognise it, trust it with --trust-fingerprint"
        )
    else:
        text = f"the certificate of {host} is not trusted{why}"
    return MailError(ErrorKind.TLS, text)


class PinnedContext(ssl.SSLContext):
    """A client context that accepts only certificates with one of the given fingerprints.

    With ``accept_any`` it accepts every certificate and only remembers it in
    ``seen_certificate`` (for showing the fingerprint to the user).
    """

    trusted_fingerprints: frozenset[str]
    accept_any: bool
    seen_certificate: bytes | None

    def wrap_socket(self, sock: socket.socket, *args: Any, **kwargs: Any) -> ssl.SSLSocket:
        wrapped = super().wrap_socket(sock, *args, **kwargs)
        if not kwargs.get("do_handshake_on_connect", True):
            wrapped.do_handshake()
        self.seen_certificate = wrapped.getpeercert(binary_form=True)
        if not self.accept_any:
            check_pinned_peer(
                wrapped, self.trusted_fingerprints, kwargs.get("server_hostname") or "the server"
            )
        return wrapped


def check_pinned_peer(sock: ssl.SSLSocket, trusted: frozenset[str], host: str) -> None:
    """Close ``sock`` and raise MailError(TLS) unless its certificate's fingerprint is trusted."""
    der = sock.getpeercert(binary_form=True)
    fingerprint = certificate_fingerprint(der) if der else None
    if fingerprint is None or fingerprint not in trusted:
        try:
            sock.close()
        finally:
            reason = "it does not match the fingerprint trusted for this account" if trusted else ""
            raise untrusted_certificate_error(host, fingerprint, reason)


def make_pinned_context(
    fingerprints: tuple[str, ...] | frozenset[str], *, accept_any: bool = False
) -> PinnedContext:
    context = PinnedContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.trusted_fingerprints = frozenset(normalize_fingerprint(fp) for fp in fingerprints)
    context.accept_any = accept_any
    context.seen_certificate = None
    return context


def make_ssl_context(server: ServerSettings) -> ssl.SSLContext:
    """The context for ``server``: pinned fingerprints if it has any, else the system trust store.

    ``ssl.create_default_context()`` honours ``SSL_CERT_FILE``/``SSL_CERT_DIR``
    and checks the host name.
    """
    if server.trusted_fingerprints:
        return make_pinned_context(server.trusted_fingerprints)
    if not server.verify:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        return context
    context = ssl.create_default_context()
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    return context


def guess_protocol(port: int) -> str:
    """imap/pop3/smtp from a well-known port, for helpers called with only a port."""
    if port in (143, 993):
        return "imap"
    if port in (110, 995):
        return "pop3"
    return "smtp"


def fetch_certificate_fingerprint(
    host: str,
    port: int,
    security: str,
    *,
    protocol: str | None = None,
    timeout: float = 15.0,
    connect_host: str | None = None,
) -> str:
    """The SHA-256 fingerprint of the certificate the server presents (for the user to confirm).

    For ``starttls`` the protocol's upgrade command is sent first (``protocol``
    is guessed from the port when not given). ``connect_host`` lets tests
    reach a loopback address while ``host`` stays the name sent in SNI.
    Raises MailError(NETWORK/TLS/PROTOCOL).
    """
    from qtmail.core.accounts import ServerSettings
    from qtmail.core.net.connect import logout_quietly, open_imap, open_pop3, open_smtp

    if security not in ("tls", "starttls"):
        raise MailError(ErrorKind.CONFIG, "a connection without TLS has no certificate")
    protocol = protocol or guess_protocol(port)
    server = ServerSettings(protocol=protocol, host=host, port=port, security=security)  # type: ignore[arg-type]
    opener = {"imap": open_imap, "pop3": open_pop3, "smtp": open_smtp}[server.protocol]
    context = make_pinned_context((), accept_any=True)
    connection = opener(
        server,
        timeout=timeout,
        ssl_context=context,
        resolve=lambda name, number: (connect_host or name, number),
    )
    logout_quietly(connection)
    if not context.seen_certificate:
        raise MailError(ErrorKind.TLS, f"{host} presented no certificate")
    return certificate_fingerprint(context.seen_certificate)
