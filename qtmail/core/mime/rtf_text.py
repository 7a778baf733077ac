"""The readable body of an RTF message body: the HTML it encapsulates, or its text.

Outlook keeps HTML mail inside RTF (``\\fromhtml1``, [MS-OXRTFEX]): the HTML tags sit in
``{\\*\\htmltag ...}`` groups, text between them is HTML text, and ``\\htmlrtf`` ... ``\\htmlrtf0``
marks RTF-only parts. Plain RTF gives its text approximately: no formatting, tables as lines.
One regular-expression pass over the bytes; the output is bounded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from qtmail.core.mime.charsets import decode_text

MAX_OUTPUT = 8 * 1024 * 1024  # characters of body; the rest is dropped
MAX_GROUP_DEPTH = 512

_TOKEN = re.compile(
    rb"\\'([0-9a-fA-F]{2})"  # 1: a byte in the document's code page
    rb"|\\([a-zA-Z]{1,32})(-?[0-9]{1,10})? ?"  # 2, 3: a control word and its parameter
    rb"|\\([^a-zA-Z])"  # 4: a control symbol
    rb"|([{}])"  # 5: a group
    rb"|[\r\n]+"  # line ends in RTF source mean nothing
    rb"|([^\\{}\r\n]+)",  # 6: text
    re.DOTALL,
)
# Groups whose content is never body text.
_SKIPPED_DESTINATIONS = frozenset(
    {
        "fonttbl", "colortbl", "stylesheet", "info", "pict", "object", "header", "footer",
        "headerl", "headerr", "headerf", "footerl", "footerr", "footerf", "footnote", "listtable",
        "listoverridetable", "rsidtbl", "generator", "xmlnstbl", "themedata", "colorschememapping",
        "datastore", "latentstyles", "pgdsctbl", "filetbl", "revtbl", "fldinst", "private",
        "bkmkstart", "bkmkend", "nonshppict", "shpinst", "userprops", "xe", "tc", "template",
    }
)  # fmt: skip
_CHARACTERS = {
    "par": "\n",
    "line": "\n",
    "tab": "\t",
    "cell": "\t",
    "row": "\n",
    "sect": "\n",
    "page": "\n",
    "emdash": "\u2014",
    "endash": "\u2013",
    "lquote": "\u2018",
    "rquote": "\u2019",
    "ldblquote": "\u201c",
    "rdblquote": "\u201d",
    "bullet": "\u2022",
    "emspace": "\u2003",
    "enspace": "\u2002",
}
_SYMBOLS = {"\\": "\\", "{": "{", "}": "}", "~": "\u00a0", "_": "\u2011", "\n": "\n", "\r": "\n", "\t": "\t"}


@dataclass(frozen=True, slots=True)
class RtfBody:
    """What an RTF body shows: ``html`` when it encapsulates HTML, else ``text``."""

    html: str | None
    text: str | None


@dataclass(slots=True)
class _State:
    skip: bool = False  # inside a destination that is not body text
    rtf_only: bool = False  # between \htmlrtf and \htmlrtf0
    html_tag: bool = False  # inside {\*\htmltag...}: always shown
    skip_after_unicode: int = 1  # \ucN: fallback characters after each \uN
    font_table: bool = False  # inside {\fonttbl}: fonts and their character sets are declared here
    font: int | None = None  # \fN in effect (its \fcharset decides the code page of \'hh bytes)

    def copy(self) -> _State:
        return _State(
            self.skip, self.rtf_only, self.html_tag, self.skip_after_unicode, self.font_table, self.font
        )


# \fcharsetN -> code page: Korean Outlook writes Hangul as \'hh bytes in a \fcharset129 font
# while the document's \ansicpg stays 1252.
_FONT_CHARSETS = {
    77: "mac-roman", 128: "cp932", 129: "cp949", 130: "johab", 134: "gbk", 136: "cp950",
    161: "cp1253", 162: "cp1254", 163: "cp1258", 177: "cp1255", 178: "cp1256", 186: "cp1257",
    204: "cp1251", 222: "cp874", 238: "cp1250", 255: "cp437",
}  # fmt: skip


def _codepage_label(number: int) -> str:
    return {65001: "utf-8", 20127: "us-ascii", 10000: "mac-roman", 0: "cp1252"}.get(number, f"cp{number}")


class _Writer:
    """Collects output: bytes in the document's code page, decoded at each Unicode character."""

    def __init__(self) -> None:
        self.pieces: list[str] = []
        self.pending = bytearray()
        self.codepage = "cp1252"
        self.size = 0

    def flush(self) -> None:
        if self.pending:
            self.pieces.append(decode_text(bytes(self.pending), self.codepage))
            self.pending.clear()

    def use(self, codepage: str) -> None:
        """Decode the bytes that follow in ``codepage`` (those before keep theirs)."""
        if codepage != self.codepage:
            self.flush()
            self.codepage = codepage

    def raw(self, data: bytes) -> None:
        self.pending += data
        self.size += len(data)

    def text(self, text: str) -> None:
        self.flush()
        self.pieces.append(text)
        self.size += len(text)

    def result(self) -> str:
        self.flush()
        return "".join(self.pieces)


