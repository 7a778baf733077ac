"""The lazy message list: a table model over the store that loads rows in pages.

``rowCount`` comes from the store's O(1) count, rows are fetched a page at a time
(around what the view asks for) and kept in a small LRU of pages, so a folder of
100,000 messages opens at once and memory stays flat while scrolling.

Page loads are synchronous on the GUI thread by default: the store serves a page in
a few milliseconds at any offset (see ``benchmarks/bench_message_list.py``). Give the
model a worker queue and it loads pages there instead, showing placeholders until
the rows arrive (``dataChanged``).

Grouped by thread (``ListQuery.threaded``), the rows come from a
:class:`~qtmail.core.store.threads.ThreadLayout` (ids only, in thread order) and
:class:`ThreadRows` (which of them are shown: threads start closed); row data is then
loaded by id a page of rows at a time into an LRU, so opening or closing a thread never
reloads what is already there. Search results and a single conversation stay flat.

Reading the thread order of a big folder takes a query of about 200 ms (100,000 messages),
so with a worker (``loader``, or ``layout_loader`` for thread orders only) it runs there:
the list keeps showing what it showed (another folder's rows go at once) until the new
order and the rows around the view are ready, then swaps them in with one model reset
(views keep selection and scroll position by message id, open threads stay open by their
messages). A result overtaken by a newer change, sort or folder is dropped. Folders under
``sync_layout_below`` messages are ordered at once (a few milliseconds) so they never wait
for a worker.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any, ClassVar, Protocol

from PySide6.QtCore import (
    QAbstractTableModel,
    QByteArray,
    QCoreApplication,
    QDateTime,
    QLocale,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont

from qtmail.core.errors import MailError
from qtmail.core.mime.filenames import shown_text
from qtmail.core.store.threads import ThreadLayout
from qtmail.core.store.types import Flag, MessageSummary, Scope, SortKey
from qtmail.ui.icons import icon
from qtmail.ui.models.roles import Roles
from qtmail.ui.models.thread_rows import ThreadRows
from qtmail.ui.workers import CancelToken, TaskQueue

MESSAGE_IDS_MIME = "application/x-qtmail-message-ids"
PAGE_SIZE = 200
CACHED_PAGES = 24
SYNC_LAYOUT_BELOW = 2000  # messages: a smaller folder's thread order is read on the GUI thread (~4 ms)

_ROOT = QModelIndex()  # the invalid index: the root of a model


def tr(text: str) -> str:
    return QCoreApplication.translate("MessageList", text)


@dataclass(frozen=True)
class ListQuery:
    """What the list shows and in which order."""

    scope: Scope
    sort: SortKey = SortKey.DATE
    descending: bool = True
    search: str = ""
    thread: tuple[str, str] | None = None  # (account, thread key): one conversation, oldest first
    threaded: bool = False  # grouped by thread (not for search results or one conversation)

    @property
    def shows_threads(self) -> bool:
        return self.threaded and not self.search and self.thread is None


class MessageSource(Protocol):
    """Where rows come from; ``page`` may be called on a worker thread when loading asynchronously."""

    def count(self, query: ListQuery) -> int: ...

    def page(self, query: ListQuery, offset: int, limit: int) -> Sequence[MessageSummary]: ...

    def position(self, query: ListQuery, message_id: int) -> int | None: ...

    def thread_layout(self, query: ListQuery) -> ThreadLayout: ...

    def summaries(self, ids: Sequence[int]) -> Sequence[MessageSummary]: ...

    def arrange(self, threads: Sequence[Sequence[int]]) -> list[list[tuple[int, int]]]: ...


@dataclass(frozen=True)
class _LayoutRequest:
    """A thread order being read on the worker, and what to do when it is in."""

    query: ListQuery
    show_recipients: bool | None
    reveal: tuple[int, ...]
    keep_open: bool
    generation: int
    open_changes: int  # the user opening/closing threads meanwhile makes the result stale


@dataclass(frozen=True)
class _LayoutResult:
    rows: ThreadRows
    summaries: list[MessageSummary]  # the rows around the view, so the swap shows no placeholders


def build_thread_rows(
    source: MessageSource,
    query: ListQuery,
    *,
    open_ids: Sequence[int],
    previous: ThreadRows | None,
    near: int | None,
    before: int,
    after: int,
    token: CancelToken | None = None,
) -> _LayoutResult:
    """The thread order, its shown rows and the row data around ``near`` (runs on a worker)."""
    layout = source.thread_layout(query)
    if token is not None:
        token.raise_if_cancelled()
    rows = ThreadRows(
        layout,
        source.arrange,
        open_ids=[*open_ids, *(previous.open_ids() if previous is not None else ())],
        previous=previous,
    )
    if token is not None:
        token.raise_if_cancelled()
    ids = [rows.message_id(row) for row in rows.rows_around(near, before, after)]
    try:
        summaries = list(source.summaries(ids)) if ids else []
    except MailError:
        summaries = []  # the rows load as the view asks for them
    return _LayoutResult(rows, summaries)


class MessageListModel(QAbstractTableModel):
    """Columns: flag, attachment, from/to, subject, date, size. Sorting is done by the store."""

    FLAG, ATTACHMENT, CORRESPONDENT, SUBJECT, DATE, SIZE = range(6)
    COLUMN_COUNT = 6
    SORT_KEYS: ClassVar[dict[int, SortKey]] = {
        CORRESPONDENT: SortKey.SENDER,
        SUBJECT: SortKey.SUBJECT,
        DATE: SortKey.DATE,
        SIZE: SortKey.SIZE,
    }

    page_loaded = Signal(int)  # page number
    load_failed = Signal(str)  # the store could not answer (shown in the status bar)
    query_changed = Signal()
    layout_loading = Signal(bool)  # a thread order is being read on the worker (True) / is in or dropped

    def __init__(
        self,
        source: MessageSource | None = None,
        *,
        page_size: int = PAGE_SIZE,
        cached_pages: int = CACHED_PAGES,
        loader: TaskQueue | None = None,
        layout_loader: TaskQueue | None = None,
        sync_layout_below: int = SYNC_LAYOUT_BELOW,
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self.source = source
        self.query: ListQuery | None = None  # what was asked for (the rows may still show the last one)
        self._rows_query: ListQuery | None = None  # what the rows come from
        self.page_size = page_size
        self.cached_pages = max(2, cached_pages)
        self.loader = loader
        self.layout_loader = layout_loader if layout_loader is not None else loader
        self.sync_layout_below = sync_layout_below
        self.show_recipients = False  # Sent/Drafts/Outbox show "To" instead of "From"
        self._count = 0
        self._pages: OrderedDict[int, list[MessageSummary]] = OrderedDict()
        self._loading: dict[int, int] = {}  # page -> request id
        self._generation = 0
        self._bold = QFont()
        self._bold.setBold(True)
        self._flag_icon = icon("flag")
        self._attachment_icon = icon("attachment")
        self._locale = QLocale()
        self.page_loads = 0
        self._threads: ThreadRows | None = None  # grouped by thread: which rows are shown
        self._by_id: OrderedDict[int, MessageSummary] = OrderedDict()  # grouped: loaded rows, LRU
        self._failed_pages: set[int] = set()  # grouped: pages the store could not answer
        self._layout_request: _LayoutRequest | None = None  # a thread order being read on the worker
        self._layout_request_id: int | None = None
        self._layout_generation = 0
        self._open_changes = 0  # threads opened or closed by hand (a pending order may miss them)
        self._updated_since_request: dict[int, MessageSummary] = {}  # flags changed while an order was read
        self._visible: tuple[int, int] = (0, 0)  # the rows a view showed last (rows loaded with an order)

    # --- what is shown ------------------------------------------------------------------
    def set_query(
        self, query: ListQuery | None, *, show_recipients: bool | None = None, reveal: Sequence[int] = ()
    ) -> None:
        """Show another folder/search/order: a model reset (the view restores what it can).

        Grouped by thread, the threads of ``reveal`` open (the shown message keeps its row).
        With a worker, a big folder's thread order is read there: the rows change when it is in.
        """
        keep_open = (
            query is not None and self._rows_query is not None and query.scope == self._rows_query.scope
        )
        pending = self._layout_request
        if pending is not None and query is not None and query.scope == pending.query.scope:
            reveal = [*reveal, *pending.reveal]  # still to be revealed
            if show_recipients is None:
                show_recipients = pending.show_recipients
        self.query = query
        self._apply(show_recipients=show_recipients, reveal=reveal, keep_open=keep_open)
        self.query_changed.emit()

    def refresh(self) -> None:
        """Re-read the count and drop cached rows (after sync or local changes).

        A reset: views keep selection and scroll position by message id (MessageListView).
        Grouped by thread with a worker, the reset comes when the new thread order is in.
        """
        pending = self._layout_request
        if pending is not None:  # read again from scratch, with what the pending one was asked
            self._apply(
                show_recipients=pending.show_recipients, reveal=pending.reveal, keep_open=pending.keep_open
            )
        else:
            self._apply(show_recipients=None, reveal=(), keep_open=True)

    def _apply(self, *, show_recipients: bool | None, reveal: Sequence[int], keep_open: bool) -> None:
        """Show ``self.query``: now, or once its thread order is read on the worker."""
        if self._defers(self.query):
            assert self.query is not None
            if self._rows_query is None or self._rows_query.scope != self.query.scope:
                # Another folder: its order is not there yet, but the last folder's rows must go now.
                self.beginResetModel()
                self._rows_query = self.query
                if show_recipients is not None:
                    self.show_recipients = show_recipients
                self._clear_rows()
                self.endResetModel()
            self._request_layout(show_recipients=show_recipients, reveal=reveal, keep_open=keep_open)
            return
        self._drop_layout_request()
        self.beginResetModel()
        self._rows_query = self.query
        if show_recipients is not None:
            self.show_recipients = show_recipients
        self._reload_count(keep_open=keep_open, reveal=reveal)
        self.endResetModel()

    def _clear_rows(self) -> None:
        """No rows, nothing cached, no page still coming (inside a reset)."""
        self._generation += 1
        self._pages.clear()
        self._by_id.clear()
        self._failed_pages.clear()
        if self.loader is not None:
            for request_id in self._loading.values():
                self.loader.cancel(request_id)
        self._loading.clear()
        self._threads = None
        self._count = 0

    def _reload_count(self, *, keep_open: bool = False, reveal: Sequence[int] = ()) -> None:
        previous = self._threads if keep_open else None
        open_ids = [*reveal, *(previous.open_ids() if previous is not None else ())]
        self._clear_rows()
        query = self._rows_query
        if self.source is None or query is None:
            self._count = 0
        elif query.shows_threads:
            layout = self.source.thread_layout(query)
            self._threads = ThreadRows(layout, self.source.arrange, open_ids=open_ids, previous=previous)
            self._count = len(self._threads)
        else:
            self._count = self.source.count(query)

    # --- thread orders read on a worker ------------------------------------------------------
    def is_loading_layout(self) -> bool:
        """A thread order is being read on the worker (the rows still show the previous one)."""
        return self._layout_request is not None

    def note_visible_rows(self, first: int, last: int) -> None:
        """Views say what they show, so a new thread order comes with those rows' data."""
        self._visible = (first, last)

    def _defers(self, query: ListQuery | None) -> bool:
        """Read this query's thread order on the worker? (Big folders, when there is one.)"""
        if query is None or not query.shows_threads or self.layout_loader is None or self.source is None:
            return False
        if self.sync_layout_below <= 0:
            return True
        try:
            return self.source.count(query) >= self.sync_layout_below
        except MailError:
            return False  # read at once: the store's error surfaces as before

    def _request_layout(
        self, *, show_recipients: bool | None, reveal: Sequence[int], keep_open: bool
    ) -> None:
        """Read ``self.query``'s thread order on the worker; any request still out goes stale."""
        assert self.layout_loader is not None and self.source is not None and self.query is not None
        was_loading = self._layout_request is not None
        self._cancel_layout_request()
        self._layout_generation += 1
        request = _LayoutRequest(
            self.query, show_recipients, tuple(reveal), keep_open, self._layout_generation, self._open_changes
        )
        self._layout_request = request
        self._updated_since_request = {}
        previous = self._threads.snapshot() if keep_open and self._threads is not None else None
        near = self.known_id(self._visible[0]) if keep_open else None
        span = max(self.page_size, self._visible[1] - self._visible[0] + 1)
        source, query = self.source, self.query
        before, after = self.page_size // 4, span + self.page_size // 4

        def work(token: CancelToken) -> _LayoutResult:
            return build_thread_rows(
                source,
                query,
                open_ids=request.reveal,
                previous=previous,
                near=near,
                before=before,
                after=after,
                token=token,
            )

        def done(result: object) -> None:
            if isinstance(result, _LayoutResult):
                self._swap_in(request, result)

        def failed(error: MailError) -> None:
            if request is self._layout_request:
                self._end_layout_request()
                self.load_failed.emit(str(error))

        def cancelled() -> None:
            if request is self._layout_request:  # the worker shut down
                self._end_layout_request()

        self._layout_request_id = self.layout_loader.submit(
            work, on_done=done, on_error=failed, on_cancel=cancelled
        )
        if not was_loading:
            self.layout_loading.emit(True)

    def _swap_in(self, request: _LayoutRequest, result: _LayoutResult) -> None:
        """Show a thread order read on the worker, unless something newer came meanwhile."""
        if request is not self._layout_request or request.generation != self._layout_generation:
            return  # stale: a newer change, sort or folder was asked for since
        if request.open_changes != self._open_changes:  # threads opened/closed by hand since: read again
            self._request_layout(
                show_recipients=request.show_recipients, reveal=request.reveal, keep_open=request.keep_open
            )
            return
        rows, updated = result.rows, self._updated_since_request
        if updated:  # read or unread meanwhile, maybe after the worker had read the flags
            for message_id, position in rows.layout.positions_of(updated).items():
                rows.layout.unread[position] = 1 if updated[message_id].unread else 0
        self._layout_request = None
        self._layout_request_id = None
        self.beginResetModel()
        self._clear_rows()
        self._rows_query = request.query
        if request.show_recipients is not None:
            self.show_recipients = request.show_recipients
        self._threads = rows
        self._count = len(rows)
        self._remember_rows([updated.get(summary.id, summary) for summary in result.summaries])
        self.endResetModel()
        self._updated_since_request = {}
        self.layout_loading.emit(False)

    def _cancel_layout_request(self) -> None:
        if self._layout_request_id is not None and self.layout_loader is not None:
            self.layout_loader.cancel(self._layout_request_id)  # a query under way still ends; it is dropped
        self._layout_request_id = None

    def _end_layout_request(self) -> None:
        self._layout_request = None
        self._layout_request_id = None
        self._updated_since_request = {}
        self.layout_loading.emit(False)

    def _drop_layout_request(self) -> None:
        """Nothing pending any more (the rows are about to be set at once)."""
        if self._layout_request is None:
            return
        self._cancel_layout_request()
        self._layout_generation += 1
        self._end_layout_request()

    def update_rows(self, summaries: Sequence[MessageSummary]) -> None:
        """Replace cached rows in place (flags changed) without a reset."""
        if self._layout_request is not None:
            self._updated_since_request.update((summary.id, summary) for summary in summaries)
        if self._threads is not None:
            self._update_thread_rows(summaries)
            return
        by_id = {summary.id: summary for summary in summaries}
        for page_number, rows in self._pages.items():
            for offset, row in enumerate(rows):
                updated = by_id.get(row.id)
                if updated is not None:
                    rows[offset] = updated
                    row_number = page_number * self.page_size + offset
                    self.dataChanged.emit(
                        self.index(row_number, 0), self.index(row_number, self.COLUMN_COUNT - 1)
                    )

    # --- row access ---------------------------------------------------------------------
    def summary(self, row: int, *, load: bool = True) -> MessageSummary | None:
        """The row's message, loading its page when needed (None while a placeholder)."""
        if not 0 <= row < self._count:
            return None
        if self._threads is not None:
            return self._thread_summary(row, load=load)
        page_number, offset = divmod(row, self.page_size)
        page = self._pages.get(page_number)
        if page is None:
            if not load:
                return None
            page = self._load_page(page_number)
            if page is None:
                return None
        else:
            self._pages.move_to_end(page_number)
        return page[offset] if offset < len(page) else None

    def loaded_rows(self) -> int:
        if self._threads is not None:
            return len(self._by_id)
        return sum(len(page) for page in self._pages.values())

    def row_of(self, message_id: int) -> int | None:
        """Where a message is now: from the cached pages, else asked of the store.

        Grouped by thread, a reply in a closed thread answers with its thread's row
        (:meth:`reveal` opens the thread first).
        """
        if self._threads is not None:
            return self._threads.row_of(message_id)
        for page_number, rows in self._pages.items():
            for offset, row in enumerate(rows):
                if row.id == message_id:
                    return page_number * self.page_size + offset
        if self.source is None or self._rows_query is None:
            return None
        position = self.source.position(self._rows_query, message_id)
        if position is None or not 0 <= position < self._count:
            return None
        return position

    def message_count(self) -> int:
        """How many messages are listed (grouped by thread, more than the rows of closed threads)."""
        return len(self._threads.layout) if self._threads is not None else self._count

    def known_id(self, row: int) -> int | None:
        """The row's message id if known without asking the store (views remembering their place)."""
        if self._threads is not None:
            return self._threads.message_id(row) if 0 <= row < self._count else None
        summary = self.summary(row, load=False)
        return summary.id if summary is not None else None

    def message_id(self, row: int) -> int | None:
        if self._threads is not None:
            return self._threads.message_id(row) if 0 <= row < self._count else None
        summary = self.summary(row)
        return summary.id if summary is not None else None

    def _load_page(self, page_number: int) -> list[MessageSummary] | None:
        assert self.source is not None and self._rows_query is not None
        if self.loader is None:
            try:
                rows = list(self.source.page(self._rows_query, page_number * self.page_size, self.page_size))
            except MailError as error:
                rows = []  # shown as empty rows rather than asking again on every paint
                self.load_failed.emit(str(error))
            self._store_page(page_number, rows)
            return rows
        if page_number not in self._loading:
            self._request_page(page_number)
        return None

    def _request_page(self, page_number: int) -> None:
        assert self.loader is not None and self.source is not None and self._rows_query is not None
        source, query, size, generation = self.source, self._rows_query, self.page_size, self._generation

        def work(_token: CancelToken) -> list[MessageSummary]:
            return list(source.page(query, page_number * size, size))

        def done(result: object) -> None:
            self._loading.pop(page_number, None)
            if generation != self._generation or not isinstance(result, list):
                return
            self._store_page(page_number, result)
            first = page_number * size
            last = min(first + len(result), self._count) - 1
            if last >= first:
                self.dataChanged.emit(self.index(first, 0), self.index(last, self.COLUMN_COUNT - 1))

        def forget(*_args: object) -> None:
            if generation == self._generation:
                self._loading.pop(page_number, None)

        self._loading[page_number] = self.loader.submit(work, on_done=done, on_error=forget, on_cancel=forget)

    def _store_page(self, page_number: int, rows: list[MessageSummary]) -> None:
        self.page_loads += 1
        self._pages[page_number] = rows
        self._pages.move_to_end(page_number)
        while len(self._pages) > self.cached_pages:
            self._pages.popitem(last=False)
        self.page_loaded.emit(page_number)

    def prefetch(self, first_row: int, last_row: int) -> None:
        """Load the pages covering the visible rows (and one ahead) before they are painted."""
        if self._count == 0:
            return
        first_page = max(0, first_row) // self.page_size
        last_page = min(self._count - 1, last_row + self.page_size // 2) // self.page_size
        for page_number in range(first_page, last_page + 1):
            if self._threads is not None:
                self._load_thread_page(page_number)
            elif page_number not in self._pages:
                self._load_page(page_number)

    # --- grouped by thread ---------------------------------------------------------------
    def is_threaded(self) -> bool:
        """Rows are threads (a search or a single conversation is flat even when grouping is on)."""
        return self._threads is not None

    def thread_layout(self) -> ThreadLayout | None:
        return self._threads.layout if self._threads is not None else None

    def _thread_summary(self, row: int, *, load: bool) -> MessageSummary | None:
        assert self._threads is not None
        message_id = self._threads.message_id(row)
        found = self._by_id.get(message_id)
        if found is not None:
            self._by_id.move_to_end(message_id)
            return found
        if load:
            self._load_thread_page(row // self.page_size)
        return self._by_id.get(message_id)

    def _missing_ids(self, page_number: int) -> list[int]:
        assert self._threads is not None
        first = page_number * self.page_size
        rows = range(first, min(first + self.page_size, self._count))
        return [i for i in (self._threads.message_id(row) for row in rows) if i not in self._by_id]

    def _load_thread_page(self, page_number: int) -> None:
        """Read the page's rows that are not loaded yet, by id (or ask the worker to)."""
        if page_number in self._failed_pages or page_number in self._loading:
            return
        ids = self._missing_ids(page_number)
        if not ids or self.source is None:
            return
        if self.loader is None:
            try:
                rows = list(self.source.summaries(ids))
            except MailError as error:
                self._failed_pages.add(page_number)  # not asked again on every paint
                self.load_failed.emit(str(error))
                return
            self._remember_rows(rows)
            if len(rows) < len(ids):  # removed meanwhile: placeholders until the refresh that follows
                self._failed_pages.add(page_number)
            return
        source, generation = self.source, self._generation

        def work(_token: CancelToken) -> list[MessageSummary]:
            return list(source.summaries(ids))

        def done(result: object) -> None:
            self._loading.pop(page_number, None)
            if generation != self._generation or not isinstance(result, list):
                return
            self._remember_rows(result)
            if len(result) < len(ids):
                self._failed_pages.add(page_number)
            if self._count:  # the rows may have moved since (a thread opened): repaint them all
                self.dataChanged.emit(self.index(0, 0), self.index(self._count - 1, self.COLUMN_COUNT - 1))

        def forget(*_args: object) -> None:
            if generation == self._generation:
                self._loading.pop(page_number, None)

        self._loading[page_number] = self.loader.submit(work, on_done=done, on_error=forget, on_cancel=forget)

    def _remember_rows(self, rows: Sequence[MessageSummary]) -> None:
        self.page_loads += 1
        for row in rows:
            self._by_id[row.id] = row
            self._by_id.move_to_end(row.id)
        capacity = self.cached_pages * self.page_size
        while len(self._by_id) > capacity:
            self._by_id.popitem(last=False)

    def _update_thread_rows(self, summaries: Sequence[MessageSummary]) -> None:
        """New flags: the rows, their thread's unread count and the thread's row."""
        assert self._threads is not None
        layout = self._threads.layout
        positions = layout.positions_of(summary.id for summary in summaries)
        changed_rows: set[int] = set()
        for summary in summaries:
            if summary.id in self._by_id:
                self._by_id[summary.id] = summary
            position = positions.get(summary.id)
            if position is None:
                continue
            layout.unread[position] = 1 if summary.unread else 0
            row = self._threads.row_of_position(position)
            if row is not None:
                changed_rows.add(row)
            changed_rows.add(self._threads.root_row(layout.thread_of(position)))
        for row in sorted(changed_rows):
            self.dataChanged.emit(self.index(row, 0), self.index(row, self.COLUMN_COUNT - 1))

    def thread_root_row(self, row: int) -> int | None:
        """The row of the thread ``row`` belongs to (itself for a root; None when not grouped)."""
        if self._threads is None or not 0 <= row < self._count:
            return None
        return self._threads.root_row(self._threads.thread_at(row))

    def thread_size(self, row: int) -> int:
        """How many messages the thread at ``row`` has (1 when not grouped)."""
        if self._threads is None or not 0 <= row < self._count:
            return 1
        return self._threads.layout.size(self._threads.thread_at(row))

    def is_thread_open(self, row: int) -> bool:
        if self._threads is None or not 0 <= row < self._count:
            return False
        return bool(self._threads.open[self._threads.thread_at(row)])

    def open_thread(self, row: int) -> bool:
        """Show the replies of the thread at ``row`` below its root; False if there is nothing to open."""
        threads = self._threads
        if threads is None or not 0 <= row < self._count:
            return False
        thread = threads.thread_at(row)
        if threads.open[thread] or threads.layout.size(thread) < 2:
            return False
        threads.arrange([thread])  # reorders hidden rows only
        self._open_changes += 1
        first, count = threads.replies_span(thread)
        self.beginInsertRows(_ROOT, first, first + count - 1)
        threads.open_thread(thread)
        self._count = len(threads)
        self._failed_pages.clear()
        self.endInsertRows()
        root = first - 1
        self.dataChanged.emit(self.index(root, 0), self.index(root, self.COLUMN_COUNT - 1))
        return True

    def close_thread(self, row: int) -> bool:
        """Hide the replies of the thread at ``row``; False if it was not open."""
        threads = self._threads
        if threads is None or not 0 <= row < self._count:
            return False
        thread = threads.thread_at(row)
        if not threads.open[thread]:
            return False
        first, count = threads.replies_span(thread)
        self._open_changes += 1
        self.beginRemoveRows(_ROOT, first, first + count - 1)
        threads.close_thread(thread)
        self._count = len(threads)
        self._failed_pages.clear()
        self.endRemoveRows()
        root = first - 1
        self.dataChanged.emit(self.index(root, 0), self.index(root, self.COLUMN_COUNT - 1))
        return True

    def toggle_thread(self, row: int) -> bool:
        return self.close_thread(row) or self.open_thread(row)

    def open_all_threads(self) -> None:
        """Thunderbird's ``*``: every thread open (a reset; views keep their place by message id)."""
        threads = self._threads
        if threads is None:
            return
        self._open_changes += 1
        self.beginResetModel()
        threads.open_threads(range(threads.layout.thread_count))
        self._count = len(threads)
        self._failed_pages.clear()
        self.endResetModel()

    def close_all_threads(self) -> None:
        """Thunderbird's ``\\``: every thread closed (a selected reply gives way to its thread)."""
        threads = self._threads
        if threads is None:
            return
        self._open_changes += 1
        self.beginResetModel()
        threads.close_all()
        self._count = len(threads)
        self._failed_pages.clear()
        self.endResetModel()

    def reveal(self, message_id: int) -> bool:
        """Make sure the message has a row of its own (open its thread); False if it is not listed."""
        threads = self._threads
        if threads is None:
            return True
        position = threads.layout.position_of(message_id)
        if position is None:
            return False
        if threads.row_of_position(position) is None:
            self.open_thread(threads.root_row(threads.layout.thread_of(position)))
        return True

    def next_unread_id(self, after_row: int) -> int | None:
        """Grouped: the first unread message after ``after_row`` in thread order, closed threads
        included, wrapping to the top (what Thunderbird's N finds)."""
        threads = self._threads
        if threads is None or self._count == 0:
            return None
        layout = threads.layout
        start = threads.visible[after_row] + 1 if 0 <= after_row < self._count else 0
        position = layout.unread.find(1, start)
        if position < 0:
            position = layout.unread.find(1, 0, start)
        return None if position < 0 else layout.ids[position]

    def ids_for_rows(self, rows: Sequence[int]) -> list[int]:
        """The messages rows stand for: a closed thread's row is the whole thread (as Thunderbird
        deletes, moves and drags it)."""
        ids: list[int] = []
        threads = self._threads
        for row in rows:
            if threads is None or not 0 <= row < self._count:
                message_id = self.message_id(row)
                if message_id is not None:
                    ids.append(message_id)
                continue
            thread = threads.thread_at(row)
            if threads.is_root(row) and not threads.open[thread]:
                start, end = threads.layout.bounds(thread)
                ids.extend(threads.layout.ids[start:end])
            else:
                ids.append(threads.message_id(row))
        return list(dict.fromkeys(ids))

    def _thread_role(self, row: int, role: int) -> Any:
        threads = self._threads
        if threads is None:
            return None
        thread = threads.thread_at(row)
        root = threads.is_root(row)
        if role == Roles.THREAD_DEPTH:
            return threads.depth_at(row)
        if role == Roles.THREAD_SIZE:
            return threads.layout.size(thread) if root else 0
        if role == Roles.THREAD_UNREAD:
            return threads.layout.unread_count(thread) if root else 0
        if role == Roles.THREAD_OPEN:
            return bool(threads.open[thread])
        return None

    def _thread_label(self, row: int) -> str | None:
        """ "5" or "5 · 2 unread" after a thread's subject (roots of threads with replies)."""
        threads = self._threads
        if threads is None or not threads.is_root(row):
            return None
        thread = threads.thread_at(row)
        size = threads.layout.size(thread)
        if size < 2:
            return None
        unread = threads.layout.unread_count(thread)
        if not unread:
            return str(size)
        unread_text = QCoreApplication.translate("MessageList", "%n unread", "", unread)
        return QCoreApplication.translate("MessageList", "{total} · {unread}").format(
            total=size, unread=unread_text
        )

    # --- Qt model API -------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else self.COLUMN_COUNT

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if section in (self.FLAG, self.ATTACHMENT):
                return ""
            if section == self.CORRESPONDENT:
                return tr("To") if self.show_recipients else tr("From")
            return {self.SUBJECT: tr("Subject"), self.DATE: tr("Date"), self.SIZE: tr("Size")}.get(section)
        if role == Qt.ItemDataRole.DecorationRole:
            if section == self.FLAG:
                return self._flag_icon
            if section == self.ATTACHMENT:
                return self._attachment_icon
        if role == Qt.ItemDataRole.ToolTipRole:
            return {self.FLAG: tr("Flagged"), self.ATTACHMENT: tr("Attachments")}.get(section)
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or not 0 <= index.row() < self._count:
            return None
        if role not in _ROLES_WE_ANSWER:
            return None
        if role in _THREAD_ROLES:
            return self._thread_role(index.row(), role)
        summary = self.summary(index.row())
        column = index.column()
        if summary is None:
            if role == Roles.LOADED:
                return False
            if role == Qt.ItemDataRole.DisplayRole and column == self.SUBJECT:
                return tr("Loading…")
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(summary, column)
        if role == Qt.ItemDataRole.DecorationRole:
            if column == self.FLAG and summary.flags & Flag.FLAGGED:
                return self._flag_icon
            if column == self.ATTACHMENT and summary.attachments:
                return self._attachment_icon
            return None
        if role == Qt.ItemDataRole.FontRole:
            return self._bold if summary.unread or self._closed_thread_has_unread(index.row()) else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(summary, column, index.row())
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column == self.SIZE:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return None
        if role == Qt.ItemDataRole.AccessibleTextRole:
            text = self._display(summary, column) or self._tooltip(summary, column, index.row())
            counts = self._thread_counts(index.row(), ", ") if column == self.SUBJECT else None
            return f"{text}, {counts}" if counts else text
        if role == Roles.THREAD_LABEL:
            return self._thread_label(index.row()) if column == self.SUBJECT else None
        return _summary_role(summary, role, column)

    def _closed_thread_has_unread(self, row: int) -> bool:
        """A closed thread's row is bold while any of its messages is unread (as in Thunderbird)."""
        threads = self._threads
        if threads is None or not threads.is_root(row):
            return False
        thread = threads.thread_at(row)
        return not threads.open[thread] and threads.layout.unread_count(thread) > 0

    def _display(self, summary: MessageSummary, column: int) -> str:
        # What strangers wrote shows without bidi overrides, line breaks or invisible characters
        # (a subject or name could otherwise reorder or fake what the row says).
        if column == self.CORRESPONDENT:
            if self.show_recipients:
                names = ", ".join(shown_text(a.name) or shown_text(a.address) for a in summary.to)
                return names or tr("(no recipient)")
            sender = summary.sender
            return shown_text(sender.name) or shown_text(sender.address) or tr("(unknown sender)")
        if column == self.SUBJECT:
            return shown_text(summary.subject) or tr("(no subject)")
        if column == self.DATE:
            return self.format_date(summary.date_epoch)
        if column == self.SIZE:
            return self._locale.formattedDataSize(summary.size, 0) if summary.size else ""
        return ""

    def _tooltip(self, summary: MessageSummary, column: int, row: int = -1) -> str | None:
        if column == self.FLAG:
            return tr("Flagged") if summary.flags & Flag.FLAGGED else None
        if column == self.ATTACHMENT:
            return tr("Has attachments") if summary.attachments else None
        if column == self.CORRESPONDENT:
            people = summary.to if self.show_recipients else (summary.sender,)
            text = ", ".join(
                f"{shown_text(a.name)} <{shown_text(a.address)}>" if a.name else shown_text(a.address)
                for a in people
            )
            if self._rows_query is not None and self._rows_query.scope.is_unified:  # which account it came to
                text += "\n" + tr("Account: {account}").format(account=summary.account)
            return text
        if column == self.DATE:
            return self._locale.toString(
                QDateTime.fromSecsSinceEpoch(summary.date_epoch), QLocale.FormatType.LongFormat
            )
        if column == self.SUBJECT:
            counts = self._thread_counts(row)
            if counts:
                return f"{summary.preview}\n\n{counts}" if summary.preview else counts
            return summary.preview or None
        return None

    def _thread_counts(self, row: int, separator: str = "\n") -> str | None:
        """ "4 messages in this thread", "2 unread" for a thread's row (tooltips, screen readers)."""
        threads = self._threads
        if threads is None or not 0 <= row < self._count or not threads.is_root(row):
            return None
        thread = threads.thread_at(row)
        size = threads.layout.size(thread)
        if size < 2:
            return None
        counts = QCoreApplication.translate("MessageList", "%n message(s) in this thread", "", size)
        unread = threads.layout.unread_count(thread)
        if unread:
            counts += separator + QCoreApplication.translate("MessageList", "%n unread", "", unread)
        return counts

    def format_date(self, epoch: int, now: datetime | None = None) -> str:
        """Time only for today; "Yesterday" or the weekday with the time for the last week
        (as KMail and Thunderbird do); day and month this year, else the short date."""
        moment = datetime.fromtimestamp(epoch).astimezone()
        today = (now or datetime.now()).astimezone().date()
        qdt = QDateTime.fromSecsSinceEpoch(epoch)
        time = self._locale.toString(qdt.time(), QLocale.FormatType.ShortFormat)
        days_ago = (today - moment.date()).days
        if days_ago == 0:
            return time
        if days_ago == 1:
            return tr("Yesterday {time}").format(time=time)
        if 1 < days_ago < 7:
            return tr("{weekday} {time}").format(
                weekday=self._locale.dayName(qdt.date().dayOfWeek(), QLocale.FormatType.ShortFormat),
                time=time,
            )
        if moment.year == today.year:
            return self._locale.toString(qdt.date(), tr("d MMM"))
        return self._locale.toString(qdt.date(), QLocale.FormatType.ShortFormat)

    def date_samples(self) -> list[str]:
        """The date column's longest kinds of text in this locale (today, yesterday, weekdays,
        this year, older), so its default width fits them."""
        now = datetime.now().astimezone().replace(hour=23, minute=59)
        moments = [
            now.replace(hour=hour) - timedelta(days=days)
            for days in (0, 1, 2, 3, 4, 5, 6, 40, 400)
            for hour in (12, 23)
        ]
        return [self.format_date(int(moment.timestamp()), now=now) for moment in moments]

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Store-side sorting by date, sender, subject or size; the icon columns keep the order."""
        key = self.SORT_KEYS.get(column)
        if key is None or self.query is None:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if key == self.query.sort and descending == self.query.descending:
            return
        if self.query.shows_threads:  # the thread order is read again; views keep their place by id
            self.query = replace(self.query, sort=key, descending=descending)
            self.refresh()
            self.query_changed.emit()
            return
        self._drop_layout_request()
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        old_ids = [self.message_id(index.row()) for index in old]
        self.query = replace(self.query, sort=key, descending=descending)
        self._rows_query = self.query
        self._generation += 1
        self._pages.clear()
        self._loading.clear()
        new_indexes: list[QModelIndex] = []
        for index, message_id in zip(old, old_ids, strict=True):
            row = self.row_of(message_id) if message_id is not None else None
            new_indexes.append(self.index(row, index.column()) if row is not None else QModelIndex())
        self.changePersistentIndexList(old, new_indexes)
        self.layoutChanged.emit()
        self.query_changed.emit()

    def sort_column(self) -> int:
        if self.query is None:
            return self.DATE
        for column, key in self.SORT_KEYS.items():
            if key == self.query.sort:
                return column
        return self.DATE

    # --- drag and drop ------------------------------------------------------------------
    def mimeTypes(self) -> list[str]:
        return [MESSAGE_IDS_MIME]

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData | None:  # type: ignore[override]
        rows = sorted({index.row() for index in indexes if index.isValid()})
        ids = self.ids_for_rows(rows)
        if not ids:
            return None
        mime = QMimeData()
        mime.setData(MESSAGE_IDS_MIME, QByteArray(json.dumps({"ids": ids}).encode("ascii")))
        return mime


def message_ids_from_mime(mime: QMimeData) -> list[int]:
    """The message ids a drag from the message list carries (empty for anything else)."""
    if not mime.hasFormat(MESSAGE_IDS_MIME):
        return []
    try:
        payload = json.loads(bytes(mime.data(MESSAGE_IDS_MIME).data()).decode("ascii"))
        return [int(value) for value in payload.get("ids", [])]
    except (ValueError, TypeError, AttributeError):
        return []


_ROLES_WE_ANSWER = frozenset(
    {
        int(Qt.ItemDataRole.DisplayRole),
        int(Qt.ItemDataRole.DecorationRole),
        int(Qt.ItemDataRole.FontRole),
        int(Qt.ItemDataRole.ToolTipRole),
        int(Qt.ItemDataRole.TextAlignmentRole),
        int(Qt.ItemDataRole.AccessibleTextRole),
        *(int(role) for role in Roles),
    }
)
_THREAD_ROLES = frozenset(
    {int(Roles.THREAD_DEPTH), int(Roles.THREAD_SIZE), int(Roles.THREAD_UNREAD), int(Roles.THREAD_OPEN)}
)


def _summary_role(summary: MessageSummary, role: int, column: int) -> Any:
    if role == Roles.MESSAGE_ID:
        return summary.id
    if role == Roles.ACCOUNT_ID:
        return summary.account
    if role == Roles.FOLDER_ID:
        return summary.folder_id
    if role == Roles.UNREAD:
        return summary.unread
    if role == Roles.FLAGGED:
        return bool(summary.flags & Flag.FLAGGED)
    if role == Roles.HAS_ATTACHMENTS:
        return bool(summary.attachments)
    if role == Roles.LOADED:
        return True
    if role == Roles.SUMMARY:
        return summary
    if role == Roles.SORT_KEY:
        return (
            bool(summary.flags & Flag.FLAGGED),
            summary.attachments,
            summary.sender.address,
            summary.subject,
            summary.date_epoch,
            summary.size,
        )[column]
    return None
