"""Accounts: identities, server settings and options, kept in the profile's JSON config.

The config file never holds a secret; passwords live in the keyring
(:mod:`qtmail.core.credentials`). Writes are atomic (temp file, fsync, rename)
so a crash never leaves a half-written config behind.

The incoming side is IMAP, POP3 or "local": a local account has no incoming server;
its mail arrives only by local delivery (the demo's loopback SMTP server, or a
"Local Folders" style account), so a sync has nothing to fetch and needs no password.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Final, Literal, cast

from qtmail.core.errors import ErrorKind, MailError
from qtmail.core.fileio import write_file_atomically
from qtmail.core.net.tls import normalize_fingerprint
from qtmail.core.profile import Profile

Protocol = Literal["imap", "pop3", "smtp", "local"]
Security = Literal["tls", "starttls", "none"]
AuthMethod = Literal["password", "xoauth2"]
ServerRole = Literal["incoming", "smtp"]

PROTOCOLS: Final = ("imap", "pop3", "smtp", "local")
INCOMING_PROTOCOLS: Final = ("imap", "pop3", "local")
LOCAL: Final = "local"
SECURITY_MODES: Final = ("tls", "starttls", "none")
AUTH_METHODS: Final = ("password", "xoauth2")
SERVER_ROLES: Final = ("incoming", "smtp")

# Well-known ports by protocol and security mode.
DEFAULT_PORTS: Final[Mapping[str, Mapping[str, int]]] = {
    "imap": {"tls": 993, "starttls": 143, "none": 143},
    "pop3": {"tls": 995, "starttls": 110, "none": 110},
    "smtp": {"tls": 465, "starttls": 587, "none": 587},
}

CONFIG_VERSION: Final = 1
DEFAULT_CHECK_INTERVAL_S: Final = 600

# What demo profiles written before the "local" type used as their incoming server: POP3 on
# 127.0.0.1 port 1 (tcpmux, where no POP3 server ever listens). Loaded as "local".
LEGACY_PLACEHOLDER_INCOMING: Final = ("pop3", "127.0.0.1", 1)


def default_port(protocol: str, security: str) -> int:
    """The usual port for ``protocol`` under ``security`` (IMAP 993/143, POP3 995/110, SMTP 465/587)."""
    try:
        return DEFAULT_PORTS[protocol][security]
    except KeyError:
        raise MailError(
            ErrorKind.CONFIG, f"unknown protocol or security mode: {protocol}/{security}"
        ) from None


def new_account_id() -> str:
    """A fresh account id; it keys the account's keyring entries."""
    import uuid  # only new accounts need it (1.6 ms of every start otherwise)

    return uuid.uuid4().hex


@dataclass(frozen=True)
class Identity:
    """Who the user is when writing from an account."""

    display_name: str
    address: str
    signature: str = ""


