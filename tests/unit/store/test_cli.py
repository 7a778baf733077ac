"""``qtmail folders``, ``list`` and ``search``: the JSON contract, exit codes, account checks."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from qtmail.cli import folders as folders_cli
from qtmail.cli import listing as listing_cli
from qtmail.core.accounts import Account, Identity, ServerSettings, save_accounts
from qtmail.core.errors import MailError
from qtmail.core.profile import Profile
from qtmail.core.store import Address, Flag, FolderSpec, Store
from tests.unit.store.conftest import envelope

KST = timezone(timedelta(hours=9))


def run(profile_dir: Path, *argv: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Run one of our subcommands in-process the way ``qtmail.cli.main`` does."""
    parser = argparse.ArgumentParser(prog="qtmail")
    subparsers = parser.add_subparsers()
    folders_cli.register(subparsers)
    listing_cli.register(subparsers)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0), *capsys.readouterr()
    args.profile_obj = Profile.in_directory(profile_dir)
    try:
        code = args.func(args)
    except MailError as exc:
        print(f"qtmail: {exc}", file=sys.stderr)
        code = 1
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def mailbox(tmp_path: Path) -> Path:
    directory = tmp_path / "profile"
    with Store.for_profile(Profile.in_directory(directory)) as store:
        work = store.folders.upsert(FolderSpec("work", "INBOX", raw_name="INBOX", role="inbox")).id
        korean = store.folders.upsert(FolderSpec("work", "INBOX/보관함", raw_name="INBOX/&vPSwuNO4-")).id
        home = store.folders.upsert(FolderSpec("home", "INBOX", raw_name="INBOX", role="inbox")).id
        store.folders.upsert(FolderSpec("home", "Sent", role="sent", local_only=True))
        store.messages.insert(
            work,
            [
                envelope(
                    1,
                    date=datetime(2026, 3, 1, 9, 0, tzinfo=KST),
                    subject="회의 일정",
                    sender=Address("홍길동", "hong@example.kr"),
                    flags=Flag.SEEN | Flag.FLAGGED,
                    attachments=2,
                    preview="내일 10시",
                ),
                envelope(2, date=datetime(2026, 3, 2, tzinfo=UTC), subject="Invoice", flags=Flag.NONE),
            ],
        )
        store.messages.insert(korean, [envelope(7, subject="archived thing")])
        store.messages.insert(
            home, [envelope(3, date=datetime(2026, 3, 1, 12, 0, tzinfo=UTC), subject="Hi home")]
        )
    return directory


