"""IMAP sync against the lab Dovecot: first sync, new mail, other clients' changes, UIDVALIDITY."""

from __future__ import annotations

from pathlib import Path

import pytest

from qtmail.core.store.types import Flag
from tests.integration.sync_helpers import (
    create_folder,
    folder,
    imap_account,
    message,
    messages,
    new_user,
    open_store,
    subjects,
    sync,
)


def test_first_sync_then_new_mail(lab, tmp_path: Path) -> None:
    user = new_user(lab)
    for number in range(3):
        lab.deliver(user, message(number))
    account = imap_account(lab, user)
    with open_store(tmp_path) as store:
        report = sync(account, user, store)
        assert report.new == 3
        assert subjects(store, account, "INBOX") == ["Message 0", "Message 1", "Message 2"]
        roles = {f.path: f.role for f in store.folders.all(account.name)}
        assert roles["INBOX"] == "inbox" and roles["Sent"] == "sent" and roles["Trash"] == "trash"
        inbox = folder(store, account, "INBOX")
        assert inbox.uidvalidity and inbox.uidnext and inbox.total == 3 and inbox.unread == 3

        lab.deliver(user, message(3))
        lab.deliver(user, message(4))
        report = sync(account, user, store)
        assert report.new == 2
        assert subjects(store, account, "INBOX") == [f"Message {n}" for n in range(5)]
        uids = [m.uid for m in messages(store, account, "INBOX")]
        assert len(set(uids)) == 5 and None not in uids

        assert sync(account, user, store).new == 0  # nothing new: nothing added


@pytest.mark.parametrize("server", ["lab", "lab_no_condstore"])
def test_flags_and_expunges_by_another_client(
    server: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    lab = request.getfixturevalue(server)
    user = new_user(lab)
    for number in range(5):
        lab.deliver(user, message(number))
    account = imap_account(lab, user)
    with open_store(tmp_path) as store:
        sync(account, user, store)
        by_subject = {m.subject: m for m in messages(store, account, "INBOX")}
        with lab.imap_client(user) as other:
            other.select_folder("INBOX")
            uid = {s: m.uid for s, m in by_subject.items()}
            other.add_flags([uid["Message 0"], uid["Message 1"]], [b"\\Seen"])
            other.add_flags([uid["Message 2"]], [b"\\Flagged", b"$Work"])
            other.delete_messages([uid["Message 3"]])
            other.expunge()
        report = sync(account, user, store)
        assert report.folders[0].expunged == 1
        after = {m.subject: m for m in messages(store, account, "INBOX")}
        assert sorted(after) == ["Message 0", "Message 1", "Message 2", "Message 4"]
        assert after["Message 0"].flags == Flag.SEEN and after["Message 1"].flags == Flag.SEEN
        assert after["Message 2"].flags == Flag.FLAGGED and after["Message 2"].keywords == ("$Work",)
        assert after["Message 4"].flags == Flag.NONE
        assert folder(store, account, "INBOX").unread == 2

        with lab.imap_client(user) as other:  # and back: flags removed elsewhere are removed here
            other.select_folder("INBOX")
            other.remove_flags([uid["Message 0"]], [b"\\Seen"])
        sync(account, user, store)
        assert {m.subject: m for m in messages(store, account, "INBOX")}["Message 0"].flags == Flag.NONE


def test_uidvalidity_change_reloads_the_folder(lab, tmp_path: Path) -> None:
    user = new_user(lab)
    create_folder(lab, user, "Projects")
    for number in range(3):
        lab.deliver(user, message(number), folder="Projects")
    account = imap_account(lab, user)
    with open_store(tmp_path) as store:
        sync(account, user, store)
        before = folder(store, account, "Projects")
        assert subjects(store, account, "Projects") == ["Message 0", "Message 1", "Message 2"]
        with lab.imap_client(user) as other:  # another client deletes and recreates the folder
            other.delete_folder("Projects")
            other.create_folder("Projects")
            other.subscribe_folder("Projects")
        lab.deliver(user, message(10), folder="Projects")
        report = sync(account, user, store)
        after = folder(store, account, "Projects")
        assert after.uidvalidity != before.uidvalidity
        assert any(f.reset for f in report.folders)
        assert subjects(store, account, "Projects") == ["Message 10"]


def test_korean_folder_names(lab, tmp_path: Path) -> None:
    user = new_user(lab)
    create_folder(lab, user, "보관함/2026년 프로젝트")
    lab.deliver(user, message(1, "한글 제목"), folder="보관함/2026년 프로젝트")
    account = imap_account(lab, user)
    with open_store(tmp_path) as store:
        sync(account, user, store)
        korean = folder(store, account, "보관함/2026년 프로젝트")
        assert korean.name == "2026년 프로젝트"
        assert korean.raw_name is not None and korean.raw_name.isascii() and "&" in korean.raw_name
        assert subjects(store, account, "보관함/2026년 프로젝트") == ["한글 제목"]
        # --folder works with the decoded name too
        lab.deliver(user, message(2, "두 번째"), folder="보관함/2026년 프로젝트")
        report = sync(account, user, store, folders=["보관함/2026년 프로젝트"])
        assert [f.path for f in report.folders] == ["보관함/2026년 프로젝트"] and report.new == 1


def test_body_fetched_on_demand_then_cached(lab, tmp_path: Path) -> None:
    from qtmail.core.sync.bodies import fetch_body
    from qtmail.core.sync.engine import open_session

    user = new_user(lab)
    lab.deliver(user, message(1, "Open me"))
    account = imap_account(lab, user)
    with open_store(tmp_path) as store:
        sync(account, user, store)
        (row,) = messages(store, account, "INBOX")
        assert not row.has_body  # headers only, unless asked
        session = open_session(account, user.password)
        try:
            raw = fetch_body(session, store, row.id)
        finally:
            session.logout()
        assert b"Subject: Open me" in raw and b"Body of message 1." in raw
        assert store.messages.get(row.id).has_body
        assert store.searcher.search("Body of message")  # indexed for search
        # From the cache now: no session needed.
        assert fetch_body(None, store, row.id) == raw  # type: ignore[arg-type]
