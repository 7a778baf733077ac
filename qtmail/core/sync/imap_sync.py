"""Resynchronise one IMAP folder into the store (RFC 4549), with CONDSTORE/QRESYNC when offered.

The folder's saved state (UIDVALIDITY, UIDNEXT, HIGHESTMODSEQ) is written only after a pass
completed, and every batch of messages is one store transaction. So a pass cut off anywhere
leaves a consistent store, and the next pass redoes the unfinished part: upserts by UID make
that free of duplicates, and the reconciliation below finds anything expunged meanwhile.

- UIDVALIDITY changed: drop the folder's messages and start over.
- Never completed (first sync): walk the folder newest first by sequence number, in batches.
  Interrupted first sync with some messages stored: reconcile against ``UID SEARCH ALL``.
- Completed before: flag changes and expunges from QRESYNC's SELECT, or (CONDSTORE) nothing
  when HIGHESTMODSEQ stayed, else CHANGEDSINCE plus a ``UID SEARCH`` of the old UIDs, or
  ``UID FETCH 1:n FLAGS`` compared in full (neither); then the new messages above the saved
  UIDNEXT, newest first. A count check backs up each.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from qtmail.core.errors import MailError
from qtmail.core.store.messages import FlagUpdate
from qtmail.core.sync.envelope_writer import EnvelopeWriter
from qtmail.core.sync.fetch_headers import FLAG_ITEMS, HEADER_ITEMS, envelopes_from_records, split_flags
from qtmail.core.sync.uidset import expand, format_uid_set, members

if TYPE_CHECKING:
    from qtmail.core.store.store import Store
    from qtmail.core.store.types import FolderInfo
    from qtmail.core.sync.fetch_response import FetchRecord
    from qtmail.core.sync.imap_session import ImapSession, SelectInfo

FIRST_BATCH = 250  # small, so the newest mail is in the store quickly
BATCH = 2500


@dataclass
class FolderResult:
    """What one folder pass changed."""

    path: str
    new: int = 0
    flags_changed: int = 0
    expunged: int = 0
    reset: bool = False
    total: int = 0


@dataclass(frozen=True)
class Progress:
    """A progress report for people: ``done`` of ``total`` in ``phase`` of ``folder``."""

    account: str
    folder: str
    phase: str  # "headers" | "bodies" | "operations" | "folders" | "pop3"
    done: int
    total: int


ProgressCallback = Callable[[Progress], None]


def _batches(total: int) -> Iterable[tuple[int, int]]:
    """(low, high) windows over 1..total, newest (highest) first."""
    high = total
    size = FIRST_BATCH
    while high >= 1:
        low = max(1, high - size + 1)
        yield low, high
        high = low - 1
        size = BATCH


def _chunks(ordered: Sequence[int]) -> Iterable[Sequence[int]]:
    """Consecutive slices: a small first one, then full batches."""
    start = 0
    size = FIRST_BATCH
    while start < len(ordered):
        yield ordered[start : start + size]
        start += size
        size = BATCH


class FolderSync:
    """One pass over one folder; create, call :meth:`run`, read the :class:`FolderResult`."""

    def __init__(
        self,
        session: ImapSession,
        store: Store,
        folder: FolderInfo,
        *,
        progress: ProgressCallback | None = None,
    ) -> None:
        self.session = session
        self.store = store
        self.folder = folder
        self.progress = progress
        self.result = FolderResult(folder.path)

    def _report(self, done: int, total: int) -> None:
        if self.progress is not None:
            self.progress(Progress(self.folder.account, self.folder.path, "headers", done, total))

    def run(self) -> FolderResult:
        folder = self.folder
        session = self.session
        resync_from = None
        if session.qresync and folder.uidvalidity and folder.highestmodseq and folder.uidnext:
            resync_from = (folder.uidvalidity, folder.highestmodseq)
        info = session.select(folder.raw_name or folder.path, qresync=resync_from)
        uidvalidity = info.uidvalidity or 0
        if folder.uidvalidity is not None and folder.uidvalidity != uidvalidity:
            self.store.folders.reset(folder.id, uidvalidity=uidvalidity)
            self.result.reset = True
            folder = self.folder = self.store.folders.get(folder.id)
            resync_from = None
        elif folder.uidvalidity is None:
            # Recorded before any message, so rows from a cut-off first pass are never mistaken
            # for messages of a recreated folder.
            self.store.folders.set_imap_state(folder.id, uidvalidity=uidvalidity)
        if folder.uidnext is None:
            if self.store.messages.max_uid(folder.id) is None:
                self._initial(info)
            else:
                self._reconcile(info)
        else:
            self._update(info, folder.uidnext, qresync_used=resync_from is not None)
        uidnext = info.uidnext
        if uidnext is None:
            highest = self.store.messages.max_uid(folder.id)
            uidnext = (highest or 0) + 1
        self.store.folders.set_imap_state(
            folder.id, uidvalidity=uidvalidity, uidnext=uidnext, highestmodseq=info.highestmodseq
        )
        self.result.total = info.exists
        return self.result

    # ---------------------------------------------------------------- first pass

    def _initial(self, info: SelectInfo) -> None:
        """Nothing stored: fetch every message's headers by sequence number, newest first."""
        done = 0
        self._report(0, info.exists)
        commands = [("FETCH", f"{low}:{high}", HEADER_ITEMS) for low, high in _batches(info.exists)]
        with self._writer(threaded=len(commands) > 1) as writer:
            for records in self.session.fetch_pipelined(commands):
                done += writer.put(records)
                self._report(done, info.exists)

    def _reconcile(self, info: SelectInfo) -> None:
        """A first pass was cut off: compare UID sets, fix flags, fetch what is missing."""
        server = expand(self.session.uid_search("ALL")) if info.exists else []
        local = self.store.messages.uids(self.folder.id)
        server_set = set(server)
        gone = [uid for uid in local if uid not in server_set]
        self.result.expunged += self.store.messages.expunge(self.folder.id, gone)
        kept = [uid for uid in local if uid in server_set]
        if kept:
            records = self.session.uid_fetch(format_uid_set(kept), FLAG_ITEMS)
            self._apply_flags(records, compare=True)
        local_set = set(local)
        missing = [uid for uid in server if uid not in local_set]
        self._fetch_uids(missing)

    # ---------------------------------------------------------------- later passes

    def _update(self, info: SelectInfo, old_uidnext: int, *, qresync_used: bool) -> None:
        folder = self.folder
        session = self.session
        exact_old_set = False
        must_search = False
        if qresync_used:
            local = self.store.messages.uids(folder.id)
            gone = members(info.vanished, local) if info.vanished else []
            self.result.expunged += self.store.messages.expunge(folder.id, gone)
            self._apply_flags(info.changed, compare=False)
        elif session.condstore and folder.highestmodseq and info.highestmodseq:
            # Something changed: counts alone could hide an expunge behind a message removed
            # here but still on the server (an operation not replayed yet, or left \Deleted).
            must_search = info.highestmodseq != folder.highestmodseq
            if must_search and old_uidnext > 1:
                changed = session.uid_fetch(
                    f"1:{old_uidnext - 1}", FLAG_ITEMS, f"(CHANGEDSINCE {folder.highestmodseq})"
                )
                self._apply_flags(changed, compare=False)
        elif old_uidnext > 1:
            # No mod-sequences: fetch every old message's flags; the UIDs seen are the survivors.
            records = session.uid_fetch(f"1:{old_uidnext - 1}", FLAG_ITEMS)
            self._apply_flags(records, compare=True)
            present = {r.uid for r in records if r.uid is not None}
            local = self.store.messages.uids(folder.id)
            gone = [uid for uid in local if uid < old_uidnext and uid not in present]
            self.result.expunged += self.store.messages.expunge(folder.id, gone)
            exact_old_set = True
        new_uids = self._fetch_new(info, old_uidnext)
        if not exact_old_set:
            self._check_counts(info, old_uidnext, new_uids, search=must_search)

    def _fetch_new(self, info: SelectInfo, old_uidnext: int) -> set[int]:
        """Headers of messages at or above ``old_uidnext``, newest first; returns their UIDs."""
        if info.exists == 0 or (info.uidnext is not None and info.uidnext <= old_uidnext):
            return set()
        gap = (info.uidnext or old_uidnext + BATCH) - old_uidnext
        fetched: set[int] = set()
        self._report(0, gap)
        if gap <= FIRST_BATCH:
            records = [
                r
                for r in self.session.uid_fetch(f"{old_uidnext}:*", HEADER_ITEMS)
                if (r.uid or 0) >= old_uidnext
            ]
            self._store_new(records)
            fetched.update(r.uid for r in records if r.uid is not None)
        else:
            uids = [u for u in expand(self.session.uid_search(f"UID {old_uidnext}:*")) if u >= old_uidnext]
            fetched.update(self._fetch_uids(uids))
        self._report(len(fetched), max(gap, len(fetched)))
        return fetched

    def _fetch_uids(self, uids: Sequence[int]) -> set[int]:
        """Fetch headers for these UIDs, highest first, in batches."""
        ordered = sorted(uids, reverse=True)
        fetched: set[int] = set()
        commands = [("UID", "FETCH", format_uid_set(chunk), HEADER_ITEMS) for chunk in _chunks(ordered)]
        with self._writer(threaded=len(commands) > 1) as writer:
            for records in self.session.fetch_pipelined(commands):
                writer.put(records)
                fetched.update(r.uid for r in records if r.uid is not None)
                self._report(len(fetched), len(ordered))
        return fetched

    @contextmanager
    def _writer(self, *, threaded: bool) -> Iterator[EnvelopeWriter]:
        """An :class:`EnvelopeWriter` whose rows are all committed (and counted) on a clean exit."""
        writer = EnvelopeWriter(self.store, self.folder.id, threaded=threaded)
        try:
            yield writer
        except BaseException:
            try:
                writer.close()  # what was handed over is stored; the caller's error wins
            except MailError:
                pass
            self.result.new += writer.new
            raise
        self.result.new += writer.close()

    def _check_counts(self, info: SelectInfo, old_uidnext: int, new_uids: set[int], *, search: bool) -> None:
        """Find expunges without QRESYNC's help, cheaply: compare counts, search only on a
        mismatch or when told to (``search``: the mod-sequence moved, so something happened).

        Every server message below ``old_uidnext`` existed at the last completed pass, so it is
        stored here unless removed here since; equal counts mean equal sets when nothing moved.
        """
        local = self.store.messages.uids(self.folder.id)
        limit = info.uidnext if info.uidnext is not None else 1 << 32
        server_new = sum(1 for uid in new_uids if uid < limit)
        # Messages stored by an interrupted earlier pass above old_uidnext that are gone now.
        stale_new = [uid for uid in local if uid >= old_uidnext and uid not in new_uids and uid < limit]
        if stale_new:
            self.result.expunged += self.store.messages.expunge(self.folder.id, stale_new)
        local_old = sum(1 for uid in local if uid < old_uidnext)
        if old_uidnext <= 1 or (info.exists - server_new == local_old and not search):
            return
        server_old = set(expand(self.session.uid_search(f"UID 1:{old_uidnext - 1}")))
        gone = [uid for uid in local if uid < old_uidnext and uid not in server_old]
        self.result.expunged += self.store.messages.expunge(self.folder.id, gone)

    # ---------------------------------------------------------------- store writes

    def _store_new(self, records: list[FetchRecord]) -> int:
        envelopes = envelopes_from_records(records)
        if envelopes:
            self.result.new += self.store.messages.insert(self.folder.id, envelopes)
        return len(envelopes)

    def _apply_flags(self, records: Iterable[FetchRecord], *, compare: bool) -> None:
        updates: list[FlagUpdate] = []
        current = self.store.messages.flags_by_uid(self.folder.id) if compare else None
        for record in records:
            if record.uid is None or record.flags is None:
                continue
            flags, keywords = split_flags(record.flags)
            if current is not None:
                known = current.get(record.uid)
                if known is None or (known[0] == flags and tuple(sorted(known[1])) == keywords):
                    continue
            updates.append(FlagUpdate(record.uid, flags, keywords, record.modseq))
        if updates:
            self.result.flags_changed += self.store.messages.set_flags(self.folder.id, updates)


def sync_folder(
    session: ImapSession, store: Store, folder: FolderInfo, *, progress: ProgressCallback | None = None
) -> FolderResult:
    """One resync pass over ``folder`` (see the module docstring)."""
    return FolderSync(session, store, folder, progress=progress).run()
