"""Sync's fallbacks against the lab Dovecot with capabilities withheld (clients go by CAPABILITY):
CONDSTORE without QRESYNC, no UIDPLUS and no MOVE, no IDLE, and a drop during operation replay."""

from __future__ import annotations

import re
import threading
from pathlib import Path

import pytest

from qtmail.core.errors import MailError
from qtmail.core.net.protocol_log import ProtocolLog
from qtmail.core.store.types import Flag
from qtmail.core.sync import actions
from qtmail.core.sync.engine import open_session
from qtmail.core.sync.idle import InboxWatcher
from qtmail.core.sync.imap_session import ImapSession
from tests.integration.sync_helpers import (
    by_subject,
    folder,
    imap_account,
    message,
    messages,
    new_user,
    open_store,
    server_state,
    subjects,
    sync,
)


def _commands(log: ProtocolLog) -> list[str]:
    """The client's IMAP commands, without tags ("UID FETCH 1:5 (UID FLAGS) ...")."""
    found = []
    for line in log.read_text().splitlines():
        match = re.search(r"C: \S+ (.*)$", line)
        if match:
            found.append(match.group(1))
    return found


def _no_ghosts_no_losses(store, account, lab, user, path: str = "INBOX") -> None:
    """The store's folder equals the server's: same subjects, same flags, one row each."""
    server = server_state(lab, user, path)
    rows = messages(store, account, path)
    assert sorted(m.subject for m in rows) == sorted(server)
    assert len({m.uid for m in rows}) == len(rows) and None not in {m.uid for m in rows}
    for row in rows:
        want = Flag.from_imap(tuple(f.decode() for f in server[row.subject]))[0]
        assert row.flags == want, (row.subject, row.flags, server[row.subject])


# ------------------------------------------------------------------ CONDSTORE without QRESYNC


@pytest.mark.parametrize("server", ["lab_condstore_no_qresync", "lab_condstore_no_enable"])
def test_condstore_without_qresync(server: str, request: pytest.FixtureRequest, tmp_path: Path) -> None:
    lab = request.getfixturevalue(server)
    user = new_user(lab)
    for number in range(8):
        lab.deliver(user, message(number))
    account = imap_account(lab, user)
    session = open_session(account, user.password)
    try:
        assert session.condstore and not session.qresync and not session.has("QRESYNC")
        assert session.has("ENABLE") is (server == "lab_condstore_no_qresync")
    finally:
        session.logout()
    log = ProtocolLog(tmp_path / "imap.log")
    with open_store(tmp_path) as store:
        sync(account, user, store, log=log)
        uid = {m.subject: m.uid for m in messages(store, account, "INBOX")}
        with lab.imap_client(user) as other:
            other.select_folder("INBOX")
            other.add_flags([uid["Message 0"], uid["Message 1"]], [b"\\Seen"])
            other.add_flags([uid["Message 2"]], [b"\\Flagged", b"$Work"])
            other.delete_messages([uid["Message 3"], uid["Message 4"]])
            other.expunge()
        # One new arrival too: "two gone, one new" must not look like "one gone".
        lab.deliver(user, message(8))
        before = len(_commands(log))
        report = sync(account, user, store, log=log)
        later = _commands(log)[before:]
        assert any("CHANGEDSINCE" in c for c in later), later
        assert not any("QRESYNC" in c for c in later)
        assert not any(re.fullmatch(r"UID FETCH 1:\d+ \(UID FLAGS\)", c) for c in later)  # no full flag scan
        assert report.folders[0].expunged == 2 and report.new == 1
        _no_ghosts_no_losses(store, account, lab, user)
        after = by_subject(store, account, "INBOX")
        assert after["Message 2"].keywords == ("$Work",)
        assert sorted(after) == sorted(f"Message {n}" for n in (0, 1, 2, 5, 6, 7, 8))

        # Only an expunge (no flag change): the mod-sequence moves, the count check finds it.
        with lab.imap_client(user) as other:
            other.select_folder("INBOX")
            other.delete_messages([uid["Message 7"]])
            other.expunge()
            other.remove_flags([uid["Message 0"]], [b"\\Seen"])
        report = sync(account, user, store, log=log)
        assert report.folders[0].expunged == 1
        _no_ghosts_no_losses(store, account, lab, user)
        # And a pass with nothing changed changes nothing.
        report = sync(account, user, store, log=log)
        assert (report.new, report.folders[0].expunged, report.folders[0].flags_changed) == (0, 0, 0)
        _no_ghosts_no_losses(store, account, lab, user)


