"""The composer's local autosave: one JSON file per open draft, written atomically.

Pure Python (no Qt), so a crashed composer's draft can be found by any process.
A draft file exists from the first autosave until the message is sent or the user
discards it; whatever is left at start-up is an unsent draft to offer back.
Attachments held only in memory (forwarded parts) are written next to the JSON
file so they survive a crash as well.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from qtmail.core.errors import ErrorKind, MailError
from qtmail.core.profile import Profile

_SAFE_NAME = re.compile(r"[^\w.\- ]+", re.UNICODE)
_ID_PATTERN = re.compile(r"^[0-9a-f]{32}$")


def new_draft_id() -> str:
    return uuid.uuid4().hex


@dataclass
class DraftAttachment:
    """An attachment of a draft: a file the user picked, or bytes kept in the draft folder."""

    name: str
    mime_type: str
    size: int
    path: str  # absolute path of the bytes on disk


@dataclass
class DraftState:
    """Everything the composer needs to reopen a message being written."""

    draft_id: str
    account_id: str = ""
    from_address: str = ""
    to: str = ""
    cc: str = ""
    bcc: str = ""
    subject: str = ""
    body: str = ""
    in_reply_to: str = ""
    references: list[str] = field(default_factory=list)
    attachments: list[DraftAttachment] = field(default_factory=list)
    saved_at: float = 0.0
    explicit: bool = False  # the user pressed Save Draft (not only autosaved)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> DraftState:
        attachments = [DraftAttachment(**item) for item in data.get("attachments", [])]
        known = {name for name in cls.__dataclass_fields__ if name != "attachments"}
        values = {key: value for key, value in data.items() if key in known}
        return cls(attachments=attachments, **values)

    def is_empty(self) -> bool:
        return not any((self.to, self.cc, self.bcc, self.subject, self.body.strip(), self.attachments))


def _atomic_write(path: Path, data: bytes) -> None:
    """Write to a temporary file in the same directory, fsync, then rename over ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise


def safe_file_name(name: str) -> str:
    """A file name with no directory parts or odd characters, never empty."""
    base = _SAFE_NAME.sub("_", os.path.basename(name.replace("\\", "/"))).strip(" .")
    return base[:150] or "attachment"


class JsonDraftStore:
    """Drafts as ``<data_dir>/drafts/<id>.json`` plus ``<id>.files/`` for in-memory attachments."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    @classmethod
    def for_profile(cls, profile: Profile) -> JsonDraftStore:
        return cls(profile.data_dir / "drafts")

    def _json_path(self, draft_id: str) -> Path:
        if not _ID_PATTERN.match(draft_id):
            raise MailError(ErrorKind.BUG, "invalid draft id")
        return self.directory / f"{draft_id}.json"

    def files_dir(self, draft_id: str) -> Path:
        return self._json_path(draft_id).with_suffix(".files")

    def keep_bytes(self, draft_id: str, name: str, data: bytes) -> Path:
        """Store attachment bytes that exist only in memory, so a crash cannot lose them."""
        directory = self.files_dir(draft_id)
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        target = directory / f"{len(list(directory.iterdir()))}-{safe_file_name(name)}"
        _atomic_write(target, data)
        return target

    def save(self, state: DraftState) -> None:
        try:
            payload = json.dumps(state.to_json(), ensure_ascii=False, indent=1).encode("utf-8")
            _atomic_write(self._json_path(state.draft_id), payload)
        except OSError as error:
            raise MailError(ErrorKind.STORAGE, f"Could not save the draft: {error.strerror}") from error

    def exists(self, draft_id: str) -> bool:
        return self._json_path(draft_id).exists()

    def load(self, draft_id: str) -> DraftState:
        path = self._json_path(draft_id)
        try:
            return DraftState.from_json(json.loads(path.read_text(encoding="utf-8")))
        except FileNotFoundError as error:
            raise MailError(ErrorKind.NOT_FOUND, "The draft no longer exists.") from error
        except (ValueError, TypeError) as error:
            raise MailError(ErrorKind.STORAGE, "The draft file is damaged.") from error

    def delete(self, draft_id: str) -> None:
        self._json_path(draft_id).unlink(missing_ok=True)
        shutil.rmtree(self.files_dir(draft_id), ignore_errors=True)

    def list(self) -> list[DraftState]:
        """Every readable draft, newest first; damaged files are skipped, never deleted."""
        if not self.directory.is_dir():
            return []
        drafts: list[DraftState] = []
        for path in self.directory.glob("*.json"):
            if not _ID_PATTERN.match(path.stem):
                continue
            try:
                drafts.append(self.load(path.stem))
            except MailError:
                continue
        drafts.sort(key=lambda draft: draft.saved_at, reverse=True)
        return drafts
