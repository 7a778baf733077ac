"""Autoconfiguration: provider table, config-v1.1.xml parsing (safely) and fetching over HTTPS on loopback."""

from __future__ import annotations

import http.server
import ssl
import threading
from collections.abc import Iterator
from typing import ClassVar

import pytest

from qtmail.core.autoconfig import AutoconfigSettings, discover, find_provider, parse_config_xml
from qtmail.core.autoconfig.providers import PROVIDERS
from qtmail.core.autoconfig.settings import host_map_resolver, parse_host_map
from qtmail.core.autoconfig.xml_config import fetch_autoconfig
from qtmail.core.errors import ErrorKind, MailError
from tests.unit.accounts.conftest import Certificate

OFFLINE = AutoconfigSettings(url_templates=(), probe=False)

CONFIG_XML = b"""<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1">
  <emailProvider id="example.test">
    <domain>example.test</domain>
    <displayName>Example Mail</displayName>
    <incomingServer type="pop3">
      <hostname>pop.example.test</hostname><port>995</port><socketType>SSL</socketType>
      <username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication>
    </incomingServer>
    <incomingServer type="imap">
      <hostname>imap.example.test</hostname><port>143</port><socketType>plain</socketType>
      <username>%EMAILLOCALPART%</username><authentication>password-cleartext</authentication>
    </incomingServer>
    <incomingServer type="imap">
      <hostname>imap.%EMAILDOMAIN%</hostname><port>993</port><socketType>SSL</socketType>
      <username>%EMAILLOCALPART%</username><authentication>password-cleartext</authentication>
    </incomingServer>
    <outgoingServer type="smtp">
      <hostname>smtp.example.test</hostname><port>587</port><socketType>STARTTLS</socketType>
      <username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication>
    </outgoingServer>
  </emailProvider>
</clientConfig>
"""


@pytest.mark.parametrize(
    "domain",
    ["gmail.com", "outlook.com", "hotmail.com", "live.com", "yahoo.com", "icloud.com", "me.com", "mac.com",
     "fastmail.com", "gmx.net", "gmx.com", "naver.com", "daum.net", "hanmail.net", "kakao.com"],
)  # fmt: skip
def test_provider_table_covers_the_big_providers(domain: str) -> None:
    provider = find_provider(domain.upper())
    assert provider is not None
    proposal = discover(f"someone@{domain}", OFFLINE)
    assert proposal.source == "provider"
    assert proposal.incoming.security == "tls" and proposal.smtp.security in ("tls", "starttls")


def test_providers_that_refuse_passwords_say_so() -> None:
    outlook = discover("a@outlook.com", OFFLINE)
    assert outlook.needs_oauth2 and outlook.note and "OAuth2" in outlook.note
    for domain in ("gmail.com", "yahoo.com", "icloud.com"):
        proposal = discover(f"a@{domain}", OFFLINE)
        assert not proposal.needs_oauth2
        assert proposal.note and "app" in proposal.note and "password" in proposal.note


def test_icloud_uses_the_local_part_for_imap() -> None:
    proposal = discover("john.appleseed@me.com", OFFLINE)
    assert proposal.incoming.username == "john.appleseed"
    assert proposal.smtp.username == "john.appleseed@me.com"


def test_every_provider_domain_is_unique() -> None:
    domains = [d for p in PROVIDERS for d in p.domains]
    assert len(domains) == len(set(domains))


def test_parse_prefers_encrypted_imap_and_expands_placeholders() -> None:
    proposal = parse_config_xml(CONFIG_XML, "kim@example.test")
    assert proposal.source == "autoconfig"
    assert proposal.provider_name == "Example Mail"
    incoming = proposal.incoming
    assert (incoming.protocol, incoming.host, incoming.port, incoming.security) == (
        "imap", "imap.example.test", 993, "tls",
    )  # fmt: skip
    assert incoming.username == "kim"
    assert (proposal.smtp.host, proposal.smtp.port, proposal.smtp.security) == (
        "smtp.example.test",
        587,
        "starttls",
    )
    assert proposal.smtp.username == "kim@example.test"
    assert not proposal.needs_oauth2


def test_oauth_only_provider_is_flagged() -> None:
    xml = CONFIG_XML.replace(b"password-cleartext", b"OAuth2")
    proposal = parse_config_xml(xml, "kim@example.test")
    assert proposal.needs_oauth2
    assert proposal.note and "OAuth2" in proposal.note


@pytest.mark.parametrize(
    "document",
    [
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><clientConfig/>',
        b'<!DOCTYPE clientConfig SYSTEM "http://127.0.0.1:1/evil.dtd"><clientConfig/>',
        b"<clientConfig><emailProvider>",
        b"<html><body>not found</body></html>",
        b"<clientConfig><emailProvider id='x'></emailProvider></clientConfig>",
        b"<clientConfig>" + b" " * 200_000 + b"</clientConfig>",
    ],
)
def test_bad_documents_are_refused_clearly(document: bytes) -> None:
    with pytest.raises(MailError) as info:
        parse_config_xml(document, "kim@example.test")
    assert info.value.kind is ErrorKind.PROTOCOL


