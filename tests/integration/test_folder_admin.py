"""Folder management against the lab Dovecot: the server's LIST and the store agree afterwards."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from qtmail.core.errors import ErrorKind, MailError
from qtmail.core.folder_admin import create_folder, delete_folder, rename_folder
from qtmail.core.store import Store
from qtmail.core.sync import actions
from qtmail.core.sync.folders import decode_mailbox_name
from tests.integration.sync_helpers import (
    create_folder as create_folder_elsewhere,
)
from tests.integration.sync_helpers import (
    folder,
    imap_account,
    message,
    new_user,
    open_store,
    subjects,
    sync,
)


def server_folders(lab: Any, user: Any) -> dict[str, bool]:
    """Decoded server folder name -> subscribed, as another client sees them."""
    with lab.imap_client(user) as client:
        client.folder_encode = False
        listed = [name for _flags, _delim, name in client.list_folders()]
        subscribed = {name for _flags, _delim, name in client.list_sub_folders()}
    return {decode_mailbox_name(name): name in subscribed for name in listed}


def store_paths(store: Store, account: Any) -> set[str]:
    return {f.path for f in store.folders.all(account.name)}


def test_create_rename_delete_korean_tree(lab, tmp_path: Path) -> None:
    user = new_user(lab, "folders")
    account = imap_account(lab, user)
    with open_store(tmp_path) as store:
        sync(account, user, store)
        top = create_folder(store, account, "프로젝트", password=user.password)
        child = create_folder(store, account, "회의록 2026", parent_id=top.id, password=user.password)
        assert (top.path, child.path) == ("프로젝트", "프로젝트/회의록 2026")
        assert child.raw_name is not None and child.raw_name.isascii()  # modified UTF-7 on the wire
        listed = server_folders(lab, user)
        assert listed["프로젝트"] and listed["프로젝트/회의록 2026"]  # created and subscribed
        assert store_paths(store, account) == set(listed)

        lab.deliver(user, message(1, "회의 메모"), folder="프로젝트/회의록 2026")
        sync(account, user, store)
        assert subjects(store, account, "프로젝트/회의록 2026") == ["회의 메모"]
        child_id = folder(store, account, "프로젝트/회의록 2026").id

        renamed = rename_folder(store, account, top.id, "과제", password=user.password)
        assert renamed.path == "과제" and renamed.id == top.id
        listed = server_folders(lab, user)
        assert "프로젝트" not in listed and listed["과제"] and listed["과제/회의록 2026"]
        assert store_paths(store, account) == set(listed)
        moved = folder(store, account, "과제/회의록 2026")
        assert moved.id == child_id  # the same rows, so the messages stayed
        assert subjects(store, account, "과제/회의록 2026") == ["회의 메모"]

        report = sync(account, user, store)  # a sync afterwards finds nothing to change
        assert report.new == 0
        assert subjects(store, account, "과제/회의록 2026") == ["회의 메모"]
        assert store_paths(store, account) == set(server_folders(lab, user))

        removed = delete_folder(store, account, top.id, password=user.password)
        assert removed == 1
        listed = server_folders(lab, user)
        assert not any(name.startswith("과제") for name in listed)
        assert store_paths(store, account) == set(listed)
        sync(account, user, store)
        assert store_paths(store, account) == set(server_folders(lab, user))


def test_delete_with_messages_and_a_subfolder_made_elsewhere(lab, tmp_path: Path) -> None:
    user = new_user(lab, "folders")
    account = imap_account(lab, user)
    create_folder_elsewhere(lab, user, "Old")
    lab.deliver(user, message(1, "a"), folder="Old")
    lab.deliver(user, message(2, "b"), folder="Old")
    with open_store(tmp_path) as store:
        sync(account, user, store)
        create_folder_elsewhere(lab, user, "Old/Unseen child")  # the store has never heard of it
        old = folder(store, account, "Old")
        assert delete_folder(store, account, old.id, password=user.password) == 2
        assert "Old" not in server_folders(lab, user)
        assert store.folders.find(account.name, "Old") is None


def test_rename_replays_queued_changes_first(lab, tmp_path: Path) -> None:
    user = new_user(lab, "folders")
    account = imap_account(lab, user)
    create_folder_elsewhere(lab, user, "Work")
    lab.deliver(user, message(1, "to move"))
    with open_store(tmp_path) as store:
        sync(account, user, store)
        work = folder(store, account, "Work")
        inbox_message = next(iter(store.pages.page(_inbox_scope(store, account), offset=0, limit=10)))
        actions.move(store, [inbox_message.id], work.id)  # queued, not yet on the server
        rename_folder(store, account, work.id, "Done", password=user.password)
        assert store.operations.all(account.name) == []
        sync(account, user, store)
        assert subjects(store, account, "Done") == ["to move"]
        assert subjects(store, account, "INBOX") == []


def _inbox_scope(store: Store, account: Any) -> Any:
    from qtmail.core.store.types import Scope

    return Scope.folder(folder(store, account, "INBOX").id)


@pytest.mark.parametrize("path", ["INBOX", "Sent", "Drafts", "Trash", "Junk", "Archive"])
def test_special_folders_are_refused(lab, tmp_path: Path, path: str) -> None:
    user = new_user(lab, "folders")
    account = imap_account(lab, user)
    with open_store(tmp_path) as store:
        sync(account, user, store)
        target = folder(store, account, path)
        before = server_folders(lab, user)
        for attempt in (
            lambda: rename_folder(store, account, target.id, "Other", password=user.password),
            lambda: delete_folder(store, account, target.id, password=user.password),
        ):
            with pytest.raises(MailError) as caught:
                attempt()
            assert caught.value.kind is ErrorKind.INPUT and "cannot be" in str(caught.value)
        assert server_folders(lab, user) == before
        assert store.folders.get(target.id).path == path


def test_bad_names_and_server_refusals_change_nothing(lab, tmp_path: Path) -> None:
    user = new_user(lab, "folders")
    account = imap_account(lab, user)
    with open_store(tmp_path) as store:
        sync(account, user, store)
        before_server, before_store = server_folders(lab, user), store_paths(store, account)
        for name in ("", "   ", "a/b", "Sent", "inbox", "x*"):
            with pytest.raises(MailError) as caught:
                create_folder(store, account, name, password=user.password)
            assert caught.value.kind is ErrorKind.INPUT, name
        with pytest.raises(MailError) as wrong_password:
            create_folder(store, account, "Fine", password="wrong")
        assert wrong_password.value.kind is ErrorKind.AUTH
        assert server_folders(lab, user) == before_server
        assert store_paths(store, account) == before_store


def test_cli_creates_renames_and_deletes_on_the_server(lab, tmp_path: Path) -> None:
    from tests.integration.accounts_helpers import add_account, qtmail_env, run_qtmail, server_args

    user = new_user(lab, "folders")
    env = qtmail_env(tmp_path / "keyring")
    profile = tmp_path / "profile"
    args = server_args(
        lab,
        user.address,
        in_port=lab.imaps_port,
        in_security="tls",
        smtp_port=lab.submissions_port,
        smtp_security="tls",
        fingerprint=lab.cert_fingerprint,
        username=user.username,
    )
    assert add_account(profile, env, "Work", *args, password=user.password).returncode == 0
    assert run_qtmail(profile, env, "sync", "--password-stdin", password=user.password).returncode == 0

    def qtmail(*argv: str) -> Any:
        return run_qtmail(profile, env, "folders", "--account", "work", *argv, password=user.password)

    created = qtmail("--create", "보고서", "--password-stdin")
    assert created.returncode == 0, created.stderr
    assert created.stdout.strip() == "created Work: 보고서"
    nested = qtmail("--create", "보고서/2026", "--json")  # the keyring's password this time
    assert nested.returncode == 0, nested.stderr
    assert json.loads(nested.stdout)["path"] == "보고서/2026"
    renamed = qtmail("--rename", "보고서", "Reports")
    assert renamed.returncode == 0 and "보고서 -> Reports" in renamed.stdout
    assert {"Reports", "Reports/2026"} <= set(server_folders(lab, user))

    refused = qtmail("--delete", "INBOX")
    assert refused.returncode == 1 and "cannot be deleted" in refused.stderr
    missing = qtmail("--delete", "Nope")
    assert missing.returncode == 1 and "no folder 'Nope'" in missing.stderr
    assert qtmail("--delete", "a", "--rename", "b", "c").returncode == 2  # one action at a time

    deleted = qtmail("--delete", "Reports")
    assert deleted.returncode == 0 and "deleted Work: Reports (0 messages)" in deleted.stdout
    assert not any(name.startswith("Reports") for name in server_folders(lab, user))
    listing = run_qtmail(profile, env, "folders", "--json")
    assert listing.returncode == 0
    assert {f["path"] for f in json.loads(listing.stdout)} == set(server_folders(lab, user))


def test_a_server_refusal_changes_nothing_locally(lab, tmp_path: Path) -> None:
    user = new_user(lab, "folders")
    account = imap_account(lab, user)
    create_folder_elsewhere(lab, user, "Mine")
    with open_store(tmp_path) as store:
        sync(account, user, store)
        create_folder_elsewhere(lab, user, "Taken")  # made by another client since our last sync
        mine = folder(store, account, "Mine")
        before = [(f.id, f.path, f.raw_name) for f in store.folders.all(account.name)]
        with pytest.raises(MailError) as refused:
            rename_folder(store, account, mine.id, "Taken", password=user.password)
        assert refused.value.kind is ErrorKind.PROTOCOL and "renaming folder 'Mine' failed" in str(
            refused.value
        )
        with pytest.raises(MailError) as created:
            create_folder(store, account, "Taken", password=user.password)
        assert created.value.kind is ErrorKind.PROTOCOL
        assert [(f.id, f.path, f.raw_name) for f in store.folders.all(account.name)] == before
        assert {"Mine", "Taken"} <= set(server_folders(lab, user))
