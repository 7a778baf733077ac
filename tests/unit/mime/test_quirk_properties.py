"""Hypothesis properties for the classes of real-world bugs the quirk corpus found.

Each property generalises one bug: words split anywhere inside a character, ISO-2022-JP with
Windows extensions, Latin-1 header bytes guessed as CJK, remote loads slipping through the
sanitiser, non-ASCII boundaries, soft breaks followed by spaces, uuencoded files in text.
"""

from __future__ import annotations

import base64
import binascii
import json
import quopri

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qtmail.core.mime import parse, parse_envelope, sanitize_html, to_json
from qtmail.core.mime.charsets import decode_text
from qtmail.core.mime.headers import decode_header
from qtmail.core.mime.parsing import _parse
from tests.unit.mime.test_quirks import quirk_files

KOREAN = "똠방각하 뷁 햏 안녕하세요 회의 자료를 보내드립니다 감사합니다 홍길동 김철수"
CHINESE = "你好我是王喆关于明天会议的通知附件发票北京市朝阳区"
JAPANESE = "会議のお知らせ①②㈱髙橋ｶﾀｶﾅテスト山田太郎"
CHARSETS = {  # label -> (codec for our test bytes, characters to draw from)
    "ks_c_5601-1987": ("cp949", KOREAN),
    "euc-kr": ("cp949", KOREAN),
    "gb2312": ("gbk", CHINESE),
    "shift_jis": ("cp932", JAPANESE),
    "utf-8": ("utf-8", KOREAN + CHINESE + JAPANESE + "é€✓😀"),
    "big5": ("big5", "繁體中文測試資料"),
}


@st.composite
def split_words(draw: st.DrawFn) -> tuple[str, bytes]:
    label = draw(st.sampled_from(sorted(CHARSETS)))
    codec, alphabet = CHARSETS[label]
    text = draw(st.text(alphabet=alphabet, min_size=1, max_size=30))
    data = text.encode(codec)
    cuts = sorted(set(draw(st.lists(st.integers(1, max(1, len(data) - 1)), max_size=4))))
    pieces = [data[a:b] for a, b in zip([0, *cuts], [*cuts, len(data)], strict=True) if a < b]
    words = []
    for piece in pieces:
        if draw(st.booleans()):
            words.append(b"=?" + label.encode() + b"?B?" + base64.b64encode(piece) + b"?=")
        else:
            encoded = "".join(f"={byte:02X}" for byte in piece).encode()
            words.append(b"=?" + label.upper().encode() + b"?Q?" + encoded + b"?=")
    separator = draw(st.sampled_from([b" ", b"\r\n ", b"\r\n\t", b""]))
    return text, separator.join(words)


@given(split_words())
def test_encoded_words_split_inside_characters_decode_whole(case: tuple[str, bytes]) -> None:
    text, header = case
    assert decode_header(header) == text.strip()  # headers are shown trimmed
    envelope = parse_envelope(b"Subject: " + header + b"\r\n\r\n")
    assert envelope.subject == text.strip()


def jis_cp932(text: str) -> bytes:
    """ISO-2022-JP as Windows writes it: CP932 double bytes as JIS rows, half-width kana as ESC ( I."""
    out = bytearray()
    mode = "ascii"
    for char in text:
        encoded = char.encode("cp932")
        wanted = "ascii" if encoded[0] < 0x80 else ("kana" if len(encoded) == 1 else "jis")
        if wanted != mode:
            out += {"ascii": b"\x1b(B", "kana": b"\x1b(I", "jis": b"\x1b$B"}[wanted]
            mode = wanted
        if wanted == "ascii":
            out += encoded
        elif wanted == "kana":
            out.append(encoded[0] - 0x80)
        else:
            lead, trail = encoded
            row = (lead - (0xB0 if lead >= 0xE0 else 0x70)) * 2 - 1
            if trail >= 0x9F:
                out += bytes((row + 1, trail - 0x7E))
            else:
                out += bytes((row, trail - (0x1F if trail < 0x7F else 0x20)))
    if mode != "ascii":
        out += b"\x1b(B"
    return bytes(out)


