"""Files uuencoded inside a plain-text body ("begin 644 name" ... "end"), as old mailers and
news gateways send them: listed as attachments, like other mail clients do, and cut from the text."""

from __future__ import annotations

import re

from qtmail.core.mime.transfer import decode_uuencode

# A begin line, then only lines of uuencode characters (at most 62: length byte + 60 + padding), then "end".
_BLOCK = re.compile(
    r"^begin[ \t]+[0-7]{3,4}[ \t]+([^\n]{1,255}?)[ \t]*\n((?:[ -`]{1,62}[ \t]*\n){0,100000}?)end[ \t]*$\n?",
    re.MULTILINE,
)


def split_uuencoded(text: str) -> tuple[str, list[tuple[str, bytes]]]:
    """(the text without its uuencoded blocks, [(file name, decoded bytes)]); cheap when there are none."""
    if "begin " not in text:
        return text, []
    files: list[tuple[str, bytes]] = []

    def cut(match: re.Match[str]) -> str:
        block = f"begin 644 x\n{match.group(2)}end\n".encode("ascii", errors="replace")
        files.append((match.group(1).strip(), decode_uuencode(block)))
        return ""

    remaining = _BLOCK.sub(cut, text)
    return (remaining, files) if files else (text, [])