def test_condstore_expunge_hidden_behind_a_local_delete(lab_condstore_no_qresync, tmp_path: Path) -> None:
    """Removed here but not yet on the server, expunged there by someone else: equal counts
    must not hide the expunge (no ghost)."""
    lab = lab_condstore_no_qresync
    user = new_user(lab)
    for number in range(4):
        lab.deliver(user, message(number))
    account = imap_account(lab, user)
    with open_store(tmp_path) as store:
        sync(account, user, store)
        inbox = by_subject(store, account, "INBOX")
        actions.delete(store, [inbox["Message 0"].id])  # queued, not replayed below
        with lab.imap_client(user) as other:
            other.select_folder("INBOX")
            other.delete_messages([inbox["Message 1"].uid])
            other.expunge()
        report = sync(account, user, store, replay=False, folders=["INBOX"])
        assert report.folders[0].expunged == 1
        assert subjects(store, account, "INBOX") == ["Message 2", "Message 3"]
        sync(account, user, store)
        _no_ghosts_no_losses(store, account, lab, user)
        assert sorted(server_state(lab, user, "Trash")) == ["Message 0"]


# ------------------------------------------------------------------ no UIDPLUS, no MOVE


def test_move_and_delete_replayed_without_uidplus_or_move(lab_no_uidplus_move, tmp_path: Path) -> None:
    lab = lab_no_uidplus_move
    user = new_user(lab)
    for number in range(4):
        lab.deliver(user, message(number))
    account = imap_account(lab, user)
    log = ProtocolLog(tmp_path / "imap.log")
    with open_store(tmp_path) as store:
        sync(account, user, store)
        inbox = by_subject(store, account, "INBOX")
        archive = folder(store, account, "Archive")
        actions.move(store, [inbox["Message 0"].id], archive.id)
        actions.copy(store, [inbox["Message 1"].id], archive.id)
        actions.delete(store, [inbox["Message 2"].id])  # into Trash
        # Only the inbox is synced: moved rows must still be in Archive and Trash afterwards,
        # with their UIDs, although those folders were not fetched (no vanishing in between).
        report = sync(account, user, store, folders=["INBOX"], log=log)
        assert report.operations_done == 3 and store.operations.pending_count(account.name) == 0
        commands = _commands(log)
        assert not any(c.startswith(("UID MOVE", "UID EXPUNGE")) for c in commands), commands
        assert any(c.startswith("UID COPY") for c in commands) and "EXPUNGE" in commands
        # Dovecot still sends COPYUID; like a real server without UIDPLUS we go by UIDNEXT instead.
        assert any(c.startswith("STATUS ") and c.endswith("(UIDNEXT)") for c in commands), commands
        moved = store.messages.get(inbox["Message 0"].id)
        assert moved.folder_id == archive.id and moved.uid is not None
        assert subjects(store, account, "Archive") == ["Message 0", "Message 1"]
        assert None not in {m.uid for m in messages(store, account, "Archive")}
        assert subjects(store, account, "Trash") == ["Message 2"]
        # The server agrees, and the originals are gone (nobody else had marked anything).
        assert sorted(server_state(lab, user, "INBOX")) == ["Message 1", "Message 3"]
        assert sorted(server_state(lab, user, "Archive")) == ["Message 0", "Message 1"]
        assert sorted(server_state(lab, user, "Trash")) == ["Message 2"]
        archive_ids = {m.id for m in messages(store, account, "Archive")}
        sync(account, user, store)  # the full pass finds nothing to add: the UIDs were right
        assert {m.id for m in messages(store, account, "Archive")} == archive_ids
        for path in ("INBOX", "Archive", "Trash"):
            _no_ghosts_no_losses(store, account, lab, user, path)


def test_plain_expunge_spares_what_another_client_marked(lab_no_uidplus_move, tmp_path: Path) -> None:
    lab = lab_no_uidplus_move
    user = new_user(lab)
    for number in range(4):
        lab.deliver(user, message(number))
    account = imap_account(lab, user)
    with open_store(tmp_path) as store:
        sync(account, user, store)
        inbox = by_subject(store, account, "INBOX")
        with lab.imap_client(user) as other:  # marked, not expunged: another client's business
            other.select_folder("INBOX")
            other.add_flags([inbox["Message 3"].uid], [b"\\Deleted"])
        actions.delete(store, [inbox["Message 0"].id])
        sync(account, user, store)
        server = server_state(lab, user, "INBOX")
        assert server["Message 3"] == {b"\\Deleted"}  # not expunged by us
        assert server["Message 0"] == {b"\\Deleted"}  # ours stays marked, hidden here
        assert subjects(store, account, "INBOX") == ["Message 1", "Message 2", "Message 3"]
        assert subjects(store, account, "Trash") == ["Message 0"]
        assert sorted(server_state(lab, user, "Trash")) == ["Message 0"]
        sync(account, user, store)  # a resync does not bring the marked original back
        assert subjects(store, account, "INBOX") == ["Message 1", "Message 2", "Message 3"]

        with lab.imap_client(user) as other:  # the other client changes its mind
            other.select_folder("INBOX")
            other.remove_flags([inbox["Message 3"].uid], [b"\\Deleted"])
        sync(account, user, store)
        actions.move(store, [inbox["Message 1"].id], folder(store, account, "Archive").id)
        sync(account, user, store)
        # Now every \Deleted message is ours (this move's and the earlier delete's): expunged.
        assert server_state(lab, user, "INBOX") == {"Message 2": set(), "Message 3": set()}
        assert sorted(server_state(lab, user, "Archive")) == ["Message 1"]
        _no_ghosts_no_losses(store, account, lab, user, "INBOX")
        _no_ghosts_no_losses(store, account, lab, user, "Archive")


