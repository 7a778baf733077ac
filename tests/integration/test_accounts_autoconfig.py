"""Autoconfiguration against loopback only: an HTTPS server serving config-v1.1.xml, and probing the lab."""

from __future__ import annotations

import json
import ssl
from collections.abc import Iterator
from pathlib import Path

import pytest

from qtmail.core.autoconfig import AutoconfigSettings, discover, guess_settings, probe_server
from qtmail.core.autoconfig.settings import host_map_resolver, parse_host_map
from qtmail.core.errors import MailError
from tests.integration.accounts_helpers import (
    lab_config_xml,
    qtmail_env,
    ready_user,
    run_qtmail,
    serve_config,
)


@pytest.fixture
def autoconfig_server(lab) -> Iterator[tuple[str, list[str]]]:
    """HTTPS on 127.0.0.1 with the lab's certificate, serving the lab's settings at the Thunderbird path."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(lab.cert_path, lab.cert_path.with_name("key.pem"))
    with serve_config(lab_config_xml(lab), only_path="/mail/config-v1.1.xml", tls=context) as served:
        yield served


def test_auto_from_an_https_autoconfig_file(lab, autoconfig_server, tmp_path: Path) -> None:
    base, requests = autoconfig_server
    user = ready_user(lab, "auto")
    env = qtmail_env(
        tmp_path / "keyring",
        QTMAIL_AUTOCONFIG_URLS=f"{base}/missing/{{domain}}.xml,{base}/mail/config-v1.1.xml?emailaddress={{address}}",
        QTMAIL_AUTOCONFIG_CAFILE=str(lab.cert_path),
    )
    profile = tmp_path / "profile"
    result = run_qtmail(
        profile,
        env,
        "accounts",
        "add",
        "Auto",
        "--auto",
        user.address,
        "--trust-fingerprint",
        lab.cert_fingerprint,
        "--password-stdin",
        password=user.password,
    )
    assert result.returncode == 0, result.stderr
    assert "autoconfig file (Lab Mail)" in result.stderr
    assert requests == ["/missing/example.test.xml", f"/mail/config-v1.1.xml?emailaddress={user.address}"]
    shown = json.loads(run_qtmail(profile, env, "accounts", "show", "Auto", "--json").stdout)
    assert (shown["incoming"]["port"], shown["incoming"]["security"]) == (lab.imaps_port, "tls")
    assert (shown["smtp"]["port"], shown["smtp"]["security"]) == (lab.submission_port, "starttls")
    assert shown["incoming"]["username"] == user.username


def test_auto_refuses_an_autoconfig_server_it_cannot_verify(lab, autoconfig_server, tmp_path: Path) -> None:
    base, requests = autoconfig_server
    user = ready_user(lab, "noca")
    env = qtmail_env(tmp_path / "keyring", QTMAIL_AUTOCONFIG_URLS=f"{base}/mail/config-v1.1.xml")
    result = run_qtmail(
        tmp_path / "p",
        env,
        "accounts",
        "add",
        "A",
        "--auto",
        user.address,
        "--password-stdin",
        password=user.password,
    )
    assert result.returncode == 1
    assert "could not find settings for example.test" in result.stderr
    assert requests == []


def lab_host_map(lab, *, smtp_587_port: int | None = None) -> str:
    return ",".join(
        [
            f"imap.example.test:993=127.0.0.1:{lab.imaps_port}",
            f"imap.example.test:143=127.0.0.1:{lab.imap_port}",
            f"pop.example.test:995=127.0.0.1:{lab.pop3s_port}",
            f"smtp.example.test:587=127.0.0.1:{smtp_587_port or lab.submission_port}",
        ]
    )


def test_probe_reads_greeting_capabilities_and_certificate(lab) -> None:
    settings = AutoconfigSettings(
        resolve_host=host_map_resolver(parse_host_map(lab_host_map(lab))), timeout=10
    )
    imaps = probe_server("imap", "imap.example.test", 993, "tls", settings)
    assert "IMAP4REV1" in imaps.capabilities
    assert imaps.fingerprint == lab.cert_fingerprint.upper()
    assert imaps.greeting.startswith("* OK") or "OK" in imaps.greeting
    imap = probe_server("imap", "imap.example.test", 143, "starttls", settings)
    assert "IMAP4REV1" in imap.capabilities
    pop = probe_server("pop3", "pop.example.test", 995, "tls", settings)
    assert "UIDL" in pop.capabilities and pop.greeting.startswith("+OK")
    smtp = probe_server("smtp", "smtp.example.test", 587, "starttls", settings)
    assert "AUTH" in smtp.capabilities and smtp.fingerprint == lab.cert_fingerprint.upper()
    with pytest.raises(MailError, match="host not found"):
        probe_server("imap", "mail.example.test", 993, "tls", settings)


def test_guessing_finds_the_lab_servers(lab) -> None:
    settings = AutoconfigSettings(
        url_templates=(), resolve_host=host_map_resolver(parse_host_map(lab_host_map(lab))), timeout=10
    )
    proposal = discover("kim@example.test", settings)
    assert proposal.source == "guess"
    assert (proposal.incoming.protocol, proposal.incoming.port, proposal.incoming.security) == (
        "imap",
        lab.imaps_port,
        "tls",
    )
    assert (proposal.smtp.port, proposal.smtp.security) == (lab.submission_port, "starttls")
    assert proposal.fingerprints == (lab.cert_fingerprint.upper(),)


def test_guessing_skips_a_submission_port_without_starttls(lab) -> None:
    mapping = lab_host_map(lab, smtp_587_port=lab.plain_submission_port)
    settings = AutoconfigSettings(url_templates=(), resolve_host=host_map_resolver(parse_host_map(mapping)))
    proposal, failures = guess_settings("kim@example.test", settings)
    assert proposal is None
    assert any("does not offer STARTTLS" in failure for failure in failures)


def test_auto_by_probing_through_the_cli(lab, tmp_path: Path) -> None:
    user = ready_user(lab, "probe")
    env = qtmail_env(tmp_path / "keyring", QTMAIL_PROBE_HOST_MAP=lab_host_map(lab))
    profile = tmp_path / "profile"
    address = f"{user.username}@example.test"
    # Dovecot's users log in by user name; the guessed user name is the address, so set it afterwards.
    untrusted = run_qtmail(
        profile, env, "accounts", "add", "P", "--auto", address, "--password-stdin", password=user.password
    )
    assert untrusted.returncode == 1
    assert "not trusted" in untrusted.stderr
    result = run_qtmail(
        profile,
        env,
        "accounts",
        "add",
        "P",
        "--auto",
        address,
        "--trust-fingerprint",
        lab.cert_fingerprint,
        "--no-verify",
    )
    assert result.returncode == 0, result.stderr
    assert "guessed host names" in result.stderr
    shown = json.loads(run_qtmail(profile, env, "accounts", "show", "P", "--json").stdout)
    assert shown["incoming"]["port"] == lab.imaps_port
    assert shown["smtp"]["port"] == lab.submission_port
