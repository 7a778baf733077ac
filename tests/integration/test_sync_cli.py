"""``qtmail sync`` as a user runs it: progress on stderr, summary, exit codes, one failing account."""

from __future__ import annotations

from pathlib import Path

from qtmail.core.store import Store
from tests.integration.accounts_helpers import add_account, qtmail_env, run_qtmail, server_args
from tests.integration.sync_helpers import message, new_user
from tests.lab.ports import free_ports


def _add(lab, env, profile: Path, name: str, user, port: int, *extra: str) -> None:
    args = server_args(
        lab,
        user.address,
        in_port=port,
        in_security="tls",
        smtp_port=lab.submissions_port,
        smtp_security="tls",
        fingerprint=lab.cert_fingerprint,
        username=user.username,
    )
    added = add_account(profile, env, name, *args, *extra, password=user.password)
    assert added.returncode == 0, added.stderr


def test_sync_cli_progress_summary_and_exit_codes(lab, tmp_path: Path) -> None:
    user = new_user(lab, "cli")
    for number in range(3):
        lab.deliver(user, message(number))
    env = qtmail_env(tmp_path / "keyring")
    profile = tmp_path / "profile"
    _add(lab, env, profile, "Work", user, lab.imaps_port)

    first = run_qtmail(profile, env, "sync", "--password-stdin", password=user.password)
    assert first.returncode == 0, first.stderr
    assert "Work: INBOX headers 3/3" in first.stderr
    assert "Work: " in first.stdout and "3 new" in first.stdout

    lab.deliver(user, message(3))
    again = run_qtmail(profile, env, "sync", "--account", "work", "--folder", "INBOX")  # keyring password
    assert again.returncode == 0, again.stderr
    assert "1 new" in again.stdout
    with Store.open(profile / "data" / "store.sqlite3") as store:
        inbox = store.folders.find("Work", "INBOX")
        assert inbox is not None and inbox.total == 4

    missing = run_qtmail(profile, env, "sync", "--folder", "No such folder")
    assert missing.returncode == 1 and "No such folder" in missing.stderr

    assert run_qtmail(profile, env, "sync", "--no-such-option").returncode == 2
    assert run_qtmail(profile, env, "sync", "--account", "Nobody").returncode == 1


def test_one_failing_account_does_not_stop_the_others(lab, tmp_path: Path) -> None:
    user = new_user(lab, "cli")
    lab.deliver(user, message(0))
    env = qtmail_env(tmp_path / "keyring")
    profile = tmp_path / "profile"
    (closed_port,) = free_ports(1)
    _add(lab, env, profile, "Broken", user, closed_port, "--no-verify")
    _add(lab, env, profile, "Good", user, lab.imaps_port)

    result = run_qtmail(profile, env, "sync")
    assert result.returncode == 1
    assert "Broken: sync failed" in result.stderr and "refused" in result.stderr
    assert "Good: " in result.stdout and "1 new" in result.stdout