def test_move_without_message_id_never_vanishes(lab_no_uidplus_move, tmp_path: Path) -> None:
    """No Message-ID to pair by: the local row is replaced by the server's copy at once."""
    lab = lab_no_uidplus_move
    user = new_user(lab)
    raw = message(1, "No id")
    lab.deliver(user, re.sub(rb"Message-ID: [^\r]*\r\n", b"", raw))
    lab.deliver(user, message(2, "With id"))
    account = imap_account(lab, user)
    with open_store(tmp_path) as store:
        sync(account, user, store)
        rows = by_subject(store, account, "INBOX")
        assert rows["No id"].message_id is None
        archive = folder(store, account, "Archive")
        actions.move(store, [rows["No id"].id, rows["With id"].id], archive.id)
        sync(account, user, store, folders=["INBOX"])
        moved = by_subject(store, account, "Archive")
        assert sorted(moved) == ["No id", "With id"] and None not in {m.uid for m in moved.values()}
        assert moved["With id"].id == rows["With id"].id  # paired: same row
        sync(account, user, store)
        _no_ghosts_no_losses(store, account, lab, user, "Archive")
        assert server_state(lab, user, "INBOX") == {}


@pytest.mark.parametrize("server", ["lab", "lab_no_uidplus_move"])
def test_moved_twice_before_replay(server: str, request: pytest.FixtureRequest, tmp_path: Path) -> None:
    """INBOX -> Archive -> Projects offline: the second move learns the UID the first one gave."""
    lab = request.getfixturevalue(server)
    user = new_user(lab)
    lab.create_folder(user, "Projects")
    lab.deliver(user, message(1))
    account = imap_account(lab, user)
    with open_store(tmp_path) as store:
        sync(account, user, store)
        (only,) = messages(store, account, "INBOX")
        actions.move(store, [only.id], folder(store, account, "Archive").id)
        actions.move(store, [only.id], folder(store, account, "Projects").id)
        report = sync(account, user, store)
        assert report.operations_done == 2 and report.operations_failed == 0
        assert server_state(lab, user, "INBOX") == {} and server_state(lab, user, "Archive") == {}
        assert sorted(server_state(lab, user, "Projects")) == ["Message 1"]
        for path in ("INBOX", "Archive", "Projects"):
            _no_ghosts_no_losses(store, account, lab, user, path)
        assert store.messages.get(only.id).uid is not None  # the same row, now with its UID


# ------------------------------------------------------------------ no IDLE


def test_noop_polling_without_idle(lab_no_idle, tmp_path: Path) -> None:
    lab = lab_no_idle
    user = new_user(lab)
    account = imap_account(lab, user)
    news = threading.Event()
    watcher = InboxWatcher(account, user.password, news.set, poll_interval=0.2)
    stop = threading.Event()
    thread = threading.Thread(target=watcher.run, args=(stop,), daemon=True)
    thread.start()
    try:
        assert watcher.ready.wait(10)
        assert watcher.mode == "poll"
        with open_store(tmp_path) as store:
            sync(account, user, store)
            lab.deliver_lmtp(user, message(1, "Arrived by NOOP"))
            assert news.wait(10), "NOOP polling reported nothing"
            sync(account, user, store, folders=["INBOX"])
            assert subjects(store, account, "INBOX") == ["Arrived by NOOP"]
    finally:
        stop.set()
        thread.join(10)
    assert not thread.is_alive()


# ------------------------------------------------------------------ a drop during replay


