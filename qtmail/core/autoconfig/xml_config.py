"""Thunderbird's autoconfig format (``config-v1.1.xml``): fetch over HTTPS and parse safely.

The document comes from the network, so: size-limited, and any DTD or
entity declaration is refused before the stdlib parser sees it (no entity
expansion, no external references).
"""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import Any, Final

from qtmail.core.autoconfig.proposal import Proposal, expand_placeholders, make_server, split_address
from qtmail.core.autoconfig.settings import AutoconfigSettings
from qtmail.core.errors import ErrorKind, MailError

MAX_DOCUMENT_BYTES: Final = 128 * 1024
SOCKET_TYPES: Final = {"SSL": "tls", "TLS": "tls", "STARTTLS": "starttls", "PLAIN": "none"}
# Methods qtmail can do with a password (the others need OAuth2, Kerberos, ...).
PASSWORD_METHODS: Final = {"password-cleartext", "plain", "password-encrypted", "secure", ""}
OAUTH_METHODS: Final = {"oauth2"}


@dataclass(frozen=True)
class XmlServer:
    protocol: str
    host: str
    port: int
    security: str
    username: str
    methods: frozenset[str]

    @property
    def password_ok(self) -> bool:
        return not self.methods or bool(self.methods & PASSWORD_METHODS)


def _reject_dtd(data: bytes) -> None:
    head = data.upper()
    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
        raise MailError(ErrorKind.PROTOCOL, "the autoconfig file declares a DTD or entities; refused")


def _text(element: ET.Element, tag: str) -> str:
    child = element.find(tag)
    return (child.text or "").strip() if child is not None else ""


def _server(element: ET.Element, address: str) -> XmlServer | None:
    protocol = (element.get("type") or "").lower()
    if protocol not in {"pop3", "imap", "smtp"}:
        return None
    host = expand_placeholders(_text(element, "hostname"), address)
    security = SOCKET_TYPES.get(_text(element, "socketType").upper())
    try:
        port = int(_text(element, "port"))
    except ValueError:
        return None
    if not host or security is None or not 0 < port < 65536:
        return None
    username = expand_placeholders(_text(element, "username") or "%EMAILADDRESS%", address)
    methods = frozenset((a.text or "").strip().lower() for a in element.findall("authentication"))
    return XmlServer(protocol, host, port, security, username, methods)


def _rank(server: XmlServer) -> tuple[int, int, int]:
    """Lower is better: password-capable, encrypted (implicit TLS first), IMAP before POP3."""
    return (
        0 if server.password_ok else 1,
        {"tls": 0, "starttls": 1, "none": 2}[server.security],
        0 if server.protocol in ("imap", "smtp") else 1,
    )


def parse_config_xml(data: bytes, address: str) -> Proposal:
    """A proposal from a config-v1.1.xml document; MailError(PROTOCOL) when unusable."""
    if len(data) > MAX_DOCUMENT_BYTES:
        raise MailError(ErrorKind.PROTOCOL, "the autoconfig file is too large")
    _reject_dtd(data)
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise MailError(ErrorKind.PROTOCOL, f"the autoconfig file is not valid XML ({exc})") from None
    provider = root.find("emailProvider") if root.tag == "clientConfig" else None
    if provider is None:
        raise MailError(ErrorKind.PROTOCOL, "the autoconfig file has no <clientConfig><emailProvider>")
    split_address(address)
    incoming = [s for e in provider.findall("incomingServer") if (s := _server(e, address))]
    incoming = [s for s in incoming if s.protocol in ("imap", "pop3")]
    outgoing = [s for e in provider.findall("outgoingServer") if (s := _server(e, address))]
    outgoing = [s for s in outgoing if s.protocol == "smtp"]
    if not incoming or not outgoing:
        raise MailError(
            ErrorKind.PROTOCOL, "the autoconfig file names no usable incoming and outgoing server"
        )
    best_in = min(incoming, key=_rank)
    best_out = min(outgoing, key=_rank)
    needs_oauth2 = not (best_in.password_ok and best_out.password_ok)
    note = None
    if needs_oauth2:
        note = "this provider accepts only OAuth2 sign-in, which qtmail does not support yet"
    elif "none" in (best_in.security, best_out.security):
        note = "this provider offers only unencrypted connections; the password would travel in the clear"
    return Proposal(
        address=address.strip(),
        source="autoconfig",
        incoming=make_server(
            best_in.protocol, best_in.host, best_in.port, best_in.security, best_in.username
        ),
        smtp=make_server("smtp", best_out.host, best_out.port, best_out.security, best_out.username),
        provider_name=_text(provider, "displayName") or provider.get("id") or None,
        note=note,
        needs_oauth2=needs_oauth2,
    )


def autoconfig_urls(address: str, settings: AutoconfigSettings) -> list[str]:
    _, domain = split_address(address)
    quoted_address = urllib.parse.quote(address.strip(), safe="@")
    quoted_domain = urllib.parse.quote(domain, safe="")
    return [t.format(domain=quoted_domain, address=quoted_address) for t in settings.url_templates]


class _NoDowngradeRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects, but never from HTTPS to plain HTTP (the settings could be tampered with)."""

    def redirect_request(  # noqa: PLR0917 (the stdlib signature)
        self,
        req: urllib.request.Request,
        fp: Any,
        code: int,
        msg: str,
        headers: Any,
        newurl: str,
    ) -> urllib.request.Request | None:
        if req.full_url.lower().startswith("https://") and not newurl.lower().startswith("https://"):
            raise urllib.error.HTTPError(
                newurl, code, "redirect from HTTPS to plain HTTP refused", headers, fp
            )
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch_url(url: str, settings: AutoconfigSettings) -> bytes:
    """GET ``url`` (HTTPS with the settings' context), at most MAX_DOCUMENT_BYTES; MailError on failure."""
    if not url.lower().startswith(("https://", "http://")):
        raise MailError(ErrorKind.CONFIG, f"autoconfig URL must be http(s): {url}")
    opener = urllib.request.build_opener(
        urllib.request.HTTPSHandler(context=settings.https_context()), _NoDowngradeRedirects()
    )
    request = urllib.request.Request(url, headers={"User-Agent": "qtmail autoconfig"})
    try:
        with opener.open(request, timeout=settings.timeout) as response:
            data: bytes = response.read(MAX_DOCUMENT_BYTES + 1)
    except urllib.error.HTTPError as exc:
        raise MailError(ErrorKind.NOT_FOUND, f"{url}: HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        from qtmail.core.net.errors import classify_error

        reason = exc.reason if isinstance(exc.reason, BaseException) else OSError(str(exc.reason))
        host = urllib.parse.urlsplit(url).hostname or url
        raise classify_error(reason, host) from None
    except (OSError, ValueError) as exc:
        from qtmail.core.net.errors import classify_error

        raise classify_error(exc, urllib.parse.urlsplit(url).hostname or url) from None
    if len(data) > MAX_DOCUMENT_BYTES:
        raise MailError(ErrorKind.PROTOCOL, f"{url}: the autoconfig file is too large")
    return data


def fetch_autoconfig(address: str, settings: AutoconfigSettings) -> tuple[Proposal | None, list[str]]:
    """The first usable autoconfig document among the settings' URLs, and why the others failed."""
    failures: list[str] = []
    for url in autoconfig_urls(address, settings):
        try:
            return parse_config_xml(fetch_url(url, settings), address), failures
        except MailError as exc:
            failures.append(f"{url}: {exc}" if url not in str(exc) else str(exc))
    return None, failures
