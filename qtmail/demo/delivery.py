"""Delivery: a message the demo's SMTP server accepted goes into the demo account's Inbox.

The store is opened per delivery by the calling thread (one Store per thread); the GUI
notices the new row through the store's data version, like mail from a sync.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Final

from qtmail.core.store import Store
from qtmail.core.sync.bodies import store_body
from qtmail.core.sync.pop3_sync import envelope_for, local_inbox

DELIVERED_UIDL_PREFIX: Final = "demo-delivered-"


def delivered_uidl(raw: bytes) -> str:
    """A UIDL from the content: the same message delivered twice (an at-least-once resend) is kept once."""
    return DELIVERED_UIDL_PREFIX + hashlib.sha256(raw).hexdigest()[:32]


def deliver(store: Store, account: str, raw: bytes, *, received: datetime | None = None) -> int | None:
    """Store ``raw`` as a new unread message in ``account``'s Inbox; its store id (None if already there)."""
    inbox = local_inbox(store, account)
    uidl = delivered_uidl(raw)
    envelope = envelope_for(raw, uidl, received or datetime.now(UTC))
    if not store.messages.insert(inbox.id, [envelope]):
        return None
    stored = store.messages.by_uidl(inbox.id, uidl)
    if stored is None:
        return None
    store_body(store, stored.id, raw)
    return stored.id
