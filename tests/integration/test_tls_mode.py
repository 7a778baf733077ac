"""The wrong TLS mode for a port fails fast and says what to change, against the lab's real ports."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest

from qtmail.core.accounts import ServerSettings
from qtmail.core.errors import ErrorKind, MailError
from qtmail.core.net import tls_mode
from qtmail.core.net.connect import logout_quietly, open_imap, open_pop3, open_smtp

OPENERS: dict[str, Callable[..., Any]] = {"imap": open_imap, "pop3": open_pop3, "smtp": open_smtp}
# protocol -> (well-known implicit-TLS port, the lab's attribute for it,
#              well-known STARTTLS port, the lab's attribute for that)
PORTS = {
    "imap": (993, "imaps_port", 143, "imap_port"),
    "pop3": (995, "pop3s_port", 110, "pop3_port"),
    "smtp": (465, "submissions_port", 587, "submission_port"),
}


def _open(lab: Any, protocol: str, port: int, security: str, real_port: int, timeout: float) -> Any:
    """Open ``protocol`` as configured on ``port``, reaching the lab's ``real_port`` (the resolver's job)."""
    server = ServerSettings(
        protocol,  # type: ignore[arg-type]
        lab.host,
        port,
        security,  # type: ignore[arg-type]
        "nobody",
        trusted_fingerprints=(lab.cert_fingerprint,),
    )
    return OPENERS[protocol](server, timeout=timeout, resolve=lambda host, _port: (lab.host, real_port))


def _failure(action: Callable[[], Any]) -> tuple[MailError, float]:
    started = time.monotonic()
    with pytest.raises(MailError) as caught:
        logout_quietly(action())
    return caught.value, time.monotonic() - started


@pytest.mark.parametrize("protocol", ["imap", "pop3", "smtp"])
def test_starttls_on_an_implicit_tls_port_fails_fast_and_names_the_fix(
    lab, protocol: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tls_mode, "GREETING_TIMEOUT_S", 0.5)  # 5 s in use; the rule, not the number
    well_known, attribute, _, _ = PORTS[protocol]
    real = getattr(lab, attribute)

    error, seconds = _failure(lambda: _open(lab, protocol, well_known, "starttls", real, timeout=60))

    assert error.kind is ErrorKind.CONFIG and not error.retryable
    assert str(error) == (
        f"{lab.host}: port {well_known} expects TLS from the first byte: choose SSL/TLS instead of STARTTLS"
    )
    assert seconds < 10  # not the 60 s timeout


@pytest.mark.parametrize("protocol", ["imap", "pop3", "smtp"])
def test_on_another_port_the_normal_timeout_applies_and_then_the_same_advice(lab, protocol: str) -> None:
    _, attribute, _, _ = PORTS[protocol]
    real = getattr(lab, attribute)
    assert tls_mode.greeting_timeout(ServerSettings(protocol, lab.host, real, "starttls"), 1.5) == 1.5  # type: ignore[arg-type]

    error, seconds = _failure(lambda: _open(lab, protocol, real, "starttls", real, timeout=1.5))

    assert error.kind is ErrorKind.CONFIG
    assert f"port {real} expects TLS from the first byte: choose SSL/TLS instead of STARTTLS" in str(error)
    assert 1.4 < seconds < 10


@pytest.mark.parametrize("protocol", ["imap", "pop3", "smtp"])
def test_ssl_tls_on_a_starttls_port_says_the_server_answered_in_plain_text(lab, protocol: str) -> None:
    _, _, well_known, attribute = PORTS[protocol]
    real = getattr(lab, attribute)

    error, seconds = _failure(lambda: _open(lab, protocol, well_known, "tls", real, timeout=60))

    assert error.kind is ErrorKind.CONFIG
    assert str(error) == (
        f"{lab.host}: the server answered in plain text: port {well_known} uses STARTTLS;"
        " choose STARTTLS instead of SSL/TLS"
    )
    assert seconds < 10


@pytest.mark.parametrize("protocol", ["imap", "pop3", "smtp"])
def test_the_right_modes_still_connect(lab, protocol: str) -> None:
    tls_port, tls_attribute, plain_port, plain_attribute = PORTS[protocol]
    logout_quietly(_open(lab, protocol, tls_port, "tls", getattr(lab, tls_attribute), timeout=30))
    logout_quietly(_open(lab, protocol, plain_port, "starttls", getattr(lab, plain_attribute), timeout=30))


def test_the_short_greeting_wait_is_only_for_implicit_tls_ports_without_tls() -> None:
    def wait(port: int, security: str, timeout: float = 30.0) -> float:
        return tls_mode.greeting_timeout(ServerSettings("imap", "mail.example.test", port, security), timeout)  # type: ignore[arg-type]

    assert tls_mode.GREETING_TIMEOUT_S == 5.0
    assert wait(993, "starttls") == wait(465, "starttls") == wait(995, "none") == 5.0
    assert wait(993, "starttls", timeout=2.0) == 2.0
    assert (
        wait(993, "tls") == wait(143, "starttls") == wait(587, "starttls") == wait(2993, "starttls") == 30.0
    )
