"""guess_header_charset's fast search finds exactly what a plain case-insensitive scan finds."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from qtmail.core.mime.tree import guess_header_charset

_HINT = re.compile(rb"""charset\s*=\s*["']?([A-Za-z0-9_.:+-]{2,40})""", re.IGNORECASE)
_WORD = re.compile(rb"=\?([A-Za-z0-9_.:+-]{2,40})(?:\*[^?]*)?\?[BbQq]\?")
_USELESS = {"us-ascii", "ascii", "utf-8", "utf8", "iso-8859-1"}


def _reference(raw: bytes) -> str | None:
    stop = min(len(raw), 65536)
    for pattern in (_HINT, _WORD):
        for match in pattern.finditer(raw, 0, stop):
            label = match.group(1).decode("ascii").lower()
            if label not in _USELESS:
                return label
    return None


_PIECES = st.sampled_from(
    [b"charset", b"CharSet", b"CHARSET", b"=", b" = ", b'"', b"'", b"utf-8", b"euc-kr", b"KS_C_5601-1987",
     b"=?", b"?B?", b"?q?", b"*ko", b"x", b";", b"\r\n", b"\t", b"\xc7\xd1", b"charset=charset=", b"-"]
)  # fmt: skip


@given(st.lists(_PIECES, max_size=40).map(b"".join))
def test_same_answer_as_the_plain_scan(raw: bytes) -> None:
    assert guess_header_charset(raw) == _reference(raw)


def test_examples() -> None:
    assert guess_header_charset(b'Content-Type: text/plain; CHARSET="EUC-KR"\r\n') == "euc-kr"
    assert guess_header_charset(b"charset=utf-8; charset=ks_c_5601-1987") == "ks_c_5601-1987"
    assert guess_header_charset(b"Subject: =?ISO-2022-JP?B?GyRC?=") == "iso-2022-jp"
    assert guess_header_charset(b"x" * 70000 + b"charset=euc-kr") is None  # only the first 64 KB
    assert guess_header_charset(b"") is None
