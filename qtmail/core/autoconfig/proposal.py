"""What autoconfiguration proposes: server settings for one address, and where they came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, cast

from qtmail.core.accounts import Account, Identity, Protocol, Security, ServerSettings
from qtmail.core.errors import ErrorKind, MailError

Source = Literal["provider", "autoconfig", "guess"]


def split_address(address: str) -> tuple[str, str]:
    """``local@domain`` → (local, domain); MailError(INPUT) for anything else."""
    address = address.strip()
    local, sep, domain = address.rpartition("@")
    if (
        not sep
        or not local
        or not domain
        or "." not in domain.strip(".")
        or any(c.isspace() for c in address)
    ):
        raise MailError(ErrorKind.INPUT, f"{address!r} is not an e-mail address (expected name@domain)")
    return local, domain.lower()


def expand_placeholders(template: str, address: str, display_name: str = "") -> str:
    """Thunderbird's %EMAILADDRESS%, %EMAILLOCALPART%, %EMAILDOMAIN%, %REALNAME%."""
    local, domain = split_address(address)
    return (
        template.replace("%EMAILADDRESS%", address.strip())
        .replace("%EMAILLOCALPART%", local)
        .replace("%EMAILDOMAIN%", domain)
        .replace("%REALNAME%", display_name)
    )


def make_server(protocol: str, host: str, port: int, security: str, username: str) -> ServerSettings:
    return ServerSettings(
        protocol=cast(Protocol, protocol),
        host=host,
        port=port,
        security=cast(Security, security),
        username=username,
    )


@dataclass(frozen=True)
class Proposal:
    """Settings for an address: incoming server, SMTP server, and what the user should know."""

    address: str
    source: Source
    incoming: ServerSettings
    smtp: ServerSettings
    provider_name: str | None = None
    note: str | None = None  # e.g. "needs an app password"
    needs_oauth2: bool = False
    fingerprints: tuple[str, ...] = field(default=())  # certificates seen while probing (not trusted yet)

    def to_account(
        self,
        name: str,
        *,
        display_name: str = "",
        trusted_fingerprints: tuple[str, ...] = (),
        allow_plaintext: bool = False,
    ) -> Account:
        """An account using these settings; fingerprints given here are trusted on both servers."""
        from dataclasses import replace

        incoming = replace(self.incoming, trusted_fingerprints=trusted_fingerprints)
        smtp = replace(self.smtp, trusted_fingerprints=trusted_fingerprints)
        return Account(
            name=name,
            identities=(Identity(display_name=display_name, address=self.address),),
            incoming=incoming,
            smtp=smtp,
            allow_plaintext=allow_plaintext,
        )

    def describe(self) -> list[str]:
        """Lines for people: where the settings came from and what they are."""
        origin = {
            "provider": f"built-in settings for {self.provider_name}",
            "autoconfig": "the provider's autoconfig file"
            + (f" ({self.provider_name})" if self.provider_name else ""),
            "guess": "guessed host names that answered",
        }[self.source]
        lines = [f"settings from {origin}:"]
        for label, server in (("incoming", self.incoming), ("outgoing", self.smtp)):
            where = f"{server.protocol} {server.host}:{server.port} ({server.security})"
            lines.append(f"  {label}: {where}, user {server.username}")
        if self.note:
            lines.append(f"  note: {self.note}")
        return lines
