"""Turn bytes in a declared (often wrong) charset into text, never raising.

Real mail lies about its charset: Korean mail says ``ks_c_5601-1987``/``euc-kr`` but
uses CP949 syllables such as 똠, Chinese mail says ``gb2312`` but uses GBK, "latin-1"
is usually windows-1252 or even UTF-8. We read each label as the superset that
senders actually use, then fall back to UTF-8, and finally to a decoder that cannot fail.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

# Declared label -> the codec real senders use under that label (supersets).
_SUPERSETS: dict[str, str] = {
    "ks_c_5601-1987": "cp949",
    "ks_c_5601_1987": "cp949",
    "ks_c_5601": "cp949",
    "ksc5601": "cp949",
    "ksc_5601": "cp949",
    "korean": "cp949",
    "euc-kr": "cp949",
    "euc_kr": "cp949",
    "euckr": "cp949",
    "x-euc-kr": "cp949",
    "x-windows-949": "cp949",
    "windows-949": "cp949",
    "uhc": "cp949",
    "cp949": "cp949",
    "gb2312": "gb18030",
    "gb_2312-80": "gb18030",
    "gb2312-80": "gb18030",
    "csgb2312": "gb18030",
    "euc-cn": "gb18030",
    "x-euc-cn": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "cp936": "gb18030",
    "windows-936": "gb18030",
    "chinese": "gb18030",
    "gb18030": "gb18030",
    "big5": "big5hkscs",
    "big-5": "big5hkscs",
    "x-big5": "big5hkscs",
    "cn-big5": "big5hkscs",
    "big5-hkscs": "big5hkscs",
    "cp950": "cp950",
    "shift_jis": "cp932",
    "shift-jis": "cp932",
    "sjis": "cp932",
    "x-sjis": "cp932",
    "ms_kanji": "cp932",
    "csshiftjis": "cp932",
    "windows-31j": "cp932",
    "cp932": "cp932",
    "iso-2022-jp": "iso2022_jp_ext",
    "csiso2022jp": "iso2022_jp_ext",
    "iso-2022-jp-1": "iso2022_jp_ext",
    "iso-2022-jp-2": "iso2022_jp_2",
    "iso-2022-jp-3": "iso2022_jp_3",
    "euc-jp": "euc_jis_2004",
    "x-euc-jp": "euc_jis_2004",
    "iso-2022-kr": "iso2022_kr",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "ansi_x3.4-1968": "cp1252",
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "iso_8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "l1": "cp1252",
    "iso-8859-8-i": "iso8859_8",
    "iso-8859-6-i": "iso8859_6",
    "tis-620": "cp874",
    "windows-874": "cp874",
    "iso-8859-11": "cp874",
    "utf8": "utf-8",
    "utf-8": "utf-8",
    "unicode-1-1-utf-7": "utf-7",
    "x-mac-roman": "mac_roman",
    "macintosh": "mac_roman",
    "koi8-r": "koi8_r",
    "koi8-u": "koi8_u",
}

# Labels that mean "we do not know": try UTF-8, then windows-1252.
_UNKNOWN_LABELS = frozenset(
    {"", "unknown", "unknown-8bit", "x-unknown", "default", "x-user-defined", "charset"}
)

# Python codecs that are not charsets a message may ask for (they interpret escapes or are not text).
_REFUSED_CODECS = frozenset(
    {"unicode_escape", "raw_unicode_escape", "idna", "punycode", "undefined", "mbcs", "oem", "palmos"}
)

# Declared labels that are often really UTF-8 (try UTF-8 first).
_WEAK_LABELS = frozenset({"cp1252"})


@dataclass(frozen=True)
class Decoded:
    """Text plus what happened: the codec used, and a defect kind if the label was wrong/unknown."""

    text: str
    codec: str
    problem: str | None  # None, "unknown-charset" or "charset-mismatch"


def normalize_label(label: str | None) -> str:
    """Lowercase, unquoted, trimmed charset label ("" when missing); drops RFC 2231 ``*lang``."""
    if not label:
        return ""
    cleaned = label.strip().strip("\"'").strip().lower()
    return cleaned.partition("*")[0]


# Label spellings seen in the wild, by family: read each as the superset its senders use.
_FAMILIES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^hz"), "hz"),
    (re.compile(r"5601|euc-?kr|(?:^|[^0-9])949$|^(?:cs)?korean$|iso-ir-149|mac-?korean"), "cp949"),
    (re.compile(r"^(?:cp|ms)?5022[012]$|^iso-?2022-?jp-?ms$"), "iso2022_jp_ext"),
    (re.compile(r"s-?jis|shift.?jis|(?:^|[^0-9])(?:932|943c?)$"), "cp932"),
    (re.compile(r"gb.?2312|gbk|(?:^|[^0-9])936$"), "gb18030"),
    (re.compile(r"big-?5"), "big5hkscs"),
    (re.compile(r"^(?:x-)?(?:cp|win|windows|ms)-?(12[0-9]{2})$"), r"cp\1"),
    (re.compile(r"^(?:x-)?(?:cp|ibm)-?([0-9]{3,4})$"), r"cp\1"),
    (re.compile(r"^(?:iso)?[-_ ]?8859[-_ ]?([0-9]{1,2})(?:-[ie])?$"), r"iso8859_\1"),
    (re.compile(r"^(?:x-)?(?:unicode|ucs-?2|iso-10646-ucs-2)$"), "utf-16"),
    (re.compile(r"utf-?8"), "utf-8"),
    (re.compile(r"^(?:x-)?mac-?(?:ce|centraleurroman)$"), "mac_latin2"),
    (re.compile(r"^koi8-?ru$"), "koi8_u"),
)
# What Python's own aliases give, upgraded to the supersets senders really use.
_CODEC_SUPERSETS = {
    "euc_kr": "cp949",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "shift_jis": "cp932",
    "big5": "big5hkscs",
    "iso8859-1": "cp1252",
    "latin_1": "cp1252",
    "ascii": "cp1252",
    "tis-620": "cp874",
    "iso2022_jp": "iso2022_jp_ext",
    "euc_jp": "euc_jis_2004",
}


def _lookup(name: str) -> str | None:
    try:
        info = codecs.lookup(name)
    except (LookupError, ValueError):
        return None
    if info.name.replace("-", "_") in _REFUSED_CODECS or not getattr(info, "_is_text_encoding", True):
        return None
    return _CODEC_SUPERSETS.get(info.name, info.name)


def codec_for(label: str | None) -> str | None:
    """The Python codec to use for a declared charset label, or None when unknown."""
    name = normalize_label(label)
    if name in _UNKNOWN_LABELS:
        return None
    if name in _SUPERSETS:
        return _SUPERSETS[name]
    for pattern, family in _FAMILIES:
        match = pattern.search(name)
        if match is not None:
            return _lookup(match.expand(family))
    return _lookup(name) or (_lookup(name[2:]) if name.startswith("x-") else None)


def _try(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError, ValueError):
        return None


def _last_resort(data: bytes) -> str:
    """windows-1252 with the five undefined bytes read as latin-1: never fails, never drops a byte."""
    return data.decode("latin-1").translate(_CP1252_MAP)


_CP1252_MAP = {
    i: bytes([i]).decode("cp1252") for i in range(0x80, 0xA0) if i not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
}


# Codecs to try after the declared one fails, before giving up on the label (vendor extensions).
_ALTERNATES: dict[str, tuple[str, ...]] = {
    "big5hkscs": ("cp950",),
    "cp950": ("big5hkscs",),
    "cp932": ("shift_jis_2004",),
    "euc_jis_2004": ("euc_jp", "cp932"),
    "iso2022_jp_ext": ("iso2022_jp_2004", "iso2022_jp_3"),
    "iso2022_jp_2": ("iso2022_jp_ext", "iso2022_jp_2004"),
}
_JIS_ESCAPE = re.compile(rb"\x1b(\$@|\$B|\(B|\(J|\(I)")


def iso2022jp_via_cp932(data: bytes) -> str | None:
    """ISO-2022-JP as Windows writes it (NEC extensions like ①): JIS mapped to Shift_JIS, read as CP932."""
    out = bytearray()
    mode = b"(B"
    position = 0
    for match in [*_JIS_ESCAPE.finditer(data), None]:
        chunk = data[position : match.start() if match is not None else len(data)]
        if mode in (b"$@", b"$B"):
            if len(chunk) % 2:
                return None
            for index in range(0, len(chunk), 2):
                first, second = chunk[index], chunk[index + 1]
                if not (0x21 <= first <= 0x7E and 0x21 <= second <= 0x7E):
                    return None
                lead = (first + 1) // 2 + 0x70
                trail = second + (0x1F if first % 2 else 0x7E)
                if first % 2 and trail >= 0x7F:
                    trail += 1
                out += bytes((lead + 0x40 if lead >= 0xA0 else lead, trail))
        elif mode == b"(I":
            if any(not 0x21 <= byte <= 0x5F for byte in chunk):
                return None
            out += bytes(byte + 0x80 for byte in chunk)
        else:
            out += chunk
        if match is None:
            break
        mode = match.group(1)
        position = match.end()
    return _try(bytes(out), "cp932")


def _try_declared(data: bytes, codec: str) -> str | None:
    """The declared codec, then its vendor-extended relatives."""
    text = _try(data, codec)
    if text is not None:
        return text
    for alternate in _ALTERNATES.get(codec, ()):
        text = _try(data, alternate)
        if text is not None:
            return text
    if codec.startswith("iso2022_jp"):
        return iso2022jp_via_cp932(data)
    return None


def _share(text: str, accept: tuple[tuple[int, int], ...]) -> float:
    """Share of the non-ASCII characters of ``text`` that fall in the ``accept`` ranges."""
    wide = [ord(char) for char in text if ord(char) > 0x7F]
    if not wide:
        return 0.0
    return sum(1 for code in wide if any(low <= code <= high for low, high in accept)) / len(wide)


_KANA_KANJI = ((0x3000, 0x30FF), (0x4E00, 0x9FFF), (0xFF01, 0xFF5E))
# Hangul syllables and jamo plus the punctuation Korean text uses.
_HANGUL_TEXT = (
    (0xAC00, 0xD7A3),
    (0x3130, 0x318F),
    (0x3000, 0x303F),
    (0xFF01, 0xFF5E),
    (0x2010, 0x206F),
    (0xB7, 0xB7),
)
_HANZI = ((0x3000, 0x303F), (0x4E00, 0x9FFF), (0xFF01, 0xFF5E))


def _euc_share(text: str, codec: str) -> float:
    """Share of the wide characters whose two bytes are both 0xA1 or above (the GB 2312 / KS X 1001 core).

    Nearly all real Chinese and Korean text lies in that core; Latin-1 text read as GBK or
    CP949 pairs an accented letter with the ASCII letter after it, which never does.
    """
    wide = [char for char in text if ord(char) > 0x7F]
    if not wide:
        return 0.0
    core = 0
    for char in wide:
        encoded = char.encode(codec, errors="replace")
        core += len(encoded) == 2 and encoded[0] >= 0xA1 and encoded[1] >= 0xA1
    return core / len(wide)


def _touches_latin(text: str) -> bool:
    """Whether a CJK character sits right next to an ASCII letter ("M鬧anie": Latin-1 read as CP932)."""
    return re.search(r"[A-Za-z][^\x00-\x7f]|[^\x00-\x7f][A-Za-z]", text) is not None


def _latin_touch_share(text: str) -> float:
    """Share of the wide characters next to an ASCII letter: accented letters sit inside Latin words
    ("a磋o" is "ação" read as GBK), CJK characters mostly next to each other ("ABC公司")."""
    wide = [index for index, char in enumerate(text) if ord(char) > 0x7F]
    if not wide:
        return 0.0
    touching = 0
    for index in wide:
        before = text[index - 1] if index else " "
        after = text[index + 1] if index + 1 < len(text) else " "
        touching += (before.isascii() and before.isalpha()) or (after.isascii() and after.isalpha())
    return touching / len(wide)


def _plausible(text: str | None, script: tuple[tuple[int, int], ...], codec: str) -> bool:
    """Mostly the script's own characters, from the GB 2312 / KS X 1001 core, not inside Latin words."""
    return (
        text is not None
        and _share(text, script) >= 0.9
        and _euc_share(text, codec) >= 0.5
        and _latin_touch_share(text) <= 0.5
    )


