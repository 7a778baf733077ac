"""Per-account protocol log: the SMTP/IMAP/POP3 dialogue as "C: ..." / "S: ..." lines.

It is what you would see typing the commands by hand, for troubleshooting,
with every secret redacted before it reaches the file: LOGIN's password,
AUTHENTICATE/AUTH payloads and the lines that follow them, POP3 PASS and the
APOP digest. The file is bounded: at ``max_bytes`` it rotates to ``.1``
(one old file kept). Long lines and literal data are shortened.
"""

from __future__ import annotations

import os
import re
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from qtmail.core.accounts import Account
    from qtmail.core.profile import Profile

REDACTED: Final = "[redacted]"
DEFAULT_MAX_BYTES: Final = 1_000_000
MAX_LINE_CHARS: Final = 300

# "TAG LOGIN user password" (user an atom or a quoted string); keep the user.
_IMAP_LOGIN = re.compile(r'^(\S+\s+LOGIN\s+)("(?:[^"\\]|\\.)*"|\S+)(\s.*)?$', re.IGNORECASE | re.DOTALL)
# Commands whose arguments, and following client lines, are secret until the server's final reply.
_IMAP_AUTHENTICATE = re.compile(r"^(\S+\s+AUTHENTICATE\s+\S+)(\s.*)?$", re.IGNORECASE | re.DOTALL)
_SMTP_POP_AUTH = re.compile(r"^(AUTH\s+\S+)(\s.*)?$", re.IGNORECASE | re.DOTALL)
_POP_PASS = re.compile(r"^(PASS)(\s.*)?$", re.IGNORECASE | re.DOTALL)
_POP_APOP = re.compile(r"^(APOP\s+\S+)(\s.*)?$", re.IGNORECASE | re.DOTALL)
# An IMAP literal announcement: "{N}" (synchronising) or "{N+}" (LITERAL+, data follows at once).
_IMAP_LITERAL = re.compile(rb"\{(\d+)\+?\}\r\n")


def _is_continuation(line: str) -> bool:
    """A server line that asks the client for more authentication data."""
    return line == "+" or line.startswith(("+ ", "334"))


class Redactor:
    """Tracks one connection's authentication state and hides its secrets."""

    def __init__(self) -> None:
        self.in_auth = False

    def client(self, line: str) -> str:
        """The client line as it may be logged."""
        if self.in_auth:
            return REDACTED if line else line
        # SMTP/POP3 "AUTH mech payload" first: "AUTH LOGIN dXNlcg==" must not pass for an IMAP LOGIN.
        for pattern in (_SMTP_POP_AUTH, _IMAP_AUTHENTICATE, _POP_PASS, _POP_APOP):
            match = pattern.match(line)
            if match:
                self.in_auth = True
                return match.group(1) + (" " + REDACTED if match.group(2) else "")
        match = _IMAP_LOGIN.match(line)
        if match:
            self.in_auth = True  # a literal password may follow on the next line
            return match.group(1) + match.group(2) + (" " + REDACTED if match.group(3) else "")
        return line

    def server(self, line: str) -> str:
        """The server line as it may be logged; a final reply ends the authentication exchange."""
        if self.in_auth:
            if _is_continuation(line):
                # A challenge (SASL) may carry data worth hiding too.
                return line[:3] + " " + REDACTED if line.startswith("334") else "+ " + REDACTED
            self.in_auth = False
        return line


def _clean(data: bytes | str) -> list[str]:
    """Split into printable lines, without CR/LF, shortened."""
    text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    result = []
    for line in lines:
        line = line.rstrip("\r")
        if len(line) > MAX_LINE_CHARS:
            line = line[:MAX_LINE_CHARS] + f"... ({len(line)} characters)"
        result.append("".join(ch if ch.isprintable() else "?" for ch in line))
    return result


