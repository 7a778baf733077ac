"""Folder trees in the store (rename and delete with subfolders) and local-only folder management."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from qtmail.core.accounts import Account, Identity, ServerSettings
from qtmail.core.errors import ErrorKind, MailError
from qtmail.core.folder_admin import check_folder_name, create_folder, delete_folder, rename_folder
from qtmail.core.store import Envelope, FolderInfo, FolderSpec, Scope, Store
from qtmail.core.sync import actions
from tests.unit.store.conftest import consistent_counters, envelope


def _folder(
    store: Store, path: str, *, account: str = "A", role: str | None = None, local: bool = False
) -> int:
    raw = None if local else path
    spec = FolderSpec(account, path, raw_name=raw, role=role, local_only=local)  # type: ignore[arg-type]
    return store.folders.upsert(spec).id


def _paths(store: Store, account: str = "A") -> list[str]:
    return [f.path for f in store.folders.all(account)]


def test_subtree_is_the_folder_and_its_children_only(store: Store) -> None:
    for path in ("Pro", "Pro/a", "Pro/a/b", "Projects", "Pro-x", "Other/Pro"):
        _folder(store, path)
    _folder(store, "Pro/elsewhere", account="B")
    top = store.folders.find("A", "Pro")
    assert top is not None
    assert [f.path for f in store.folders.subtree(top.id)] == ["Pro", "Pro/a", "Pro/a/b"]


def test_rename_tree_moves_children_keeps_messages_and_retargets_queued_operations(store: Store) -> None:
    inbox = _folder(store, "INBOX", role="inbox")
    top = _folder(store, "프로젝트")
    child = _folder(store, "프로젝트/회의록")
    _folder(store, "프로젝트-old")
    store.messages.insert(child, [envelope(1), envelope(2)])
    store.messages.insert(inbox, [envelope(3)])
    moving = [m.id for m in store.pages.page(_scope(inbox), offset=0, limit=10)]
    actions.move(store, moving, child)  # queued with target "프로젝트/회의록"
    actions.mark_seen(store, moving, True)  # queued with folder "프로젝트/회의록"

    renamed = store.folders.rename_tree(top, "과제", {top: "&rPzsFA-", child: "&rPzsFA-/&1Mydfr4-"})

    assert renamed.path == "과제" and renamed.name == "과제" and renamed.raw_name == "&rPzsFA-"
    moved = store.folders.get(child)
    assert (moved.path, moved.name, moved.raw_name) == ("과제/회의록", "회의록", "&rPzsFA-/&1Mydfr4-")
    assert moved.total == 3 and consistent_counters(store)
    assert sorted(_paths(store)) == ["INBOX", "과제", "과제/회의록", "프로젝트-old"]
    operations = store.operations.all("A")
    assert [op.payload.get("target") for op in operations if op.kind == "move"] == ["과제/회의록"]
    assert {op.folder for op in operations if op.kind != "move"} == {"과제/회의록"}


def test_rename_tree_onto_an_existing_path_changes_nothing(store: Store) -> None:
    top = _folder(store, "A1")
    _folder(store, "A1/kid")
    _folder(store, "B1")
    with pytest.raises(MailError) as caught:
        store.folders.rename_tree(top, "B1")
    assert caught.value.kind is ErrorKind.INPUT
    assert sorted(_paths(store)) == ["A1", "A1/kid", "B1"]


def test_delete_tree_removes_folders_messages_and_their_operations(store: Store) -> None:
    inbox = _folder(store, "INBOX", role="inbox")
    top = _folder(store, "Old")
    child = _folder(store, "Old/kid")
    store.messages.insert(top, [envelope(1)])
    store.messages.insert(child, [envelope(2), envelope(3, flags=0)])
    store.messages.insert(inbox, [envelope(4)])
    kid_ids = [m.id for m in store.pages.page(_scope(child), offset=0, limit=10)]
    actions.mark_seen(store, kid_ids, True)
    assert store.operations.all("A")

    assert store.folders.delete_tree(top) == 3

    assert _paths(store) == ["INBOX"]
    assert store.operations.all("A") == []
    assert store.folders.get(inbox).total == 1 and consistent_counters(store)
    assert store.searcher.count("message") == 1  # the FTS rows of the removed messages went too


def _scope(folder_id: int) -> Scope:
    return Scope.folder(folder_id)


# ---------------------------------------------------------------- local and POP3 accounts


def _account(protocol: str) -> Account:
    incoming = ServerSettings.local() if protocol == "local" else ServerSettings("pop3", "pop.example.test")
    return Account(
        name="A",
        identities=(Identity("Me", "me@example.org"),),
        incoming=incoming,
        smtp=ServerSettings("smtp", "smtp.example.test"),
    )


@pytest.mark.parametrize("protocol", ["local", "pop3"])
def test_local_accounts_manage_folders_in_the_store_only(store: Store, protocol: str) -> None:
    account = _account(protocol)
    inbox = _folder(store, "INBOX", role="inbox", local=True)
    sent = _folder(store, "Sent", role="sent", local=True)
    top = create_folder(store, account, " 보관 자료 ")  # no password, no server: never connects
    assert (top.path, top.local_only, top.raw_name) == ("보관 자료", True, None)
    child = create_folder(store, account, "2026", parent_id=top.id)
    assert child.path == "보관 자료/2026"
    store.messages.insert(child.id, [Envelope(date=datetime(2026, 1, 1, tzinfo=UTC), uidl="u1")])

    with pytest.raises(MailError, match="already has"):
        create_folder(store, account, "2026", parent_id=top.id)
    renamed = rename_folder(store, account, top.id, "자료")
    assert renamed.path == "자료" and store.folders.get(child.id).path == "자료/2026"
    for folder_id in (inbox, sent):
        with pytest.raises(MailError, match="cannot be renamed"):
            rename_folder(store, account, folder_id, "x")
        with pytest.raises(MailError, match="cannot be deleted"):
            delete_folder(store, account, folder_id)
    assert delete_folder(store, account, top.id) == 1
    assert _paths(store) == ["INBOX", "Sent"]


def test_a_folder_holding_a_special_one_is_refused(store: Store) -> None:
    account = _account("local")
    top = _folder(store, "Mail", local=True)
    _folder(store, "Mail/Sent", role="sent", local=True)
    with pytest.raises(MailError) as caught:
        delete_folder(store, account, top)
    assert "holds the Sent folder" in str(caught.value)
    assert _paths(store) == ["Mail", "Mail/Sent"]


def test_another_accounts_folder_is_refused(store: Store) -> None:
    other = _folder(store, "Theirs", account="B", local=True)
    with pytest.raises(MailError, match="belongs to B"):
        delete_folder(store, _account("local"), other)


@pytest.mark.parametrize(
    ("name", "delimiter", "problem"),
    [
        ("", "/", "needs a name"),
        ("  ", "/", "needs a name"),
        ("a/b", ".", "'/'"),
        ("a.b", ".", "'.' on this server"),
        ("tab\there", "/", "control"),
        ("50%", "/", "'%'"),
        ("all*", "/", "'*'"),
        ("..", "/", "cannot be a folder name"),
    ],
)
def test_bad_names(name: str, delimiter: str, problem: str) -> None:
    with pytest.raises(MailError) as caught:
        check_folder_name(name, delimiter)
    assert caught.value.kind is ErrorKind.INPUT and problem in str(caught.value)


def test_good_names_are_trimmed_and_normalised() -> None:
    decomposed = "\u1100\u1161"  # 가 written as two jamo
    assert check_folder_name(f"  {decomposed} 2026.1 ", "/") == "가 2026.1"


def test_server_names_for_new_folders_follow_delimiter_and_namespace() -> None:
    from qtmail.core.folder_admin import _raw_child, _remote_path

    state = (None, None, None, 0, 0, 0)
    parent = FolderInfo(1, "A", "INBOX/보관", "보관", "INBOX.&vPStAA-", ".", None, True, False, *state)
    raw = _raw_child(parent, "2026년", ".", "INBOX.")
    assert raw == "INBOX.&vPStAA-.2026&sUQ-"
    assert _remote_path(raw, ".") == "INBOX/보관/2026년"  # the path sync gives the listed folder
    top = _raw_child(None, "메모", ".", "INBOX.")  # a Courier/Cyrus-style personal namespace
    assert (top, _remote_path(top, ".")) == ("INBOX.&ulS6qA-", "INBOX/메모")
    assert _remote_path(_raw_child(None, "R&D", "/", ""), "/") == "R&D"
