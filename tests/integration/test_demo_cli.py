"""A kept demo profile (``--demo --profile DIR``) and the CLI: list, send while the demo runs, and
send while it does not (the message stays queued; the next demo's Get Mail delivers it).

Traffic goes only to the demo's aiosmtpd on 127.0.0.1.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from qtmail.cli.main import main
from qtmail.core.profile import Profile
from qtmail.core.store import Store
from qtmail.demo.account import DEMO_ACCOUNT_NAME, DEMO_PASSWORD
from qtmail.demo.app import demo_credentials, prepare_demo_profile
from qtmail.demo.server import DemoSmtpServer


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return tmp_path / "demo-profile"


@pytest.fixture
def server(root: Path) -> Iterator[DemoSmtpServer]:
    running = DemoSmtpServer(Profile.in_directory(root), DEMO_ACCOUNT_NAME)
    running.start()
    prepare_demo_profile(Profile.in_directory(root), running.port)
    yield running
    running.stop()


def cli(root: Path, *args: str, stdin: str = "", monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    return main(["--profile", str(root), *args])


def listed(root: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> list[dict]:
    capsys.readouterr()
    assert cli(root, "list", "--json", monkeypatch=monkeypatch) == 0
    return json.loads(capsys.readouterr().out)


def send(root: Path, subject: str, monkeypatch: pytest.MonkeyPatch) -> int:
    return cli(
        root,
        "send",
        "--account",
        DEMO_ACCOUNT_NAME,
        "--password-stdin",
        "--now",
        "--to",
        "친구 <friend@example.org>",
        "--subject",
        subject,
        "--body",
        "sent from the CLI",
        stdin=DEMO_PASSWORD + "\n",
        monkeypatch=monkeypatch,
    )


def test_cli_lists_the_samples_of_a_kept_demo_profile(server, root, capsys, monkeypatch) -> None:
    messages = listed(root, capsys, monkeypatch)
    subjects = {m["subject"] for m in messages}
    assert "회의 자료 공유드립니다" in subjects
    assert "来週の打ち合わせについて" in subjects
    assert all(m["account"] == DEMO_ACCOUNT_NAME for m in messages)
    assert any("flagged" in m["flags"] for m in messages)
    assert any("seen" not in m["flags"] for m in messages)


def test_cli_send_while_the_demo_runs_is_delivered(server, root, capsys, monkeypatch) -> None:
    assert send(root, "CLI 보냄", monkeypatch) == 0
    out = capsys.readouterr().out
    assert "ACCEPTED friend@example.org" in out
    assert server.delivered == 1
    inbox = [m for m in listed(root, capsys, monkeypatch) if m["folder"] == "INBOX"]
    assert "CLI 보냄" in {m["subject"] for m in inbox}


def test_cli_send_without_the_demo_stays_queued_until_the_next_demo(root, capsys, monkeypatch) -> None:
    profile = Profile.in_directory(root)
    first = DemoSmtpServer(profile, DEMO_ACCOUNT_NAME)
    prepare_demo_profile(profile, first.start())
    first.stop()  # the demo has quit

    assert send(root, "queued while off", monkeypatch) == 4
    err = capsys.readouterr().err
    assert "refused the connection" in err and "stays in the outbox" in err

    # The next demo run: new port, and its Get Mail sends what waited (at once, despite the backoff).
    from qtmail.demo.backend import DemoBackend
    from qtmail.ui.workers import CancelToken

    with DemoSmtpServer(profile, DEMO_ACCOUNT_NAME) as second:
        account, created = prepare_demo_profile(profile, second.port)
        assert not created
        backend = DemoBackend(profile, [account], demo_credentials(profile, account))
        with Store.for_profile(profile) as store:
            report = backend.sync_account(store, account, CancelToken())
            assert [o.state for o in report.outcomes] == ["sent"]
            assert store.outbox.all(DEMO_ACCOUNT_NAME) == []
        assert second.delivered == 1
    inbox = [m for m in listed(root, capsys, monkeypatch) if m["folder"] == "INBOX"]
    assert "queued while off" in {m["subject"] for m in inbox}