def test_host_map_parsing_and_resolution() -> None:
    mapping = parse_host_map(
        "imap.example.test=127.0.0.1:1993, smtp.example.test:587=127.0.0.1:1587,mail.x=[::1]"
    )
    resolve = host_map_resolver(mapping)
    assert resolve("IMAP.example.test", 993) == ("127.0.0.1", 1993)
    assert resolve("smtp.example.test", 587) == ("127.0.0.1", 1587)
    assert resolve("smtp.example.test", 465) is None
    assert resolve("mail.x", 25) == ("::1", 25)
    assert resolve("pop.example.test", 995) is None
    with pytest.raises(MailError):
        parse_host_map("nonsense")


def test_settings_from_environment() -> None:
    settings = AutoconfigSettings.from_env(
        {"QTMAIL_AUTOCONFIG_URLS": "", "QTMAIL_PROBE_HOST_MAP": "imap.a.test=127.0.0.1:5"}
    )
    assert settings.url_templates == ()
    assert settings.resolve_host("imap.a.test", 993) == ("127.0.0.1", 5)
    assert settings.resolve_host("smtp.a.test", 465) is None
    assert AutoconfigSettings.from_env({}).url_templates[0].startswith("https://autoconfig.{domain}/")


class _Handler(http.server.BaseHTTPRequestHandler):
    documents: ClassVar[dict[str, bytes]] = {}
    requests: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        self.requests.append(self.path)
        body = self.documents.get(self.path.split("?")[0])
        if body is not None and body.startswith(b"redirect:"):
            self.send_response(302)
            self.send_header("Location", body[len(b"redirect:") :].decode())
            self.end_headers()
            return
        if body is None:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        return


@pytest.fixture
def https_server(certificate: Certificate) -> Iterator[tuple[str, type[_Handler]]]:
    handler = type("Handler", (_Handler,), {"documents": {}, "requests": []})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(certificate.cert_path, certificate.key_path)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"https://127.0.0.1:{server.server_address[1]}", handler
    server.shutdown()
    server.server_close()


def test_fetch_tries_each_url_until_one_answers(
    https_server: tuple[str, type[_Handler]], certificate: Certificate
) -> None:
    base, handler = https_server
    handler.documents["/.well-known/autoconfig/mail/config-v1.1.xml"] = CONFIG_XML
    context = ssl.create_default_context(cafile=str(certificate.cert_path))
    settings = AutoconfigSettings(
        url_templates=(
            base + "/mail/config-v1.1.xml?emailaddress={address}",
            base + "/.well-known/autoconfig/mail/config-v1.1.xml?emailaddress={address}",
        ),
        ssl_context=context,
        probe=False,
    )
    proposal = discover("kim@example.test", settings)
    assert proposal.source == "autoconfig"
    assert proposal.incoming.host == "imap.example.test"
    assert handler.requests[0] == "/mail/config-v1.1.xml?emailaddress=kim@example.test"
    assert len(handler.requests) == 2


def test_redirects_stay_on_https(https_server: tuple[str, type[_Handler]], certificate: Certificate) -> None:
    base, handler = https_server
    handler.documents["/moved"] = b"redirect:/mail/config-v1.1.xml"
    handler.documents["/mail/config-v1.1.xml"] = CONFIG_XML
    handler.documents["/downgrade"] = b"redirect:http://127.0.0.1:9/mail/config-v1.1.xml"
    context = ssl.create_default_context(cafile=str(certificate.cert_path))
    moved = AutoconfigSettings(url_templates=(base + "/moved",), ssl_context=context, probe=False)
    assert discover("kim@example.test", moved).incoming.host == "imap.example.test"
    downgrade = AutoconfigSettings(url_templates=(base + "/downgrade",), ssl_context=context, probe=False)
    proposal, failures = fetch_autoconfig("kim@example.test", downgrade)
    assert proposal is None
    assert "plain HTTP refused" in failures[0]


def test_fetch_refuses_an_untrusted_https_server(https_server: tuple[str, type[_Handler]]) -> None:
    base, handler = https_server
    handler.documents["/mail/config-v1.1.xml"] = CONFIG_XML
    settings = AutoconfigSettings(url_templates=(base + "/mail/config-v1.1.xml",), probe=False)
    proposal, failures = fetch_autoconfig("kim@example.test", settings)
    assert proposal is None
    assert "not trusted" in failures[0] or "certificate" in failures[0]
    assert handler.requests == []  # nothing was asked of a server we do not trust


def test_nothing_found_is_a_clear_error() -> None:
    settings = AutoconfigSettings(url_templates=(), resolve_host=lambda host, port: None)
    with pytest.raises(MailError) as info:
        discover("kim@nowhere.test", settings)
    assert info.value.kind is ErrorKind.NOT_FOUND
    assert "enter the servers yourself" in str(info.value)


def test_bad_address_is_an_input_error() -> None:
    with pytest.raises(MailError) as info:
        discover("not-an-address", OFFLINE)
    assert info.value.kind is ErrorKind.INPUT
