"""Insert parsed header batches on a background thread, while the caller fetches and parses.

Why: on a big first sync the client alternates between reading a FETCH answer, parsing its
headers and inserting the rows. SQLite's work releases the GIL, so with the inserts on a
thread of their own (with its own store connection: the store's one-connection-per-thread
rule) they can overlap the next batch's transfer and parsing. Measured on the 2-core lab VM
(benchmarks/bench_sync.py) the gain is within noise, as the per-row GIL hand-offs eat most
of it. Each batch is still one transaction; :meth:`EnvelopeWriter.close` waits for all of
them, so callers record folder state only after the rows it covers are committed. An
in-memory store cannot be shared, so it (and a single batch) is written from the calling thread.
"""

from __future__ import annotations

import queue
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from qtmail.core.errors import ErrorKind, MailError
from qtmail.core.sync.fetch_headers import envelopes_from_records

if TYPE_CHECKING:
    from qtmail.core.store.store import Store
    from qtmail.core.store.types import Envelope
    from qtmail.core.sync.fetch_response import FetchRecord


class EnvelopeWriter:
    """Store header batches for one folder; :meth:`put` each batch, then :meth:`close`."""

    def __init__(self, store: Store, folder_id: int, *, threaded: bool = True) -> None:
        self.store = store
        self.folder_id = folder_id
        self.new = 0  # rows that were not in the store before
        self._errors: list[BaseException] = []
        self._queue: queue.Queue[list[Envelope] | None] = queue.Queue(maxsize=2)
        self._thread: threading.Thread | None = None
        path = store.db.path
        if threaded and path is not None:
            self._thread = threading.Thread(
                target=self._run, args=(path,), name="qtmail-sync-headers", daemon=True
            )
            self._thread.start()

    def _store(self, store: Store, envelopes: list[Envelope]) -> None:
        if envelopes:
            self.new += store.messages.insert(self.folder_id, envelopes)

    def _run(self, path: Path) -> None:
        from qtmail.core.store.store import Store

        local: Store | None = None
        try:
            local = Store.open(path, bodies_dir=self.store.bodies.directory)
        except BaseException as exc:
            self._errors.append(exc)
        try:
            while True:
                envelopes = self._queue.get()
                if envelopes is None:
                    return
                if local is None or self._errors:
                    continue  # drain: the caller raises the first error
                try:
                    self._store(local, envelopes)
                except BaseException as exc:
                    self._errors.append(exc)
        finally:
            if local is not None:
                local.close()

    def put(self, records: list[FetchRecord]) -> None:
        """Store one FETCH answer's messages (in the background when threaded)."""
        self._check()
        envelopes = envelopes_from_records(records)
        if self._thread is None:
            self._store(self.store, envelopes)
        else:
            self._queue.put(envelopes)

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
