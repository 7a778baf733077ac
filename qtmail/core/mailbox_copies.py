"""Putting our own messages into special folders: the Sent copy and saved drafts.

IMAP: the SPECIAL-USE folder (RFC 6154; by name when the server has no SPECIAL-USE,
created when missing), APPEND after looking for the Message-ID so a repeat
never makes a second copy. POP3 accounts have no server folders: the copy goes
into a local folder of the store with that role. Folder names here are the server's raw
names (see :func:`qtmail.core.sync.folders.decode_mailbox_name` for why).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import imapclient
from imapclient import IMAPClient

from qtmail.core.errors import ErrorKind, MailError
from qtmail.core.mime import Address as MimeAddress
from qtmail.core.mime import parse_envelope
from qtmail.core.store import Address, Envelope, Flag, FolderSpec, Store
from qtmail.core.store.types import FolderRole
from qtmail.core.sync.folders import (
    decode_mailbox_name,
    encode_mailbox_name,
    raw_folder_names,
    raw_mailbox_text,
)

SPECIAL_USE_FLAG: dict[FolderRole, bytes] = {"sent": b"\\Sent", "drafts": b"\\Drafts"}
DEFAULT_NAME: dict[FolderRole, str] = {"sent": "Sent", "drafts": "Drafts"}
_UID_IN_APPENDUID = re.compile(rb"APPENDUID \d+ (\d+)", re.IGNORECASE)


def imap_special_folder(client: IMAPClient, role: FolderRole) -> str:
    """The server's folder for ``role``: SPECIAL-USE first, then common names, else create it."""
    with raw_folder_names(client):  # the server's own name, never a re-encoded one
        listed = client.list_folders()
    for flags, _delimiter, raw in listed:
        if SPECIAL_USE_FLAG[role] in flags:
            return raw_mailbox_text(raw)
    found = client.find_special_folder(SPECIAL_USE_FLAG[role])  # by common names, decoded
    if isinstance(found, str) and found:
        return encode_mailbox_name(found)
    name = DEFAULT_NAME[role]
    client.create_folder(name)
    try:
        client.subscribe_folder(name)
    except imapclient.exceptions.IMAPClientError:
        pass  # subscribing is a courtesy; the copy is what matters
    return name


def imap_uids_with_message_id(client: IMAPClient, folder: str, message_id: str) -> list[int]:
    """UIDs in ``folder`` whose Message-ID header is ``message_id`` (UID SEARCH HEADER Message-ID)."""
    with raw_folder_names(client):
        client.select_folder(folder, readonly=True)
    found = client.search(["HEADER", "Message-ID", message_id])
    return sorted(int(uid) for uid in found)


def has_crlf_line_ends_only(raw: bytes) -> bool:
    """Whether every line of ``raw`` ends with CRLF (no bare CR or LF); three memchr-speed counts."""
    newlines = raw.count(b"\n")
    return newlines == raw.count(b"\r") and newlines == raw.count(b"\r\n")


def imap_append(client: IMAPClient, folder: str, raw: bytes, flags: tuple[bytes, ...]) -> int | None:
    """APPEND and return the new UID when the server says it (UIDPLUS), else None.

    Why not always ``client.append``: imaplib rewrites every line ending of the message
    with a regex first, 0.2 s for a 34 MB one that has only CRLF already. When the server
    offers MULTIAPPEND (RFC 3502) imapclient sends such a message as a literal as it is.
    """
    shown = decode_mailbox_name(folder)
    # multiappend() only works with imapclient's name coding on, so only for canonical names.
    if (
        encode_mailbox_name(shown) == folder
        and client.has_capability("MULTIAPPEND")
        and has_crlf_line_ends_only(raw)
    ):
        status, data = client.multiappend(shown, [{"msg": raw, "flags": flags}])
        if status != "OK":  # unlike append(), a NO comes back as a value here
            raise imapclient.exceptions.IMAPClientError(f"append failed ({status}): {data!r}"[:300])
        response = b" ".join(d for d in data if isinstance(d, bytes))
    else:
        with raw_folder_names(client):
            response = client.append(folder, raw, flags=flags)
    text = response if isinstance(response, bytes) else str(response).encode()
    match = _UID_IN_APPENDUID.search(text)
    return int(match.group(1)) if match else None