def log_file_name(account_name: str) -> str:
    """A safe file name for an account's log (the name may hold any script)."""
    safe = "".join(ch if ch.isalnum() or ch in "-_.@" else "_" for ch in account_name).strip(".")
    return (safe or "account")[:100] + ".log"


class ProtocolLog:
    """A bounded log file of protocol dialogues; thread-safe; never holds secrets.

    Each connection gets its own :class:`Redactor` from :meth:`session`.
    """

    def __init__(self, path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self.path = path
        self.max_bytes = max_bytes
        self.failed = False
        self._lock = threading.Lock()

    @classmethod
    def for_account(
        cls, profile: Profile, account: Account, *, max_bytes: int = DEFAULT_MAX_BYTES
    ) -> ProtocolLog:
        """The log of ``account`` under ``profile.logs_dir``."""
        return cls(profile.logs_dir / log_file_name(account.name), max_bytes=max_bytes)

    def session(self, label: str) -> ProtocolSession:
        """A new connection's view of the log, labelled e.g. ``imap imap.example.com:993``."""
        session = ProtocolSession(self, label)
        session.note("connecting")
        return session

    def write_lines(self, lines: list[str]) -> None:
        """Append lines; a log that cannot be written (disk full, read-only) is given up on quietly,
        because troubleshooting output must never break sending or receiving mail."""
        if not lines or self.failed:
            return
        stamp = time.strftime("%Y-%m-%d %H:%M:%S")
        data = "".join(f"{stamp} {line}\n" for line in lines).encode("utf-8", "replace")
        with self._lock:
            try:
                self._append(data)
            except OSError:
                self.failed = True

    def _append(self, data: bytes) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        try:
            size = self.path.stat().st_size
        except FileNotFoundError:
            size = 0
        if size and size + len(data) > self.max_bytes:
            os.replace(self.path, self.path.with_name(self.path.name + ".1"))
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, data)
        finally:
            os.close(fd)

    def read_text(self) -> str:
        """The current file's text (for the UI); empty when nothing was logged yet."""
        try:
            return self.path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""


class ProtocolSession:
    """One connection writing to a :class:`ProtocolLog`, with its own redaction state."""

    def __init__(self, log: ProtocolLog, label: str) -> None:
        self.log = log
        self.label = label
        self.redactor = Redactor()
        self._imap_literal_left = 0

    def client(self, data: bytes | str) -> None:
        self.log.write_lines([f"[{self.label}] C: {self.redactor.client(line)}" for line in _clean(data)])

    def server(self, data: bytes | str) -> None:
        self.log.write_lines([f"[{self.label}] S: {self.redactor.server(line)}" for line in _clean(data)])

    def server_literal(self, size: int) -> None:
        """Literal data (message bodies) is not logged, only its size."""
        self.log.write_lines([f"[{self.label}] S: <{size} bytes of literal data>"])

    def client_literal(self, size: int) -> None:
        if self.redactor.in_auth:
            self.log.write_lines([f"[{self.label}] C: {REDACTED}"])
        else:
            self.log.write_lines([f"[{self.label}] C: <{size} bytes of literal data>"])

    def client_imap(self, data: bytes) -> None:
        """IMAP client bytes as written to the socket: command text line by line, literals by size only.

        A literal may come in its own write after the server's "+" ({N}), right behind its
        announcement in the same write (LITERAL+ {N+}, as imapclient's multiappend sends it), or
        over several writes; bytes are counted, so message content never reaches the log.
        """
        while data:
            if self._imap_literal_left:
                taken = min(self._imap_literal_left, len(data))
                self._imap_literal_left -= taken
                data = data[taken:]
                continue
            match = _IMAP_LITERAL.search(data)
            text = data if match is None else data[: match.end()]
            if text.strip():
                self.client(text)
            if match is None:
                return
            self._imap_literal_left = int(match.group(1))
            if self._imap_literal_left:
                self.client_literal(self._imap_literal_left)
            data = data[match.end() :]

    def note(self, text: str) -> None:
        self.log.write_lines([f"[{self.label}] -- {text}"])
