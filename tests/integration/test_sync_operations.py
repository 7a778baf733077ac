"""Local actions replayed to the lab server: flags, move, copy, delete, empty trash, offline queue."""

from __future__ import annotations

from pathlib import Path

import pytest

from qtmail.core.errors import ErrorKind, MailError
from qtmail.core.store.types import Flag
from qtmail.core.sync import actions
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


def test_flags_move_copy_delete_are_replayed(lab, tmp_path: Path) -> None:
    user = new_user(lab)
    for number in range(5):
        lab.deliver(user, message(number))
    account = imap_account(lab, user)
    with open_store(tmp_path) as store:
        sync(account, user, store)
        inbox = by_subject(store, account, "INBOX")
        archive = folder(store, account, "Archive")
        assert actions.mark_seen(store, [inbox["Message 0"].id, inbox["Message 1"].id]) == 2
        assert actions.set_flagged(store, [inbox["Message 1"].id]) == 1
        assert actions.move(store, [inbox["Message 2"].id], archive.id) == 1
        copies = actions.copy(store, [inbox["Message 3"].id], archive.id)
        assert actions.delete(store, [inbox["Message 4"].id]) == 1  # into Trash
        # The store changed at once, before any server contact.
        assert subjects(store, account, "Archive") == ["Message 2", "Message 3"]
        assert subjects(store, account, "Trash") == ["Message 4"]
        assert folder(store, account, "INBOX").unread == 1  # only Message 3 is left unread
        assert store.operations.pending_count(account.name) == 5

        report = sync(account, user, store)
        assert report.operations_done == 5 and report.operations_failed == 0
        assert store.operations.pending_count(account.name) == 0

        server_inbox = server_state(lab, user, "INBOX")
        assert sorted(server_inbox) == ["Message 0", "Message 1", "Message 3"]
        assert server_inbox["Message 0"] == {b"\\Seen"}
        assert server_inbox["Message 1"] == {b"\\Seen", b"\\Flagged"}
        assert sorted(server_state(lab, user, "Archive")) == ["Message 2", "Message 3"]
        assert sorted(server_state(lab, user, "Trash")) == ["Message 4"]
        # Moved and copied rows learned their new UIDs (COPYUID), so nothing is duplicated.
        moved = by_subject(store, account, "Archive")
        assert moved["Message 2"].id == inbox["Message 2"].id and moved["Message 2"].uid is not None
        assert moved["Message 3"].id == copies[0] and moved["Message 3"].uid is not None
        sync(account, user, store)
        assert subjects(store, account, "Archive") == ["Message 2", "Message 3"]
        assert subjects(store, account, "INBOX") == ["Message 0", "Message 1", "Message 3"]

        # Deleting in Trash deletes for good; then empty the trash.
        trash_message = by_subject(store, account, "Trash")["Message 4"]
        assert actions.delete(store, [trash_message.id]) == 1
        lab.deliver(user, message(9), folder="Trash")
        sync(account, user, store)
        assert sorted(server_state(lab, user, "Trash")) == ["Message 9"]
        assert actions.empty_trash(store, account.name) == 1
        sync(account, user, store)
        assert server_state(lab, user, "Trash") == {}
        assert subjects(store, account, "Trash") == []


def test_move_then_flag_before_replay(lab, tmp_path: Path) -> None:
    """A change to a moved message made before the move reached the server follows it there."""
    user = new_user(lab)
    lab.deliver(user, message(1))
    account = imap_account(lab, user)
    with open_store(tmp_path) as store:
        sync(account, user, store)
        (only,) = messages(store, account, "INBOX")
        actions.move(store, [only.id], folder(store, account, "Archive").id)
        actions.set_flagged(store, [only.id])
        sync(account, user, store)
        assert server_state(lab, user, "Archive") == {"Message 1": {b"\\Flagged"}}
        assert store.messages.get(only.id).flags == Flag.FLAGGED


def test_offline_queue_survives_server_restart(own_lab, tmp_path: Path) -> None:
    lab = own_lab
    user = new_user(lab)
    for number in range(3):
        lab.deliver(user, message(number))
    account = imap_account(lab, user)
    with open_store(tmp_path) as store:
        sync(account, user, store)
        inbox = by_subject(store, account, "INBOX")
        lab.stop_dovecot()
        actions.mark_seen(store, [inbox["Message 0"].id])
        actions.move(store, [inbox["Message 1"].id], folder(store, account, "Archive").id)
        with pytest.raises(MailError) as failed:
            sync(account, user, store, attempts=2, backoff=0.01)
        assert failed.value.kind is ErrorKind.NETWORK
    lab.start_dovecot()
    with open_store(tmp_path) as store:  # a new process: the queue came from the database
        assert store.operations.pending_count(account.name) == 2
        report = sync(account, user, store)
        assert report.operations_done == 2
    assert server_state(lab, user, "INBOX") == {"Message 0": {b"\\Seen"}, "Message 2": set()}
    assert sorted(server_state(lab, user, "Archive")) == ["Message 1"]
