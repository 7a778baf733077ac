"""Base64 bodies encoded once, in large C-level steps, and spliced into the stdlib generator's output.

Why: for a 25 MB attachment the stdlib spends ~0.6 s on base64: ``contentmanager`` encodes
57 bytes per Python step, and the generator then splits the encoded text again, line by
line, with a regex and one ``write`` call per line. Plain ``binascii`` over the same bytes
takes well under 0.1 s. So the stdlib still builds the tree and writes every header and
boundary (policy, folding, RFC 2231 parameters unchanged), but each base64 part carries a
short placeholder line while it is flattened; :meth:`Base64Bodies.splice` then puts the
encoded bytes (76-character lines, CRLF) where the placeholder is. The result is byte for
byte what the stdlib would have written.

Why the boundary stays safe although the stdlib never sees these bodies when it picks one:
a delimiter line starts with ``--``, and a base64 line holds only ``A-Z a-z 0-9 + / =``,
so no base64 line can ever be taken for a boundary.
"""

from __future__ import annotations

import binascii
import secrets
from email.message import MIMEPart
from typing import Final

from qtmail.core.errors import ErrorKind, MailError

LINE_CHARS: Final = 76  # RFC 2045 6.8: encoded lines at most 76 characters
_LINE_BYTES: Final = LINE_CHARS // 4 * 3  # 57 input bytes per encoded line
_BLOCK_LINES: Final = 1024  # lines encoded per binascii call (~58 KB in, ~78 KB out)
CRLF: Final = b"\r\n"


def encode_base64_lines(data: bytes | memoryview) -> list[bytes]:
    """``data`` as base64 in 76-character CRLF lines (the last one ends with CRLF too), in pieces to join.

    Same bytes as ``base64.encodebytes`` with CRLF line ends, about twice as fast for large inputs.
    """
    view = memoryview(data)
    pieces: list[bytes] = []
    block = _LINE_BYTES * _BLOCK_LINES
    for start in range(0, len(view), block):
        encoded = binascii.b2a_base64(view[start : start + block], newline=False)
        lines = [encoded[i : i + LINE_CHARS] for i in range(0, len(encoded), LINE_CHARS)]
        lines.append(b"")  # so the join also ends this block's last line with CRLF
        pieces.append(CRLF.join(lines))
    return pieces


class Base64Bodies:
    """The base64 bodies of one message being composed, each waiting behind a placeholder."""

    def __init__(self) -> None:
        self._token = secrets.token_hex(16)
        self._bodies: list[bytes | memoryview] = []

    def _placeholder(self, index: int) -> bytes:
        return f"qtmail-base64-body-{self._token}-{index}".encode("ascii")

    def set_body(self, part: MIMEPart, data: bytes | memoryview) -> None:
        """Give ``part`` the base64 body of ``data`` (encoded at :meth:`splice`); sets its CTE header."""
        placeholder = self._placeholder(len(self._bodies))
        self._bodies.append(data)
        if str(part.get("Content-Transfer-Encoding", "")).lower() != "base64":
            del part["Content-Transfer-Encoding"]
            part["Content-Transfer-Encoding"] = "base64"
        part.set_payload(placeholder.decode("ascii") + "\r\n")  # written as one CRLF line by any handler

    def splice(self, flattened: bytes) -> bytes:
        """The message with every placeholder line replaced by its encoded body."""
        if not self._bodies:
            return flattened
        found: list[tuple[int, int]] = []
        for index in range(len(self._bodies)):
            line = self._placeholder(index) + CRLF
            at = flattened.find(line)
            if at < 0 or flattened.find(line, at + 1) >= 0:
                raise MailError(ErrorKind.BUG, "a base64 body placeholder is missing or repeated")
            found.append((at, index))
        view = memoryview(flattened)
        pieces: list[bytes | memoryview] = []
        position = 0
        for at, index in sorted(found):
            pieces.append(view[position:at])
            pieces.extend(encode_base64_lines(self._bodies[index]))
            position = at + len(self._placeholder(index)) + len(CRLF)
        pieces.append(view[position:])
        return b"".join(pieces)
