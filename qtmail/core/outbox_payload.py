"""Where an outbox message's bytes live: in its row when small, in one file beside the store when large.

Why: SQLite rewrites a whole row, blob included, on every UPDATE, and an outbox row
changes state several times (claimed, sent, copy done). For a 25 MB attachment each
change would write 34 MB again. A large message is therefore written once, durably
(temp file, fsync, rename), *before* its row is committed, and the row holds a short
reference instead of the bytes. A crash between the two leaves an unreferenced file,
which :meth:`Payloads.prune` removes; it can never leave a row without its bytes.

The reference starts with a NUL byte, which no message on the wire may contain at
its start, so a stored value is unambiguous.
"""

from __future__ import annotations

import contextlib
import hashlib
import time
from pathlib import Path
from typing import Final

from qtmail.core.errors import ErrorKind, MailError
from qtmail.core.fileio import write_file_atomically
from qtmail.core.profile import Profile
from qtmail.core.store import Store

SPILL_THRESHOLD: Final = 1_000_000  # bytes; smaller messages stay in their row (one atomic commit)
REFERENCE_PREFIX: Final = b"\0qtmail-outbox-file:"
HEAD_BYTES: Final = 65536


class Payloads:
    """The outbox's large-message files of one profile (``<data_dir>/outbox``)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    @classmethod
    def for_profile(cls, profile: Profile) -> Payloads:
        return cls(profile.data_dir / "outbox")

    def _path(self, digest: str) -> Path:
        return self.directory / f"{digest}.eml"

    @staticmethod
    def is_reference(stored: bytes) -> bool:
        return stored.startswith(REFERENCE_PREFIX)

    def pack(self, raw: bytes) -> bytes:
        """The value to store in the outbox row for ``raw``; large messages are written to a file first."""
        if len(raw) < SPILL_THRESHOLD:
            return raw
        digest = hashlib.sha256(raw).hexdigest()
        path = self._path(digest)
        try:
            if not (path.is_file() and path.stat().st_size == len(raw)):
                write_file_atomically(path, raw)
        except OSError as exc:
            raise MailError(
                ErrorKind.STORAGE, f"cannot save the message in {self.directory}: {exc}"
            ) from None
        return REFERENCE_PREFIX + digest.encode("ascii")

    def _digest(self, stored: bytes) -> str:
        digest = stored[len(REFERENCE_PREFIX) :].decode("ascii", "replace")
        if len(digest) != 64 or any(ch not in "0123456789abcdef" for ch in digest):
            raise MailError(ErrorKind.STORAGE, "an outbox message refers to a malformed file name")
        return digest

    def file(self, stored: bytes) -> tuple[Path, str] | None:
        """The durable file behind a reference and the SHA-256 it is named by; None for inline bytes."""
        if not self.is_reference(stored):
            return None
        digest = self._digest(stored)
        return self._path(digest), digest

    def unpack(self, stored: bytes) -> bytes:
        """The message bytes for a stored value (the value itself unless it is a reference)."""
        if not self.is_reference(stored):
            return stored
        path = self._path(self._digest(stored))
        try:
            return path.read_bytes()
        except OSError as exc:
            raise MailError(ErrorKind.STORAGE, f"the outbox file {path} cannot be read: {exc}") from None

    def head(self, stored_head: bytes) -> bytes:
        """The header block for a stored value's first bytes (as :meth:`Outbox.head` returns them)."""
        if not self.is_reference(stored_head):
            return stored_head
        try:
            with self._path(self._digest(stored_head)).open("rb") as handle:
                return handle.read(HEAD_BYTES)
        except OSError:
            return b""

    def discard(self, store: Store, stored: bytes) -> None:
        """Delete the file behind ``stored`` once no outbox row refers to it any more."""
        if not self.is_reference(stored):
            return
        row = store.db.connection.execute(
            "SELECT count(*) FROM outbox WHERE length(raw) = ? AND raw = ?", (len(stored), stored)
        ).fetchone()
        if row[0] == 0:
            with contextlib.suppress(OSError):
                self._path(self._digest(stored)).unlink()

    def prune(self, store: Store, min_age_seconds: float = 600) -> int:
        """Remove files no outbox row refers to (left by a crash before the row was committed)."""
        if not self.directory.is_dir():
            return 0
        referenced = {
            bytes(r[0])
            for r in store.db.connection.execute(
                "SELECT raw FROM outbox WHERE length(raw) = ?", (len(REFERENCE_PREFIX) + 64,)
            )
        }
        removed = 0
        cutoff = time.time() - min_age_seconds
        for path in self.directory.iterdir():
            if not path.name.endswith(".eml"):
                continue
            reference = REFERENCE_PREFIX + path.name[:-4].encode("ascii", "replace")
            with contextlib.suppress(OSError):
                if reference not in referenced and path.stat().st_mtime < cutoff:
                    path.unlink()
                    removed += 1
        return removed
