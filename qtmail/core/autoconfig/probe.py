"""Guess ``imap.``/``pop.``/``smtp.``/``mail.`` host names and probe them.

A probe connects, reads the greeting and the capabilities (after TLS or
STARTTLS), and logs out; it never sends a password. Certificates are not
judged here (the login check that follows does that), only recorded, so the
user can be shown the fingerprint.
"""

from __future__ import annotations

import imaplib
import poplib
import smtplib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Final

from qtmail.core.accounts import ServerSettings
from qtmail.core.autoconfig.proposal import Proposal, make_server, split_address
from qtmail.core.autoconfig.settings import AutoconfigSettings
from qtmail.core.errors import ErrorKind, MailError
from qtmail.core.net.connect import logout_quietly, open_imap, open_pop3, open_smtp
from qtmail.core.net.tls import certificate_fingerprint, make_pinned_context

# (prefix, port, security) in the order we try them; implicit TLS first.
IMAP_CANDIDATES: Final = (
    ("imap", 993, "tls"),
    ("imap", 143, "starttls"),
    ("mail", 993, "tls"),
    ("mail", 143, "starttls"),
)
POP3_CANDIDATES: Final = (
    ("pop", 995, "tls"),
    ("pop3", 995, "tls"),
    ("pop", 110, "starttls"),
    ("mail", 995, "tls"),
    ("mail", 110, "starttls"),
)
SMTP_CANDIDATES: Final = (
    ("smtp", 465, "tls"),
    ("smtp", 587, "starttls"),
    ("mail", 465, "tls"),
    ("mail", 587, "starttls"),
)


@dataclass(frozen=True)
class ProbeResult:
    protocol: str
    host: str  # as the proposal should name it (mapped address when a host map is in use)
    port: int
    security: str
    greeting: str
    capabilities: frozenset[str]
    fingerprint: str | None


def probe_server(
    protocol: str, host: str, port: int, security: str, settings: AutoconfigSettings
) -> ProbeResult:
    """Connect to one candidate and read greeting and capabilities; MailError when it does not answer."""
    target = settings.resolve_host(host, port)
    if target is None:
        raise MailError(ErrorKind.NETWORK, f"host not found: {host}")
    address, real_port = target
    server = make_server(protocol, address, real_port, security, "probe")
    context = make_pinned_context((), accept_any=True)
    greeting = ""
    capabilities: frozenset[str]
    if protocol == "imap":
        imap = open_imap(server, timeout=settings.timeout, ssl_context=context)
        try:
            greeting = _text(imap.welcome)
            capabilities = frozenset(_text(c).upper() for c in imap.capabilities())
        except (imaplib.IMAP4.error, OSError) as exc:
            raise MailError(ErrorKind.PROTOCOL, f"{host}:{port} did not answer like an IMAP server") from exc
        finally:
            logout_quietly(imap)
    elif protocol == "pop3":
        pop = open_pop3(server, timeout=settings.timeout, ssl_context=context)
        try:
            greeting = _text(pop.getwelcome())
            try:
                capabilities = frozenset(k.upper() for k in pop.capa())
            except poplib.error_proto:
                capabilities = frozenset()
        finally:
            logout_quietly(pop)
    else:
        smtp = open_smtp(server, timeout=settings.timeout, ssl_context=context)
        try:
            greeting = _text(smtp.ehlo_resp or b"").splitlines()[0] if smtp.ehlo_resp else ""
            capabilities = frozenset(k.upper() for k in smtp.esmtp_features)
        except smtplib.SMTPException as exc:
            raise MailError(ErrorKind.PROTOCOL, f"{host}:{port} did not answer like an SMTP server") from exc
        finally:
            logout_quietly(smtp)
    fingerprint = certificate_fingerprint(context.seen_certificate) if context.seen_certificate else None
    return ProbeResult(protocol, address, real_port, security, greeting, capabilities, fingerprint)


def _text(value: object) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)


def _probe_all(
    domain: str, settings: AutoconfigSettings
) -> dict[str, list[tuple[str, ProbeResult | MailError]]]:
    """Probe every candidate at once (threads), so unreachable guesses cost one timeout, not many.

    Returns, per protocol and in preference order, (description, result or error).
    """
    jobs = [
        (protocol, f"{prefix}.{domain}", port, security)
        for protocol, candidates in (
            ("imap", IMAP_CANDIDATES),
            ("pop3", POP3_CANDIDATES),
            ("smtp", SMTP_CANDIDATES),
        )
        for prefix, port, security in candidates
    ]

    def attempt(job: tuple[str, str, int, str]) -> ProbeResult | MailError:
        try:
            return probe_server(*job, settings)
        except MailError as exc:
            return exc

    with ThreadPoolExecutor(max_workers=min(len(jobs), 16), thread_name_prefix="qtmail-probe") as pool:
        outcomes = list(pool.map(attempt, jobs))
    results: dict[str, list[tuple[str, ProbeResult | MailError]]] = {"imap": [], "pop3": [], "smtp": []}
    for (protocol, host, port, security), outcome in zip(jobs, outcomes, strict=True):
        results[protocol].append((f"{protocol} {host}:{port} ({security})", outcome))
    return results


def _first(outcomes: list[tuple[str, ProbeResult | MailError]], failures: list[str]) -> ProbeResult | None:
    for description, outcome in outcomes:
        if isinstance(outcome, ProbeResult):
            return outcome
        failures.append(f"{description}: {outcome}")
    return None


def guess_settings(address: str, settings: AutoconfigSettings) -> tuple[Proposal | None, list[str]]:
    """Settings from the first guessed incoming (IMAP before POP3) and SMTP hosts that answer."""
    _, domain = split_address(address)
    results = _probe_all(domain, settings)
    failures: list[str] = []
    incoming = _first(results["imap"], failures) or _first(results["pop3"], failures)
    smtp = _first(results["smtp"], failures)
    if incoming is None or smtp is None:
        return None, failures
    user = address.strip()
    fingerprints = tuple(dict.fromkeys(f for f in (incoming.fingerprint, smtp.fingerprint) if f))
    return (
        Proposal(
            address=user,
            source="guess",
            incoming=_settings(incoming, user),
            smtp=_settings(smtp, user),
            fingerprints=fingerprints,
        ),
        failures,
    )


def _settings(result: ProbeResult, username: str) -> ServerSettings:
    return make_server(result.protocol, result.host, result.port, result.security, username)
