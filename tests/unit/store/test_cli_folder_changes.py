"""``qtmail folders --create/--rename/--delete`` on local and POP3 accounts (no server involved)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qtmail.core.accounts import Account, Identity, ServerSettings, save_accounts
from qtmail.core.profile import Profile
from qtmail.core.store import FolderSpec, Store
from tests.unit.store.conftest import envelope
from tests.unit.store.test_cli import run


def _account(name: str, incoming: ServerSettings) -> Account:
    return Account(
        name=name,
        identities=(Identity(name, f"{name.lower()}@example.com"),),
        incoming=incoming,
        smtp=ServerSettings("smtp", "127.0.0.1"),
    )


@pytest.fixture
def profile_with_local_accounts(tmp_path: Path) -> Path:
    directory = tmp_path / "profile"
    profile = Profile.in_directory(directory).ensure()
    # Port 1 on loopback: any attempt to reach a server would fail the test loudly.
    save_accounts(
        profile,
        [
            _account("Home", ServerSettings.local()),
            _account("Pop", ServerSettings("pop3", "127.0.0.1", port=1)),
        ],
    )
    with Store.for_profile(profile) as store:
        for account in ("Home", "Pop"):
            store.folders.upsert(FolderSpec(account, "INBOX", role="inbox", local_only=True))
            store.folders.upsert(FolderSpec(account, "Sent", role="sent", local_only=True))
    return directory


def test_create_rename_delete_local_folders(
    profile_with_local_accounts: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    directory = profile_with_local_accounts
    code, out, err = run(directory, "folders", "--account", "pop", "--create", "영수증", capsys=capsys)
    assert (code, out.strip(), err) == (0, "created Pop: 영수증", "")
    code, out, _ = run(
        directory, "folders", "--account", "Pop", "--create", "영수증/2026", "--json", capsys=capsys
    )
    assert code == 0 and json.loads(out)["path"] == "영수증/2026"
    with Store.for_profile(Profile.in_directory(directory)) as store:
        folder = store.folders.find("Pop", "영수증/2026")
        assert folder is not None and folder.local_only
        store.messages.insert(folder.id, [envelope(1, uid=None, uidl="a"), envelope(2, uid=None, uidl="b")])

    code, out, _ = run(
        directory, "folders", "--account", "Pop", "--rename", "영수증", "Receipts", capsys=capsys
    )
    assert (code, out.strip()) == (0, "renamed Pop: 영수증 -> Receipts")
    code, out, _ = run(directory, "folders", "--account", "Pop", "--json", capsys=capsys)
    assert [(f["path"], f["total"]) for f in json.loads(out)] == [
        ("INBOX", 0),
        ("Receipts", 0),
        ("Receipts/2026", 2),
        ("Sent", 0),
    ]
    code, out, _ = run(directory, "folders", "--account", "Pop", "--delete", "Receipts", capsys=capsys)
    assert (code, out.strip()) == (0, "deleted Pop: Receipts (2 messages)")
    code, out, _ = run(directory, "folders", "--account", "Home", "--create", "Notes", capsys=capsys)
    assert code == 0
    code, out, _ = run(directory, "folders", "--json", capsys=capsys)
    assert [(f["account"], f["path"]) for f in json.loads(out)] == [
        ("Home", "INBOX"),
        ("Home", "Notes"),
        ("Home", "Sent"),
        ("Pop", "INBOX"),
        ("Pop", "Sent"),
    ]


@pytest.mark.parametrize(
    ("argv", "problem"),
    [
        (("--create", "Sent"), "already has a folder 'Sent'"),
        (("--create", "Nope/child"), "no folder 'Nope'"),
        (("--create", "  "), "needs a name"),
        (("--rename", "Sent", "Outgoing"), "cannot be renamed"),
        (("--rename", "INBOX", "Other"), "cannot be renamed"),
        (("--delete", "inbox"), "cannot be deleted"),
        (("--delete", "Sent"), "cannot be deleted"),
    ],
)
def test_refusals_exit_1_and_change_nothing(
    profile_with_local_accounts: Path, capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], problem: str
) -> None:
    directory = profile_with_local_accounts
    _, before, _ = run(directory, "folders", "--json", capsys=capsys)
    code, out, err = run(directory, "folders", "--account", "Home", *argv, capsys=capsys)
    assert (code, out) == (1, "") and problem in err
    assert run(directory, "folders", "--json", capsys=capsys)[1] == before


def test_an_action_needs_the_account_when_there_are_several(
    profile_with_local_accounts: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(profile_with_local_accounts, "folders", "--create", "X", capsys=capsys)
    assert code == 1 and "--account" in err
    code, _, err = run(
        profile_with_local_accounts, "folders", "--account", "Nobody", "--delete", "X", capsys=capsys
    )
    assert code == 1 and "no account named 'Nobody'" in err
    assert run(profile_with_local_accounts, "folders", "--rename", "only-one", capsys=capsys)[0] == 2
