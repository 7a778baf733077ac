"""Header spellings from real mailers that break strict RFC 2047 readers."""

from __future__ import annotations

import pytest

from qtmail.core.mime import parse
from qtmail.core.mime.headers import decode_header


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        (b"=?UTF-8?Q?How_are_you??=", "How are you?"),  # PHP mailers: a bare "?" at the end
        (b"=?utf-8?q?caf=C3=A9 ol=C3=A9?=", "café olé"),  # a space inside a Q word
        (b"=?UTF-8*ko?B?7ZWc6riA?=", "한글"),  # RFC 2231 language tag in a word
        (b"=?EUC-KR?B?x9E=?= =?euc-kr?B?sds=?=", "한글"),  # same charset, different case: joined
        (b"=?utf-8?B?7ZWc?=\r\n =?utf-8?B?6riA?=", "한글"),  # folded between words
        (b"Re: =?utf-8?B?7ZWc6riA?=!", "Re: 한글!"),  # a word right before punctuation
        (b"=?utf-8?B?7ZWc6riA", "=?utf-8?B?7ZWc6riA"),  # never closed: kept as written
        (b"=?iso-2022-jp?B?GyRCJCIbKEI=?=", "あ"),
        (b"=?unknown-8bit?Q?Gr=C3=BC=C3=9Fe?=", "Grüße"),
        (b"=?x-unknown?B?" + b"7ZWc6riA" + b"?=", "한글"),
    ],
)
def test_encoded_word_quirks(raw: bytes, text: str) -> None:
    assert decode_header(raw) == text


def test_hostile_header_full_of_word_starts_is_fast_enough() -> None:
    value = b"=?a?q?" * 20000 + b"??="
    assert decode_header(value) is not None


def test_display_names_in_the_wild() -> None:
    raw = (
        b'From: "=?utf-8?B?7ZmN6ri464+Z?=" <hong@example.com>\r\n'
        b"To: undisclosed-recipients:;\r\n"
        b'Cc: kim@example.com (=?utf-8?B?6rmA7LKg7IiY?=), "Lee, Y" <lee@example.com>\r\n'
        b"Reply-To: <>\r\n"
        b"Subject: x\r\n\r\nbody\r\n"
    )
    parsed = parse(raw)
    assert [(a.name, a.address) for a in parsed.from_] == [("홍길동", "hong@example.com")]
    assert parsed.to == []
    assert [(a.name, a.address) for a in parsed.cc] == [
        ("김철수", "kim@example.com"),
        ("Lee, Y", "lee@example.com"),
    ]


@pytest.mark.parametrize(
    ("raw", "iso"),
    [
        (b"Fri, 27 Nov 2026 10:00:00 GMT+09:00", "2026-11-27T10:00:00+09:00"),  # webmail
        (b"Fri, 27 Nov 2026 10:00:00 GMT+9", "2026-11-27T10:00:00+09:00"),
        (b"27 Nov 26 10:00 KST", "2026-11-27T10:00:00+09:00"),  # Korean mailers
        (b"Fri, 27 Nov 2026 10:00:00 JST", "2026-11-27T10:00:00+09:00"),
        ("Fri, 27 Nov 2026 10:00:00 +0900 (대한민국 표준시)".encode("cp949"), "2026-11-27T10:00:00+09:00"),
        (b"Fri, 27 Nov 2026 24:00:00 +0900", "2026-11-28T00:00:00+09:00"),
        (b"2026-11-27 10:00:00 +0900", "2026-11-27T10:00:00+09:00"),  # ISO robots
        (b"Fri Nov 27 10:00:00 2026", "2026-11-27T10:00:00+00:00"),  # ctime
    ],
)
def test_dates_in_the_wild(raw: bytes, iso: str) -> None:
    parsed = parse(b"Date: " + raw + b"\r\n\r\nbody\r\n")
    assert parsed.date is not None and parsed.date.isoformat() == iso
