from __future__ import annotations

from qtmail.core.mime import parse
from qtmail.core.mime.flowed import unflow


def test_soft_breaks_are_joined_and_hard_breaks_kept() -> None:
    text = "This is a long \nparagraph that \nflows.\nNext line.\n-- \nsig\n"
    assert unflow(text) == "This is a long paragraph that flows.\nNext line.\n-- \nsig\n"


def test_quotes_space_stuffing_and_delsp() -> None:
    assert unflow("> quoted soft \n> continues\n>> deeper\n From here\n") == (
        "> quoted soft continues\n>> deeper\nFrom here\n"
    )
    assert unflow("joined \nword\n", delsp=True) == "joinedword\n"


def test_parse_unflows_format_flowed_bodies() -> None:
    raw = b"Content-Type: text/plain; charset=utf-8; format=flowed\r\n\r\n"
    raw += b"See you at the \r\ncaf\xc3\xa9 at 10.\r\n"
    assert parse(raw).text == "See you at the café at 10.\n"