def imap_delete_uids(client: IMAPClient, folder: str, uids: list[int]) -> None:
    """Remove messages by UID: flag \\Deleted, then UID EXPUNGE (UIDPLUS) or EXPUNGE."""
    if not uids:
        return
    with raw_folder_names(client):
        client.select_folder(folder)
    client.add_flags(uids, [b"\\Deleted"], silent=True)
    if client.has_capability("UIDPLUS"):
        client.uid_expunge(uids)
    else:
        client.expunge()


def ensure_imap_copy(
    client: IMAPClient,
    role: FolderRole,
    raw: bytes,
    message_id: str,
    *,
    flags: tuple[bytes, ...],
    after_append: Callable[[], None] | None = None,
) -> bool:
    """Make sure exactly one copy with ``message_id`` is in the ``role`` folder; True if appended now."""
    folder = imap_special_folder(client, role)
    if imap_uids_with_message_id(client, folder, message_id):
        return False
    imap_append(client, folder, raw, flags)
    if after_append is not None:
        after_append()
    return True


# ---------------------------------------------------------------- local folders (POP3)


def local_folder_id(store: Store, account: str, role: FolderRole) -> int:
    """The account's local folder with ``role``, created on first use."""
    existing = store.folders.by_role(account, role)
    if existing is not None:
        return existing.id
    spec = FolderSpec(account, DEFAULT_NAME[role], raw_name=None, role=role, local_only=True)
    return store.folders.upsert(spec).id


def _store_addresses(addresses: list[MimeAddress]) -> tuple[Address, ...]:
    return tuple(Address(a.name, a.address) for a in addresses)


def envelope_of(raw: bytes, flags: Flag) -> Envelope:
    """The store envelope of one of our own messages (never raises on odd input)."""
    summary = parse_envelope(raw[:65536])
    sender = summary.from_[0] if summary.from_ else MimeAddress("", "")
    date = summary.date or datetime.now(UTC)
    return Envelope(
        date=date if date.tzinfo is not None else date.replace(tzinfo=UTC),
        message_id=summary.message_id,
        in_reply_to=summary.in_reply_to,
        references=" ".join(summary.references) or None,
        sender=Address(sender.name, sender.address),
        to=_store_addresses(summary.to),
        cc=_store_addresses(summary.cc),
        subject=summary.subject or "",
        size=len(raw),
        flags=flags,
        attachments=1 if summary.has_attachments else 0,
    )


def store_local_copy(
    store: Store,
    account: str,
    role: FolderRole,
    raw: bytes,
    message_id: str,
    *,
    durable_file: tuple[Path, str] | None = None,
) -> int:
    """Put ``raw`` into the account's local ``role`` folder unless its Message-ID is there; the store id.

    ``durable_file`` (path, SHA-256): ``raw`` is already on disk there (the outbox's file of
    a large message); the cache links to it instead of writing the bytes again.
    """
    folder_id = local_folder_id(store, account, role)
    existing = store.messages.find_by_message_id(folder_id, message_id)
    if existing:
        return existing[0].id
    flags = Flag.SEEN | (Flag.DRAFT if role == "drafts" else Flag.NONE)
    envelope = envelope_of(raw, flags)
    if envelope.message_id != message_id:
        envelope = envelope._replace(message_id=message_id)
    store.messages.insert(folder_id, [envelope])
    rows = store.messages.find_by_message_id(folder_id, message_id)
    if not rows:
        raise MailError(ErrorKind.STORAGE, "the local copy could not be stored")
    if durable_file is not None:
        path, sha256 = durable_file
        store.bodies.store_linked(rows[-1].id, path, sha256, len(raw))
    else:
        store.bodies.store(rows[-1].id, raw)
    return rows[-1].id


__all__ = [
    "ensure_imap_copy",
    "envelope_of",
    "imap_append",
    "imap_delete_uids",
    "imap_special_folder",
    "imap_uids_with_message_id",
    "local_folder_id",
    "store_local_copy",
]
