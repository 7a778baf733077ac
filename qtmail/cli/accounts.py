"""``qtmail accounts``: add (by hand or ``--auto``), set-password, list, show, remove, test.

Also :func:`password_for`, which the ``sync`` and ``send`` commands use to get
a server's password from ``--password-stdin`` or the keyring.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from typing import Any

from qtmail.core.accounts import (
    INCOMING_PROTOCOLS,
    SECURITY_MODES,
    SERVER_ROLES,
    Account,
    AccountStore,
    Identity,
    ServerRole,
    ServerSettings,
    account_to_json,
)
from qtmail.core.credentials import CredentialStore, backend_problem, keyring_available
from qtmail.core.errors import ErrorKind, MailError
from qtmail.core.net.protocol_log import ProtocolLog
from qtmail.core.net.tls import normalize_fingerprint
from qtmail.core.profile import Profile

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2


# ---------------------------------------------------------------- helpers for other commands


def read_password_stdin(args: argparse.Namespace) -> str:
    """One line from stdin, read once per process and shared by both servers."""
    cached = getattr(args, "_stdin_password", None)
    if isinstance(cached, str):
        return cached
    line = sys.stdin.readline()
    password = line.rstrip("\r\n")
    if not password:
        raise MailError(ErrorKind.INPUT, "--password-stdin: no password on standard input")
    args._stdin_password = password
    return password


def password_for(args: argparse.Namespace, account: Account, server: ServerRole) -> str:
    """The password for ``account``'s ``server`` ("incoming" or "smtp").

    ``--password-stdin`` (one line, shared by both servers) wins; otherwise the
    session cache and the keyring; otherwise MailError(CONFIG) saying what to do.
    A local account's incoming side has no server and so no password: "".
    """
    if server == "incoming" and not account.has_incoming_server:
        return ""
    if getattr(args, "password_stdin", False):
        return read_password_stdin(args)
    return CredentialStore(args.profile_obj).require(account, server)


def _print_json(value: Any) -> None:
    print(json.dumps(value, indent=2, ensure_ascii=False))


def _warn(text: str) -> None:
    print(f"qtmail: {text}", file=sys.stderr)


# ---------------------------------------------------------------- parser


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("accounts", help="add, list, show, test and remove mail accounts")
    commands = parser.add_subparsers(dest="accounts_command", metavar="ACTION", required=True)

    add = commands.add_parser("add", help="add an account (by hand, or --auto ADDR to discover the servers)")
    add.add_argument("name", metavar="NAME")
    add.add_argument("--address", metavar="ADDR", help="the account's e-mail address")
    add.add_argument("--auto", metavar="ADDR", help="discover the servers for ADDR")
    add.add_argument("--display-name", metavar="TEXT", default="")
    add.add_argument(
        "--incoming",
        choices=INCOMING_PROTOCOLS,
        help="imap, pop3, or local (no incoming server: mail arrives by local delivery)",
    )
    add.add_argument("--in-host", metavar="HOST")
    add.add_argument("--in-port", metavar="N", type=int)
    add.add_argument("--in-security", choices=SECURITY_MODES, help="default: tls")
    add.add_argument("--in-user", metavar="USER")
    add.add_argument("--smtp-host", metavar="HOST")
    add.add_argument("--smtp-port", metavar="N", type=int)
    add.add_argument("--smtp-security", choices=SECURITY_MODES, default="tls")
    add.add_argument("--smtp-user", metavar="USER")
    add.add_argument("--allow-plaintext", action="store_true", help="permit security 'none'")
    keep = add.add_mutually_exclusive_group()
    keep.add_argument(
        "--pop3-keep-days", metavar="N", type=int, help="POP3: delete from the server after N days"
    )
    keep.add_argument(
        "--pop3-delete-when-deleted",
        action="store_true",
        help="POP3: delete from the server when deleted here",
    )
    add.add_argument("--offline-bodies", action="store_true", help="IMAP: fetch all bodies for offline use")
    add.add_argument("--password-stdin", action="store_true", help="read the password (one line) from stdin")
    add.add_argument(
        "--trust-fingerprint",
        metavar="SHA256",
        action="append",
        default=[],
        help="trust a server certificate with this SHA-256 fingerprint (repeatable)",
    )
    add.add_argument("--no-verify", action="store_true", help="save without logging in to the servers first")
    add.set_defaults(func=run, accounts_func=_add, accounts_parser=add)

    set_password = commands.add_parser("set-password", help="store a password in the system keyring")
    set_password.add_argument("name", metavar="NAME")
    set_password.add_argument("--server", choices=SERVER_ROLES, help="only this server (default: both)")
    set_password.add_argument("--password-stdin", action="store_true", required=True)
    set_password.set_defaults(func=run, accounts_func=_set_password, accounts_parser=set_password)

    listing = commands.add_parser("list", help="list the accounts")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(func=run, accounts_func=_list, accounts_parser=listing)

    show = commands.add_parser("show", help="show one account's settings")
    show.add_argument("name", metavar="NAME")
    show.add_argument("--json", action="store_true")
    show.set_defaults(func=run, accounts_func=_show, accounts_parser=show)

    remove = commands.add_parser("remove", help="remove an account, its passwords and its local mail")
    remove.add_argument("name", metavar="NAME")
    remove.set_defaults(func=run, accounts_func=_remove, accounts_parser=remove)

    test = commands.add_parser("test", help="log in to the account's incoming and outgoing servers")
    test.add_argument("name", metavar="NAME")
    test.add_argument("--password-stdin", action="store_true", help="read the password (one line) from stdin")
    test.set_defaults(func=run, accounts_func=_test, accounts_parser=test)


def run(args: argparse.Namespace) -> int:
    result: int = args.accounts_func(args)
    return result


# ---------------------------------------------------------------- add


def _usage(args: argparse.Namespace, message: str) -> None:
    """argparse's usage error (exit 2)."""
    args.accounts_parser.error(message)


