"""Benchmark the local message store on 100,000 synthetic messages.

Prints each figure next to its target (issue 4: any page < 10 ms, search < 50 ms) and a
baseline measured in the same run: a bare sqlite3 ``executemany`` into an unindexed table
for inserts, and the naive ``ORDER BY ... LIMIT/OFFSET`` over full rows for pages.

    .venv/bin/python benchmarks/bench_store.py [--messages N] [--keep DIR]
"""

from __future__ import annotations

import argparse
import random
import shutil
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

from qtmail.core.store import Address, Envelope, Flag, FlagUpdate, FolderSpec, Scope, SortKey, Store

RARE_WORD = "zephyrine"  # in about 1% of subjects
WORDS = [
    "meeting",
    "report",
    "invoice",
    "budget",
    "lunch",
    "project",
    "review",
    "draft",
    "update",
    "plan",
    "quarterly",
    "team",
    "travel",
    "contract",
    "release",
    "schedule",
    "회의",
    "보고서",
    "일정",
    "견적",
    "안녕하세요",
    "question",
    "answer",
    "party",
    "photos",
    "weekly",
]
FIRST = [
    "Alice",
    "Bob",
    "Carol",
    "Dave",
    "Erin",
    "Frank",
    "Grace",
    "Heidi",
    "Ivan",
    "Judy",
    "김민수",
    "이영희",
    "박지훈",
    "최수진",
]
LAST = ["Smith", "Jones", "Brown", "Taylor", "Wilson", "Lee", "Kim", "Park", "Choi", "Garcia"]


def synthetic(count: int, seed: int, first_uid: int = 1) -> Iterator[Envelope]:
    rng = random.Random(seed)
    start = datetime(2020, 1, 1, tzinfo=UTC)
    for n in range(count):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        words = rng.sample(WORDS, 4)
        if rng.random() < 0.01:
            words.insert(rng.randrange(5), RARE_WORD)
        subject = ("Re: " if rng.random() < 0.3 else "") + " ".join(words)
        yield Envelope(
            date=start + timedelta(seconds=rng.randrange(0, 6 * 365 * 86400)),
            uid=first_uid + n,
            message_id=f"<{seed}.{n}@bench.example>",
            sender=Address(
                f"{first} {last}", f"{first.lower()}.{last.lower()}{rng.randrange(50)}@example.com"
            ),
            to=(Address("Me Myself", "me@example.org"),),
            cc=(Address("", f"team{rng.randrange(20)}@example.org"),) if rng.random() < 0.2 else (),
            subject=subject,
            size=rng.randrange(500, 5_000_000),
            flags=Flag.SEEN if rng.random() < 0.85 else Flag.NONE,
            attachments=1 if rng.random() < 0.2 else 0,
            preview=" ".join(rng.choices(WORDS, k=25)),
        )


def timed_ms(action: Callable[[], object], repeat: int = 7) -> float:
    """Median wall time of ``repeat`` runs after one warm-up, in milliseconds."""
    action()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def verdict(value: float, target: float) -> str:
    return "ok" if value < target else "OVER TARGET"


def bare_insert_rate(envelopes: list[Envelope], directory: Path) -> float:
    """Baseline: executemany of the same values into one plain table, WAL, one transaction."""
    connection = sqlite3.connect(directory / "bare.sqlite3", isolation_level=None)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = NORMAL")
    connection.execute(
        "CREATE TABLE m (uid INTEGER, message_id TEXT, from_name TEXT, from_addr TEXT, subject TEXT,"
        " date INTEGER, size INTEGER, flags INTEGER, preview TEXT)"
    )
    started = time.perf_counter()
    connection.execute("BEGIN")
    connection.executemany(
        "INSERT INTO m VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            (
                e.uid,
                e.message_id,
                e.sender.name,
                e.sender.address,
                e.subject,
                int(e.date.timestamp()),
                e.size,
                int(e.flags),
                e.preview,
            )
            for e in envelopes
        ),
    )
    connection.execute("COMMIT")
    elapsed = time.perf_counter() - started
    connection.close()
    return len(envelopes) / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--keep", metavar="DIR", help="build the store in DIR and keep it")
    args = parser.parse_args()
    count: int = args.messages
    directory = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="qtmail-bench-"))
    directory.mkdir(parents=True, exist_ok=True)
    try:
        run(directory, count)
    finally:
        if not args.keep:
            shutil.rmtree(directory, ignore_errors=True)


