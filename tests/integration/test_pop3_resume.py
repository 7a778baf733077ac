"""POP3 with the connection killed mid-download: what was stored stays, no DELE takes effect, and the
next attempt (or run) completes the mailbox with no duplicates and no losses."""

from __future__ import annotations

import poplib
from pathlib import Path

import pytest

from qtmail.core.errors import ErrorKind, MailError
from qtmail.core.sync.imap_sync import Progress
from tests.integration.sync_helpers import lab_account, message, messages, new_user, open_store, sync

COUNT = 6


def _server_count(lab, user) -> int:
    pop = poplib.POP3_SSL(lab.host, lab.pop3s_port, context=lab.ssl_context(), timeout=10)
    try:
        pop.user(user.username)
        pop.pass_(user.password)
        return int(pop.stat()[0])
    finally:
        pop.quit()


def _load(lab, user) -> None:
    for number in range(COUNT):
        lab.deliver(user, message(number) + b"filler line\r\n" * 2_000)  # ~26 kB: RETR takes a while


def _assert_complete(store, account) -> None:
    stored = messages(store, account, "INBOX")
    assert sorted(m.subject for m in stored) == sorted(f"Message {n}" for n in range(COUNT))
    assert len({m.uidl for m in stored}) == COUNT
    assert all(store.bodies.read(m.id) is not None for m in stored)


def test_cut_mid_download_then_next_run_completes(lab, tmp_path: Path) -> None:
    user = new_user(lab, "popcut")
    _load(lab, user)
    cutter = lab.cutter(lab.pop3s_port)
    account = lab_account(lab, user, protocol="pop3", port=cutter.port, name="Pop", pop3_keep_days=0)

    def cut_after_two(progress: Progress) -> None:
        if progress.done == 2:
            cutter.cut()

    with open_store(tmp_path) as store:
        with pytest.raises(MailError) as failed:
            sync(account, user, store, attempts=1, progress=cut_after_two)
        assert failed.value.kind is ErrorKind.NETWORK
        partial = messages(store, account, "INBOX")
        assert len(partial) == 2 and all(store.bodies.read(m.id) is not None for m in partial)
        assert _server_count(lab, user) == COUNT  # no DELE without the QUIT that never came
        report = sync(account, user, store)
        assert report.pop3_downloaded == COUNT - 2 and report.pop3_deleted == COUNT
        _assert_complete(store, account)
    assert _server_count(lab, user) == 0


def test_engine_retries_a_cut_pop3_download(lab, tmp_path: Path) -> None:
    user = new_user(lab, "popretry")
    _load(lab, user)
    cutter = lab.cutter(lab.pop3s_port)
    account = lab_account(lab, user, protocol="pop3", port=cutter.port, name="Pop")
    cuts: list[int] = []

    def cut_once(progress: Progress) -> None:
        if progress.done == 3 and not cuts:
            cuts.append(cutter.cut())

    with open_store(tmp_path) as store:
        report = sync(account, user, store, progress=cut_once, backoff=0.01)
        assert cuts == [1] and report.reconnects == 1
        assert report.pop3_downloaded == COUNT
        _assert_complete(store, account)
    assert _server_count(lab, user) == COUNT  # left on the server
