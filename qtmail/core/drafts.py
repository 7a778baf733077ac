"""Explicit "Save Draft": the draft goes to the account's Drafts folder, replacing its previous version.

The composer's frequent autosave stays local (:class:`qtmail.core.store.drafts.Drafts`);
this is the deliberate save (and closing the composer with a draft). IMAP: APPEND the
new version (\\Draft \\Seen) to the SPECIAL-USE Drafts folder first, then delete the old
one by UID, so a failure in between leaves two versions, never none. POP3 accounts keep
a local Drafts folder in the store, replaced the same way.

A draft keeps its Bcc header (:func:`draft_bytes`), as other clients' drafts do, so that
:func:`reopen_draft` gives the blind copies back; the message finally sent is composed
without it, and :mod:`qtmail.core.smtp` refuses to submit bytes that still carry one.
"""

from __future__ import annotations

from dataclasses import dataclass

from qtmail.core.accounts import Account
from qtmail.core.credentials import CredentialStore
from qtmail.core.mailbox_copies import (
    envelope_of,
    imap_append,
    imap_delete_uids,
    imap_special_folder,
    imap_uids_with_message_id,
    local_folder_id,
)
from qtmail.core.mime import Address, Attachment, OutgoingMessage, compose, parse
from qtmail.core.mime.addresses import addresses_from_header
from qtmail.core.mime.headers import read_header_block
from qtmail.core.mime.tree import guess_header_charset
from qtmail.core.net.connect import DEFAULT_TIMEOUT, imap_session_for
from qtmail.core.net.protocol_log import ProtocolLog
from qtmail.core.store import Flag, Store

DRAFT_FLAGS = (b"\\Draft", b"\\Seen")


def draft_bytes(message: OutgoingMessage) -> bytes:
    """The wire form of a draft: the message as it would be sent, plus its Bcc header."""
    return compose(message, keep_bcc=True)


def reopen_draft(raw: bytes) -> OutgoingMessage:
    """A saved draft (ours or another client's) as a message to edit again, Bcc included.

    Keeps the Message-ID, so saving it again replaces this version. Never raises on odd
    input: what cannot be read is left out (the parser records it as a defect).
    """
    parsed = parse(raw)
    top = read_header_block(raw)
    bcc, _broken = addresses_from_header(top.get_all("bcc"), guess_header_charset(raw))
    attachments = [
        Attachment(
            filename=info.filename or info.safe_filename,
            data=info.data(),
            content_type=info.content_type,
            inline=info.inline,
            content_id=info.content_id,
        )
        for info in parsed.attachments
    ]
    return OutgoingMessage(
        from_=parsed.from_[0] if parsed.from_ else Address("", ""),
        to=list(parsed.to),
        cc=list(parsed.cc),
        bcc=bcc,
        reply_to=list(parsed.reply_to),
        subject=parsed.subject or "",
        text=parsed.text if parsed.text is not None else ("" if parsed.html is None else None),
        html=parsed.raw_html,
        attachments=[a for a in attachments if not a.inline],
        inline_images=[a for a in attachments if a.inline and a.content_id],
        in_reply_to=parsed.in_reply_to,
        references=list(parsed.references),
        message_id=parsed.message_id,
    )


@dataclass(frozen=True)
class SavedDraft:
    """Where the draft now is: the server folder and UID (IMAP) or the store id (local)."""

    folder: str
    uid: int | None = None
    store_id: int | None = None
    replaced: int = 0  # how many older versions were removed


def save_draft(
    account: Account,
    raw: bytes,
    *,
    message_id: str,
    replaces: str | None = None,
    store: Store,
    credentials: CredentialStore,
    log: ProtocolLog | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> SavedDraft:
    """Store ``raw`` (Message-ID ``message_id``) as the account's draft, replacing ``replaces``.

    ``replaces`` is the Message-ID of the version saved before (it may equal ``message_id``).
    """
    if account.incoming.protocol != "imap":
        return _save_local(store, account, raw, message_id, replaces)
    password = credentials.require(account, "incoming")
    with imap_session_for(account, password, log, timeout=timeout) as client:
        folder = imap_special_folder(client, "drafts")
        old = imap_uids_with_message_id(client, folder, replaces) if replaces else []
        uid = imap_append(client, folder, raw, DRAFT_FLAGS)
        stale = [u for u in old if u != uid]
        imap_delete_uids(client, folder, stale)
        return SavedDraft(folder=folder, uid=uid, replaced=len(stale))


def _save_local(
    store: Store, account: Account, raw: bytes, message_id: str, replaces: str | None
) -> SavedDraft:
    folder_id = local_folder_id(store, account.name, "drafts")
    old = {m.id for m in store.messages.find_by_message_id(folder_id, replaces)} if replaces else set()
    old |= {m.id for m in store.messages.find_by_message_id(folder_id, message_id)}
    envelope = envelope_of(raw, Flag.DRAFT | Flag.SEEN)._replace(message_id=message_id)
    with store.db.write():
        store.messages.insert(folder_id, [envelope])
        new_id = max(m.id for m in store.messages.find_by_message_id(folder_id, message_id))
        store.messages.delete(sorted(old))
    store.bodies.store(new_id, raw)
    folder = store.folders.get(folder_id)
    return SavedDraft(folder=folder.path, store_id=new_id, replaced=len(old))


def remove_draft(
    account: Account,
    message_id: str,
    *,
    store: Store,
    credentials: CredentialStore,
    log: ProtocolLog | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> int:
    """The draft was sent: every version with ``message_id`` leaves the Drafts folder.

    As other clients do once a draft goes out. Call it only when the message is safe in
    the outbox. IMAP: the server's copies are expunged; the store's copies go at once
    (not at the next sync), so the list stops showing the draft. Returns how many were removed.
    """
    removed = 0
    if account.incoming.protocol == "imap":
        password = credentials.require(account, "incoming")
        with imap_session_for(account, password, log, timeout=timeout) as client:
            folder = imap_special_folder(client, "drafts")
            uids = imap_uids_with_message_id(client, folder, message_id)
            imap_delete_uids(client, folder, uids)
            removed = len(uids)
    drafts = store.folders.by_role(account.name, "drafts")
    if drafts is not None:
        stored = [m.id for m in store.messages.find_by_message_id(drafts.id, message_id)]
        store.messages.delete(stored)
        removed = max(removed, len(stored))
    return removed
