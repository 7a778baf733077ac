"""POP3 against the lab: leave on server over many runs, delete after N days, delete when deleted here."""

from __future__ import annotations

import poplib
import time
from pathlib import Path

from qtmail.core.sync import actions
from qtmail.core.sync.engine import SyncOptions, SyncReport
from qtmail.core.sync.pop3_sync import sync_pop3
from tests.integration.sync_helpers import (
    message,
    messages,
    new_user,
    open_store,
    pop3_account,
    subjects,
    sync,
)

DAY = 86_400


def _server_count(lab, user) -> int:
    pop = poplib.POP3_SSL(lab.host, lab.pop3s_port, context=lab.ssl_context(), timeout=10)
    try:
        pop.user(user.username)
        pop.pass_(user.password)
        return int(pop.stat()[0])
    finally:
        pop.quit()


def test_leave_on_server_over_many_runs(lab, tmp_path: Path) -> None:
    user = new_user(lab, "pop")
    account = pop3_account(lab, user)
    lab.deliver(user, message(0))
    lab.deliver(user, message(1))
    with open_store(tmp_path) as store:
        assert sync(account, user, store).new == 2
        lab.deliver(user, message(2))
        assert sync(account, user, store).new == 1
        for _ in range(3):
            assert sync(account, user, store).new == 0
        assert subjects(store, account, "INBOX") == ["Message 0", "Message 1", "Message 2"]
        inbox = messages(store, account, "INBOX")
        assert all(m.uidl and m.has_body for m in inbox)
        assert len({m.uidl for m in inbox}) == 3
        # Deleted here but left on the server: never downloaded again.
        actions.delete(store, [inbox[0].id])
        assert sync(account, user, store).new == 0
        assert len(messages(store, account, "INBOX")) == 2
    assert _server_count(lab, user) == 3


def test_delete_after_days(lab, tmp_path: Path) -> None:
    user = new_user(lab, "pop")
    account = pop3_account(lab, user, pop3_keep_days=2)
    for number in range(3):
        lab.deliver(user, message(number))
    now = time.time()
    with open_store(tmp_path) as store:
        report = SyncReport(account.name)
        sync_pop3(account, user.password, store, report, SyncOptions(), now=now)
        assert report.pop3_downloaded == 3 and report.pop3_deleted == 0
        lab.deliver(user, message(3))
        later = SyncReport(account.name)
        sync_pop3(account, user.password, store, later, SyncOptions(), now=now + 2 * DAY + 60)
        # The first three are old enough; the fourth was only just downloaded.
        assert later.pop3_downloaded == 1 and later.pop3_deleted == 3
        assert _server_count(lab, user) == 1
        assert len(messages(store, account, "INBOX")) == 4  # all kept here


def test_keep_zero_days_deletes_once_stored(lab, tmp_path: Path) -> None:
    user = new_user(lab, "pop")
    account = pop3_account(lab, user, pop3_keep_days=0)
    lab.deliver(user, message(0))
    with open_store(tmp_path) as store:
        report = sync(account, user, store)
        assert report.pop3_downloaded == 1 and report.pop3_deleted == 1
        (stored,) = messages(store, account, "INBOX")
        assert store.bodies.read(stored.id) is not None  # the body was committed before DELE
    assert _server_count(lab, user) == 0


def test_delete_when_deleted_here(lab, tmp_path: Path) -> None:
    user = new_user(lab, "pop")
    account = pop3_account(lab, user, pop3_delete_when_deleted=True)
    lab.deliver(user, message(0))
    lab.deliver(user, message(1))
    with open_store(tmp_path) as store:
        sync(account, user, store)
        assert _server_count(lab, user) == 2
        first = next(m for m in messages(store, account, "INBOX") if m.subject == "Message 0")
        actions.delete(store, [first.id])
        report = sync(account, user, store)
        assert report.pop3_deleted == 1 and report.new == 0
        assert subjects(store, account, "INBOX") == ["Message 1"]
    assert _server_count(lab, user) == 1
