"""The local message store: SQLite (WAL, FTS5) plus a file cache of raw messages.

Start with :class:`Store`::

    with Store.for_profile(profile) as store:
        inbox = store.folders.upsert(FolderSpec("work", "INBOX", raw_name="INBOX", role="inbox"))
        store.messages.insert(inbox.id, envelopes)          # sync: bulk upsert by UID
        page = store.pages.page(Scope.folder(inbox.id), SortKey.DATE, True, offset=0, limit=50)
        hits = store.searcher.search("quarterly report bob@example.com")

One Store per thread; see :class:`Store` for the rules.
"""

from qtmail.core.store.folders import guess_role
from qtmail.core.store.messages import FlagUpdate
from qtmail.core.store.schema import SCHEMA_VERSION
from qtmail.core.store.store import Store
from qtmail.core.store.types import (
    FOLDER_ROLES,
    Address,
    AddressSuggestion,
    Draft,
    Envelope,
    Flag,
    FolderInfo,
    FolderRole,
    FolderSpec,
    MessageSummary,
    Operation,
    OutboxItem,
    OutboxState,
    Scope,
    SortKey,
)

__all__ = [
    "FOLDER_ROLES",
    "SCHEMA_VERSION",
    "Address",
    "AddressSuggestion",
    "Draft",
    "Envelope",
    "Flag",
    "FlagUpdate",
    "FolderInfo",
    "FolderRole",
    "FolderSpec",
    "MessageSummary",
    "Operation",
    "OutboxItem",
    "OutboxState",
    "Scope",
    "SortKey",
    "Store",
    "guess_role",
]