@dataclass(frozen=True)
class ServerSettings:
    """How to reach and log in to one server.

    ``port`` 0 means "the usual port for the security mode"; ``__post_init__``
    fills it in. Protocol "local" (see :meth:`local`) is no server at all: no host,
    no port, nothing to log in to. ``trusted_fingerprints`` are SHA-256 fingerprints of DER
    certificates (normalised: upper-case hex, no colons) accepted in addition
    to the system trust store. ``verify=False`` skips certificate checks
    altogether; it is allowed only on accounts that allow plaintext.
    """

    protocol: Protocol
    host: str
    port: int = 0
    security: Security = "tls"
    username: str = ""
    auth: AuthMethod = "password"
    trusted_fingerprints: tuple[str, ...] = ()
    verify: bool = True

    @classmethod
    def local(cls) -> ServerSettings:
        """The incoming side of an account without an incoming server."""
        return cls(LOCAL, "")

    def __post_init__(self) -> None:
        if self.protocol not in PROTOCOLS:
            raise MailError(
                ErrorKind.CONFIG, f"unknown protocol {self.protocol!r} (use imap, pop3, local or smtp)"
            )
        if self.protocol == LOCAL:
            self._normalize_local()
            return
        if self.security not in SECURITY_MODES:
            raise MailError(
                ErrorKind.CONFIG, f"unknown security mode {self.security!r} (use tls, starttls or none)"
            )
        if self.auth not in AUTH_METHODS:
            raise MailError(ErrorKind.CONFIG, f"unknown authentication method {self.auth!r}")
        host = self.host.strip()
        if not host or any(ch.isspace() for ch in host) or "/" in host:
            raise MailError(ErrorKind.CONFIG, f"invalid server host name {self.host!r}")
        object.__setattr__(self, "host", host)
        if self.port == 0:
            object.__setattr__(self, "port", default_port(self.protocol, self.security))
        if not isinstance(self.port, int) or not 0 < self.port < 65536:
            raise MailError(ErrorKind.CONFIG, f"invalid port {self.port!r} for {host}")
        object.__setattr__(
            self,
            "trusted_fingerprints",
            tuple(dict.fromkeys(normalize_fingerprint(fp) for fp in self.trusted_fingerprints)),
        )

    def _normalize_local(self) -> None:
        """No server: refuse a host or port (a mistake), and blank what has no meaning here."""
        if self.host.strip() or self.port:
            raise MailError(
                ErrorKind.CONFIG, "a local account has no incoming server: leave its host and port empty"
            )
        object.__setattr__(self, "host", "")
        object.__setattr__(self, "security", "none")
        object.__setattr__(self, "username", "")
        object.__setattr__(self, "auth", "password")
        object.__setattr__(self, "trusted_fingerprints", ())
        object.__setattr__(self, "verify", True)

    @property
    def is_local(self) -> bool:
        """True for the "local" incoming type: no server, nothing to connect to."""
        return self.protocol == LOCAL

    @property
    def encrypted(self) -> bool:
        """Whether the password travels inside TLS (a local account sends none)."""
        return self.security != "none" or self.is_local


@dataclass(frozen=True)
class Account:
    """One mail account: identities, an incoming server (or "local"), an SMTP server and options.

    Empty server user names default to the primary identity's address.
    """

    name: str
    identities: tuple[Identity, ...]
    incoming: ServerSettings
    smtp: ServerSettings
    allow_plaintext: bool = False
    pop3_keep_days: int | None = None
    pop3_delete_when_deleted: bool = False
    sync_folders: tuple[str, ...] | None = None
    offline_bodies: bool = False
    check_interval_s: int = DEFAULT_CHECK_INTERVAL_S
    id: str = field(default_factory=new_account_id)

    def __post_init__(self) -> None:
        name = self.name.strip()
        if not name or any(ord(ch) < 32 for ch in name) or "/" in name or "\\" in name:
            raise MailError(ErrorKind.CONFIG, f"invalid account name {self.name!r}")
        object.__setattr__(self, "name", name)
        if not self.identities:
            raise MailError(ErrorKind.CONFIG, f"account {name!r} needs at least one identity")
        object.__setattr__(self, "identities", tuple(self.identities))
        if self.incoming.protocol not in INCOMING_PROTOCOLS:
            raise MailError(ErrorKind.CONFIG, "the incoming server must use IMAP or POP3 (or be local)")
        if self.smtp.protocol != "smtp":
            raise MailError(ErrorKind.CONFIG, "the outgoing server must use SMTP")
        address = self.identities[0].address
        if not self.incoming.username and not self.incoming.is_local:
            object.__setattr__(self, "incoming", replace(self.incoming, username=address))
        if not self.smtp.username:
            object.__setattr__(self, "smtp", replace(self.smtp, username=address))
        if not self.allow_plaintext:
            for role, server in (("incoming", self.incoming), ("smtp", self.smtp)):
                if server.is_local:
                    continue
                if server.security == "none":
                    raise MailError(
                        ErrorKind.CONFIG,
                        f"security 'none' for the {role} server sends the password in the clear; "
                        "allow plaintext for this account to use it",
                    )
                if not server.verify:
                    raise MailError(
                        ErrorKind.CONFIG,
                        f"turning off certificate checks for the {role} server needs plaintext to be allowed",
                    )
        if self.pop3_keep_days is not None and self.pop3_keep_days < 0:
            raise MailError(ErrorKind.CONFIG, "pop3_keep_days must be zero or more")
        if self.check_interval_s < 0:
            raise MailError(ErrorKind.CONFIG, "check_interval_s must be zero or more")
        if self.sync_folders is not None:
            object.__setattr__(self, "sync_folders", tuple(self.sync_folders))
        if not self.id or not all(ch.isalnum() or ch in "-_" for ch in self.id):
            raise MailError(ErrorKind.CONFIG, f"invalid account id {self.id!r}")

    @property
    def primary(self) -> Identity:
        return self.identities[0]

    @property
    def address(self) -> str:
        return self.identities[0].address

    @property
    def has_incoming_server(self) -> bool:
        """False for a local account: mail arrives by local delivery, there is nothing to fetch."""
        return not self.incoming.is_local

    def server(self, role: ServerRole) -> ServerSettings:
        """The incoming or SMTP server by role name."""
        if role == "incoming":
            return self.incoming
        if role == "smtp":
            return self.smtp
        raise MailError(ErrorKind.CONFIG, f"unknown server {role!r} (use incoming or smtp)")


