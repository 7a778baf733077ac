from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from qtmail.core.mime import decode_text
from qtmail.core.mime.charsets import codec_for, decode_text_detailed

KOREAN = "똠방각하 뷁 햏 안녕하세요"


def test_ks_c_5601_and_euc_kr_labels_read_cp949_only_syllables() -> None:
    data = KOREAN.encode("cp949")
    for label in ("ks_c_5601-1987", "KS_C_5601-1987", "euc-kr", '"euc-kr"', "EUC_KR", "korean"):
        assert decode_text(data, label) == KOREAN


def test_stdlib_euc_kr_alone_would_fail_here() -> None:
    """Guards the test above: the bytes really are outside EUC-KR."""
    data = KOREAN.encode("cp949")
    assert data.decode("euc_kr", errors="replace") != KOREAN


def test_gb2312_label_reads_gbk_characters() -> None:
    assert decode_text("王喆".encode("gbk"), "gb2312") == "王喆"


def test_shift_jis_label_reads_cp932_extensions() -> None:
    assert decode_text("①②髙".encode("cp932"), "shift_jis") == "①②髙"


def test_iso_2022_jp_and_utf7_and_koi8() -> None:
    assert decode_text("日本語".encode("iso2022_jp"), "ISO-2022-JP") == "日本語"
    assert decode_text("Hi 日本".encode("utf-7"), "utf-7") == "Hi 日本"
    assert decode_text("Привет".encode("koi8_r"), "koi8-r") == "Привет"
    assert decode_text("Привет".encode("cp1251"), "windows-1251") == "Привет"


def test_latin1_label_on_utf8_bytes_reads_utf8() -> None:
    assert decode_text("café “x”".encode(), "iso-8859-1") == "café “x”"


def test_latin1_label_reads_windows_1252_punctuation() -> None:
    assert decode_text(b"\x93quoted\x94 \x80", "iso-8859-1") == "“quoted” €"


def test_unknown_and_missing_labels_fall_back_and_report() -> None:
    result = decode_text_detailed("ünï".encode(), "x-mac-klingon")
    assert result.text == "ünï"
    assert result.problem == "unknown-charset"
    assert decode_text(b"caf\xe9", None) == "café"


def test_mismatch_is_reported() -> None:
    result = decode_text_detailed(b"\xff\xfe\xfd", "utf-8")
    assert result.problem == "charset-mismatch"


def test_dangerous_codecs_are_not_charsets() -> None:
    for label in ("unicode_escape", "raw_unicode_escape", "base64", "rot13", "zlib", "idna", "punycode"):
        assert codec_for(label) is None
    assert decode_text(b"\\u0041", "unicode_escape") == "\\u0041"


@given(
    st.binary(max_size=300),
    st.sampled_from(
        [
            None,
            "",
            "utf-8",
            "ks_c_5601-1987",
            "gb2312",
            "big5",
            "iso-2022-jp",
            "shift_jis",
            "utf-7",
            "utf-16",
            "koi8-r",
            "x-unknown",
            "windows-1258",
            "us-ascii",
            "euc-jp",
            "hz",
            "nonsense\x00",
        ]
    ),
)
def test_decode_text_never_raises(data: bytes, label: str | None) -> None:
    from qtmail.core.mime.charsets import _decode_text_detailed

    # The inner chain, without the last-resort guard: a codec that raises is a bug to fix.
    assert isinstance(_decode_text_detailed(data, label).text, str)


def test_iso_2022_jp_with_windows_extensions() -> None:
    # ESC $ B 0x2D21 is NEC's circled one (①), which only CP932 knows.
    data = b"\x1b$B\x2d\x21\x35\x44\x3b\x76\x4f\x3f\x1b(B ok"
    assert decode_text(data, "ISO-2022-JP") == "①議事録 ok"


def test_big5_label_reads_cp950_characters() -> None:
    assert decode_text("€ 繁體".encode("cp950"), "big5") == "€ 繁體"


def test_unlabelled_legacy_text_is_recognised_by_script() -> None:
    for text, codec in (
        ("똠방각하 주간 보고서", "cp949"),
        ("会議資料の送付", "cp932"),
        ("你好，我是王喆。", "gb18030"),
    ):
        assert decode_text(text.encode(codec), None) == text
    assert decode_text("Café crème".encode("cp1252"), None) == "Café crème"


def test_raw_header_without_any_hint_is_guessed() -> None:
    from qtmail.core.mime import parse_envelope

    head = (
        b"Subject: "
        + "똠 모임 안내".encode("cp949")
        + b"\r\nContent-Type: multipart/mixed; boundary=x\r\n\r\n"
    )
    assert parse_envelope(head).subject == "똠 모임 안내"


@given(st.binary(max_size=200))
def test_iso_2022_jp_fallback_never_raises(data: bytes) -> None:
    from qtmail.core.mime.charsets import iso2022jp_via_cp932

    for prefix in (b"", b"\x1b$B", b"\x1b(I"):
        result = iso2022jp_via_cp932(prefix + data)
        assert result is None or isinstance(result, str)
