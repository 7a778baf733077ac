"""Where autoconfiguration looks, so tests can point every step at loopback servers.

Environment variables (read by :meth:`AutoconfigSettings.from_env`, used by the CLI):

``QTMAIL_AUTOCONFIG_URLS``
    Comma-separated URL templates for the Thunderbird ``config-v1.1.xml``,
    with ``{domain}`` and ``{address}`` (URL-quoted) placeholders. Set but
    empty: skip the XML step. Unset: the two standard HTTPS locations.
``QTMAIL_PROBE_HOST_MAP``
    Comma-separated ``name=address[:port]`` or ``name:port=address:port``
    entries standing in for DNS while guessing host names, e.g.
    ``imap.example.test=127.0.0.1:40993,smtp.example.test:587=127.0.0.1:40587``.
    When set, names it does not list count as "not found" (no DNS query), and
    proposals name the mapped address and port.
``QTMAIL_AUTOCONFIG_CAFILE``
    A PEM file of certificates trusted for the HTTPS fetch (besides
    ``SSL_CERT_FILE``, which the default context honours anyway).
``QTMAIL_AUTOCONFIG_TIMEOUT``
    Seconds for each HTTP fetch and probe connection (default 10).
"""

from __future__ import annotations

import os
import ssl
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Final

from qtmail.core.errors import ErrorKind, MailError

DEFAULT_URL_TEMPLATES: Final = (
    "https://autoconfig.{domain}/mail/config-v1.1.xml?emailaddress={address}",
    "https://{domain}/.well-known/autoconfig/mail/config-v1.1.xml?emailaddress={address}",
)
URLS_ENV: Final = "QTMAIL_AUTOCONFIG_URLS"
HOST_MAP_ENV: Final = "QTMAIL_PROBE_HOST_MAP"
CAFILE_ENV: Final = "QTMAIL_AUTOCONFIG_CAFILE"
TIMEOUT_ENV: Final = "QTMAIL_AUTOCONFIG_TIMEOUT"

# (host, port) -> (address, port), or None when the name does not exist.
HostResolver = Callable[[str, int], tuple[str, int] | None]


def _system_resolver(host: str, port: int) -> tuple[str, int] | None:
    return host, port


@dataclass(frozen=True)
class AutoconfigSettings:
    """Knobs for the three discovery steps; the defaults are what real users get."""

    url_templates: tuple[str, ...] = DEFAULT_URL_TEMPLATES
    resolve_host: HostResolver = _system_resolver
    use_provider_table: bool = True
    probe: bool = True
    ssl_context: ssl.SSLContext | None = None
    timeout: float = 10.0
    extra: Mapping[str, str] = field(default_factory=dict)

    def https_context(self) -> ssl.SSLContext:
        """The context for fetching the XML (system trust store unless the caller gave one)."""
        return self.ssl_context if self.ssl_context is not None else ssl.create_default_context()

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> AutoconfigSettings:
        env = os.environ if environ is None else environ
        templates: tuple[str, ...] = DEFAULT_URL_TEMPLATES
        if URLS_ENV in env:
            templates = tuple(t.strip() for t in env[URLS_ENV].split(",") if t.strip())
        resolver: HostResolver = _system_resolver
        if HOST_MAP_ENV in env:
            resolver = host_map_resolver(parse_host_map(env[HOST_MAP_ENV]))
        context = None
        cafile = env.get(CAFILE_ENV)
        if cafile:
            context = ssl.create_default_context()
            try:
                context.load_verify_locations(cafile=cafile)
            except (OSError, ssl.SSLError) as exc:
                raise MailError(ErrorKind.CONFIG, f"cannot load {CAFILE_ENV}={cafile}: {exc}") from None
        timeout = 10.0
        if env.get(TIMEOUT_ENV):
            try:
                timeout = float(env[TIMEOUT_ENV])
            except ValueError:
                raise MailError(ErrorKind.CONFIG, f"{TIMEOUT_ENV} must be a number of seconds") from None
        return cls(url_templates=templates, resolve_host=resolver, ssl_context=context, timeout=timeout)


HostMap = dict[tuple[str, int | None], tuple[str, int | None]]


def parse_host_map(text: str) -> HostMap:
    """``name[:port]=address[:port],...`` → {(name, port or None): (address, port or None)}."""
    mapping: HostMap = {}
    for entry in text.split(","):
        entry = entry.strip()
        if not entry:
            continue
        name, sep, target = entry.partition("=")
        if not sep or not name.strip() or not target.strip():
            raise MailError(ErrorKind.CONFIG, f"{HOST_MAP_ENV}: {entry!r} is not name=address[:port]")
        mapping[_split_host_port(name.strip().lower())] = _split_host_port(target.strip())
    return mapping


def _split_host_port(text: str) -> tuple[str, int | None]:
    if text.startswith("["):  # [::1]:port
        host, _, rest = text[1:].partition("]")
        return host, _port(rest[1:]) if rest.startswith(":") else None
    if text.count(":") == 1:
        host, _, port = text.partition(":")
        return host, _port(port)
    return text, None


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise MailError(ErrorKind.CONFIG, f"{HOST_MAP_ENV}: {text!r} is not a port number") from None
    if not 0 < value < 65536:
        raise MailError(ErrorKind.CONFIG, f"{HOST_MAP_ENV}: port {value} is out of range")
    return value


def host_map_resolver(mapping: HostMap) -> HostResolver:
    """A resolver that knows only the mapped names (everything else is "not found")."""

    def resolve(host: str, port: int) -> tuple[str, int] | None:
        host = host.lower()
        target = mapping.get((host, port)) or mapping.get((host, None))
        if target is None:
            return None
        address, mapped_port = target
        return address, mapped_port if mapped_port is not None else port

    return resolve
