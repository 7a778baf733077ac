"""Bulk upsert, flag updates, expunge, reset, copy, lookups, and the counters triggers keep."""

from __future__ import annotations

import pytest

from qtmail.core.errors import ErrorKind, MailError
from qtmail.core.store import Address, Flag, FlagUpdate, FolderSpec, Scope, SortKey, Store
from tests.unit.store.conftest import consistent_counters, envelope


def test_insert_is_an_upsert_by_uid_that_keeps_store_ids(store: Store, inbox_id: int) -> None:
    assert store.messages.insert(inbox_id, [envelope(uid) for uid in range(1, 11)]) == 10
    before = store.messages.by_uid(inbox_id, 5)
    assert before is not None
    again = [envelope(5, subject="edited", flags=Flag.SEEN), envelope(11)]
    assert store.messages.insert(inbox_id, again) == 1
    after = store.messages.by_uid(inbox_id, 5)
    assert after is not None
    assert (after.id, after.subject, after.flags) == (before.id, "edited", Flag.SEEN)
    folder = store.folders.get(inbox_id)
    assert (folder.total, folder.unread) == (11, 10)
    assert store.searcher.search("edited") == [after]
    assert consistent_counters(store)


def test_duplicate_uids_in_one_batch_keep_the_last(store: Store, inbox_id: int) -> None:
    assert store.messages.insert(inbox_id, [envelope(1, subject="old"), envelope(1, subject="new")]) == 1
    message = store.messages.by_uid(inbox_id, 1)
    assert message is not None and message.subject == "new"


def test_pop3_uidl_upsert_and_local_messages(store: Store) -> None:
    inbox = store.folders.upsert(FolderSpec("pop", "INBOX", role="inbox", local_only=True)).id
    assert (
        store.messages.insert(inbox, [envelope(1, uid=None, uidl="abc"), envelope(2, uid=None, uidl="def")])
        == 2
    )
    assert store.messages.insert(inbox, [envelope(3, uid=None, uidl="abc", subject="same uidl")]) == 0
    assert store.messages.uidls(inbox) == {"abc", "def"}
    found = store.messages.by_uidl(inbox, "def")
    assert found is not None and found.uidl == "def" and store.messages.by_uidl(inbox, "zzz") is None
    sent = store.folders.upsert(FolderSpec("pop", "Sent", role="sent", local_only=True)).id
    assert store.messages.insert(sent, [envelope(1, uid=None), envelope(2, uid=None)]) == 2
    assert store.messages.expunge_uidls(inbox, ["abc"]) == 1
    assert store.messages.uidls(inbox) == {"def"}
    assert consistent_counters(store)


def test_flag_updates_by_uid_and_by_id_keep_unread_counts(store: Store, inbox_id: int) -> None:
    store.messages.insert(inbox_id, [envelope(uid) for uid in range(1, 21)])
    assert store.folders.get(inbox_id).unread == 20
    changed = store.messages.set_flags(
        inbox_id, [FlagUpdate(uid, Flag.SEEN | Flag.FLAGGED, ("$label1",), modseq=99) for uid in range(1, 6)]
    )
    assert changed == 5
    assert store.folders.get(inbox_id).unread == 15
    message = store.messages.by_uid(inbox_id, 3)
    assert message is not None
    assert (message.flags, message.keywords, message.modseq) == (Flag.SEEN | Flag.FLAGGED, ("$label1",), 99)
    assert store.messages.flags_by_uid(inbox_id)[3] == (Flag.SEEN | Flag.FLAGGED, ("$label1",))
    ids = [m.id for m in store.pages.page(Scope.folder(inbox_id), limit=100)]
    store.messages.change_flags(ids, add=Flag.SEEN)
    assert store.folders.get(inbox_id).unread == 0
    store.messages.change_flags(ids[:4], remove=Flag.SEEN | Flag.FLAGGED)
    assert store.folders.get(inbox_id).unread == 4
    assert all(not m.flags & Flag.FLAGGED for m in store.messages.get_many(ids[:4]))
    assert consistent_counters(store)