def _fingerprints(args: argparse.Namespace) -> tuple[str, ...]:
    try:
        return tuple(normalize_fingerprint(fp) for fp in args.trust_fingerprint)
    except MailError as exc:
        _usage(args, f"--trust-fingerprint: {exc}")
        raise AssertionError("unreachable") from exc


def _check_local_flags(args: argparse.Namespace) -> None:
    """``--incoming local`` has no incoming server: flags describing one are a mistake."""
    given = [
        flag
        for flag, value in (
            ("--in-host", args.in_host),
            ("--in-port", args.in_port),
            ("--in-security", args.in_security),
            ("--in-user", args.in_user),
        )
        if value is not None
    ]
    if given:
        _usage(args, f"--incoming local has no incoming server; drop {', '.join(given)}")
    if args.offline_bodies:
        _usage(args, "--offline-bodies needs --incoming imap")


def _incoming_from_args(args: argparse.Namespace, fingerprints: tuple[str, ...]) -> ServerSettings:
    if args.incoming == "local":
        return ServerSettings.local()
    return ServerSettings(
        protocol=args.incoming,
        host=args.in_host,
        port=args.in_port or 0,
        security=args.in_security or "tls",
        username=args.in_user or "",
        trusted_fingerprints=fingerprints,
    )


def _account_from_args(args: argparse.Namespace) -> Account:
    local = args.incoming == "local"
    missing = [
        flag
        for flag, value in (
            ("--address", args.address),
            ("--incoming", args.incoming),
            ("--in-host", args.in_host or local),
            ("--smtp-host", args.smtp_host),
        )
        if not value
    ]
    if missing:
        _usage(args, f"the following arguments are required (or use --auto ADDR): {', '.join(missing)}")
    if "none" in (args.in_security, args.smtp_security) and not args.allow_plaintext:
        _usage(args, "security 'none' sends the password in the clear; add --allow-plaintext to permit it")
    if args.incoming != "pop3" and (args.pop3_keep_days is not None or args.pop3_delete_when_deleted):
        _usage(args, "--pop3-keep-days and --pop3-delete-when-deleted need --incoming pop3")
    if local:
        _check_local_flags(args)
    if "@" not in args.address:
        _usage(args, f"--address: {args.address!r} is not an e-mail address")
    fingerprints = _fingerprints(args)
    incoming = _incoming_from_args(args, fingerprints)
    smtp = ServerSettings(
        protocol="smtp",
        host=args.smtp_host,
        port=args.smtp_port or 0,
        security=args.smtp_security,
        username=args.smtp_user or "",
        trusted_fingerprints=fingerprints,
    )
    return Account(
        name=args.name,
        identities=(Identity(display_name=args.display_name, address=args.address.strip()),),
        incoming=incoming,
        smtp=smtp,
        allow_plaintext=args.allow_plaintext,
        pop3_keep_days=args.pop3_keep_days,
        pop3_delete_when_deleted=args.pop3_delete_when_deleted,
        offline_bodies=args.offline_bodies,
    )