def test_folders_json_contract(mailbox: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(mailbox, "folders", "--json", capsys=capsys)
    assert (code, err) == (0, "")
    document = json.loads(out)
    assert {
        "account": "work",
        "path": "INBOX/보관함",
        "name": "보관함",
        "role": None,
        "total": 1,
        "unread": 1,
    } in document
    assert {
        "account": "work",
        "path": "INBOX",
        "name": "INBOX",
        "role": "inbox",
        "total": 2,
        "unread": 1,
    } in document
    assert all(set(item) == {"account", "path", "name", "role", "total", "unread"} for item in document)
    code, out, _ = run(mailbox, "folders", "--account", "home", "--json", capsys=capsys)
    assert [(f["path"], f["role"]) for f in json.loads(out)] == [("INBOX", "inbox"), ("Sent", "sent")]
    code, out, _ = run(mailbox, "folders", capsys=capsys)
    assert code == 0 and "보관함" in out


def test_list_json_contract_newest_first_over_inboxes(
    mailbox: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(mailbox, "list", "--json", capsys=capsys)
    assert (code, err) == (0, "")
    document = json.loads(out)
    assert [m["subject"] for m in document] == ["Invoice", "Hi home", "회의 일정"]
    first = document[2]
    assert first == {
        "id": first["id"],
        "account": "work",
        "folder": "INBOX",
        "uid": 1,
        "date": "2026-03-01T09:00:00+09:00",
        "from": {"name": "홍길동", "address": "hong@example.kr"},
        "to": [{"name": "Me", "address": "me@example.org"}],
        "subject": "회의 일정",
        "flags": ["seen", "flagged"],
        "size": 1001,
        "attachments": 2,
        "preview": "내일 10시",
    }
    code, out, _ = run(mailbox, "list", "--account", "work", "--limit", "1", "--json", capsys=capsys)
    assert [m["subject"] for m in json.loads(out)] == ["Invoice"]
    code, out, _ = run(mailbox, "list", "--folder", "INBOX/보관함", "--json", capsys=capsys)
    assert [(m["folder"], m["subject"]) for m in json.loads(out)] == [("INBOX/보관함", "archived thing")]
    code, out, _ = run(mailbox, "list", capsys=capsys)
    assert code == 0 and "Invoice" in out


def test_search_json(mailbox: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(mailbox, "search", "회의", "--json", capsys=capsys)
    assert [m["subject"] for m in json.loads(out)] == ["회의 일정"]
    code, out, _ = run(mailbox, "search", 'hong@example.kr "unbalanced -', "--json", capsys=capsys)
    assert code == 0
    code, out, _ = run(mailbox, "search", "message", "--account", "home", "--json", capsys=capsys)
    assert code == 0 and json.loads(out) == []
    code, out, _ = run(mailbox, "search", "hi", "--account", "home", "--json", capsys=capsys)
    assert [m["subject"] for m in json.loads(out)] == ["Hi home"]


def test_errors_exit_1_with_one_line_and_usage_exits_2(
    mailbox: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for argv in (
        ("list", "--account", "nobody", "--json"),
        ("folders", "--account", "nobody"),
        ("search", "x", "--account", "nobody", "--json"),
        ("list", "--folder", "Nope", "--json"),
    ):
        code, out, err = run(mailbox, *argv, capsys=capsys)
        assert code == 1, argv
        assert out == ""
        assert len(err.strip().splitlines()) == 1 and err.startswith("qtmail: ")
    for argv in (("list", "--limit", "0"), ("list", "--limit", "x"), ("search",)):
        code, _, _ = run(mailbox, *argv, capsys=capsys)
        assert code == 2, argv


def test_configured_account_without_mail_is_known(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    profile = Profile.in_directory(tmp_path / "fresh").ensure()
    save_accounts(
        profile,
        [
            Account(
                name="Fresh",
                identities=(Identity("Fresh", "fresh@example.com"),),
                incoming=ServerSettings("imap", "127.0.0.1"),
                smtp=ServerSettings("smtp", "127.0.0.1"),
            )
        ],
    )
    assert folders_cli.known_accounts(profile) == ["Fresh"]
    code, out, _ = run(tmp_path / "fresh", "list", "--account", "fresh", "--json", capsys=capsys)
    assert (code, json.loads(out)) == (0, [])
    code, out, _ = run(tmp_path / "fresh", "folders", "--json", capsys=capsys)
    assert (code, json.loads(out)) == (0, [])
    assert not profile.store_file.exists()  # reading never creates a store
    code, _, err = run(tmp_path / "fresh", "list", "--account", "other", capsys=capsys)
    assert code == 1 and "other" in err


def test_real_entry_point_exit_codes(mailbox: Path) -> None:
    def qtmail(*argv: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "qtmail", "--profile", str(mailbox), *argv],
            capture_output=True,
            text=True,
            timeout=60,
        )

    ok = qtmail("list", "--json")
    assert ok.returncode == 0, ok.stderr
    assert len(json.loads(ok.stdout)) == 3
    missing = qtmail("list", "--account", "nobody", "--json")
    assert missing.returncode == 1 and missing.stdout == ""
    assert missing.stderr.strip() == "qtmail: no account named 'nobody'"
    assert qtmail("list", "--limit", "-3").returncode == 2
