"""``qtmail send``: build a message, commit it to the outbox, and (with ``--now``) send it at once.

Exit status with ``--now``: 0 every recipient accepted, 3 some refused, 4 it stays
queued after a temporary failure, 1 a permanent failure (the message is kept, held),
2 usage. Without ``--now`` the message is queued and the status is 0.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any, Final

from qtmail.cli.accounts import read_password_stdin
from qtmail.cli.message_options import add_message_options, outgoing_from_args
from qtmail.core.accounts import SERVER_ROLES, Account, AccountStore
from qtmail.core.credentials import CredentialStore
from qtmail.core.mime import Address, compose, envelope_recipients, make_message_id
from qtmail.core.mime.addresses import ascii_address
from qtmail.core.outbox import OutboxSender, SendOutcome
from qtmail.core.store import Store

EXIT_OK: Final = 0
EXIT_FAILURE: Final = 1
EXIT_REFUSED: Final = 3
EXIT_QUEUED: Final = 4


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "send",
        help="send a message through the outbox",
        description="Build a message like 'qtmail build' and put it in the outbox; --now sends it at once.",
    )
    parser.add_argument("--account", metavar="A", required=True, help="the account to send from")
    parser.add_argument(
        "--password-stdin", action="store_true", help="read the password (one line) from stdin"
    )
    parser.add_argument(
        "--now", action="store_true", help="send at once and report each recipient (no undo delay)"
    )
    parser.add_argument(
        "--undo-delay",
        metavar="SECONDS",
        type=float,
        default=0.0,
        help="without --now: keep the message back this long before a flush may send it",
    )
    add_message_options(parser, from_required=False)
    parser.set_defaults(func=run, send_parser=parser)


def credentials_for(args: argparse.Namespace, accounts: list[Account]) -> CredentialStore:
    """The profile's credentials; ``--password-stdin`` (one line) serves both servers of ``accounts``."""
    credentials = CredentialStore(args.profile_obj)
    if getattr(args, "password_stdin", False):
        password = read_password_stdin(args)
        for account in accounts:
            for role in SERVER_ROLES:
                credentials.session.set(account, role, password)
    return credentials


def run(args: argparse.Namespace) -> int:
    if args.undo_delay < 0:
        args.send_parser.error("--undo-delay must be zero or more seconds")
    if args.password_stdin and "-" in (args.body_file, args.html_file, *args.attach):
        args.send_parser.error("--password-stdin and a '-' (stdin) file cannot both read standard input")
    profile = args.profile_obj
    account = AccountStore(profile).get(args.account)
    identity = account.primary
    message = outgoing_from_args(args, default_from=Address(identity.display_name, identity.address))
    if not message.message_id:
        message.message_id = make_message_id(message.from_.address.rpartition("@")[2])
    raw = compose(message)
    recipients = envelope_recipients(message)
    sender = ascii_address(message.from_.address)
    credentials = credentials_for(args, [account])
    with Store.for_profile(profile) as store:
        outbox = OutboxSender(profile, store, [account], credentials)
        if args.now:
            outcome = outbox.send_immediately(
                account, raw, message_id=message.message_id, sender=sender, recipients=recipients
            )
            return report_outcome(outcome)
        item = outbox.queue(
            account,
            raw,
            message_id=message.message_id,
            sender=sender,
            recipients=recipients,
            undo_delay=args.undo_delay,
        )
    print(f"queued as outbox message {item.id} ({len(recipients)} recipients)")
    return EXIT_OK


def report_outcome(outcome: SendOutcome) -> int:
    """Print one line per recipient on stdout, problems on stderr; the exit status."""
    for result in outcome.recipients:
        if result.accepted:
            print(f"ACCEPTED {result.address}")
        else:
            print(f"REFUSED {result.address} {result.code} {result.text}")
    if outcome.sent_copy_error is not None:
        print(f"qtmail: warning: {outcome.sent_copy_error}", file=sys.stderr)
    permanent_refusals = [r for r in outcome.refused if not r.temporary]
    if outcome.state == "sent":
        if outcome.requeued:
            print(
                f"qtmail: {len(outcome.requeued)} recipient(s) refused for now; "
                "the message stays in the outbox for them and will be retried",
                file=sys.stderr,
            )
        if outcome.held_for:
            print(
                f"qtmail: the message is kept in the outbox (held) for {', '.join(outcome.held_for)}; "
                "see 'qtmail outbox list', then 'qtmail outbox retry' or 'withdraw' it",
                file=sys.stderr,
            )
        if permanent_refusals:
            return EXIT_REFUSED
        if outcome.requeued:
            return EXIT_QUEUED
        return EXIT_OK
    assert outcome.error is not None
    if outcome.state == "queued":
        if outcome.error.retryable:
            print(
                f"qtmail: {outcome.error}; the message stays in the outbox (id {outcome.item_id}) "
                "and will be retried",
                file=sys.stderr,
            )
            return EXIT_QUEUED
        print(
            f"qtmail: {outcome.error}; the message stays in the outbox (id {outcome.item_id})",
            file=sys.stderr,
        )
        return EXIT_FAILURE
    # held: the user must change something
    print(
        f"qtmail: {outcome.error}; the message is kept in the outbox (id {outcome.item_id}, held)",
        file=sys.stderr,
    )
    if outcome.recipients and permanent_refusals:
        return EXIT_REFUSED
    return EXIT_FAILURE
