"""IMAP APPEND of our own messages (Sent copy, drafts): CRLF messages go as they are, others are mended."""

from __future__ import annotations

import imapclient
import pytest

from qtmail.core.mailbox_copies import has_crlf_line_ends_only, imap_append
from tests.integration.accounts_helpers import ready_user

CRLF_MESSAGE = b"Subject: crlf\r\nMessage-ID: <crlf@example.test>\r\n\r\nline one\r\nline two\r\n"
LF_MESSAGE = b"Subject: lf\nMessage-ID: <lf@example.test>\n\nline one\rline two\n"


def test_line_end_check() -> None:
    assert has_crlf_line_ends_only(CRLF_MESSAGE)
    assert not has_crlf_line_ends_only(LF_MESSAGE)
    assert not has_crlf_line_ends_only(b"a\n\rb\r\n")  # as many CR as LF, but not in pairs
    assert not has_crlf_line_ends_only(b"a\r\r\nb")


def test_append_keeps_crlf_bytes_mends_bare_line_ends_and_reports_a_refusal(lab) -> None:
    alice = ready_user(lab, "alice")
    with lab.imap_client(alice) as client:
        assert client.has_capability("MULTIAPPEND")  # the fast path is the one exercised
        first = imap_append(client, "INBOX", CRLF_MESSAGE, (b"\\Seen",))
        second = imap_append(client, "INBOX", LF_MESSAGE, ())
        assert first is not None and second is not None and second > first
        client.select_folder("INBOX", readonly=True)
        fetched = client.fetch([first, second], ["RFC822", "FLAGS"])
        assert fetched[first][b"RFC822"] == CRLF_MESSAGE and b"\\Seen" in fetched[first][b"FLAGS"]
        mended = b"Subject: lf\r\nMessage-ID: <lf@example.test>\r\n\r\nline one\r\nline two\r\n"
        assert fetched[second][b"RFC822"] == mended
        with pytest.raises(imapclient.exceptions.IMAPClientError):  # NO [TRYCREATE]: never a silent success
            imap_append(client, "No such folder", CRLF_MESSAGE, ())