def _has_kana(text: str) -> bool:
    return re.search("[\u3041-\u30ff]", text) is not None


_SAMPLE_BYTES = 16384
_HIGH_BYTES = bytes(range(0x80, 0x100))


def _sample(data: bytes) -> bytes:
    """The first 16 KB or so, cut at a line end (never inside a character): enough to judge by."""
    if len(data) <= _SAMPLE_BYTES:
        return data
    cut = data.rfind(b"\n", 0, _SAMPLE_BYTES)
    return data[: cut if cut > 0 else _SAMPLE_BYTES]


def _mostly_8bit(data: bytes) -> bool:
    """Whether over a third of the non-space bytes are 8-bit: CJK text, not Western text in Latin-1."""
    sample = _sample(data).translate(None, b" \t\r\n")
    return len(sample) - len(sample.translate(None, _HIGH_BYTES)) > len(sample) // 3


def _decode_guessed(data: bytes) -> tuple[str, str] | None:
    """(text, codec) in the East Asian codec unlabelled or mislabelled bytes read best in, if any."""
    guessed = guess_legacy_codec(data)
    if guessed is None:
        return None
    text = _try(data, guessed)
    return (text if text is not None else data.decode(guessed, errors="replace")), guessed


def guess_legacy_codec(data: bytes) -> str | None:
    """For unlabelled 8-bit text that is not UTF-8: the East Asian codec it reads best in, if any.

    Each candidate must decode strictly and give mostly characters of its own script; Japanese
    is tried first because Shift_JIS bytes also decode as (nonsense) Korean, while Korean bytes
    read as CP932 give half-width katakana, which the check rejects. Western text
    (windows-1252) sometimes decodes strictly too ("Jürgen" is valid GBK); it is told apart
    by its shape: accented letters inside Latin words (no kana, CJK touching ASCII letters) for
    CP932, byte pairs outside the GB 2312 / KS X 1001 core for GBK and CP949.
    """
    data = _sample(data)
    text = _try(data, "cp932")
    if (
        text is not None
        and _share(text, _KANA_KANJI) >= 0.9
        and (_has_kana(text) or not _touches_latin(text))
    ):
        return "cp932"
    korean = _try(data, "cp949")
    chinese = _try(data, "gb18030")
    korean_ok = _plausible(korean, _HANGUL_TEXT, "cp949")
    chinese_ok = _plausible(chinese, _HANZI, "gb18030")
    if korean is not None and korean_ok and (not chinese_ok or _reads_as_korean(korean)):
        return "cp949"
    return "gb18030" if chinese_ok else None


