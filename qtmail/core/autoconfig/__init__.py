"""Account autoconfiguration: from an address (and password) to verified server settings.

Three steps, first answer wins: (1) the bundled provider table
(:mod:`.providers`); (2) Thunderbird's ``config-v1.1.xml`` fetched over HTTPS
(:mod:`.xml_config`); (3) guessed host names probed for a greeting
(:mod:`.probe`). :func:`discover` runs them; the caller then verifies by
logging in (:func:`qtmail.core.net.connect.verify_account`).

Tests point every step at loopback through :class:`AutoconfigSettings`
(see :mod:`.settings` for the ``QTMAIL_AUTOCONFIG_URLS`` and
``QTMAIL_PROBE_HOST_MAP`` environment variables the CLI reads).
"""

from __future__ import annotations

from qtmail.core.autoconfig.probe import ProbeResult, guess_settings, probe_server
from qtmail.core.autoconfig.proposal import Proposal, split_address
from qtmail.core.autoconfig.providers import PROVIDERS, Provider, find_provider
from qtmail.core.autoconfig.settings import AutoconfigSettings
from qtmail.core.autoconfig.xml_config import fetch_autoconfig, parse_config_xml
from qtmail.core.errors import ErrorKind, MailError

__all__ = [
    "PROVIDERS",
    "AutoconfigSettings",
    "ProbeResult",
    "Proposal",
    "Provider",
    "discover",
    "fetch_autoconfig",
    "find_provider",
    "guess_settings",
    "parse_config_xml",
    "probe_server",
    "proposal_from_provider",
]


def proposal_from_provider(address: str, provider: Provider) -> Proposal:
    from qtmail.core.autoconfig.proposal import expand_placeholders, make_server

    incoming = provider.incoming[0]
    return Proposal(
        address=address.strip(),
        source="provider",
        incoming=make_server(
            incoming.protocol,
            incoming.host,
            incoming.port,
            incoming.security,
            expand_placeholders(incoming.username, address),
        ),
        smtp=make_server(
            "smtp",
            provider.smtp.host,
            provider.smtp.port,
            provider.smtp.security,
            expand_placeholders(provider.smtp.username, address),
        ),
        provider_name=provider.name,
        note=provider.password_note,
        needs_oauth2=provider.needs_oauth2,
    )


def discover(address: str, settings: AutoconfigSettings | None = None) -> Proposal:
    """Proposed settings for ``address``; MailError(NOT_FOUND) listing what was tried when none work."""
    settings = settings or AutoconfigSettings()
    _, domain = split_address(address)
    if settings.use_provider_table:
        provider = find_provider(domain)
        if provider is not None:
            return proposal_from_provider(address, provider)
    tried: list[str] = []
    if settings.url_templates:
        proposal, failures = fetch_autoconfig(address, settings)
        if proposal is not None:
            return proposal
        tried += failures
    if settings.probe:
        proposal, failures = guess_settings(address, settings)
        if proposal is not None:
            return proposal
        tried += failures
    detail = "; ".join(tried[:12])
    raise MailError(
        ErrorKind.NOT_FOUND,
        f"could not find settings for {domain}: no provider entry, autoconfig file or guessed server "
        "answered; enter the servers yourself",
        detail=detail or None,
    )
