"""``qtmail sync [--account A] [--folder F] [--bodies] [--password-stdin]``.

Syncs every account (or one): replays queued operations, fetches new mail, flag changes and
expunges, optionally all bodies, then sends what waits in the outbox. Progress goes to
stderr, a summary per account to stdout. Exit 0 when every account synced, 1 when any
failed (the others still sync, each failure is named on stderr), 2 for usage errors.

Imports stay lazy: ``qtmail sync`` is often run from cron and its start-up time counts.
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from qtmail.core.accounts import Account
    from qtmail.core.store.store import Store
    from qtmail.core.sync.imap_sync import Progress

EXIT_OK = 0
EXIT_FAILURE = 1
PROGRESS_INTERVAL_S = 0.25


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("sync", help="fetch new mail, replay offline changes and send the outbox")
    parser.add_argument("--account", metavar="A", help="only this account")
    parser.add_argument("--folder", metavar="F", help="only this folder (path as 'qtmail folders' shows it)")
    parser.add_argument("--bodies", action="store_true", help="also fetch every message body (offline use)")
    parser.add_argument(
        "--password-stdin", action="store_true", help="read the password (one line) from stdin"
    )
    parser.set_defaults(func=run)


class ProgressPrinter:
    """Progress lines for people on stderr, at most a few per second, plus each folder's end."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.tty = stream.isatty()
        self.last = 0.0
        self.started: dict[tuple[str, str, str], float] = {}

    def __call__(self, progress: Progress) -> None:
        key = (progress.account, progress.folder, progress.phase)
        now = time.monotonic()
        start = self.started.setdefault(key, now)
        finished = progress.total > 0 and progress.done >= progress.total
        if not finished and now - self.last < PROGRESS_INTERVAL_S:
            return
        if progress.phase == "folders" or (progress.total == 0 and not finished):
            return
        self.last = now
        elapsed = now - start
        rate = f", {progress.done / elapsed:.0f} msg/s" if elapsed > 0.05 and progress.done else ""
        where = f"{progress.account}: {progress.folder}" if progress.folder else progress.account
        line = f"{where} {progress.phase} {progress.done}/{progress.total}{rate}"
        if self.tty:
            self.stream.write("\r\x1b[K" + line + ("\n" if finished else ""))
        else:
            self.stream.write(line + "\n")
        self.stream.flush()


def _select_accounts(accounts: list[Account], wanted: str | None) -> list[Account]:
    from qtmail.core.errors import ErrorKind, MailError

    if wanted is None:
        return accounts
    for account in accounts:
        if account.name.casefold() == wanted.strip().casefold():
            return [account]
    raise MailError(ErrorKind.NOT_FOUND, f"no account named {wanted!r}")


def run(args: argparse.Namespace) -> int:
    from qtmail.cli.accounts import password_for
    from qtmail.core.accounts import load_accounts
    from qtmail.core.errors import ErrorKind, MailError
    from qtmail.core.store.store import Store
    from qtmail.core.sync.engine import SyncOptions, sync_account

    profile = args.profile_obj
    accounts = _select_accounts(load_accounts(profile), args.account)
    if not accounts:
        raise MailError(ErrorKind.CONFIG, "no accounts yet; add one with 'qtmail accounts add'")
    printer = ProgressPrinter(sys.stderr)
    failures = 0
    with Store.for_profile(profile) as store:
        for account in accounts:
            try:
                password = password_for(args, account, "incoming")
                options = SyncOptions(
                    folders=[args.folder] if args.folder else None,
                    bodies=args.bodies,
                    progress=printer,
                    log=_protocol_log(profile, account),
                )
                report = sync_account(account, password, store, options)
            except MailError as error:
                failures += 1
                print(f"qtmail: {account.name}: sync failed: {error}", file=sys.stderr)
                continue
            print(_summary(report))
        failures += _send_outbox(args, store, accounts)
    return EXIT_FAILURE if failures else EXIT_OK


def _protocol_log(profile: Any, account: Account) -> Any:
    from qtmail.core.net.protocol_log import ProtocolLog

    return ProtocolLog.for_account(profile, account)


def _summary(report: Any) -> str:
    if report.local:
        nothing = "local account, no incoming server: nothing to fetch"
        return f"{report.account}: {nothing} ({report.seconds:.2f} s)"
    parts = [f"{report.messages} messages in {len(report.folders)} folders" if report.folders else ""]
    parts.append(f"{report.new} new")
    changed = sum(f.flags_changed for f in report.folders)
    expunged = sum(f.expunged for f in report.folders)
    if changed:
        parts.append(f"{changed} with changed flags")
    if expunged:
        parts.append(f"{expunged} removed")
    if any(f.reset for f in report.folders):
        parts.append("folder(s) reloaded after a UIDVALIDITY change")
    if report.operations_done or report.operations_failed:
        parts.append(f"{report.operations_done} offline changes replayed")
    if report.operations_failed:
        parts.append(f"{report.operations_failed} offline changes refused by the server")
    if report.bodies:
        parts.append(f"{report.bodies} bodies")
    if report.pop3_deleted:
        parts.append(f"{report.pop3_deleted} deleted from the server")
    if report.reconnects:
        parts.append(f"{report.reconnects} reconnects")
    return f"{report.account}: " + ", ".join(p for p in parts if p) + f" ({report.seconds:.2f} s)"


def _send_outbox(args: argparse.Namespace, store: Store, accounts: list[Account]) -> int:
    """Send what waits in the outbox (when the sending engine is installed); return failures."""
    names = {a.name for a in accounts}
    waiting = [item for item in store.outbox.all() if item.account in names]
    if not waiting:
        return 0
    try:
        from qtmail.core.outbox import flush_outbox
    except ImportError:
        return 0
    from qtmail.cli.accounts import password_for
    from qtmail.core.credentials import CredentialStore
    from qtmail.core.errors import MailError

    credentials = CredentialStore(args.profile_obj)
    failures = 0
    for account in accounts:
        if not any(item.account == account.name for item in waiting):
            continue
        try:
            if getattr(args, "password_stdin", False):
                # One password serves both servers; the IMAP Sent copy needs the incoming one too.
                password = password_for(args, account, "smtp")
                credentials.set(account, "smtp", password, persist=False)
                credentials.set(account, "incoming", password, persist=False)
            report = flush_outbox(args.profile_obj, store, accounts, credentials, account=account.name)
        except MailError as error:
            failures += 1
            print(f"qtmail: {account.name}: sending the outbox failed: {error}", file=sys.stderr)
            continue
        for outcome in report.failed:
            failures += 1
            reason = f": {outcome.error}" if outcome.error is not None else ""
            print(
                f"qtmail: {account.name}: {outcome.message_id} not sent ({outcome.state}){reason}",
                file=sys.stderr,
            )
        for problem in report.problems:
            failures += 1
            print(f"qtmail: {account.name}: {problem}", file=sys.stderr)
        if report.sent:
            print(f"{account.name}: {len(report.sent)} sent from the outbox")
    return failures
