"""The per-account inter-process lock: held, timed out, released by the OS when its process dies."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from qtmail.core.account_lock import (
    DEFAULT_WAIT_S,
    WAIT_ENV,
    AccountBusy,
    AccountLock,
    default_wait,
    hold_account,
    lock_directory,
    lock_file_name,
)
from qtmail.core.errors import ErrorKind, MailError
from qtmail.core.store import Store

_HOLDER = """
import sys
from pathlib import Path
from qtmail.core.account_lock import AccountLock
lock = AccountLock(Path(sys.argv[1]), sys.argv[2], purpose="sending")
lock.acquire(0)
print("held", flush=True)
if sys.stdin.readline():  # a line: release and exit; EOF or a kill: die holding it
    lock.release()
    print("released", flush=True)
    sys.stdin.readline()
"""


class _FakeClock:
    """A monotonic clock that moves only when the lock sleeps: timeouts without waiting."""

    def __init__(self) -> None:
        self.now = 100.0
        self.sleeps = 0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps += 1
        self.now += seconds


@pytest.fixture
def holder(tmp_path: Path) -> Iterator[subprocess.Popen[str]]:
    """Another process holding the lock of account "Work" in ``tmp_path/locks``."""
    process = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(tmp_path / "locks"), "Work"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    try:
        assert process.stdout.readline().strip() == "held"
        yield process
    finally:
        if process.poll() is None:
            process.kill()
        process.communicate(timeout=10)


def test_acquire_release_and_reacquire(tmp_path: Path) -> None:
    lock = AccountLock(tmp_path / "locks", "Work")
    lock.acquire(0)
    assert lock.held and lock.holder() == (os.getpid(), "syncing")
    with pytest.raises(MailError) as twice:
        lock.acquire(0)
    assert twice.value.kind is ErrorKind.BUG
    lock.release()
    assert not lock.held and lock.holder() == (None, None)
    lock.release()  # harmless
    with AccountLock(tmp_path / "locks", "Work") as again:
        assert again.held
    assert not again.held


def test_second_holder_in_this_process_times_out_on_its_deadline(tmp_path: Path) -> None:
    clock = _FakeClock()
    with AccountLock(tmp_path / "locks", "Work"):
        waiter = AccountLock(tmp_path / "locks", "Work")
        with pytest.raises(AccountBusy) as busy:
            waiter.acquire(2.0, clock=clock, sleep=clock.sleep)
    assert 2.0 <= clock.now - 100.0 < 2.2 and clock.sleeps >= 10
    assert busy.value.kind is ErrorKind.TEMPORARY and busy.value.retryable
    assert str(busy.value) == "account Work is busy: another task of this qtmail process is syncing it"
    assert not waiter.held
    waiter.acquire(0)  # free again once the first one left
    waiter.release()


def test_other_accounts_are_independent(tmp_path: Path) -> None:
    with AccountLock(tmp_path / "locks", "Work"), AccountLock(tmp_path / "locks", "Home") as home:
        assert home.held


def test_another_process_holding_it_is_named(tmp_path: Path, holder: subprocess.Popen[str]) -> None:
    waiter = AccountLock(tmp_path / "locks", "Work")
    started = time.monotonic()
    with pytest.raises(AccountBusy) as busy:
        waiter.acquire(0.2)
    assert time.monotonic() - started < 5
    assert busy.value.pid == holder.pid
    assert str(busy.value) == f"account Work is busy: another qtmail process (pid {holder.pid}) is sending it"


def test_waiting_ends_as_soon_as_the_other_process_releases(
    tmp_path: Path, holder: subprocess.Popen[str]
) -> None:
    assert holder.stdin is not None and holder.stdout is not None
    holder.stdin.write("release\n")
    holder.stdin.flush()
    waiter = AccountLock(tmp_path / "locks", "Work")
    waiter.acquire(30)  # polls until the holder lets go; far less than 30 s
    assert waiter.holder() == (os.getpid(), "syncing")
    assert holder.stdout.readline().strip() == "released"
    waiter.release()


def test_the_os_releases_the_lock_of_a_killed_process(tmp_path: Path, holder: subprocess.Popen[str]) -> None:
    waiter = AccountLock(tmp_path / "locks", "Work")
    with pytest.raises(AccountBusy):
        waiter.acquire(0)
    holder.send_signal(signal.SIGKILL)
    holder.wait(10)
    assert waiter.holder()[0] == holder.pid  # the dead holder's note is still there ...
    waiter.acquire(5)  # ... but the lock is free
    assert waiter.holder() == (os.getpid(), "syncing")
    waiter.release()


def test_hold_account_uses_the_store_directory(tmp_path: Path) -> None:
    with Store.open(tmp_path / "data" / "store.sqlite3") as store:
        assert lock_directory(store) == tmp_path / "data" / "locks"
        with hold_account(store, "Work", purpose="syncing", wait=0) as lock:
            assert lock is not None and lock.path.parent == tmp_path / "data" / "locks"
            with pytest.raises(AccountBusy), hold_account(store, "Work", wait=0):
                pass
        with hold_account(store, "Work", wait=0) as again:
            assert again is not None and again.held
    with Store.open(":memory:") as memory, hold_account(memory, "Work", wait=0) as nothing:
        assert nothing is None  # private to this process: nothing to lock


def test_lock_file_names_are_safe_and_distinct() -> None:
    names = ["Work", "work", "a/b", "../x", "회사 메일", "", "." * 50]
    files = [lock_file_name(n) for n in names]
    assert len(set(files)) == len(names)
    for name in files:
        assert "/" not in name and "\\" not in name and not name.startswith(".") and name.endswith(".lock")


def test_default_wait_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(WAIT_ENV, raising=False)
    assert default_wait() == DEFAULT_WAIT_S
    monkeypatch.setenv(WAIT_ENV, "0.5")
    assert default_wait() == 0.5
    monkeypatch.setenv(WAIT_ENV, "soon")
    assert default_wait() == DEFAULT_WAIT_S
    monkeypatch.setenv(WAIT_ENV, "-3")
    assert default_wait() == 0.0


def test_an_unusable_lock_directory_is_a_storage_error(tmp_path: Path) -> None:
    (tmp_path / "locks").write_text("a file where the directory should be")
    with pytest.raises(MailError) as error:
        AccountLock(tmp_path / "locks", "Work").acquire(0)
    assert error.value.kind is ErrorKind.STORAGE and "lock file" in str(error.value)
