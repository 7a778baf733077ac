"""Write parsed header batches on a background thread while the caller fetches and parses the next.

Why: a big first sync alternates between reading a FETCH answer, parsing its headers and
inserting the rows. The fetching thread does all the Python work of a batch (parsing, row
values, address-book counts: :meth:`Messages.prepare`); the writer thread, with its own store
connection (the store's one-connection-per-thread rule), only hands SQLite a few multi-row
statements (:mod:`qtmail.core.store.bulk`), which run without the GIL. So SQLite's index,
full-text and commit work overlaps the next batch's transfer and parsing instead of
following it. (A first version queued envelopes and built rows on the writer thread: the two
threads then fought over the GIL row by row and nothing was gained.)

Each batch is still one transaction; :meth:`EnvelopeWriter.close` waits for all of them, so
callers record folder state only after the rows it covers are committed. An in-memory store
cannot be shared, so it (and a single batch) is written from the calling thread.
"""

from __future__ import annotations

import queue
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from qtmail.core.errors import ErrorKind, MailError
from qtmail.core.sync.fetch_headers import envelopes_from_records

if TYPE_CHECKING:
    from qtmail.core.store.messages import PreparedInsert
    from qtmail.core.store.store import Store
    from qtmail.core.sync.fetch_response import FetchRecord


class EnvelopeWriter:
    """Store header batches for one folder; :meth:`put` each batch, then :meth:`close`."""

    def __init__(self, store: Store, folder_id: int, *, threaded: bool = True) -> None:
        self.store = store
        self.new = 0  # rows that were not in the store before
        self._target = store.messages.insert_target(folder_id)
        self._errors: list[BaseException] = []
        self._queue: queue.Queue[PreparedInsert | None] = queue.Queue(maxsize=2)
        self._thread: threading.Thread | None = None
        path = store.db.path
        if threaded and path is not None:
            self._thread = threading.Thread(
                target=self._run, args=(path,), name="qtmail-sync-headers", daemon=True
            )
            self._thread.start()

    def _run(self, path: Path) -> None:
        from qtmail.core.store.thread_writer import drain_into_own_store

        def insert(local: Store, prepared: PreparedInsert) -> None:
            self.new += local.messages.insert_prepared(prepared)

        drain_into_own_store(path, self.store.bodies.directory, self._queue, insert, self._errors)

    def put(self, records: list[FetchRecord]) -> int:
        """Store one FETCH answer's messages (in the background when threaded); return how many
        of the records carried a message (UID and headers)."""
        self._check()
        envelopes = envelopes_from_records(records)
        if not envelopes:
            return 0
        prepared = self.store.messages.prepare(self._target, envelopes)
        if self._thread is None:
            self.new += self.store.messages.insert_prepared(prepared)
        else:
            self._queue.put(prepared)
        return len(envelopes)

    def close(self) -> int:
        """Wait until every batch is committed; return the new rows; re-raise a writer's error."""
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join()
            self._thread = None
        self._check()
        return self.new

    def _check(self) -> None:
        if self._errors:
            error = self._errors[0]
            if isinstance(error, MailError):
                raise error
            raise MailError(ErrorKind.STORAGE, f"storing message headers failed: {error}") from error
