"""Connections killed mid-sync (lab.cutter) and IDLE: no duplicates, no losses, news within seconds."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from qtmail.core.errors import ErrorKind, MailError
from qtmail.core.sync.idle import InboxWatcher
from qtmail.core.sync.imap_sync import Progress
from tests.integration.sync_helpers import (
    imap_account,
    message,
    messages,
    new_user,
    open_store,
    sync,
)

COUNT = 600  # more than one batch (250 first, then 2,500)


def _assert_complete(store, account) -> None:
    rows = messages(store, account, "INBOX")
    assert len(rows) == COUNT
    assert len({m.uid for m in rows}) == COUNT and None not in {m.uid for m in rows}
    assert sorted(m.subject for m in rows) == sorted(f"Message {n}" for n in range(COUNT))


def test_cut_mid_fetch_then_next_sync_completes(lab, tmp_path: Path) -> None:
    user = new_user(lab)
    lab.bulk_load(user, (message(n) for n in range(COUNT)))
    cutter = lab.cutter(lab.imaps_port)
    account = imap_account(lab, user, port=cutter.port)
    cutter.cut_after_bytes(200_000)  # past login and the first batch (~120 kB), inside the second (~170 kB)
    with open_store(tmp_path) as store:
        with pytest.raises(MailError) as failed:
            sync(account, user, store, attempts=1)
        assert failed.value.kind is ErrorKind.NETWORK
        partial = len(messages(store, account, "INBOX"))
        assert 0 < partial < COUNT  # committed batches stayed; nothing half-written
        cutter.pass_through()
        report = sync(account, user, store)
        assert report.new == COUNT - partial
        _assert_complete(store, account)
        # An interrupted incremental pass (new mail, cut again) is completed too.
        for number in range(COUNT, COUNT + 3):
            lab.deliver(user, message(number))
        cutter.cut_after_bytes(2_000)
        with pytest.raises(MailError):
            sync(account, user, store, attempts=1)
        cutter.pass_through()
        sync(account, user, store)
        assert len(messages(store, account, "INBOX")) == COUNT + 3


def test_engine_reconnects_and_resumes(lab, tmp_path: Path) -> None:
    user = new_user(lab)
    lab.bulk_load(user, (message(n) for n in range(COUNT)))
    cutter = lab.cutter(lab.imaps_port)
    account = imap_account(lab, user, port=cutter.port)
    cuts: list[int] = []

    def cut_once(progress: Progress) -> None:
        if progress.phase == "headers" and progress.done > 0 and not cuts:
            cuts.append(cutter.cut())  # the next batch's FETCH is already on the wire

    with open_store(tmp_path) as store:
        report = sync(account, user, store, progress=cut_once, backoff=0.01)
        assert cuts == [1]
        assert report.reconnects == 1
        _assert_complete(store, account)


def test_idle_announces_new_mail_within_seconds(lab, tmp_path: Path) -> None:
    user = new_user(lab)
    account = imap_account(lab, user)
    news = threading.Event()
    watcher = InboxWatcher(account, user.password, news.set)
    stop = threading.Event()
    thread = threading.Thread(target=watcher.run, args=(stop,), daemon=True)
    thread.start()
    try:
        assert watcher.ready.wait(10)
        assert watcher.mode == "idle"
        with open_store(tmp_path) as store:
            sync(account, user, store)
            lab.deliver_lmtp(user, message(1, "Arrived by IDLE"))
            assert news.wait(10), "IDLE reported nothing"
            sync(account, user, store, folders=["INBOX"])
            assert [m.subject for m in messages(store, account, "INBOX")] == ["Arrived by IDLE"]
    finally:
        stop.set()
        thread.join(10)
    assert not thread.is_alive()


# NOOP polling without IDLE: test_imap_fallbacks.py, against the lab variant that hides IDLE.