# Frequent Hangul syllables (endings, particles, surnames): GB 2312 bytes read as CP949 give
# valid but rare syllables, so real Korean is told from Chinese by how many of these it has.
_COMMON_HANGUL = frozenset(
    "이다는의에하고을가를지서한로기습니요어사리도나자아시수인대해게보있것들정으주전부만일제안장우상과"
    "적성소내면세스여구국원때동되생미공했중위라경신선개연회용말관오문그조방실진분계화물금발마비및간드"
    "까께감님녕김박최강윤임송류홍양손배백허유남심노곽차민엄채천현함변염추석설길표명반왕옥육맹모탁은"
    "편예봉복태목형피두음빈온호범좌팽승갈단견당창요합립참역료건결청첨파메답확약품입니다드려립니까"
    "년월시분초받보내드립감사합니다부탁드립니다안녕하세요회의자료첨부파일확인요청"
    "검토취락처담석목후북좌형식업무팀장님께실행결재승인완료예정번호메일주소전화답변질문"
    "드려요세요해요어요아요죠네요군요니까던데면서지만고서려고도록게끔처럼보다부터까지"
    "에서에게한테께서으로로써든지이나거나이며이고하고와과랑이랑의를을이가은는도만"
)


def _reads_as_korean(text: str) -> bool:
    """For bytes that are valid both ways: Korean unless there is enough text to see that the
    syllables are not the ones Korean uses (Chinese read as Korean gives rare ones: 괩송데)."""
    hangul = sum(1 for char in text if 0xAC00 <= ord(char) <= 0xD7A3)
    return hangul < 4 or _common_hangul_share(text) >= 0.3


