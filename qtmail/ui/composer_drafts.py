"""The composer's local autosave, so a crash or a killed process loses at most a few seconds.

Pure Python (no Qt), so a crashed composer's draft can be found by any process. A
draft exists from the first autosave until the message is sent or the user discards
it; whatever is left at start-up is an unsent draft to offer back.

Two homes with one interface: :class:`StoreDraftStore` (the profile's SQLite store,
``drafts`` table: what the app uses) and :class:`JsonDraftStore` (one JSON file per
draft, written atomically: for composers without a profile). Attachments held only in
memory (forwarded parts) are written to ``<data_dir>/drafts/<id>.files/`` either way,
so they survive a crash as well.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qtmail.core.errors import ErrorKind, MailError
from qtmail.core.fileio import write_file_atomically
from qtmail.core.profile import Profile

if TYPE_CHECKING:
    from qtmail.core.store import Store

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
    draft_message_id: str = ""  # the Message-ID its Drafts-folder copy has (replaced on the next save)

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


def safe_file_name(name: str) -> str:
    """A file name with no directory parts or odd characters, never empty."""
    base = _SAFE_NAME.sub("_", os.path.basename(name.replace("\\", "/"))).strip(" .")
    return base[:150] or "attachment"


def _check_id(draft_id: str) -> str:
    if not _ID_PATTERN.match(draft_id):
        raise MailError(ErrorKind.BUG, "invalid draft id")
    return draft_id


class _DraftFiles:
    """Attachment bytes of drafts, in ``<directory>/<id>.files/``."""

    directory: Path

    def files_dir(self, draft_id: str) -> Path:
        return self.directory / f"{_check_id(draft_id)}.files"

    def keep_bytes(self, draft_id: str, name: str, data: bytes) -> Path:
        """Store attachment bytes that exist only in memory, so a crash cannot lose them."""
        directory = self.files_dir(draft_id)
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        target = directory / f"{len(list(directory.iterdir()))}-{safe_file_name(name)}"
        write_file_atomically(target, data)
        return target

    def _remove_files(self, draft_id: str) -> None:
        shutil.rmtree(self.files_dir(draft_id), ignore_errors=True)


class JsonDraftStore(_DraftFiles):
    """Drafts as ``<directory>/<id>.json`` (atomic writes) plus ``<id>.files/`` for attachment bytes."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def _json_path(self, draft_id: str) -> Path:
        return self.directory / f"{_check_id(draft_id)}.json"

    def save(self, state: DraftState) -> None:
        try:
            payload = json.dumps(state.to_json(), ensure_ascii=False, indent=1).encode("utf-8")
            write_file_atomically(self._json_path(state.draft_id), payload)
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
        self._remove_files(draft_id)

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


class StoreDraftStore(_DraftFiles):
    """Drafts in the profile store's ``drafts`` table (one transaction per save).

    A store connection belongs to the thread that opened it and autosaves run on a
    worker, so every call opens its own connection (cheap once the schema exists).
    """

    def __init__(self, profile: Profile) -> None:
        self.profile = profile
        self.directory = profile.data_dir / "drafts"

    def _open(self) -> Store:
        from qtmail.core.store import Store

        return Store.for_profile(self.profile)

    def save(self, state: DraftState) -> None:
        with self._open() as store:
            store.drafts.save(
                _check_id(state.draft_id),
                state.to_json(),
                account=state.account_id or None,
                now=state.saved_at,
            )

    def load(self, draft_id: str) -> DraftState:
        with self._open() as store:
            draft = store.drafts.load(_check_id(draft_id))
        if draft is None:
            raise MailError(ErrorKind.NOT_FOUND, "The draft no longer exists.")
        return _from_content(draft.content)

    def exists(self, draft_id: str) -> bool:
        with self._open() as store:
            return store.drafts.load(_check_id(draft_id)) is not None

    def delete(self, draft_id: str) -> None:
        with self._open() as store:
            store.drafts.delete(_check_id(draft_id))
        self._remove_files(draft_id)

    def list(self) -> list[DraftState]:
        """Every readable draft, newest first; damaged rows are skipped, never deleted."""
        if not self.profile.store_file.exists():
            return []
        with self._open() as store:
            drafts = store.drafts.all()
        found: list[DraftState] = []
        for draft in drafts:
            try:
                found.append(_from_content(draft.content))
            except MailError:
                continue
        return found


def _from_content(content: dict[str, object]) -> DraftState:
    try:
        state = DraftState.from_json(dict(content))
        _check_id(state.draft_id)
    except (TypeError, ValueError, MailError) as error:
        raise MailError(ErrorKind.STORAGE, "A saved draft is damaged.") from error
    return state


DraftStore = StoreDraftStore | JsonDraftStore


def draft_store_for(profile: Profile) -> StoreDraftStore:
    """Where the composer autosaves for ``profile``."""
    return StoreDraftStore(profile)
