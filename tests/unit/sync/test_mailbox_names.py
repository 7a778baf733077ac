"""Decoding raw server folder names for display; the raw name itself is never rewritten."""

from __future__ import annotations

import pytest

from qtmail.core.sync.folders import decode_mailbox_name, encode_mailbox_name, raw_mailbox_text


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        (b"INBOX", "INBOX"),
        (b"&vPStANVo-", "보관함"),  # canonical modified UTF-7
        (b"R&-D", "R&D"),
        (b"&AGE-b", "ab"),  # valid but not canonical: "a" needlessly encoded
        ("보관함/raw".encode(), "보관함/raw"),  # raw UTF-8 from servers that ignore RFC 3501
        (b"caf\xe9", "café"),  # 8-bit but not UTF-8: latin-1
        ("already text", "already text"),
    ],
)
def test_decode_for_display(raw: bytes | str, shown: str) -> None:
    assert decode_mailbox_name(raw) == shown


def test_non_canonical_names_would_not_survive_a_re_encode() -> None:
    # the bug this guards against: SELECT with encode(decode(raw)) names another folder
    assert encode_mailbox_name(decode_mailbox_name(b"&AGE-b")) != raw_mailbox_text(b"&AGE-b")


@pytest.mark.parametrize("raw", [b"&####-", b"&2D3-x", b"&-&-&AAA-"])
def test_broken_modified_utf7_never_raises(raw: bytes) -> None:
    assert isinstance(decode_mailbox_name(raw), str)


def test_raw_text_keeps_every_byte() -> None:
    assert raw_mailbox_text(b"&AGE-b") == "&AGE-b"
    assert raw_mailbox_text("한".encode()).encode() == "한".encode()