def rtf_body(rtf: bytes) -> RtfBody:
    """The HTML encapsulated in ``rtf`` (unsanitised), or its text; never raises."""
    writer = _Writer()
    state = _State()
    stack: list[_State] = []
    overflow = 0  # groups opened beyond MAX_GROUP_DEPTH
    group_start = False  # the next token is the first of a group (where destinations are named)
    starred = False  # the group began with \*
    from_html = False
    skip_chars = 0  # fallback characters still to skip after \uN
    high_surrogate = 0  # the first half of a character beyond the BMP, written as two \uN
    fonts: dict[int, str] = {}  # font number -> code page, from the font table
    table_font: int | None = None  # the font being declared in the font table
    default_font: int | None = None  # \deffN
    ansi = "cp1252"

    def codepage() -> str:
        font = state.font if state.font is not None else default_font
        return fonts.get(font, ansi) if font is not None else ansi

    position = 0
    end = len(rtf)
    while position < end and writer.size < MAX_OUTPUT:
        match = _TOKEN.match(rtf, position)
        if match is None:  # cannot happen with this pattern; stop rather than loop
            break
        position = match.end()
        hex_byte, word, parameter, symbol, brace, text = match.groups()
        first = group_start
        group_start = False
        shown = not state.skip and (state.html_tag or not state.rtf_only)
        if brace is not None:
            if brace == b"{":
                if len(stack) < MAX_GROUP_DEPTH:
                    stack.append(state)
                    state = state.copy()
                else:
                    overflow += 1
                group_start, starred = True, False
            elif overflow:
                overflow -= 1
            elif stack:
                state = stack.pop()
                writer.use(codepage())
            skip_chars = 0
            continue
        if text is not None:
            if skip_chars:
                dropped = min(skip_chars, len(text))
                skip_chars -= dropped
                text = text[dropped:]
            if shown and text:
                writer.raw(text)
            continue
        if hex_byte is not None:
            if skip_chars:
                skip_chars -= 1
            elif shown:
                writer.raw(bytes([int(hex_byte, 16)]))
            continue
        if symbol is not None:
            character = symbol.decode("latin-1")
            if character == "*" and first:
                starred, group_start = True, True  # the destination's name follows
            elif shown and character in _SYMBOLS:
                writer.text(_SYMBOLS[character])
            continue
        if word is None:  # line ends in the RTF source
            continue
        name = word.decode("ascii")
        value = int(parameter) if parameter is not None else None
        if state.font_table:
            if name == "f":
                table_font = value
            elif name == "fcharset" and table_font is not None and value in _FONT_CHARSETS:
                fonts[table_font] = _FONT_CHARSETS[value]
            continue
        if first and (starred or name in _SKIPPED_DESTINATIONS):
            if name == "htmltag" and starred:
                state.html_tag, state.skip = True, False
            else:
                state.skip = True
                state.font_table = name == "fonttbl"
            starred = False
            if state.skip:
                continue
        if name == "bin":  # binary data follows: skip it whole
            position = min(end, position + max(0, value or 0))
        elif name == "fromhtml":
            from_html = value != 0
        elif name == "ansicpg" and value is not None:
            ansi = _codepage_label(value)
            writer.use(codepage())
        elif name in ("f", "deff") and value is not None:
            if name == "f":
                state.font = value
            else:
                default_font = value
            writer.use(codepage())
        elif name == "htmlrtf":
            state.rtf_only = value != 0
        elif name == "uc" and value is not None:
            state.skip_after_unicode = max(0, min(value, 8))
        elif name == "u" and value is not None:
            if shown:
                high_surrogate = _unicode(writer, value % 65536, high_surrogate)
            skip_chars = state.skip_after_unicode
        elif shown and name in _CHARACTERS:
            writer.text("\r\n" if from_html and name == "par" else _CHARACTERS[name])
    body = writer.result()[:MAX_OUTPUT]
    if from_html:
        return RtfBody(html=body, text=None)
    return RtfBody(html=None, text=_tidy(body))


def _unicode(writer: _Writer, code: int, high_surrogate: int) -> int:
    """Write one \\uN character (pairing surrogate halves); returns a pending high surrogate."""
    if 0xD800 <= code <= 0xDBFF:
        if high_surrogate:
            writer.text("\ufffd")
        return code
    if 0xDC00 <= code <= 0xDFFF:
        if high_surrogate:
            writer.text(chr(0x10000 + ((high_surrogate - 0xD800) << 10) + (code - 0xDC00)))
        else:
            writer.text("\ufffd")
        return 0
    if high_surrogate:
        writer.text("\ufffd")
    writer.text(chr(code))
    return 0


def _tidy(text: str) -> str:
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")
