from __future__ import annotations

import base64

from qtmail.core.mime.headers import decode_header, message_ids, read_header_block


def _b_word(data: bytes, charset: str) -> bytes:
    return b"=?" + charset.encode() + b"?B?" + base64.b64encode(data) + b"?="


def test_words_split_inside_a_multibyte_character_are_joined() -> None:
    data = "똠방각하".encode("cp949")
    raw = _b_word(data[:3], "ks_c_5601-1987") + b"\r\n " + _b_word(data[3:], "ks_c_5601-1987")
    assert decode_header(raw) == "똠방각하"


def test_space_between_words_is_dropped_but_kept_around_text() -> None:
    assert decode_header(b"=?utf-8?q?a?= =?utf-8?q?b?= c =?utf-8?q?d?=") == "ab c d"


def test_q_encoding_underscore_and_mixed_charsets() -> None:
    assert decode_header(b"=?iso-8859-1?Q?Caf=E9_au?= =?koi8-r?B?8NLJ18XU?=") == "Café auПривет"


def test_raw_8bit_header_uses_the_message_charset() -> None:
    raw = "똠 모임".encode("cp949")
    assert decode_header(raw, "euc-kr") == "똠 모임"
    assert decode_header("ünï".encode()) == "ünï"


def test_unknown_charset_and_garbage_words_never_raise() -> None:
    assert decode_header(b"=?x-unknown?B?SGVsbG8=?=") == "Hello"
    assert isinstance(decode_header(b"=?utf-8?B?@@@?= =?utf-8?Q?=ZZ?= =?", None), str)


def test_control_characters_are_removed() -> None:
    assert decode_header(b"=?utf-8?q?a=00b=1Bc?=") == "a b c"


def test_header_block_unfolds_and_finds_body() -> None:
    raw = b"From x@y  Mon Jan 1\nSubject: one\n two\nX-A: 1\n\nbody\n"
    block = read_header_block(raw)
    assert block.get("subject") == b"one\r\n two"
    assert decode_header(block.get("subject")) == "one two"
    assert raw[block.body_offset :] == b"body\n"


def test_non_header_line_ends_block_and_is_recorded() -> None:
    raw = b"Subject: a\r\nthis is not a header\r\nmore\r\n"
    block = read_header_block(raw)
    assert [name for name, _ in block.fields] == ["Subject"]
    assert block.bad_lines
    assert raw[block.body_offset :].startswith(b"this is not")


def test_message_ids() -> None:
    assert message_ids(b"<a@b>\r\n <c@d> junk") == ["<a@b>", "<c@d>"]
    assert message_ids(b"bare@id") == ["bare@id"]
    assert message_ids(None) == []
