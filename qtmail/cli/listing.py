"""``qtmail list`` and ``qtmail search``: messages from the local store, newest first."""

from __future__ import annotations

import argparse
import heapq
import json
from typing import Any

from qtmail.cli.folders import fit_columns, open_existing_store, resolve_accounts
from qtmail.core.errors import ErrorKind, MailError
from qtmail.core.profile import Profile
from qtmail.core.store import MessageSummary, Scope, SortKey, Store

DEFAULT_LIMIT = 50


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def register(subparsers: Any) -> None:
    listing = subparsers.add_parser("list", help="list messages (the inboxes, or one folder), newest first")
    listing.add_argument("--account", metavar="NAME", help="only this account")
    listing.add_argument("--folder", metavar="F", help="folder path, '/'-separated (default: the inbox)")
    listing.add_argument("--limit", metavar="N", type=_positive_int, default=DEFAULT_LIMIT)
    listing.add_argument("--json", action="store_true", help="print JSON for scripts")
    listing.set_defaults(func=run_list)

    search = subparsers.add_parser("search", help="search subject, addresses, attachment names and bodies")
    search.add_argument("query", metavar="QUERY", help="words as you would type them")
    search.add_argument("--account", metavar="NAME", help="only this account")
    search.add_argument("--limit", metavar="N", type=_positive_int, default=DEFAULT_LIMIT)
    search.add_argument("--json", action="store_true", help="print JSON for scripts")
    search.set_defaults(func=run_search)


def message_json(message: MessageSummary, folder_path: str) -> dict[str, Any]:
    """The CLI's JSON contract for one message."""
    return {
        "id": message.id,
        "account": message.account,
        "folder": folder_path,
        "uid": message.uid,
        "date": message.date.isoformat(),
        "from": {"name": message.sender.name, "address": message.sender.address},
        "to": [{"name": a.name, "address": a.address} for a in message.to],
        "subject": message.subject,
        "flags": message.flags.words(),
        "size": message.size,
        "attachments": message.attachments,
        "preview": message.preview,
    }


def _print(messages: list[MessageSummary], store: Store | None, as_json: bool) -> None:
    paths: dict[int, str] = {}
    if store is not None:
        paths = {f.id: f.path for f in store.folders.all()}
    if as_json:
        document = [message_json(m, paths.get(m.folder_id, "")) for m in messages]
        print(json.dumps(document, indent=2, ensure_ascii=False))
        return
    if not messages:
        print("no messages")
        return
    for m in messages:
        marks = ("N" if m.unread else " ") + ("F" if "flagged" in m.flags.words() else " ")
        marks += "@" if m.attachments else " "
        sender = fit_columns(m.sender.name or m.sender.address, 24)
        date = m.date.strftime("%Y-%m-%d %H:%M")
        print(f"{m.id:>7} {marks} {date}  {sender}  {fit_columns(m.subject, 70).rstrip()}")


def _folder_messages(store: Store, accounts: list[str], path: str, limit: int) -> list[MessageSummary]:
    folders = [f for f in (store.folders.find(a, path) for a in accounts) if f is not None]
    if not folders:
        raise MailError(
            ErrorKind.NOT_FOUND,
            f"no folder {path!r}" + (f" in account {accounts[0]!r}" if len(accounts) == 1 else ""),
        )
    pages = [store.pages.page(Scope.folder(f.id), SortKey.DATE, True, 0, limit) for f in folders]
    merged = heapq.merge(*pages, key=lambda m: (m.date_epoch, m.id), reverse=True)
    return list(merged)[:limit]


def run_list(args: argparse.Namespace) -> int:
    profile: Profile = args.profile_obj
    accounts = resolve_accounts(profile, args.account)
    store = open_existing_store(profile)
    if store is None:
        if args.folder is not None:
            raise MailError(ErrorKind.NOT_FOUND, f"no folder {args.folder!r}")
        _print([], None, args.json)
        return 0
    with store:
        if args.folder is not None:
            messages = _folder_messages(store, accounts, args.folder, args.limit)
        else:
            messages = store.pages.page(Scope.unified(accounts), SortKey.DATE, True, 0, args.limit)
        _print(messages, store, args.json)
    return 0


def run_search(args: argparse.Namespace) -> int:
    profile: Profile = args.profile_obj
    accounts = resolve_accounts(profile, args.account)
    store = open_existing_store(profile)
    if store is None:
        _print([], None, args.json)
        return 0
    with store:
        account = accounts[0] if args.account is not None else None
        messages = store.searcher.search(args.query, account=account, limit=args.limit)
        _print(messages, store, args.json)
    return 0