def test_expunge_delete_reset_and_versions(store: Store, inbox_id: int) -> None:
    store.messages.insert(
        inbox_id, [envelope(uid, flags=Flag.SEEN if uid % 2 else Flag.NONE) for uid in range(1, 31)]
    )
    version = store.folders.versions()[inbox_id]
    assert store.messages.expunge(inbox_id, [1, 2, 3, 999]) == 3
    assert store.folders.versions()[inbox_id] > version
    assert store.messages.uids(inbox_id) == list(range(4, 31))
    assert store.messages.max_uid(inbox_id) == 30
    some = store.messages.by_uid(inbox_id, 10)
    assert some is not None
    assert store.messages.delete([some.id]) == 1
    assert consistent_counters(store)
    assert store.searcher.search("message 10") == []
    store.folders.set_imap_state(inbox_id, uidvalidity=5, uidnext=31, highestmodseq=7)
    assert store.folders.reset(inbox_id, uidvalidity=6) == 26
    folder = store.folders.get(inbox_id)
    assert (folder.total, folder.unread, folder.uidvalidity, folder.uidnext, folder.highestmodseq) == (
        0,
        0,
        6,
        None,
        None,
    )
    assert store.db.connection.execute("SELECT count(*) FROM message_fts").fetchone()[0] == 0
    assert store.db.connection.execute("SELECT count(*) FROM body_fts").fetchone()[0] == 0


def test_copy_gets_new_ids_and_keeps_search_text(store: Store, inbox_id: int) -> None:
    store.messages.insert(inbox_id, [envelope(1, subject="quarterly numbers")])
    original = store.messages.by_uid(inbox_id, 1)
    assert original is not None
    store.bodies.index_text(original.id, "the body mentions pineapples", ["chart.xlsx"])
    archive = store.folders.upsert(FolderSpec("work", "Archive")).id
    (copy_id,) = store.messages.copy([original.id, 12345], archive)
    assert copy_id != original.id
    assert {m.id for m in store.searcher.search("pineapples")} == {original.id, copy_id}
    assert consistent_counters(store)


def test_message_id_lookup_and_thread(store: Store, inbox_id: int) -> None:
    sent = store.folders.upsert(FolderSpec("work", "Sent", role="sent")).id
    store.messages.insert(
        sent, [envelope(1, message_id="<x@y>", thread_key="t1"), envelope(2, thread_key="t1")]
    )
    found = store.messages.find_by_message_id(sent, "<x@y>")
    assert [m.uid for m in found] == [1]
    assert store.messages.find_by_message_id(sent, "<nope@y>") == []
    assert [m.uid for m in store.messages.thread("work", "t1")] == [1, 2]


def test_delete_folder_and_account_remove_their_messages(store: Store, inbox_id: int) -> None:
    other = store.folders.upsert(FolderSpec("home", "INBOX", role="inbox")).id
    store.messages.insert(inbox_id, [envelope(1)])
    store.messages.insert(other, [envelope(1)])
    for folder in (inbox_id, other):
        message = store.messages.by_uid(folder, 1)
        assert message is not None
        store.bodies.index_text(message.id, "body words", ["a.pdf"])
    assert store.db.connection.execute("SELECT count(*) FROM body_fts").fetchone()[0] == 2
    store.folders.delete(inbox_id)
    assert store.folders.accounts() == ["home"]
    store.folders.delete_account("home")
    assert store.db.connection.execute("SELECT count(*) FROM messages").fetchone()[0] == 0
    assert store.db.connection.execute("SELECT count(*) FROM message_fts").fetchone()[0] == 0
    assert store.db.connection.execute("SELECT count(*) FROM body_fts").fetchone()[0] == 0


def test_folder_lookup_roles_and_errors(store: Store, inbox_id: int) -> None:
    store.folders.upsert(FolderSpec("work", "INBOX/보관함", raw_name="INBOX/&vPSwuNO4-", delimiter="/"))
    assert store.folders.find("work", "inbox") == store.folders.get(inbox_id)
    korean = store.folders.find("work", "INBOX/보관함")
    assert korean is not None and korean.name == "보관함" and korean.raw_name == "INBOX/&vPSwuNO4-"
    assert store.folders.by_role("work", "inbox") == store.folders.get(inbox_id)
    assert [f.path for f in store.folders.all("work")] == ["INBOX", "INBOX/보관함"]
    with pytest.raises(MailError) as caught:
        store.folders.get(999)
    assert caught.value.kind is ErrorKind.NOT_FOUND
    with pytest.raises(MailError):
        store.messages.insert(999, [envelope(1)])
    renamed = store.folders.rename(korean.id, "Archive/2026")
    assert (renamed.path, renamed.name) == ("Archive/2026", "2026")
    with pytest.raises(MailError):
        store.folders.rename(korean.id, "INBOX")


