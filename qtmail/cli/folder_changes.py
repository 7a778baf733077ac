"""``qtmail folders --create / --rename / --delete``: change one account's folders.

Kept apart from the listing so ``qtmail folders`` (read-only, often scripted) imports nothing
of the network code.
"""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from qtmail.cli.folders import folder_json
from qtmail.core.errors import ErrorKind, MailError
from qtmail.core.store import FolderInfo, Store

if TYPE_CHECKING:
    from qtmail.core.accounts import Account
    from qtmail.core.profile import Profile
    from qtmail.core.sync.engine import SyncOptions


def _account(profile: Profile, wanted: str | None) -> Account:
    """The account to change: the one named, or the only one there is."""
    from qtmail.core.accounts import load_accounts

    accounts = load_accounts(profile)
    if wanted is None:
        if len(accounts) == 1:
            return accounts[0]
        if not accounts:
            raise MailError(ErrorKind.CONFIG, "no accounts yet; add one with 'qtmail accounts add'")
        raise MailError(ErrorKind.INPUT, "name the account whose folders to change with --account")
    for account in accounts:
        if account.name == wanted:
            return account
    for account in accounts:
        if account.name.casefold() == wanted.strip().casefold():
            return account
    raise MailError(ErrorKind.NOT_FOUND, f"no account named {wanted!r}")


def _existing(store: Store, account: Account, path: str) -> FolderInfo:
    found = store.folders.find(account.name, path)
    if found is None:
        raise MailError(
            ErrorKind.NOT_FOUND,
            f"{account.name} has no folder {path.strip('/')!r}"
            " (see 'qtmail folders'; sync first if it is new)",
        )
    return found


def _server_access(args: argparse.Namespace, account: Account) -> tuple[str, SyncOptions]:
    from qtmail.cli.accounts import password_for
    from qtmail.core.net.protocol_log import ProtocolLog
    from qtmail.core.sync.engine import SyncOptions

    password = password_for(args, account, "incoming")
    return password, SyncOptions(log=ProtocolLog.for_account(args.profile_obj, account))


def change_folder(args: argparse.Namespace) -> int:
    """Create, rename or delete the folder named on the command line; print what happened."""
    from qtmail.core import folder_admin

    profile: Profile = args.profile_obj
    account = _account(profile, args.account)
    with Store.for_profile(profile) as store:
        if args.create is not None:
            parent_path, _, name = str(args.create).strip("/").rpartition("/")
            parent = _existing(store, account, parent_path) if parent_path else None
            password, options = (
                _server_access(args, account) if folder_admin.on_server(account, parent) else ("", None)
            )
            folder = folder_admin.create_folder(
                store,
                account,
                name,
                parent_id=parent.id if parent else None,
                password=password,
                options=options,
            )
            _report(args, f"created {account.name}: {folder.path}", folder)
        elif args.rename is not None:
            old_path, new_name = args.rename
            target = _existing(store, account, old_path)
            password, options = (
                _server_access(args, account) if folder_admin.on_server(account, target) else ("", None)
            )
            folder = folder_admin.rename_folder(
                store, account, target.id, new_name, password=password, options=options
            )
            _report(args, f"renamed {account.name}: {target.path} -> {folder.path}", folder)
        else:
            target = _existing(store, account, args.delete)
            password, options = (
                _server_access(args, account) if folder_admin.on_server(account, target) else ("", None)
            )
            removed = folder_admin.delete_folder(
                store, account, target.id, password=password, options=options
            )
            if args.json:
                print(
                    json.dumps(
                        {"account": account.name, "path": target.path, "deleted_messages": removed},
                        ensure_ascii=False,
                    )
                )
            else:
                print(f"deleted {account.name}: {target.path} ({removed} messages)")
    return 0


def _report(args: argparse.Namespace, text: str, folder: FolderInfo) -> None:
    if args.json:
        print(json.dumps(folder_json(folder), ensure_ascii=False))
    else:
        print(text)
