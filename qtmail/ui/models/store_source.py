"""The store seen from the GUI: one Store per thread, and the message list's row source.

SQLite connections belong to the thread that opened them, so :class:`ThreadStores`
opens one per thread on first use (the GUI thread's for fast reads, each worker's
for writes); WAL lets them work side by side.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence

from qtmail.core.profile import Profile
from qtmail.core.store import MessageSummary, Store
from qtmail.core.store.threads import ThreadLayout, Threads
from qtmail.ui.models.message_list import ListQuery


class ThreadStores:
    """``get()`` returns this thread's Store of the profile, opening it once."""

    def __init__(self, profile: Profile) -> None:
        self.profile = profile
        self._local = threading.local()
        self._lock = threading.Lock()
        self._opened: list[Store] = []

    def get(self) -> Store:
        store: Store | None = getattr(self._local, "store", None)
        if store is None:
            store = Store.for_profile(self.profile)
            self._local.store = store
            with self._lock:
                self._opened.append(store)
        return store

    def close_current(self) -> None:
        """Close this thread's store (each thread closes its own)."""
        store: Store | None = getattr(self._local, "store", None)
        if store is not None:
            self._local.store = None
            with self._lock:
                if store in self._opened:
                    self._opened.remove(store)
            store.close()


class StoreMessageSource:
    """Rows for :class:`MessageListModel` from the store: folder/unified pages or FTS search."""

    def __init__(self, stores: ThreadStores) -> None:
        self.stores = stores

    def count(self, query: ListQuery) -> int:
        store = self.stores.get()
        if query.thread is not None:
            return len(store.messages.thread(*query.thread))
        if query.search:
            account, folder_id = self._search_scope(query)
            return store.searcher.count(query.search, account=account, folder_id=folder_id)
        return store.pages.count(query.scope)

    def page(self, query: ListQuery, offset: int, limit: int) -> Sequence[MessageSummary]:
        store = self.stores.get()
        if query.thread is not None:  # a conversation is short: read whole, sliced
            return store.messages.thread(*query.thread)[offset : offset + limit]
        if query.search:
            account, folder_id = self._search_scope(query)
            return store.searcher.search(
                query.search, account=account, folder_id=folder_id, limit=limit, offset=offset
            )
        return store.pages.page(query.scope, query.sort, query.descending, offset=offset, limit=limit)

    def position(self, query: ListQuery, message_id: int) -> int | None:
        if query.thread is not None:
            ids = [m.id for m in self.stores.get().messages.thread(*query.thread)]
            return ids.index(message_id) if message_id in ids else None
        if query.search:
            return None  # search results are ranked, not indexed: found only among loaded rows
        return self.stores.get().pages.index_of(query.scope, message_id, query.sort, query.descending)

    def thread_layout(self, query: ListQuery) -> ThreadLayout:
        store = self.stores.get()
        return Threads(store.db, store.pages).layout(query.scope, query.sort, query.descending)

    def summaries(self, ids: Sequence[int]) -> Sequence[MessageSummary]:
        return self.stores.get().messages.get_many(ids)

    def arrange(self, threads: Sequence[Sequence[int]]) -> list[list[tuple[int, int]]]:
        store = self.stores.get()
        return Threads(store.db, store.pages).arrange_many(threads)

    @staticmethod
    def _search_scope(query: ListQuery) -> tuple[str | None, int | None]:
        """(account, folder id) to search in: the shown folder, else everything."""
        if query.scope.folder_id is not None:
            return None, query.scope.folder_id
        if query.scope.accounts is not None and len(query.scope.accounts) == 1:
            return query.scope.accounts[0], None
        return None, None
