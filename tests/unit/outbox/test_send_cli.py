"""``qtmail send`` / ``qtmail outbox`` without a server: usage errors, queueing, listing, withdrawing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qtmail.cli.main import main

ADD = [
    "accounts", "add", "work", "--address", "kim@example.test", "--display-name", "김철수",
    "--incoming", "imap", "--in-host", "127.0.0.1", "--smtp-host", "127.0.0.1", "--no-verify",
]  # fmt: skip


@pytest.fixture
def profile(tmp_path: Path) -> list[str]:
    prefix = ["--profile", str(tmp_path / "profile")]
    assert main([*prefix, *ADD]) == 0
    return prefix


def test_usage_errors_exit_2(profile: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as missing_to:
        main([*profile, "send", "--account", "work", "--subject", "s"])
    with pytest.raises(SystemExit) as two_stdins:
        main([*profile, "send", "--account", "work", "--password-stdin", "--to", "a@example.test",
              "--subject", "s", "--body-file", "-"])  # fmt: skip
    assert missing_to.value.code == 2 and two_stdins.value.code == 2
    assert "standard input" in capsys.readouterr().err


def test_an_unknown_account_is_a_clear_error(profile: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*profile, "send", "--account", "nope", "--to", "a@example.test", "--subject", "s"]) == 1
    assert "no account named 'nope'" in capsys.readouterr().err


def test_queue_list_and_withdraw(
    profile: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = [*profile, "send", "--account", "work", "--to", "Lee <lee@example.test>",
            "--bcc", "hid@example.test", "--subject", "회의", "--body", "x",
            "--undo-delay", "30"]  # fmt: skip
    assert main(args) == 0
    capsys.readouterr()
    assert main([*profile, "outbox", "list", "--json"]) == 0
    [row] = json.loads(capsys.readouterr().out)
    assert row["subject"] == "회의" and row["state"] == "queued" and row["attempts"] == 0
    assert row["recipients"] == ["lee@example.test", "hid@example.test"] and row["next_attempt"]

    out = tmp_path / "back.eml"
    assert main([*profile, "outbox", "withdraw", str(row["id"]), "-o", str(out)]) == 0
    raw = out.read_bytes()
    assert b"From: =?UTF-8?" in raw and b"hid@example.test" not in raw
    assert "Bcc recipients (not in the file): hid@example.test" in capsys.readouterr().out
    assert main([*profile, "outbox", "list", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