def _cp932_characters() -> str:
    found = []
    for lead in [*range(0x81, 0xA0), *range(0xE0, 0xF0), *range(0xFA, 0xFD)]:
        for trail in [*range(0x40, 0x7F), *range(0x80, 0xFD)]:
            try:
                char = bytes((lead, trail)).decode("cp932")
            except UnicodeDecodeError:
                continue
            if char.encode("cp932") != bytes((lead, trail)):
                continue
            try:
                standard = jis_cp932(char).decode("iso2022_jp")
            except UnicodeDecodeError:
                standard = char  # a Windows extension (①, ㈱, 髙): must come back as Windows meant it
            if standard == char:  # skip the few JIS X 0208 code points Microsoft maps elsewhere (∥, ～)
                found.append(char)
    return "".join(found)


CP932_DOUBLE = _cp932_characters()


@given(st.text(alphabet=CP932_DOUBLE + "ｱｲｳｴｵｶﾞ abc123", min_size=1, max_size=40))
def test_iso_2022_jp_with_windows_extensions_reads_back(text: str) -> None:
    assert decode_text(jis_cp932(text), "ISO-2022-JP") == text


ASCII_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
ACCENTED = "àáâãäåæçèéêëìíîïñòóôõöøùúûüýÿÀÁÂÄÅÆÇÈÉÊËÍÎÑÓÔÖØÚÜß"


@st.composite
def western_word(draw: st.DrawFn) -> str:
    """A word as Western languages write them: accented letters inside ASCII ones ("Müller")."""
    letters = [draw(st.sampled_from(ASCII_LETTERS))]
    for _ in range(draw(st.integers(1, 6))):
        if draw(st.booleans()):
            letters.append(draw(st.sampled_from(ACCENTED)))
        letters.append(draw(st.sampled_from(ASCII_LETTERS)))
    return "".join(letters)


@given(st.lists(western_word(), min_size=1, max_size=4))
def test_unlabelled_latin1_names_are_not_read_as_cjk(words: list[str]) -> None:
    name = " ".join(words)
    raw = b"From: " + name.encode("cp1252") + b" <x@example.com>\r\nSubject: hi\r\n\r\nbody\r\n"
    assert [a.name for a in parse(raw).from_] == [name]


HOSTILE_TAGS = [
    '<img src="{u}">',
    '<img srcset="{u} 1x, {u} 2x">',
    '<table background="{u}"><tr><td background="{u}">x</td></tr></table>',
    '<div style="background:url({u})">x</div>',
    "<div style=\"background:url('{u}')\">x</div>",
    '<div style="background-image:image-set(&quot;{u}&quot; 1x)">x</div>',
    '<div style="background:\\75rl({u})">x</div>',
    '<p style="behavior:url({u})">x</p>',
    "<style>.a{{background:url({u})}}</style>",
    '<style>@import "{u}";</style>',
    '<link rel="stylesheet" href="{u}">',
    '<body background="{u}">',
    '<video poster="{u}"><source src="{u}"></video>',
    '<audio src="{u}"></audio>',
    '<input type="image" src="{u}">',
    '<object data="{u}"></object>',
    '<embed src="{u}">',
    '<iframe src="{u}"></iframe>',
    '<svg><image href="{u}"/></svg>',
    '<script src="{u}"></script>',
    '<meta http-equiv="refresh" content="0;url={u}">',
    "<img src=x onerror=\"fetch('{u}')\">",
    "<a href=\"javascript:fetch('{u}')\">x</a>",
    '<form action="{u}"><button>x</button></form>',
]
URLS = [
    "https://evil.example/x.png",
    "http://evil.example/x.png",
    "//evil.example/x.png",
    "HTTPS://EVIL.EXAMPLE/X.PNG",
    " https://evil.example/x.png ",
    "https:&#x2F;&#x2F;evil.example/x.png",
]


@settings(max_examples=300)
@given(st.lists(st.tuples(st.sampled_from(HOSTILE_TAGS), st.sampled_from(URLS)), min_size=1, max_size=6))
def test_sanitised_html_never_loads_remote_content(fragments: list[tuple[str, str]]) -> None:
    html = "<p>hello</p>" + "".join(tag.format(u=url) for tag, url in fragments)
    result = sanitize_html(html)
    lowered = result.html.lower()
    assert "evil.example" not in lowered
    assert "<script" not in lowered and "javascript:" not in lowered
    assert "onerror" not in lowered and "<form" not in lowered
    assert "hello" in lowered