def run(directory: Path, count: int) -> None:
    envelopes = list(synthetic(count, seed=1))
    other = list(synthetic(2_000, seed=2))
    print(f"qtmail store benchmark: {count:,} messages in one folder (+{len(other):,} in a second account)")
    print(f"sqlite {sqlite3.sqlite_version}\n")

    store = Store.open(directory / "store.sqlite3")
    work = store.folders.upsert(FolderSpec("work", "INBOX", raw_name="INBOX", role="inbox"))
    home = store.folders.upsert(FolderSpec("home", "INBOX", raw_name="INBOX", role="inbox"))

    batch = 1_000  # what sync commits per transaction
    started = time.perf_counter()
    for start in range(0, count, batch):
        store.messages.insert(work.id, envelopes[start : start + batch])
    elapsed = time.perf_counter() - started
    store.messages.insert(home.id, other)
    rate = count / elapsed
    bare = bare_insert_rate(envelopes, directory)
    print(
        f"insert (batches of {batch:,}, FTS + counters + 7 indexes): {rate:>10,.0f} msg/s "
        f"({elapsed:.2f} s)   bare executemany, no indexes: {bare:,.0f} msg/s"
    )

    target_page = 10.0
    print(f"\npage of 50 rows (target < {target_page:.0f} ms)          offset 0      offset {count - 50:,}")
    worst = 0.0
    folder = Scope.folder(work.id)
    for sort in SortKey:
        for descending in (True, False):
            first = timed_ms(lambda: store.pages.page(folder, sort, descending, 0, 50))  # noqa: B023
            last = timed_ms(lambda: store.pages.page(folder, sort, descending, count - 50, 50))  # noqa: B023
            worst = max(worst, first, last)
            label = f"{sort.value} {'desc' if descending else 'asc'}"
            print(f"  folder by {label:<14}                  {first:>8.2f} ms   {last:>8.2f} ms")
    middle = timed_ms(lambda: store.pages.page(folder, SortKey.DATE, True, count // 2, 50))
    worst = max(worst, middle)
    print(f"  folder by date desc, offset {count // 2:,} (worst case)   {middle:>8.2f} ms")
    naive = timed_ms(
        lambda: store.db.connection.execute(
            "SELECT * FROM messages NOT INDEXED WHERE folder_id = ?"
            " ORDER BY date DESC, id DESC LIMIT 50 OFFSET ?",
            (work.id, count - 50),
        ).fetchall(),
        repeat=3,
    )
    print(f"  baseline: naive ORDER BY/OFFSET {count - 50:,} without our indexes: {naive:>8.2f} ms")

    unified = Scope.unified()
    total_unified = store.pages.count(unified)
    for sort in (SortKey.DATE, SortKey.SENDER):
        first = timed_ms(lambda: store.pages.page(unified, sort, True, 0, 50))  # noqa: B023
        last = timed_ms(lambda: store.pages.page(unified, sort, True, total_unified - 50, 50))  # noqa: B023
        worst = max(worst, first, last)
        print(
            f"  unified inbox by {sort.value:<6} desc ({total_unified:,})"
            f"     {first:>8.2f} ms   {last:>8.2f} ms"
        )
    small = Scope.folder(home.id)
    small_middle = timed_ms(lambda: store.pages.page(small, SortKey.SENDER, True, len(other) // 2, 50))
    worst = max(worst, small_middle)
    print(
        f"  small inbox ({len(other):,}) inside the unified range, middle page by sender"
        f"  {small_middle:>8.2f} ms"
    )
    print(f"  worst page: {worst:.2f} ms  [{verdict(worst, target_page)}]")
    scroller = Store.open(directory / "store.sqlite3")  # a fresh connection: nothing remembered yet
    started = time.perf_counter()
    pages = 0
    for offset in range(0, count, 50):
        scroller.pages.page(folder, SortKey.SUBJECT, False, offset, 50)
        pages += 1
    per_page = (time.perf_counter() - started) * 1000 / pages
    scroller.close()
    print(
        f"  scroll top to bottom by subject, {pages:,} pages: {per_page:.2f} ms per page"
        f"  [{verdict(per_page, target_page)}]"
    )
    last_id = store.pages.page_ids(folder, SortKey.DATE, True, count - 1, 1)[0]
    row_of = timed_ms(lambda: store.pages.index_of(folder, last_id, SortKey.SUBJECT, True))
    print(
        f"  row index of a message (keep the selection), by subject: {row_of:.2f} ms"
        f"  [{verdict(row_of, target_page)}]"
    )

    counts = timed_ms(lambda: [(f.total, f.unread) for f in store.folders.all()])
    naive_counts = timed_ms(
        lambda: store.db.connection.execute(
            "SELECT folder_id, count(*), sum((flags & 1) = 0) FROM messages GROUP BY folder_id"
        ).fetchall(),
        repeat=3,
    )
    print(
        f"\ntotal + unread counts of every folder: {counts:.3f} ms  [{verdict(counts, target_page)}]"
        f"   baseline count(*) GROUP BY: {naive_counts:.2f} ms"
    )

    completion = timed_ms(lambda: store.addresses.complete("ki", 10))
    print(f"address completion 'ki': {completion:.2f} ms  [{verdict(completion, target_page)}]")

    target_search = 50.0
    hits = store.searcher.count(RARE_WORD)
    search = timed_ms(lambda: store.searcher.search(RARE_WORD, limit=50))
    print(
        f"\nsearch one word in {hits:,} messages ({hits / (count + len(other)):.1%}), first 50: "
        f"{search:.2f} ms  [{verdict(search, target_search)}]"
    )
    search_all = timed_ms(lambda: store.searcher.search(RARE_WORD, limit=10_000))
    print(f"search, all {hits:,} results: {search_all:.2f} ms  [{verdict(search_all, target_search)}]")
    typed = timed_ms(lambda: store.searcher.search('Re: "quarterly rep', limit=50))
    print(
        f"search as typed 'Re: \"quarterly rep' (common words, prefix): {typed:.2f} ms  "
        f"[{verdict(typed, target_search)}]"
    )
    like = timed_ms(
        lambda: store.db.connection.execute(
            "SELECT id FROM messages WHERE subject LIKE ? ORDER BY date DESC LIMIT 50", (f"%{RARE_WORD}%",)
        ).fetchall(),
        repeat=3,
    )
    print(f"  baseline: LIKE '%word%' scan: {like:.2f} ms")

    updates = [FlagUpdate(uid, Flag.SEEN | Flag.FLAGGED) for uid in range(1, 10_001)]
    started = time.perf_counter()
    store.messages.set_flags(work.id, updates)
    flags_ms = (time.perf_counter() - started) * 1000
    started = time.perf_counter()
    store.messages.expunge(work.id, range(20_001, 21_001))
    expunge_ms = (time.perf_counter() - started) * 1000
    print(f"\nflag update of 10,000 UIDs: {flags_ms:.0f} ms; expunge of 1,000 UIDs: {expunge_ms:.0f} ms")

    store.db.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    size = sum(p.stat().st_size for p in directory.glob("store.sqlite3*"))
    print(
        f"\ndatabase size: {size / 1e6:.1f} MB ({size / (count + len(other)):,.0f} bytes per message, "
        "envelopes + FTS, no bodies)"
    )


if __name__ == "__main__":
    main()
