"""The server's folder list -> store folders: decoded names, "/" paths, roles, subscriptions.

imapclient decodes modified UTF-7 (RFC 3501 5.1.3), so Korean names arrive as text; we keep
the encoded form as ``raw_name`` for commands. The server's hierarchy delimiter becomes "/"
in the display path, so paths look the same on every server.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from qtmail.core.store.folders import guess_role
from qtmail.core.store.types import FolderInfo, FolderRole, FolderSpec

if TYPE_CHECKING:
    from qtmail.core.store.store import Store
    from qtmail.core.sync.imap_session import ImapSession

_UNSELECTABLE = frozenset({"\\NOSELECT", "\\NONEXISTENT"})


@dataclass(frozen=True)
class RemoteFolder:
    """One LIST entry."""

    name: str  # decoded, with the server's delimiter
    raw_name: str  # modified UTF-7, as the server wants it in commands
    delimiter: str | None
    attributes: tuple[str, ...]
    subscribed: bool

    @property
    def path(self) -> str:
        """The display path: the server's delimiter replaced by "/"."""
        if self.name.upper() == "INBOX":
            return "INBOX"
        if self.delimiter and self.delimiter != "/":
            return "/".join(part.replace("/", "\u2215") for part in self.name.split(self.delimiter))
        return self.name

    @property
    def selectable(self) -> bool:
        return not any(a.upper() in _UNSELECTABLE for a in self.attributes)

    @property
    def role(self) -> str | None:
        return guess_role(self.path, self.attributes)


def _text(value: object) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def encode_mailbox_name(name: str) -> str:
    """Modified UTF-7 (what the server wants in commands) for a decoded name."""
    from imapclient.imap_utf7 import encode

    encoded: bytes = encode(name)
    return encoded.decode("ascii")


def list_remote_folders(session: ImapSession) -> list[RemoteFolder]:
    """LIST and LSUB, merged; folders that cannot be selected are left out."""
    client = session.client
    with session._guard("listing folders"):
        listed = client.list_folders()
        subscribed = {_text(name) for _flags, _delim, name in client.list_sub_folders()}
    folders: list[RemoteFolder] = []
    for flags, delimiter, name in listed:
        text = _text(name)
        folder = RemoteFolder(
            name=text,
            raw_name=encode_mailbox_name(text),
            delimiter=None if delimiter is None else _text(delimiter),
            attributes=tuple(_text(f) for f in flags),
            subscribed=text in subscribed or text.upper() == "INBOX",
        )
        if folder.selectable:
            folders.append(folder)
    return folders


def update_store_folders(store: Store, account: str, remote: list[RemoteFolder]) -> list[FolderInfo]:
    """Upsert every remote folder and drop stored server folders the server no longer has."""
    roles_taken: set[str] = set()
    infos: list[FolderInfo] = []
    # INBOX first, then SPECIAL-USE folders, so a name guess never steals a real role.
    ordered = sorted(remote, key=lambda f: (f.path != "INBOX", not _has_special_use(f), f.path))
    for folder in ordered:
        role = folder.role
        if role is not None and role in roles_taken:
            role = None
        if role is not None:
            roles_taken.add(role)
        infos.append(
            store.folders.upsert(
                FolderSpec(
                    account=account,
                    path=folder.path,
                    raw_name=folder.raw_name,
                    delimiter=folder.delimiter,
                    role=_role(role),
                    subscribed=folder.subscribed,
                )
            )
        )
    present = {info.id for info in infos}
    for stored in store.folders.all(account):
        if stored.id not in present and not stored.local_only:
            store.folders.delete(stored.id)
    return infos


def _has_special_use(folder: RemoteFolder) -> bool:
    return any(
        a.lower() in ("\\sent", "\\drafts", "\\trash", "\\junk", "\\archive", "\\all")
        for a in folder.attributes
    )


def _role(role: str | None) -> FolderRole | None:
    if role in ("inbox", "sent", "drafts", "trash", "junk", "archive", "outbox"):
        return role  # type: ignore[return-value]
    return None