# ---------------------------------------------------------------- JSON form


def server_to_json(server: ServerSettings) -> dict[str, Any]:
    return {
        "protocol": server.protocol,
        "host": server.host,
        "port": server.port,
        "security": server.security,
        "username": server.username,
        "auth": server.auth,
        "trusted_fingerprints": list(server.trusted_fingerprints),
        "verify": server.verify,
    }


def server_from_json(data: Mapping[str, Any]) -> ServerSettings:
    protocol = _field(data, "protocol", str)
    if protocol == LOCAL:
        return ServerSettings.local()
    return ServerSettings(
        protocol=cast(Protocol, protocol),
        host=_field(data, "host", str),
        port=_field(data, "port", int, 0),
        security=cast(Security, _field(data, "security", str, "tls")),
        username=_field(data, "username", str, ""),
        auth=cast(AuthMethod, _field(data, "auth", str, "password")),
        trusted_fingerprints=tuple(_field(data, "trusted_fingerprints", list, [])),
        verify=_field(data, "verify", bool, True),
    )


def account_to_json(account: Account) -> dict[str, Any]:
    return {
        "id": account.id,
        "name": account.name,
        "identities": [
            {"display_name": i.display_name, "address": i.address, "signature": i.signature}
            for i in account.identities
        ],
        "incoming": server_to_json(account.incoming),
        "smtp": server_to_json(account.smtp),
        "allow_plaintext": account.allow_plaintext,
        "pop3_keep_days": account.pop3_keep_days,
        "pop3_delete_when_deleted": account.pop3_delete_when_deleted,
        "sync_folders": None if account.sync_folders is None else list(account.sync_folders),
        "offline_bodies": account.offline_bodies,
        "check_interval_s": account.check_interval_s,
    }


def account_from_json(data: Mapping[str, Any]) -> Account:
    identities = tuple(
        Identity(
            display_name=_field(item, "display_name", str, ""),
            address=_field(item, "address", str),
            signature=_field(item, "signature", str, ""),
        )
        for item in _field(data, "identities", list)
    )
    sync_folders = data.get("sync_folders")
    keep_days = data.get("pop3_keep_days")
    if keep_days is not None and (not isinstance(keep_days, int) or isinstance(keep_days, bool)):
        raise MailError(ErrorKind.CONFIG, "pop3_keep_days must be a number or null")
    if sync_folders is not None and not (
        isinstance(sync_folders, list) and all(isinstance(f, str) for f in sync_folders)
    ):
        raise MailError(ErrorKind.CONFIG, "sync_folders must be a list of folder names or null")
    return Account(
        id=_field(data, "id", str),
        name=_field(data, "name", str),
        identities=identities,
        incoming=_migrate_placeholder(server_from_json(_field(data, "incoming", dict))),
        smtp=server_from_json(_field(data, "smtp", dict)),
        allow_plaintext=_field(data, "allow_plaintext", bool, False),
        pop3_keep_days=keep_days,
        pop3_delete_when_deleted=_field(data, "pop3_delete_when_deleted", bool, False),
        sync_folders=None if sync_folders is None else tuple(sync_folders),
        offline_bodies=_field(data, "offline_bodies", bool, False),
        check_interval_s=_field(data, "check_interval_s", int, DEFAULT_CHECK_INTERVAL_S),
    )


def _migrate_placeholder(incoming: ServerSettings) -> ServerSettings:
    """An old demo profile's placeholder POP3 server (127.0.0.1:1) is what "local" now says."""
    if (incoming.protocol, incoming.host, incoming.port) == LEGACY_PLACEHOLDER_INCOMING:
        return ServerSettings.local()
    return incoming


_MISSING: Final = object()


