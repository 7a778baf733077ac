"""Charset labels as real mailers spell them, read as the superset their senders use."""

from __future__ import annotations

import pytest

from qtmail.core.mime.charsets import codec_for, decode_text

KOREAN = "똠방각하 뷁"


@pytest.mark.parametrize(
    "label",
    ["ks_c_5601-1989", "ksc5601-1987", "csKSC56011987", "iso-ir-149", "x-mac-korean", "ms949", "5601"],
)
def test_korean_label_spellings_read_cp949(label: str) -> None:
    assert decode_text(KOREAN.encode("cp949"), label) == KOREAN


@pytest.mark.parametrize(
    ("label", "codec"),
    [
        ("x-sjis-open", "cp932"),
        ("cp943c", "cp932"),
        ("ms932", "cp932"),
        ("cp50220", "iso2022_jp_ext"),
        ("iso-2022-jp-ms", "iso2022_jp_ext"),
        ("gb_2312", "gb18030"),
        ("x-gbk", "gb18030"),
        ("hz-gb-2312", "hz"),
        ("big5-eten", "big5hkscs"),
        ("x-x-big5", "big5hkscs"),
        ("win-1251", "cp1251"),
        ("x-cp1251", "cp1251"),
        ("cp-850", "cp850"),
        ("8859-1", "cp1252"),
        ("iso8859_2", "iso8859-2"),
        ("tis620", "cp874"),
        ("unicode", "utf-16"),
        ("x-unicode20utf8", "utf-8"),
        ("x-mac-ce", "mac-latin2"),
    ],
)
def test_label_spellings_map_to_a_codec(label: str, codec: str) -> None:
    assert codec_for(label) == codec


def test_refused_and_unknown_labels_still_decode() -> None:
    for label in ("x-euc-tw", "x-imap4-modified-utf7", "rot13", "base64"):
        assert decode_text("naïve".encode(), label) == "naïve"
