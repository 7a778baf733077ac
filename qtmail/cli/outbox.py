"""``qtmail outbox list [--json]`` and ``qtmail outbox flush``: show and send what waits.

Also ``retry ID [--recipients ...]`` (send a held message again, perhaps to corrected
addresses) and ``withdraw ID`` (take a message out of the outbox and write it to a file).
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final

from qtmail.cli.send import credentials_for
from qtmail.core.accounts import AccountStore
from qtmail.core.errors import ErrorKind, MailError
from qtmail.core.mime import parse_envelope
from qtmail.core.mime.addresses import ascii_address, validate_address
from qtmail.core.outbox import OutboxSender, withdraw
from qtmail.core.outbox_payload import Payloads
from qtmail.core.store import OutboxItem, Store

EXIT_OK: Final = 0
EXIT_FAILURE: Final = 1


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("outbox", help="show and send the messages waiting in the outbox")
    commands = parser.add_subparsers(dest="outbox_command", metavar="ACTION", required=True)

    listing = commands.add_parser("list", help="list the outbox")
    listing.add_argument("--account", metavar="A", help="only this account")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(func=_list)

    flush = commands.add_parser("flush", help="send what is due now (earlier failures are retried at once)")
    flush.add_argument("--account", metavar="A", help="only this account")
    flush.add_argument(
        "--password-stdin", action="store_true", help="read the password (one line) from stdin"
    )
    flush.set_defaults(func=_flush)

    retry = commands.add_parser("retry", help="queue a held message again")
    retry.add_argument("id", type=int, metavar="ID")
    retry.add_argument(
        "--recipients",
        nargs="+",
        metavar="ADDRESS",
        help="send to these envelope addresses instead (e.g. a corrected address)",
    )
    retry.set_defaults(func=_retry)

    withdraw = commands.add_parser("withdraw", help="take a message out of the outbox (not yet sent)")
    withdraw.add_argument("id", type=int, metavar="ID")
    withdraw.add_argument("-o", "--output", metavar="OUT.eml", required=True, help="write the message here")
    withdraw.set_defaults(func=_withdraw)


def _iso(epoch: float | None) -> str | None:
    if epoch is None:
        return None
    return datetime.fromtimestamp(epoch, tz=UTC).isoformat(timespec="seconds")


def _row(store: Store, payloads: Payloads, item: OutboxItem) -> dict[str, Any]:
    envelope = parse_envelope(payloads.head(store.outbox.head(item.id)))
    next_attempt = item.next_attempt_at
    if item.send_after is not None and (next_attempt is None or item.send_after > next_attempt):
        next_attempt = item.send_after
    return {
        "id": item.id,
        "account": item.account,
        "message_id": item.message_id,
        "subject": envelope.subject or "",
        "recipients": list(item.recipients),
        "state": item.state,
        "attempts": item.attempts,
        "last_error": item.last_error,
        "next_attempt": _iso(next_attempt) if item.state in ("queued", "failed-temp") else None,
        "created": _iso(item.created_at),
        "size": item.size,
    }


def _list(args: argparse.Namespace) -> int:
    profile = args.profile_obj
    if args.account:
        AccountStore(profile).get(args.account)  # a clear error for a wrong name
    with Store.for_profile(profile) as store:
        payloads = Payloads.for_profile(profile)
        rows = [_row(store, payloads, item) for item in store.outbox.all(args.account)]
    if args.json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return EXIT_OK
    if not rows:
        print("the outbox is empty", file=sys.stderr)
    for row in rows:
        when = f" next {row['next_attempt']}" if row["next_attempt"] else ""
        error = f" — {row['last_error']}" if row["last_error"] else ""
        print(
            f"{row['id']}\t{row['account']}\t{row['state']}\t{row['attempts']} tries{when}\t"
            f"{row['subject']}\t{', '.join(row['recipients'])}{error}"
        )
    return EXIT_OK


def _flush(args: argparse.Namespace) -> int:
    profile = args.profile_obj
    accounts = AccountStore(profile).all()
    if args.account:
        chosen = AccountStore(profile).get(args.account)
        targets = [chosen]
        name: str | None = chosen.name
    else:
        targets, name = accounts, None
    credentials = credentials_for(args, targets)
    with Store.for_profile(profile) as store:
        report = OutboxSender(profile, store, accounts, credentials).flush(name, retry_now=True)
    for outcome in report.outcomes:
        if outcome.state == "sent":
            refused = f", {len(outcome.refused)} refused" if outcome.refused else ""
            print(
                f"sent outbox message {outcome.item_id} ({len(outcome.recipients) - len(outcome.refused)}"
                f" accepted{refused})"
            )
            for result in outcome.refused:
                print(f"REFUSED {result.address} {result.code} {result.text}")
            if outcome.requeued:
                print(f"qtmail: kept for a retry for {', '.join(outcome.requeued)}", file=sys.stderr)
            if outcome.held_for:
                print(f"qtmail: kept in the outbox (held) for {', '.join(outcome.held_for)}", file=sys.stderr)
            if outcome.sent_copy_error is not None:
                print(f"qtmail: warning: {outcome.sent_copy_error}", file=sys.stderr)
        else:
            print(
                f"qtmail: outbox message {outcome.item_id} {outcome.state}: {outcome.error}", file=sys.stderr
            )
    for problem in report.problems:
        print(f"qtmail: {problem}", file=sys.stderr)
    if not report.outcomes and not report.problems:
        print("nothing to send", file=sys.stderr)
    return EXIT_OK if report.ok else EXIT_FAILURE


def _retry(args: argparse.Namespace) -> int:
    recipients = None
    if args.recipients:
        recipients = [ascii_address(validate_address(a.strip())) for a in args.recipients]
    with Store.for_profile(args.profile_obj) as store:
        if not store.outbox.requeue(args.id, recipients=recipients):
            state = store.outbox.get(args.id).state
            raise MailError(ErrorKind.INPUT, f"outbox message {args.id} is {state}; only held or failed ones")
    print(f"outbox message {args.id} queued again")
    return EXIT_OK


def _withdraw(args: argparse.Namespace) -> int:
    output = Path(args.output)
    profile = args.profile_obj
    with Store.for_profile(profile) as store:
        payloads = Payloads.for_profile(profile)
        raw = payloads.unpack(store.outbox.raw(args.id))
        try:
            output.write_bytes(raw)  # first the copy, then the removal: nothing can be lost
        except OSError as exc:
            raise MailError(ErrorKind.STORAGE, f"cannot write {output}: {exc.strerror or exc}") from None
        pulled = withdraw(store, payloads, args.id)
        if pulled is None:
            output.unlink(missing_ok=True)
            raise MailError(ErrorKind.INPUT, f"outbox message {args.id} is being sent or was sent already")
    print(f"outbox message {args.id} written to {output} and removed from the outbox")
    if pulled.blind_copies:  # the file, like the message sent, names no Bcc
        print(f"its Bcc recipients (not in the file): {', '.join(pulled.blind_copies)}")
    return EXIT_OK
