"""Bundled settings for big providers, so they work without any network lookup.

``password_note`` tells users of providers that refuse plain account
passwords what to do; ``needs_oauth2`` marks those that refuse passwords
altogether (until qtmail supports OAuth2, they cannot be added).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

APP_PASSWORD_NOTE: Final = (
    "{name} does not accept your normal password from mail programs: create an app password "
    "in your {name} account's security settings and use that here"
)


@dataclass(frozen=True)
class ServerTemplate:
    protocol: str
    host: str
    port: int
    security: str
    username: str = "%EMAILADDRESS%"


@dataclass(frozen=True)
class Provider:
    name: str
    domains: tuple[str, ...]
    incoming: tuple[ServerTemplate, ...]  # preferred first
    smtp: ServerTemplate
    password_note: str | None = None
    needs_oauth2: bool = False


def _imap(
    host: str, port: int = 993, security: str = "tls", username: str = "%EMAILADDRESS%"
) -> ServerTemplate:
    return ServerTemplate("imap", host, port, security, username)


def _pop3(host: str, port: int = 995, security: str = "tls") -> ServerTemplate:
    return ServerTemplate("pop3", host, port, security)


def _smtp(host: str, port: int = 465, security: str = "tls") -> ServerTemplate:
    return ServerTemplate("smtp", host, port, security)


PROVIDERS: Final[tuple[Provider, ...]] = (
    Provider(
        "Gmail",
        ("gmail.com", "googlemail.com"),
        (_imap("imap.gmail.com"), _pop3("pop.gmail.com")),
        _smtp("smtp.gmail.com"),
        password_note=APP_PASSWORD_NOTE.format(name="Google"),
    ),
    Provider(
        "Outlook.com",
        ("outlook.com", "hotmail.com", "live.com", "msn.com", "hotmail.co.uk", "hotmail.fr", "live.co.uk"),
        (_imap("outlook.office365.com"), _pop3("outlook.office365.com")),
        _smtp("smtp-mail.outlook.com", 587, "starttls"),
        password_note=(
            "Outlook.com, Hotmail and Live accounts accept only OAuth2 sign-in, which qtmail "
            "does not support yet; passwords are refused by Microsoft"
        ),
        needs_oauth2=True,
    ),
    Provider(
        "Yahoo Mail",
        ("yahoo.com", "ymail.com", "rocketmail.com", "yahoo.co.uk", "yahoo.co.jp", "yahoo.fr", "yahoo.de"),
        (_imap("imap.mail.yahoo.com"), _pop3("pop.mail.yahoo.com")),
        _smtp("smtp.mail.yahoo.com"),
        password_note=APP_PASSWORD_NOTE.format(name="Yahoo"),
    ),
    Provider(
        "iCloud Mail",
        ("icloud.com", "me.com", "mac.com"),
        (_imap("imap.mail.me.com", username="%EMAILLOCALPART%"),),
        _smtp("smtp.mail.me.com", 587, "starttls"),
        password_note=(
            "iCloud does not accept your Apple ID password from mail programs: create an "
            "app-specific password at appleid.apple.com and use that here"
        ),
    ),
    Provider(
        "Fastmail",
        ("fastmail.com", "fastmail.fm", "fastmail.net", "fastmail.org", "messagingengine.com"),
        (_imap("imap.fastmail.com"), _pop3("pop.fastmail.com")),
        _smtp("smtp.fastmail.com"),
        password_note=APP_PASSWORD_NOTE.format(name="Fastmail"),
    ),
    Provider(
        "GMX",
        ("gmx.net", "gmx.de", "gmx.at", "gmx.ch"),
        (_imap("imap.gmx.net"), _pop3("pop.gmx.net")),
        _smtp("mail.gmx.net", 587, "starttls"),
        password_note="GMX: turn on POP3/IMAP access in the GMX web mail settings first",
    ),
    Provider(
        "GMX (international)",
        ("gmx.com", "gmx.us", "gmx.co.uk", "gmx.fr", "gmx.es"),
        (_imap("imap.gmx.com"), _pop3("pop.gmx.com")),
        _smtp("mail.gmx.com", 587, "starttls"),
        password_note="GMX: turn on POP3/IMAP access in the GMX web mail settings first",
    ),
    Provider(
        "Naver Mail",
        ("naver.com",),
        (_imap("imap.naver.com"), _pop3("pop.naver.com")),
        _smtp("smtp.naver.com"),
        password_note=(
            "Naver: turn on IMAP/SMTP in Naver Mail's settings; with two-step verification "
            "use an application-specific password"
        ),
    ),
    Provider(
        "Daum Mail",
        ("daum.net", "hanmail.net"),
        (_imap("imap.daum.net"), _pop3("pop.daum.net")),
        _smtp("smtp.daum.net"),
        password_note=(
            "Daum: turn on IMAP/SMTP in Daum Mail's settings; with two-step verification "
            "use an application password"
        ),
    ),
    Provider(
        "Kakao Mail",
        ("kakao.com",),
        (_imap("imap.kakao.com"), _pop3("pop.kakao.com")),
        _smtp("smtp.kakao.com"),
        password_note=(
            "Kakao Mail: turn on IMAP/SMTP in Kakao Mail's settings and create an app password for qtmail"
        ),
    ),
)


def find_provider(domain: str) -> Provider | None:
    """The bundled provider for an address's domain (case-insensitive), if any."""
    domain = domain.strip().rstrip(".").lower()
    for provider in PROVIDERS:
        if domain in provider.domains:
            return provider
    return None
