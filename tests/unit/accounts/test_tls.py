"""TLS: fingerprint handling, pinned certificates checked right after the handshake, SSL_CERT_FILE."""

from __future__ import annotations

import socket
import ssl
import threading
from collections.abc import Iterator

import pytest

from qtmail.core.accounts import ServerSettings
from qtmail.core.errors import ErrorKind, MailError
from qtmail.core.net.tls import (
    PinnedContext,
    certificate_fingerprint,
    format_fingerprint,
    make_ssl_context,
    normalize_fingerprint,
)
from tests.unit.accounts.conftest import Certificate

HEX = "0123456789abcdef" * 4


def test_normalise_ignores_colons_case_and_spaces() -> None:
    colons = ":".join(HEX[i : i + 2] for i in range(0, 64, 2))
    assert normalize_fingerprint(colons) == HEX.upper()
    assert normalize_fingerprint(f"  {HEX.upper()} ") == HEX.upper()
    assert normalize_fingerprint("SHA256=" + HEX) == HEX.upper()


@pytest.mark.parametrize("bad", ["", "abc", HEX[:-1], HEX + "00", "zz" * 32, "sha1:" + "ab" * 20])
def test_normalise_refuses_what_is_not_sha256(bad: str) -> None:
    with pytest.raises(MailError) as info:
        normalize_fingerprint(bad)
    assert info.value.kind is ErrorKind.INPUT


def test_format_groups_pairs() -> None:
    assert format_fingerprint(HEX).startswith("01:23:45:67:89:AB:CD:EF:01")
    assert len(format_fingerprint(HEX)) == 64 + 31


class TlsServer:
    """A loopback TLS server that completes handshakes and records whether any byte arrived."""

    def __init__(self, certificate: Certificate) -> None:
        self.context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.context.load_cert_chain(certificate.cert_path, certificate.key_path)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.received: list[bytes] = []
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while True:
            try:
                raw, _ = self.listener.accept()
            except OSError:
                return
            raw.settimeout(5)
            try:
                with self.context.wrap_socket(raw, server_side=True) as conn:
                    data = conn.recv(100)
                    if data:
                        self.received.append(data)
            except (OSError, ssl.SSLError):
                raw.close()

    def close(self) -> None:
        self.listener.close()


@pytest.fixture
def tls_server(certificate: Certificate) -> Iterator[TlsServer]:
    server = TlsServer(certificate)
    yield server
    server.close()


def _handshake(context: ssl.SSLContext, port: int, name: str = "localhost") -> ssl.SSLSocket:
    raw = socket.create_connection(("127.0.0.1", port), timeout=5)
    return context.wrap_socket(raw, server_hostname=name)


def test_pinned_fingerprint_is_accepted(tls_server: TlsServer, certificate: Certificate) -> None:
    colons = format_fingerprint(certificate.fingerprint).lower()
    context = make_ssl_context(ServerSettings("imap", "localhost", trusted_fingerprints=(colons,)))
    assert isinstance(context, PinnedContext)
    with _handshake(context, tls_server.port, "some-other-name") as sock:
        assert certificate_fingerprint(sock.getpeercert(binary_form=True) or b"") == certificate.fingerprint
        sock.sendall(b"hello")


def test_other_fingerprint_fails_before_anything_is_sent(
    tls_server: TlsServer, certificate: Certificate
) -> None:
    context = make_ssl_context(ServerSettings("imap", "localhost", trusted_fingerprints=("00" * 32,)))
    with pytest.raises(MailError) as info:
        _handshake(context, tls_server.port)
    assert info.value.kind is ErrorKind.TLS
    assert "not trusted" in str(info.value)
    assert format_fingerprint(certificate.fingerprint) in str(info.value)
    assert tls_server.received == []


def test_system_trust_refuses_a_self_signed_certificate(tls_server: TlsServer) -> None:
    context = make_ssl_context(ServerSettings("imap", "localhost"))
    with pytest.raises(ssl.SSLCertVerificationError):
        _handshake(context, tls_server.port)


def test_system_trust_honours_ssl_cert_file(
    tls_server: TlsServer, certificate: Certificate, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate.cert_path))
    context = make_ssl_context(ServerSettings("imap", "localhost"))
    with _handshake(context, tls_server.port, "localhost") as sock:
        sock.sendall(b"x")
    with pytest.raises(ssl.SSLCertVerificationError):  # the host name is still checked
        _handshake(context, tls_server.port, "wrong.example.test")
