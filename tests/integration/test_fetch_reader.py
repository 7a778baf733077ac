"""The fast FETCH reader stores exactly what imaplib's reader stores, on the lab Dovecot's real answers."""

from __future__ import annotations

import imaplib
from datetime import UTC, datetime
from email.utils import format_datetime

import pytest

from qtmail.core.net.connect import connect_imap
from qtmail.core.sync.fetch_headers import HEADER_ITEMS
from qtmail.core.sync.fetch_reader import complete_fetch
from tests.integration.accounts_helpers import ready_user
from tests.integration.sync_helpers import lab_account

SUBJECTS = ["plain", "ends like a literal {12}", "한국어 제목", "", '(parens) "quotes" \\ back']


def _message(n: int) -> bytes:
    subject = SUBJECTS[n % len(SUBJECTS)]
    date = format_datetime(datetime(2026, 1, 1 + n % 28, tzinfo=UTC))
    return (
        f"From: Sender {n} <s{n}@example.com>\r\nTo: me@example.org\r\nSubject: {subject}\r\n"
        f"Date: {date}\r\nMessage-ID: <{n}@reader.test>\r\n\r\nbody {n}\r\n"
    ).encode()


@pytest.fixture
def mailbox(lab):
    user = ready_user(lab, "reader")
    with lab.imap_client(user) as client:
        for n in range(40):
            client.append("INBOX", _message(n), flags=[b"\\Seen"] if n % 3 else [b"$Label1"])
    return user


def _fetch(
    imap: imaplib.IMAP4, items: str, fast: bool, message_set: str = "1:*"
) -> tuple[str, list[object], object]:
    imap.untagged_responses.pop("FETCH", None)
    tag = imap._command("FETCH", message_set, items)
    typ, data = complete_fetch(imap, tag) if fast else imap._command_complete("FETCH", tag)
    return typ, data, imap.untagged_responses.pop("FETCH", None)


@pytest.mark.parametrize("items", [HEADER_ITEMS, "(UID FLAGS)", "(UID BODY.PEEK[HEADER] BODY.PEEK[TEXT])"])
def test_both_readers_store_the_same(lab, mailbox, items: str) -> None:
    account = lab_account(lab, mailbox, protocol="imap", port=lab.imaps_port, name="reader")
    client = connect_imap(account, mailbox.password)
    try:
        client.select_folder("INBOX")
        imap = client._imap
        slow = _fetch(imap, items, fast=False)
        fast = _fetch(imap, items, fast=True)
        # The tagged reply's text carries Dovecot's timings: compare its status and everything else.
        assert (fast[0], fast[2]) == (slow[0], slow[2])
        assert slow[0] == "OK" and len(slow[2]) >= 40  # type: ignore[arg-type]
    finally:
        client.logout()


def test_unsolicited_responses_and_errors_keep_imaplib_semantics(lab, mailbox) -> None:
    account = lab_account(lab, mailbox, protocol="imap", port=lab.imaps_port, name="reader")
    client = connect_imap(account, mailbox.password)
    try:
        client.select_folder("INBOX")
        imap = client._imap
        with lab.imap_client(mailbox) as other:  # changes the session must hear about
            other.select_folder("INBOX")
            other.add_flags([1], [b"\\Flagged"])
            other.append("INBOX", _message(99))
        imap.untagged_responses.clear()
        typ, _data, fetched = _fetch(imap, "(UID)", fast=True, message_set="1:3")
        assert typ == "OK"
        assert any(b"FLAGS" in item for item in fetched if isinstance(item, bytes))  # type: ignore[union-attr]
        assert imap.untagged_responses.get("EXISTS") == [b"41"]
        with pytest.raises(imaplib.IMAP4.error):  # BAD: raised as imaplib raises it
            _fetch(imap, "(NOSUCHITEM)", fast=True)
        assert client.noop()[0]  # the connection is still in step
    finally:
        client.logout()
