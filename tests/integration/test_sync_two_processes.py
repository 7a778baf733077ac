"""Two qtmail processes on one profile (cron's ``qtmail sync`` beside another): nothing happens twice."""

from __future__ import annotations

import email
import re
import subprocess
import sys
from email import policy
from pathlib import Path

from qtmail.core.account_lock import WAIT_ENV, AccountLock
from qtmail.core.store import Store
from qtmail.core.sync import actions
from tests.integration.accounts_helpers import ready_user
from tests.integration.send_helpers import Sender, mailbox, make_sender, wait_for_mail
from tests.integration.sync_helpers import folder, message, messages

COPIES = 8


def _store(sender: Sender) -> Store:
    return Store.open(sender.profile / "data" / "store.sqlite3")


def _start_sync(sender: Sender, wait: float) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "qtmail", "--profile", str(sender.profile), "sync"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**sender.env, WAIT_ENV: str(wait)},
    )


def _message_ids(raws: list[bytes]) -> list[str]:
    return sorted(str(email.message_from_bytes(raw, policy=policy.default)["Message-ID"]) for raw in raws)


def test_two_racing_syncs_replay_each_operation_and_send_each_message_once(lab, tmp_path: Path) -> None:
    sender = make_sender(lab, tmp_path)
    bob = ready_user(lab, "bob")
    for number in range(COPIES):
        lab.deliver(sender.user, message(number))
    first = sender.run("sync")
    assert first.returncode == 0, first.stderr
    with _store(sender) as store:
        archive = folder(store, _Named("alice"), "Archive")
        for summary in messages(store, _Named("alice"), "INBOX"):
            actions.copy(store, [summary.id], archive.id)  # one queued COPY each: replayed twice = 2 copies
        assert store.operations.pending_count("alice") == COPIES
    for number in range(2):
        queued = sender.send("--to", bob.address, "--subject", f"Race {number}", "--body", "once")
        assert queued.returncode == 0, queued.stderr
    assert len(sender.outbox()) == 2

    racers = [_start_sync(sender, wait=60), _start_sync(sender, wait=60)]
    results = [racer.communicate(timeout=120) for racer in racers]

    for racer, (_out, err) in zip(racers, results, strict=True):
        assert racer.returncode == 0, err
    replayed = sum(int(n) for out, _ in results for n in re.findall(r"(\d+) offline changes replayed", out))
    assert replayed == COPIES
    archive_subjects = sorted(
        email.message_from_bytes(raw, policy=policy.default)["Subject"]
        for raw, _ in mailbox(lab, sender.user, "Archive")
    )
    assert archive_subjects == sorted(f"Message {n}" for n in range(COPIES))  # each copied exactly once
    with _store(sender) as store:
        assert store.operations.pending_count("alice") == 0
    assert sender.outbox() == []
    assert sender.log_text().count("C: DATA\n") == 2  # each message submitted exactly once
    received = wait_for_mail(lab, bob, 2)
    assert len(received) == 2 and len(set(_message_ids(received))) == 2
    sent = [raw for raw, _ in mailbox(lab, sender.user, "Sent")]
    assert _message_ids(sent) == _message_ids(received)


def test_sync_reports_an_account_another_process_holds(lab, tmp_path: Path) -> None:
    sender = make_sender(lab, tmp_path)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from pathlib import Path; from qtmail.core.account_lock import AccountLock;"
            "lock = AccountLock(Path(sys.argv[1]), 'alice'); lock.acquire(0); print('held', flush=True);"
            "sys.stdin.readline()",
            str(sender.profile / "data" / "locks"),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        busy = _start_sync(sender, wait=0.3)
        _out, err = busy.communicate(timeout=60)
        assert busy.returncode == 1, err
        assert f"account alice is busy: another qtmail process (pid {holder.pid}) is syncing it" in err
        assert AccountLock(sender.profile / "data" / "locks", "alice").holder()[0] == holder.pid
    finally:
        holder.kill()
        holder.communicate(timeout=10)
    again = sender.run("sync")  # the holder died: its lock went with it
    assert again.returncode == 0, again.stderr


class _Named:
    """The bit of an Account the sync helpers read (its name)."""

    def __init__(self, name: str) -> None:
        self.name = name