def _field(data: Mapping[str, Any], key: str, kind: type[Any], default: Any = _MISSING) -> Any:
    """One typed field of the config, with a clear error when it is missing or of the wrong type."""
    if not isinstance(data, Mapping):
        raise MailError(ErrorKind.CONFIG, "the accounts file is malformed (expected an object)")
    value = data.get(key, default)
    if value is _MISSING:
        raise MailError(ErrorKind.CONFIG, f"the accounts file lacks the field {key!r}")
    if kind is int and isinstance(value, bool):
        raise MailError(ErrorKind.CONFIG, f"the field {key!r} in the accounts file must be a number")
    if not isinstance(value, kind):
        raise MailError(ErrorKind.CONFIG, f"the field {key!r} in the accounts file has the wrong type")
    return value


def load_accounts(profile: Profile) -> list[Account]:
    """All accounts of the profile, in saved order; an absent file means none."""
    path = profile.config_file
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise MailError(ErrorKind.STORAGE, f"cannot read {path}: {exc.strerror}") from None
    try:
        document = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise MailError(ErrorKind.CONFIG, f"{path} is not valid JSON ({exc}); fix or remove it") from None
    if not isinstance(document, dict) or not isinstance(document.get("accounts"), list):
        raise MailError(ErrorKind.CONFIG, f"{path} is malformed: expected an object with an 'accounts' list")
    version = document.get("version", CONFIG_VERSION)
    if not isinstance(version, int) or version > CONFIG_VERSION:
        raise MailError(ErrorKind.CONFIG, f"{path} was written by a newer qtmail (version {version})")
    accounts = [account_from_json(item) for item in document["accounts"]]
    _check_unique(accounts)
    return accounts


def save_accounts(profile: Profile, accounts: Iterable[Account]) -> None:
    """Write all accounts atomically, private to the user (0600)."""
    accounts = list(accounts)
    _check_unique(accounts)
    document = {"version": CONFIG_VERSION, "accounts": [account_to_json(a) for a in accounts]}
    data = (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    try:
        write_file_atomically(profile.config_file, data)
    except OSError as exc:
        raise MailError(ErrorKind.STORAGE, f"cannot write {profile.config_file}: {exc.strerror}") from None


def _check_unique(accounts: list[Account]) -> None:
    names: set[str] = set()
    ids: set[str] = set()
    for account in accounts:
        if account.name.casefold() in names:
            raise MailError(ErrorKind.CONFIG, f"two accounts are named {account.name!r}")
        if account.id in ids:
            raise MailError(ErrorKind.CONFIG, f"two accounts share the id {account.id!r}")
        names.add(account.name.casefold())
        ids.add(account.id)


class AccountStore:
    """Load, change and save the profile's accounts; every change is written at once."""

    def __init__(self, profile: Profile) -> None:
        self.profile = profile

    def all(self) -> list[Account]:
        return load_accounts(self.profile)

    def names(self) -> list[str]:
        return [a.name for a in self.all()]

    def get(self, name: str) -> Account:
        """The account called ``name`` (case-insensitive), or MailError(NOT_FOUND)."""
        for account in self.all():
            if account.name.casefold() == name.strip().casefold():
                return account
        raise MailError(ErrorKind.NOT_FOUND, f"no account named {name!r}")

    def get_by_id(self, account_id: str) -> Account:
        for account in self.all():
            if account.id == account_id:
                return account
        raise MailError(ErrorKind.NOT_FOUND, f"no account with id {account_id!r}")

    def add(self, account: Account) -> Account:
        accounts = self.all()
        if any(a.name.casefold() == account.name.casefold() for a in accounts):
            raise MailError(ErrorKind.CONFIG, f"an account named {account.name!r} already exists")
        save_accounts(self.profile, [*accounts, account])
        return account

    def update(self, account: Account) -> Account:
        """Replace the stored account with the same id."""
        accounts = self.all()
        for index, existing in enumerate(accounts):
            if existing.id == account.id:
                accounts[index] = account
                save_accounts(self.profile, accounts)
                return account
        raise MailError(ErrorKind.NOT_FOUND, f"no account named {account.name!r}")

    def remove(self, name: str) -> Account:
        """Remove and return the account called ``name``."""
        account = self.get(name)
        save_accounts(self.profile, [a for a in self.all() if a.id != account.id])
        return account
