"""``qtmail folders``: the folders of each account with total and unread counts."""

from __future__ import annotations

import argparse
import json
import unicodedata
from typing import Any

from qtmail.core.accounts import load_accounts
from qtmail.core.errors import ErrorKind, MailError
from qtmail.core.profile import Profile
from qtmail.core.store import FolderInfo, Store


def known_accounts(profile: Profile) -> list[str]:
    """Account names the CLI accepts: those in the accounts config, plus any the store holds.

    The store keys mail by account name; an account that was configured but never synced
    has no folders yet and is still known.
    """
    names = [account.name for account in load_accounts(profile)]
    if profile.store_file.exists():
        with Store.for_profile(profile) as store:
            for name in store.folders.accounts():
                if name not in names:
                    names.append(name)
    return names


def resolve_accounts(profile: Profile, wanted: str | None) -> list[str]:
    """All known accounts, or the one named by ``--account`` (MailError when unknown)."""
    names = known_accounts(profile)
    if wanted is None:
        return names
    for name in names:
        if name == wanted:
            return [name]
    for name in names:
        if name.casefold() == wanted.casefold():
            return [name]
    raise MailError(ErrorKind.NOT_FOUND, f"no account named {wanted!r}")


def open_existing_store(profile: Profile) -> Store | None:
    """The profile's store, or None when nothing was ever stored (reading creates no files)."""
    if not profile.store_file.exists():
        return None
    return Store.for_profile(profile)


def folder_json(folder: FolderInfo) -> dict[str, Any]:
    return {
        "account": folder.account,
        "path": folder.path,
        "name": folder.name,
        "role": folder.role,
        "total": folder.total,
        "unread": folder.unread,
    }


def _columns(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in ("W", "F") else 1 for char in text)


def fit_columns(text: str, width: int) -> str:
    """``text`` cut and padded to ``width`` terminal columns (CJK characters take two).

    Control characters (a sender name or folder name may hold terminal escapes) become "?"."""
    text = " ".join(text.split())
    out: list[str] = []
    used = 0
    for char in text:
        if unicodedata.category(char) == "Cc":
            char = "?"
        size = 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
        if used + size > width:
            break
        out.append(char)
        used += size
    return "".join(out) + " " * (width - used)


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "folders",
        help="list folders with total and unread counts; create, rename or delete one",
        description="Without an action, list the folders. --create, --rename and --delete change an"
        " account's folders on its IMAP server first, then locally (POP3 and local accounts: locally"
        " only). Folders are named by their path as the list shows it (e.g. 'Projects/2026').",
    )
    parser.add_argument("--account", metavar="NAME", help="only this account")
    parser.add_argument("--json", action="store_true", help="print JSON for scripts")
    action = parser.add_mutually_exclusive_group()
    action.add_argument(
        "--create", metavar="PATH", help="create a folder (below an existing one: 'Parent/New name')"
    )
    action.add_argument(
        "--rename", nargs=2, metavar=("PATH", "NEW_NAME"), help="rename a folder; its subfolders follow"
    )
    action.add_argument(
        "--delete", metavar="PATH", help="delete a folder, its subfolders and all their messages"
    )
    parser.add_argument(
        "--password-stdin", action="store_true", help="read the password (one line) from stdin"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    profile: Profile = args.profile_obj
    if args.create is not None or args.rename is not None or args.delete is not None:
        from qtmail.cli.folder_changes import change_folder

        return change_folder(args)
    accounts = resolve_accounts(profile, args.account)
    folders: list[FolderInfo] = []
    store = open_existing_store(profile)
    if store is not None:
        with store:
            folders = [f for f in store.folders.all() if f.account in accounts]
    if args.json:
        print(json.dumps([folder_json(f) for f in folders], indent=2, ensure_ascii=False))
        return 0
    if not folders:
        print("no folders yet (run `qtmail sync`)")
        return 0
    width = min(60, max(_columns(f"{f.account}: {f.path}") for f in folders))
    for folder in folders:
        label = fit_columns(f"{folder.account}: {folder.path}", width)
        role = f"[{folder.role}]" if folder.role else ""
        print(f"{label}  {folder.total:>7} total  {folder.unread:>6} unread  {role}".rstrip())
    return 0