def _common_hangul_share(text: str) -> float:
    hangul = [char for char in text if 0xAC00 <= ord(char) <= 0xD7A3]
    if not hangul:
        return 0.0
    return sum(char in _COMMON_HANGUL for char in hangul) / len(hangul)


def _decode_text_detailed(data: bytes, declared_charset: str | None) -> Decoded:
    """Decode with the fallback chain and report what was used (for defects)."""
    if data.startswith(codecs.BOM_UTF8):
        return Decoded(data[3:].decode("utf-8", errors="replace"), "utf-8", None)
    if data.isascii():
        codec = codec_for(declared_charset)
        if codec is not None and codec.startswith(
            ("utf_16", "utf-16", "utf_32", "utf-32", "utf_7", "utf-7", "iso2022", "hz")
        ):
            text = _try_declared(data, codec)
            if text is not None:
                return Decoded(text, codec, None)
        return Decoded(data.decode("ascii"), "ascii", None)
    label = normalize_label(declared_charset)
    codec = codec_for(declared_charset)
    if codec is None:
        problem = None if label in _UNKNOWN_LABELS else "unknown-charset"
        text = _try(data, "utf-8")
        if text is not None:
            return Decoded(text, "utf-8", problem)
        guessed = _decode_guessed(data)
        if guessed is not None:
            return Decoded(guessed[0], guessed[1], problem)
        return Decoded(_last_resort(data), "cp1252", problem)
    if codec in _WEAK_LABELS:
        text = _try(data, "utf-8")
        if text is not None:
            return Decoded(text, "utf-8", None)
        guessed = _decode_guessed(data) if _mostly_8bit(data) else None
        if guessed is not None:  # Korean or Japanese webmail that labels everything iso-8859-1
            return Decoded(guessed[0], guessed[1], "charset-mismatch")
    text = _try_declared(data, codec)
    if text is not None:
        return Decoded(text, codec, None)
    text = _try(data, "utf-8")
    if text is not None:
        return Decoded(text, "utf-8", "charset-mismatch")
    guessed = _decode_guessed(data)
    if guessed is not None:  # labelled UTF-8 (or anything) but written in a legacy CJK codec
        return Decoded(guessed[0], guessed[1], "charset-mismatch")
    try:
        return Decoded(data.decode(codec, errors="replace"), codec, "charset-mismatch")
    except (LookupError, ValueError):
        return Decoded(_last_resort(data), "cp1252", "charset-mismatch")


def decode_text(data: bytes, declared_charset: str | None) -> str:
    """Decode ``data`` declared as ``declared_charset``; tolerant of wrong, missing and unknown labels."""
    return decode_text_detailed(data, declared_charset).text


def decode_text_detailed(data: bytes, declared_charset: str | None) -> Decoded:
    """Decode with the fallback chain and report what was used (for defects); never raises."""
    try:
        return _decode_text_detailed(data, declared_charset)
    except Exception:  # a codec bug (CJK codecs have had some) must not escape; fuzz tests watch this
        return Decoded(_last_resort(data), "cp1252", "charset-mismatch")