def _account_from_autoconfig(args: argparse.Namespace) -> tuple[Account, str | None]:
    from qtmail.core.autoconfig import AutoconfigSettings, discover

    if args.address and args.address.strip().lower() != args.auto.strip().lower():
        _usage(args, "--auto ADDR and --address ADDR disagree")
    proposal = discover(args.auto, AutoconfigSettings.from_env())
    for line in proposal.describe():
        print(line, file=sys.stderr)
    if proposal.needs_oauth2:
        raise MailError(ErrorKind.CAPABILITY, proposal.note or "this provider needs OAuth2 sign-in")
    plaintext = "none" in (proposal.incoming.security, proposal.smtp.security)
    if plaintext and not args.allow_plaintext:
        raise MailError(
            ErrorKind.TLS,
            "the discovered servers do not offer encryption; add --allow-plaintext to accept that",
        )
    fingerprints = _fingerprints(args)
    if proposal.fingerprints and not fingerprints:
        from qtmail.core.net.tls import format_fingerprint

        for fingerprint in proposal.fingerprints:
            print(f"  certificate seen: SHA-256 {format_fingerprint(fingerprint)}", file=sys.stderr)
    account = proposal.to_account(
        args.name,
        display_name=args.display_name,
        trusted_fingerprints=fingerprints,
        allow_plaintext=args.allow_plaintext,
    )
    account = replace(account, offline_bodies=args.offline_bodies)
    return account, proposal.note


def _add(args: argparse.Namespace) -> int:
    profile: Profile = args.profile_obj
    store = AccountStore(profile)
    if args.auto:
        account, note = _account_from_autoconfig(args)
    else:
        account, note = _account_from_args(args), None
    # Fail early on a duplicate name, before asking any server.
    if any(existing.casefold() == account.name.casefold() for existing in store.names()):
        raise MailError(ErrorKind.CONFIG, f"an account named {account.name!r} already exists")
    password = read_password_stdin(args) if args.password_stdin else None
    if not args.no_verify:
        if password is None:
            raise MailError(
                ErrorKind.INPUT,
                "a password is needed to check the servers: "
                "give it with --password-stdin (or use --no-verify)",
            )
        try:
            _verify(account, password, None, ProtocolLog.for_account(profile, account))
        except MailError as exc:
            if exc.kind is ErrorKind.AUTH and note:
                raise MailError(exc.kind, f"{exc.message} ({note})", detail=exc.detail) from None
            raise
    profile.ensure()
    store.add(account)
    if password is not None:
        credentials = CredentialStore(profile)
        if keyring_available():
            for role in _password_roles(account):
                credentials.set(account, role, password)
        else:
            _warn(
                f"{backend_problem()}. The password was not stored: give it with --password-stdin "
                "to sync, send and accounts test."
            )
    accepted = "both servers" if account.has_incoming_server else "the outgoing server"
    verified = "" if args.no_verify else f" ({accepted} accepted the login)"
    print(f"added account {account.name!r} <{account.address}>{verified}")
    return EXIT_OK


def _password_roles(account: Account) -> tuple[ServerRole, ...]:
    """The servers that take a password: both, or only SMTP for a local account."""
    return SERVER_ROLES if account.has_incoming_server else ("smtp",)


def _verify(account: Account, incoming_password: str, smtp_password: str | None, log: ProtocolLog) -> None:
    """Log in to the account's servers (only the SMTP one for a local account)."""
    from qtmail.core.net.connect import connect_smtp, logout_quietly, verify_account

    if account.has_incoming_server:
        verify_account(account, incoming_password, smtp_password, log=log)
        return
    try:
        connection = connect_smtp(account, smtp_password or incoming_password, log)
    except MailError as exc:
        raise MailError(exc.kind, f"outgoing server: {exc.message}", detail=exc.detail) from None
    logout_quietly(connection)


# ---------------------------------------------------------------- other actions


def _set_password(args: argparse.Namespace) -> int:
    profile: Profile = args.profile_obj
    account = AccountStore(profile).get(args.name)
    if args.server == "incoming" and not account.has_incoming_server:
        raise MailError(ErrorKind.CONFIG, f"{account.name!r} is a local account: it has no incoming server")
    password = read_password_stdin(args)
    roles: tuple[ServerRole, ...] = (args.server,) if args.server else _password_roles(account)
    credentials = CredentialStore(profile)
    for role in roles:
        credentials.set(account, role, password)
    which = "both servers" if len(roles) == 2 else f"the {roles[0]} server"
    print(f"stored the password for {which} of {account.name!r} in the system keyring")
    return EXIT_OK


def _incoming_summary(server: ServerSettings) -> dict[str, Any]:
    """The incoming server for ``list --json``; a local account has the same keys, all null but protocol."""
    if server.is_local:
        return {"protocol": server.protocol, "host": None, "port": None, "security": None, "username": None}
    return {
        "protocol": server.protocol,
        "host": server.host,
        "port": server.port,
        "security": server.security,
        "username": server.username,
    }


def _incoming_text(server: ServerSettings) -> str:
    if server.is_local:
        return "local (no incoming server)"
    return f"{server.protocol} {server.host}:{server.port} ({server.security})"