@given(st.binary(max_size=600), st.from_regex(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,20}", fullmatch=True))
def test_uuencoded_files_in_text_come_back_whole(data: bytes, name: str) -> None:
    lines = [f"begin 644 {name}".encode()]
    lines += [binascii.b2a_uu(data[i : i + 45]).rstrip(b"\n") for i in range(0, len(data), 45)]
    raw = b"\r\n".join([b"Subject: uu", b"", b"before", *lines, b"`", b"end", b"after", b""])
    parsed = parse(raw)
    assert [(info.filename, info.data()) for info in parsed.attachments] == [(name, data)]
    assert parsed.part_bytes(parsed.attachments[0].path) == data
    assert parsed.text is not None and "before" in parsed.text and "after" in parsed.text


@given(st.binary(max_size=400).map(lambda b: b.replace(b"\r", b"")), st.sampled_from([b" ", b"  ", b"\t"]))
def test_quoted_printable_soft_breaks_followed_by_spaces(data: bytes, padding: bytes) -> None:
    """(Line ends in quoted-printable are text line ends, so the data has LF ones only.)"""
    encoded = quopri.encodestring(data).replace(b"=\n", b"=" + padding + b"\n")
    raw = b"Content-Type: application/octet-stream\nContent-Transfer-Encoding: quoted-printable\n\n" + encoded
    assert parse(raw).tree.data() == data


BOUNDARY_CHARS = "abcXYZ019'()+_,-./:=?" + "µéß"


@given(
    st.text(alphabet=BOUNDARY_CHARS, min_size=1, max_size=30).filter(lambda b: not b.endswith(" ")),
    st.sampled_from(["utf-8", "latin-1"]),
    st.lists(st.sampled_from(["", " ", "\t", "  \t"]), min_size=3, max_size=3),
)
def test_any_boundary_splits_the_body(boundary: str, codec: str, trailing: list[str]) -> None:
    mark = boundary.encode(codec)
    raw = b"\n".join(
        [
            b'Content-Type: multipart/mixed; boundary="' + mark + b'"',
            b"",
            b"--" + mark + trailing[0].encode(),
            b"",
            b"first",
            b"--" + mark + trailing[1].encode(),
            b"",
            b"second",
            b"--" + mark + b"--" + trailing[2].encode(),
            b"",
        ]
    )
    parsed = _parse(raw)
    assert [part.data() for part in parsed.parts] == [b"first", b"second"]
    assert not parsed.defects


QUIRK_SEEDS = [path.read_bytes() for path in quirk_files() if path.stat().st_size]
TOKENS = [
    b"\r\n",
    b"\n",
    b"--",
    b"=?euc-kr?B?",
    b"?=",
    b"\x1b$B",
    b"\x1b(I",
    b"begin 644 x\n",
    b"\x00",
    b"\xff",
]


@st.composite
def mutated_quirk(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from(QUIRK_SEEDS)))
    for _ in range(draw(st.integers(min_value=1, max_value=6))):
        position = draw(st.integers(min_value=0, max_value=len(data)))
        kind = draw(st.sampled_from(["delete", "insert", "token", "truncate"]))
        if kind == "delete":
            del data[position : position + draw(st.integers(min_value=1, max_value=120))]
        elif kind == "insert":
            data[position:position] = draw(st.binary(min_size=1, max_size=30))
        elif kind == "token":
            data[position:position] = draw(st.sampled_from(TOKENS))
        else:
            del data[position:]
    return bytes(data)


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=200)
@given(mutated_quirk())
def test_mutated_quirk_messages_never_raise(raw: bytes) -> None:
    parsed = _parse(raw)  # the inner parser: the last-resort fallback must not be needed
    for part in parsed.parts:
        counted = part.size  # counted from the encoded body where it is intact, before any decoding
        assert counted == len(part.data())
    json.dumps(to_json(parsed))
    parse_envelope(raw)
    for info in parsed.attachments:
        assert parsed.part_bytes(info.path) == info.data()
        assert "/" not in info.safe_filename
