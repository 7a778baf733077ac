"""Large outbox messages live in one file beside the store; rows hold a reference; nothing is lost."""

from __future__ import annotations

import os

import pytest

from qtmail.core.accounts import Account, Identity, ServerSettings
from qtmail.core.credentials import CredentialStore
from qtmail.core.outbox import OutboxSender
from qtmail.core.outbox_payload import SPILL_THRESHOLD, Payloads
from qtmail.core.profile import Profile
from qtmail.core.store import Store

BIG = b"Subject: big\r\n\r\n" + os.urandom(SPILL_THRESHOLD).hex().encode()[: SPILL_THRESHOLD + 10]
SMALL = b"Subject: small\r\n\r\nhello\r\n"


def _sender(profile: Profile, store: Store) -> tuple[OutboxSender, Account]:
    account = Account(
        name="work",
        identities=(Identity("A", "a@example.test"),),
        incoming=ServerSettings("imap", "127.0.0.1", 993, "tls"),
        smtp=ServerSettings("smtp", "127.0.0.1", 465, "tls"),
    )
    return OutboxSender(profile, store, [account], CredentialStore(profile)), account


def _queue(sender: OutboxSender, account: Account, raw: bytes) -> int:
    return sender.queue(
        account, raw, message_id="<m@example.test>", sender="a@example.test", recipients=["b@example.test"]
    ).id


def test_a_large_message_is_stored_once_in_a_file_and_the_row_stays_small(
    profile: Profile, store: Store
) -> None:
    sender, account = _sender(profile, store)
    item_id = _queue(sender, account, BIG)

    stored = store.outbox.raw(item_id)
    assert len(stored) < 100 and Payloads.is_reference(stored)
    assert store.outbox.get(item_id).size == len(BIG)
    files = list((profile.data_dir / "outbox").iterdir())
    assert len(files) == 1 and files[0].read_bytes() == BIG
    assert sender.payloads.unpack(stored) == BIG
    assert sender.payloads.head(store.outbox.head(item_id)).startswith(b"Subject: big\r\n")

    pulled = sender.pull_back(item_id)

    assert pulled is not None and pulled.raw == BIG
    assert list((profile.data_dir / "outbox").iterdir()) == []  # nothing left behind


def test_a_small_message_stays_in_its_row(profile: Profile, store: Store) -> None:
    sender, account = _sender(profile, store)
    item_id = _queue(sender, account, SMALL)
    assert store.outbox.raw(item_id) == SMALL
    assert not (profile.data_dir / "outbox").exists()


def test_a_file_shared_by_two_rows_goes_only_with_the_last(profile: Profile, store: Store) -> None:
    sender, account = _sender(profile, store)
    first, second = _queue(sender, account, BIG), _queue(sender, account, BIG)
    assert sender.pull_back(first) is not None
    assert sender.payloads.unpack(store.outbox.raw(second)) == BIG
    assert sender.pull_back(second) is not None
    assert list((profile.data_dir / "outbox").iterdir()) == []


def test_prune_removes_only_old_unreferenced_files(profile: Profile, store: Store) -> None:
    sender, account = _sender(profile, store)
    kept = _queue(sender, account, BIG)
    orphan = sender.payloads.pack(BIG[:-1])  # as if the process died before committing its row
    directory = profile.data_dir / "outbox"
    assert len(list(directory.iterdir())) == 2
    assert sender.payloads.prune(store) == 0  # young files are left alone
    old = 1_000_000_000
    for path in directory.iterdir():
        os.utime(path, (old, old))
    assert sender.payloads.prune(store) == 1
    assert sender.payloads.unpack(store.outbox.raw(kept)) == BIG
    assert Payloads.is_reference(orphan)


def test_read_message_gives_the_bytes_wherever_they_live(profile: Profile, store: Store) -> None:
    from qtmail.core.outbox import read_message

    sender, account = _sender(profile, store)
    big, small = _queue(sender, account, BIG), _queue(sender, account, SMALL)
    assert read_message(profile, store, big) == BIG
    assert read_message(profile, store, small) == SMALL


@pytest.mark.parametrize("can_link", [True, False])
def test_a_large_local_sent_copy_reuses_the_outbox_file(
    profile: Profile, store: Store, monkeypatch: pytest.MonkeyPatch, can_link: bool
) -> None:
    from qtmail.core.mailbox_copies import store_local_copy

    sender, account = _sender(profile, store)
    item_id = _queue(sender, account, BIG)
    stored = store.outbox.raw(item_id)
    durable = sender.payloads.file(stored)
    assert durable is not None and sender.payloads.file(SMALL) is None
    if not can_link:  # e.g. the cache on another filesystem: the bytes are copied instead

        def refuse(*_args: object, **_kwargs: object) -> None:
            raise OSError("cross-device link")

        monkeypatch.setattr(os, "link", refuse)

    copy_id = store_local_copy(store, account.name, "sent", BIG, "<m@example.test>", durable_file=durable)
    cached = store.bodies.path(copy_id)
    assert cached is not None
    assert cached.samefile(durable[0]) is can_link  # one file on disk, not a second write
    store.outbox.remove(item_id)
    sender.payloads.discard(store, stored)  # the outbox's name goes; the Sent copy must stay

    assert not durable[0].exists()
    assert store.bodies.read(copy_id) == BIG
    assert store.bodies.prune(min_age_seconds=0) == 0  # referenced by the Sent copy's row
