"""``qtmail --profile P sync`` on a kept demo profile: the local demo account has nothing to fetch,
so sync succeeds (exit 0) and still sends the outbox while the demo's server runs.

The profile is built the way ``qtmail --demo`` builds it (:func:`prepare_demo_profile`), without
the GUI. Traffic goes only to the demo's aiosmtpd on 127.0.0.1.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from qtmail.cli.main import main
from qtmail.core.accounts import account_to_json, load_accounts
from qtmail.core.profile import Profile
from qtmail.core.store import Scope, SortKey, Store
from qtmail.demo.account import DEMO_ACCOUNT_NAME, DEMO_PASSWORD
from qtmail.demo.app import prepare_demo_profile
from qtmail.demo.samples import build_samples
from qtmail.demo.server import DemoSmtpServer

NOTHING_TO_FETCH = f"{DEMO_ACCOUNT_NAME}: local account, no incoming server: nothing to fetch"


def cli(root: Path, *args: str, stdin: str = "", monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    return main(["--profile", str(root), *args])


def inbox_subjects(root: Path) -> set[str]:
    profile = Profile.in_directory(root)
    with Store.for_profile(profile) as store:
        inbox = store.folders.by_role(DEMO_ACCOUNT_NAME, "inbox")
        assert inbox is not None
        rows = store.pages.page(Scope.folder(inbox.id), SortKey.DATE, True, offset=0, limit=1000)
        return {row.subject for row in rows}


def test_sync_on_a_demo_profile_exits_0_in_a_fresh_process(tmp_path: Path) -> None:
    root = tmp_path / "demo-profile"
    with DemoSmtpServer(Profile.in_directory(root), DEMO_ACCOUNT_NAME) as server:
        prepare_demo_profile(Profile.in_directory(root), server.port)
    # The demo has quit; sync needs neither its server nor a password.
    result = subprocess.run(
        [sys.executable, "-m", "qtmail", "--profile", str(root), "sync"],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0, result.stderr
    assert NOTHING_TO_FETCH in result.stdout
    assert "refused" not in result.stderr and "failed" not in result.stderr


def test_sync_sends_the_demo_outbox_while_the_demo_runs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "demo-profile"
    profile = Profile.in_directory(root)
    first = DemoSmtpServer(profile, DEMO_ACCOUNT_NAME)
    prepare_demo_profile(profile, first.start())
    first.stop()
    # Queued (not sent) while the demo is off, as a script would; the next sync sends it.
    queued = cli(root, "send", "--account", DEMO_ACCOUNT_NAME, "--to", "friend@example.org",
                 "--subject", "queued for sync", "--body", "hi", monkeypatch=monkeypatch)  # fmt: skip
    assert queued == 0
    with Store.for_profile(profile) as store:
        assert len(store.outbox.all(DEMO_ACCOUNT_NAME)) == 1
    capsys.readouterr()

    with DemoSmtpServer(profile, DEMO_ACCOUNT_NAME) as second:
        prepare_demo_profile(profile, second.port)  # as the next demo start does
        code = cli(root, "sync", "--password-stdin", stdin=DEMO_PASSWORD + "\n", monkeypatch=monkeypatch)
        out, err = capsys.readouterr()
        assert code == 0, err
        assert NOTHING_TO_FETCH in out
        assert f"{DEMO_ACCOUNT_NAME}: 1 sent from the outbox" in out
        assert second.delivered == 1
    assert "queued for sync" in inbox_subjects(root)
    with Store.for_profile(profile) as store:
        assert store.outbox.all(DEMO_ACCOUNT_NAME) == []


def test_sync_on_an_old_demo_profile_with_the_placeholder_server(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Profiles written before the local type said POP3 on 127.0.0.1:1; they load as local."""
    root = tmp_path / "old-demo"
    profile = Profile.in_directory(root)
    with DemoSmtpServer(profile, DEMO_ACCOUNT_NAME) as server:
        prepare_demo_profile(profile, server.port)
    document = json.loads(profile.config_file.read_text())
    document["accounts"][0]["incoming"] = {
        "protocol": "pop3", "host": "127.0.0.1", "port": 1, "security": "none",
        "username": "you@demo.example", "auth": "password", "trusted_fingerprints": [], "verify": True,
    }  # fmt: skip
    profile.config_file.write_text(json.dumps(document))

    assert cli(root, "sync", monkeypatch=monkeypatch) == 0
    assert NOTHING_TO_FETCH in capsys.readouterr().out
    # The next demo start writes the account back in the new form, same id.
    old_id = document["accounts"][0]["id"]
    with DemoSmtpServer(profile, DEMO_ACCOUNT_NAME) as server:
        account, created = prepare_demo_profile(profile, server.port)
    assert not created and account.id == old_id
    (saved,) = load_accounts(profile)
    assert account_to_json(saved)["incoming"]["protocol"] == "local"
    inbox_samples = {s.key for s in build_samples() if s.folder == "inbox"}
    assert len(inbox_subjects(root)) == len(inbox_samples) > 0  # the samples were not seeded twice
