"""The text indexed for a cached body: the quick plain-text path gives what the full parse gives."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qtmail.core.mime.parsing import parse
from qtmail.core.sync.bodies import _full_index, _plain_text, index_text

PLAIN = [
    b"From: a@example.test\r\nSubject: hi\r\n\r\nline one\r\nline two\r\n",
    b"Content-Type: text/plain; charset=utf-8\r\n\r\n\xec\x95\x88\xeb\x85\x95\r\n",
    b'Content-Type: TEXT/PLAIN; charset="US-ASCII"\r\nContent-Transfer-Encoding: 7bit\r\n\r\nx\ry\n',
    b"Subject: no body\r\n\r\n",
]
NOT_PLAIN = [
    b"Content-Type: text/plain; charset=euc-kr\r\n\r\n\xb1\xe8\r\n",
    b"Content-Type: text/plain; format=flowed\r\n\r\nsoft \r\nbreak\r\n",
    b"Content-Transfer-Encoding: base64\r\n\r\naGVsbG8=\r\n",
    b"Content-Type: text/html\r\n\r\n<p>hi</p>\r\n",
    b"Content-Disposition: attachment; filename=a.txt\r\n\r\nx\r\n",
    b"Content-Type: text/plain; name=a.txt\r\n\r\nx\r\n",
    b"Subject: latin-1 body\r\n\r\ncaf\xe9\r\n",
    b"Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\nx\r\n--b--\r\n",
]


@pytest.mark.parametrize("raw", PLAIN)
def test_plain_path_equals_the_full_parse(raw: bytes) -> None:
    assert _plain_text(raw) is not None
    assert index_text(raw) == ((parse(raw).text or ""), [])


@pytest.mark.parametrize("raw", NOT_PLAIN)
def test_anything_else_takes_the_full_parse(raw: bytes) -> None:
    assert _plain_text(raw) is None


@given(st.text(max_size=200), st.sampled_from(["", "; charset=utf-8", "; charset=us-ascii"]))
def test_any_plain_body_gives_the_full_parse_text(body: str, params: str) -> None:
    raw = f"Subject: s\r\nContent-Type: text/plain{params}\r\n\r\n{body}".encode("utf-8", "surrogatepass")
    assert index_text(raw)[0] == (parse(raw).text or "")


CORPUS = Path(__file__).parents[2] / "data" / "mail"


@pytest.mark.parametrize("raw", [*PLAIN, *NOT_PLAIN])
def test_quick_paths_equal_the_full_parse(raw: bytes) -> None:
    assert index_text(raw) == _full_index(raw)


def test_quick_paths_equal_the_full_parse_on_the_corpus() -> None:
    paths = sorted(CORPUS.glob("*.eml"))
    assert paths
    for path in paths:
        raw = path.read_bytes()
        assert index_text(raw) == _full_index(raw), path.name


def test_winmail_dat_is_indexed_by_what_is_inside() -> None:
    """Its files' names and its body are searchable, as the full parse unpacks them."""
    paths = sorted((CORPUS / "tnef").glob("*.eml"))
    assert paths
    for path in paths:
        raw = path.read_bytes()
        assert index_text(raw) == _full_index(raw), path.name
    _text, names = index_text((CORPUS / "tnef" / "outlook_two_files.eml").read_bytes())
    assert names and "winmail.dat" not in [name.lower() for name in names]