@pytest.mark.parametrize("server", ["lab", "lab_no_uidplus_move"])
def test_drop_during_replay_keeps_the_operation_and_copies_once(
    server: str, request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The server does the COPY/MOVE, the connection dies before its answer arrives: the
    operation stays queued, and the replay after reconnecting neither copies it twice nor loses it."""
    lab = request.getfixturevalue(server)
    user = new_user(lab)
    for number in range(4):
        lab.deliver(user, message(number))
    cutter = lab.cutter(lab.imaps_port)
    account = imap_account(lab, user, port=cutter.port)
    original = ImapSession.command
    cut_verbs: list[str] = []

    def command(self: ImapSession, what: str, name: str, *args: str) -> list[object]:
        verb = args[0] if name == "UID" and args else ""
        if verb in ("COPY", "MOVE") and f"{verb} {args[1]}" not in cut_verbs:  # each first try
            cut_verbs.append(f"{verb} {args[1]}")
            cutter.cut_after_bytes(1)  # the command reaches the server; its answer never comes back
            try:
                return original(self, what, name, *args)
            finally:
                cutter.pass_through()
        return original(self, what, name, *args)

    with open_store(tmp_path) as store:
        sync(account, user, store)
        inbox = by_subject(store, account, "INBOX")
        archive = folder(store, account, "Archive")
        actions.mark_seen(store, [inbox["Message 3"].id])
        actions.move(store, [inbox["Message 0"].id], archive.id)
        actions.copy(store, [inbox["Message 1"].id], archive.id)
        monkeypatch.setattr(ImapSession, "command", command)

        with pytest.raises(MailError):
            sync(account, user, store, attempts=1)
        assert cut_verbs and store.operations.pending_count(account.name) == 2  # flags done; move, copy wait
        assert sorted(server_state(lab, user, "Archive")) == ["Message 0"]  # the server did the first

        report = sync(account, user, store, backoff=0.01)  # the copy is cut too: one reconnect
        assert report.reconnects == 1 and len(cut_verbs) == 2
        assert store.operations.pending_count(account.name) == 0
        assert sorted(server_state(lab, user, "Archive")) == ["Message 0", "Message 1"]  # once each
        assert sorted(server_state(lab, user, "INBOX")) == ["Message 1", "Message 2", "Message 3"]
        for path in ("INBOX", "Archive"):
            _no_ghosts_no_losses(store, account, lab, user, path)


# ------------------------------------------------------------------ bare IMAP4rev1


def test_bare_imap4rev1_server(lab_imap4rev1, tmp_path: Path) -> None:
    """No extension at all: full flag scans, plain SEARCH, COPY + plain EXPUNGE, NOOP polling."""
    lab = lab_imap4rev1
    user = new_user(lab)
    for number in range(6):
        lab.deliver(user, message(number))
    account = imap_account(lab, user)
    log = ProtocolLog(tmp_path / "imap.log")
    news = threading.Event()
    watcher = InboxWatcher(account, user.password, news.set, poll_interval=0.2)
    stop = threading.Event()
    thread = threading.Thread(target=watcher.run, args=(stop,), daemon=True)
    thread.start()
    try:
        with open_store(tmp_path) as store:
            sync(account, user, store, log=log)
            roles = {f.path: f.role for f in store.folders.all(account.name)}
            assert roles["INBOX"] == "inbox" and roles["Trash"] == "trash" and roles["Archive"] == "archive"
            inbox = by_subject(store, account, "INBOX")
            with lab.imap_client(user) as other:
                other.select_folder("INBOX")
                other.add_flags([inbox["Message 5"].uid], [b"\\Seen", b"$Later"])
                other.delete_messages([inbox["Message 4"].uid])
                other.expunge()
            actions.set_flagged(store, [inbox["Message 0"].id])
            actions.move(store, [inbox["Message 1"].id], folder(store, account, "Archive").id)
            actions.delete(store, [inbox["Message 2"].id])
            assert watcher.ready.wait(10) and watcher.mode == "poll"
            news.clear()
            lab.deliver_lmtp(user, message(6, "Late arrival"))
            assert news.wait(10), "NOOP polling reported nothing"
            report = sync(account, user, store, log=log)
            assert report.operations_done == 3 and report.new >= 1
            commands = _commands(log)
            for extension in ("ENABLE", "CONDSTORE", "CHANGEDSINCE", "RETURN", "UID MOVE", "UID EXPUNGE"):
                assert not any(extension in c for c in commands), (extension, commands)
            for path in ("INBOX", "Archive", "Trash"):
                _no_ghosts_no_losses(store, account, lab, user, path)
            assert subjects(store, account, "INBOX") == [
                "Late arrival",
                "Message 0",
                "Message 3",
                "Message 5",
            ]
            assert by_subject(store, account, "INBOX")["Message 5"].keywords == ("$Later",)
            assert store.messages.get(inbox["Message 1"].id).uid is not None  # found again by Message-ID
            assert sorted(server_state(lab, user, "Archive")) == ["Message 1"]
            assert sorted(server_state(lab, user, "Trash")) == ["Message 2"]
    finally:
        stop.set()
        thread.join(10)
    assert not thread.is_alive()