def test_unified_counts_and_sender_sorting_use_names(store: Store, inbox_id: int) -> None:
    store.messages.insert(
        inbox_id,
        [
            envelope(1, sender=Address("", "zz@x.org")),
            envelope(2, sender=Address("Aaron", "zz@x.org"), flags=Flag.SEEN),
        ],
    )
    assert store.folders.unified_counts() == (2, 1)
    assert store.pages.unread_count(Scope.unified(["work"])) == 1
    page = store.pages.page(Scope.folder(inbox_id), SortKey.SENDER, False)
    assert [m.sender.name for m in page] == ["Aaron", ""]


def test_flag_changes_by_uid_set_and_maintenance(store: Store, inbox_id: int) -> None:
    store.messages.insert(inbox_id, [envelope(uid, flags=Flag.FLAGGED) for uid in range(1, 11)])
    assert (
        store.messages.change_flags_by_uid(inbox_id, [1, 2, 3, 99], add=Flag.SEEN, remove=Flag.FLAGGED) == 3
    )
    assert store.folders.get(inbox_id).unread == 7
    assert store.messages.flags_by_uid(inbox_id)[2] == (Flag.SEEN, ())
    store.maintain()
    assert [m.uid for m in store.searcher.search("message", limit=3)] == [10, 9, 8]
    assert consistent_counters(store)


def test_sqlite_failures_inside_a_write_become_storage_errors(store: Store, inbox_id: int) -> None:
    with pytest.raises(MailError) as caught, store.db.write() as connection:
        connection.execute("INSERT INTO no_such_table VALUES (1)")
    assert caught.value.kind is ErrorKind.STORAGE
    assert not store.db.connection.in_transaction


def test_text_from_broken_mail_is_stored_not_fatal(store: Store, inbox_id: int) -> None:
    broken = "caf\udce9 menu"  # what surrogateescape decoding leaves for a stray 8-bit byte
    store.messages.insert(
        inbox_id,
        [
            envelope(1, subject=broken, sender=Address("B\udcffob", "bob@example.com"), preview=broken),
            envelope(2, subject="\x00nul\x07 and emoji 😀"),
        ],
    )
    message = store.messages.by_uid(inbox_id, 1)
    assert message is not None and message.subject == "caf\ufffd menu"
    assert store.searcher.search(broken) == [message]
    assert store.bodies.store(message.id, b"x", text=broken, attachment_names=[broken])
    assert [m.uid for m in store.searcher.search("emoji")] == [2]


_BROKEN = "x\udce9y"
_BROKEN_FIELDS = {
    "sender": Address("B\udcffob", "b\udcffob@example.com"),
    "to": (Address(_BROKEN, "t@example.com"),),
    "cc": (Address("c", f"{_BROKEN}@example.com"),),
    "message_id": f"<{_BROKEN}@x>",
    "in_reply_to": f"<{_BROKEN}@x>",
    "references": f"<{_BROKEN}@x>",
    "thread_key": f"<{_BROKEN}@x>",
    "keywords": (_BROKEN,),
    "preview": _BROKEN,
    "subject": _BROKEN,
}


@pytest.mark.parametrize("field", sorted(_BROKEN_FIELDS))
def test_a_lone_surrogate_in_any_text_field_is_replaced(store: Store, inbox_id: int, field: str) -> None:
    store.messages.insert(inbox_id, [envelope(7, **{field: _BROKEN_FIELDS[field]})])
    row = store.db.connection.execute("SELECT * FROM messages WHERE uid = 7").fetchone()
    texts = " ".join(value for value in row if isinstance(value, str))
    assert "\ufffd" in texts and "\udce9" not in texts and "\udcff" not in texts


def test_a_lone_surrogate_in_a_pop3_uidl_is_replaced(store: Store) -> None:
    pop_inbox = store.folders.upsert(FolderSpec("pop", "INBOX", role="inbox")).id
    store.messages.insert(pop_inbox, [envelope(1, uid=None, uidl=_BROKEN)])
    assert store.messages.uidls(pop_inbox) == {"x\ufffdy"}
