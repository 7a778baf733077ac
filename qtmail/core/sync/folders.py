"""The server's folder list -> store folders: decoded names, "/" paths, roles, subscriptions.

Folder names are listed raw (see :func:`list_raw_folders`): ``raw_name`` is exactly what the
server sent and what every command sends back; the display name is decoded from it (modified
UTF-7, RFC 3501 5.1.3, so Korean names read as text). The server's hierarchy delimiter becomes "/"
in the display path, so paths look the same on every server.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from qtmail.core.store.folders import guess_role
from qtmail.core.store.types import FolderInfo, FolderRole, FolderSpec

if TYPE_CHECKING:
    from imapclient import IMAPClient

    from qtmail.core.store.store import Store
    from qtmail.core.sync.imap_session import ImapSession

_UNSELECTABLE = frozenset({"\\NOSELECT", "\\NONEXISTENT"})


@dataclass(frozen=True)
class RemoteFolder:
    """One LIST entry."""

    name: str  # decoded, with the server's delimiter
    raw_name: str  # exactly as LIST returned it; commands send this back
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
    """Modified UTF-7 for a decoded name (for folders we create; listed ones keep their raw name)."""
    from imapclient.imap_utf7 import encode

    encoded: bytes = encode(name)
    return encoded.decode("ascii")


def raw_mailbox_text(raw: bytes | str) -> str:
    """The server's name as text, byte for byte: ASCII (mUTF-7) as is, 8-bit as UTF-8 (else latin-1)."""
    if isinstance(raw, str):
        return raw
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def decode_mailbox_name(raw: bytes | str) -> str:
    """The display name for a raw server name.

    Why not let imapclient decode: it re-encodes the decoded name for SELECT, and a name the
    server did not write canonically (``&AGE-`` for "a", raw UTF-8 from some servers) then
    comes out different and the server says no such folder. So we keep the raw name for
    commands and decode only for people: valid modified UTF-7 decoded, anything else shown
    as its UTF-8 (else latin-1) text.
    """
    from imapclient.imap_utf7 import decode

    text = raw_mailbox_text(raw)
    if not text.isascii():
        return text
    try:
        decoded: str = decode(text.encode("ascii"))
    except (ValueError, UnicodeError):  # bad base64 or bad UTF-16 inside "&...-"
        return text
    return decoded


@contextmanager
def raw_folder_names(client: IMAPClient) -> Iterator[None]:
    """imapclient with its mUTF-7 coding off: folder names go out and come back as the server's.

    Why: see :func:`decode_mailbox_name`; a decoded-then-re-encoded name may not be the server's.
    """
    saved = client.folder_encode
    client.folder_encode = False
    try:
        yield
    finally:
        client.folder_encode = saved


def list_raw_folders(session: ImapSession, *, subscribed: bool = False) -> list[tuple[Any, Any, str]]:
    """LIST (or LSUB) with imapclient's mUTF-7 decoding off, names as the server sent them."""
    client = session.client
    with raw_folder_names(client):
        listed = client.list_sub_folders() if subscribed else client.list_folders()
    return [(flags, delimiter, raw_mailbox_text(_raw(name))) for flags, delimiter, name in listed]


def _raw(name: object) -> bytes | str:
    return name if isinstance(name, (bytes, str)) else str(name)


def list_remote_folders(session: ImapSession) -> list[RemoteFolder]:
    """LIST and LSUB, merged; folders that cannot be selected are left out."""
    with session._guard("listing folders"):
        listed = list_raw_folders(session)
        subscribed = {raw for _flags, _delim, raw in list_raw_folders(session, subscribed=True)}
    folders: list[RemoteFolder] = []
    for flags, delimiter, raw in listed:
        text = decode_mailbox_name(raw)
        folder = RemoteFolder(
            name=text,
            raw_name=raw,
            delimiter=None if delimiter is None else _text(delimiter),
            attributes=tuple(_text(f) for f in flags),
            subscribed=raw in subscribed or text.upper() == "INBOX",
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