def _summary(account: Account) -> dict[str, Any]:
    return {
        "name": account.name,
        "id": account.id,
        "address": account.address,
        "display_name": account.primary.display_name,
        "incoming": _incoming_summary(account.incoming),
        "smtp": {
            "protocol": "smtp",
            "host": account.smtp.host,
            "port": account.smtp.port,
            "security": account.smtp.security,
            "username": account.smtp.username,
        },
    }


def _list(args: argparse.Namespace) -> int:
    accounts = AccountStore(args.profile_obj).all()
    if args.json:
        _print_json([_summary(a) for a in accounts])
        return EXIT_OK
    if not accounts:
        print("no accounts (add one with: qtmail accounts add NAME ...)", file=sys.stderr)
    for account in accounts:
        smtp = account.smtp
        print(
            f"{account.name}\t{account.address}\t{_incoming_text(account.incoming)}\t"
            f"smtp {smtp.host}:{smtp.port} ({smtp.security})"
        )
    return EXIT_OK


def _password_state(profile: Profile, account: Account) -> dict[str, bool | None]:
    """Whether a password is stored per server that takes one (None when no keyring can tell)."""
    roles = _password_roles(account)
    if not keyring_available():
        return {role: None for role in roles}
    credentials = CredentialStore(profile)
    return {role: credentials.get(account, role) is not None for role in roles}


def _show(args: argparse.Namespace) -> int:
    profile: Profile = args.profile_obj
    account = AccountStore(profile).get(args.name)
    document = account_to_json(account)
    document["password_stored"] = _password_state(profile, account)
    if args.json:
        _print_json(document)
        return EXIT_OK
    print(f"name:            {account.name}")
    print(f"id:              {account.id}")
    for identity in account.identities:
        shown = f"{identity.display_name} <{identity.address}>" if identity.display_name else identity.address
        print(f"identity:        {shown}")
    for label, server in (("incoming", account.incoming), ("outgoing", account.smtp)):
        if server.is_local:
            print(f"{label + ':':<16} local: no incoming server, mail arrives by local delivery")
            continue
        print(
            f"{label + ':':<16} {server.protocol} {server.host}:{server.port} ({server.security}), "
            f"user {server.username}"
        )
        for fingerprint in server.trusted_fingerprints:
            from qtmail.core.net.tls import format_fingerprint

            print(f"{'':<16} trusts certificate SHA-256 {format_fingerprint(fingerprint)}")
    if account.allow_plaintext:
        print("plaintext:       allowed")
    if account.incoming.protocol == "pop3":
        if account.pop3_delete_when_deleted:
            policy = "delete from the server when deleted here"
        elif account.pop3_keep_days is not None:
            policy = f"delete from the server after {account.pop3_keep_days} days"
        else:
            policy = "leave on the server"
        print(f"pop3:            {policy}")
    elif account.has_incoming_server:
        print(f"offline bodies:  {'yes' if account.offline_bodies else 'no'}")
    stored = document["password_stored"]
    if not account.has_incoming_server:
        print(f"{'incoming password:':<18} not needed (local account)")
    for role in _password_roles(account):
        state = stored[role]
        text = "unknown (no keyring)" if state is None else "stored" if state else "not stored"
        print(f"{role + ' password:':<18} {text}")
    return EXIT_OK


def _remove(args: argparse.Namespace) -> int:
    profile: Profile = args.profile_obj
    store = AccountStore(profile)
    account = store.remove(args.name)
    problems: list[str] = []
    try:
        CredentialStore(profile).delete(account)
    except MailError as exc:
        problems.append(str(exc))
    try:
        _remove_local_mail(profile, account)
    except MailError as exc:
        problems.append(str(exc))
    log = ProtocolLog.for_account(profile, account)
    for path in (log.path, log.path.with_name(log.path.name + ".1")):
        path.unlink(missing_ok=True)
    print(f"removed account {account.name!r}")
    for problem in problems:
        _warn(problem)
    return EXIT_FAILURE if problems else EXIT_OK


def _remove_local_mail(profile: Profile, account: Account) -> None:
    """Delete the account's folders, messages and cached bodies from the store, if a store exists."""
    if not profile.store_file.exists():
        return
    from qtmail.core.store.store import Store

    store = Store.for_profile(profile)
    try:
        store.delete_account(account.name)
    finally:
        store.close()


def _test(args: argparse.Namespace) -> int:
    profile: Profile = args.profile_obj
    account = AccountStore(profile).get(args.name)
    incoming_password = password_for(args, account, "incoming")
    smtp_password = password_for(args, account, "smtp")
    _verify(account, incoming_password, smtp_password, ProtocolLog.for_account(profile, account))
    for label, server in (("incoming", account.incoming), ("outgoing", account.smtp)):
        if server.is_local:
            print(f"{label}: local account, no server to log in to")
            continue
        print(f"{label} server {server.protocol} {server.host}:{server.port}: login OK")
    return EXIT_OK
