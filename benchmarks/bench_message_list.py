"""Open a 100,000-message folder in the real main window; scroll it from top to bottom.

Prints, for the lazy message list:
  - time until the first rows are on screen (target < 200 ms),
  - memory (RSS) growth from opening the folder and from scrolling (target < 60 MB),
  - the time to scroll page by page from top to bottom,
  - the same folder grouped by thread (View ▸ Group by Thread; threads of about four
    messages): time until the first rows are shown (target < 300 ms), memory growth, the
    time to show one new message (a live update re-reads the thread order), and the time
    to open every thread (``*``),
  - the thread order read on a worker (the model's ``layout_loader``) next to reading it on
    the GUI thread, in the same run: for the first rows and for each live update, the time
    until the new rows are shown and the longest the GUI thread was kept from its event
    loop ("GUI blocked": a 1 ms timer's longest gap, repaint included),
next to a baseline measured in the same run: loading every row of the folder at once
(what a non-lazy model would do before showing anything).

    .venv/bin/python benchmarks/bench_message_list.py [--messages 100000]
"""

from __future__ import annotations

import argparse
import gc
import itertools
import os
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from qtmail.core.profile import Profile
from qtmail.core.store import Address, Envelope, Flag, FolderSpec, Scope, SortKey, Store

NAMES = ["김민준", "이서연", "박지훈", "Alice Example", "최수아", "Bob Jones", "정우진", "강하은"]
SUBJECTS = [
    "분기 보고서 검토 요청",
    "Weekly sync notes",
    "다음 주 회의 일정",
    "Invoice",
    "점심 같이 하실래요?",
]


def rss_mb() -> float:
    with open("/proc/self/statm", encoding="ascii") as handle:
        pages = int(handle.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / (1024 * 1024)


def on_event_loop(
    action: Callable[[], object], finished: Callable[[], bool], view: QWidget
) -> tuple[float, float]:
    """Run ``action`` from the event loop and keep the loop going until ``finished()``, then
    repaint ``view``: (ms until then, longest ms the GUI thread was away from its event loop)."""
    ticks: list[float] = []
    loop = QEventLoop()
    started = False

    def tick() -> None:
        ticks.append(time.perf_counter())
        if started and finished():
            loop.quit()

    def start() -> None:
        nonlocal started
        ticks.append(time.perf_counter())
        action()
        started = True
        tick()

    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.setInterval(1)
    timer.timeout.connect(tick)
    began = time.perf_counter()
    timer.start()
    QTimer.singleShot(0, start)
    loop.exec()
    timer.stop()
    view.repaint()
    ticks.append(time.perf_counter())
    longest = max(later - earlier for earlier, later in itertools.pairwise(ticks))
    return (ticks[-1] - began) * 1000, longest * 1000


def thread_of(number: int, count: int) -> int:
    """Threads of four neighbours; every tenth message answers some older thread instead."""
    return number // 4 if number % 10 else (number * 7919) % max(1, count // 4)


def fill(profile: Profile, count: int) -> int:
    """A folder of ``count`` messages, inserted the way sync does (bulk, in batches), and an
    empty Archive folder."""
    start = datetime(2026, 11, 27, tzinfo=UTC)
    with Store.for_profile(profile) as store:
        folder = store.folders.upsert(FolderSpec("bench", "INBOX", raw_name="INBOX", role="inbox"))
        store.folders.upsert(FolderSpec("bench", "Archive", raw_name="Archive", role="archive"))
        batch: list[Envelope] = []
        for number in range(count):
            name = NAMES[number % len(NAMES)]
            thread = thread_of(number, count)
            batch.append(
                Envelope(
                    date=start - timedelta(seconds=37 * number),
                    uid=number + 1,
                    message_id=f"<{number}@bench.example>",
                    in_reply_to=f"<{number + 1}@bench.example>" if number % 4 != 3 else None,
                    thread_key=f"<thread-{thread}@bench.example>",
                    sender=Address(name, f"user{number % 977}@example.com"),
                    to=(Address("나", "me@example.kr"),),
                    subject=f"{SUBJECTS[number % len(SUBJECTS)]} {number}",
                    size=1000 + number % 50_000,
                    flags=Flag.SEEN if number % 3 else Flag.NONE,
                    attachments=number % 7 == 0,
                )
            )
            if len(batch) == 5000:
                store.messages.insert(folder.id, batch)
                batch = []
        if batch:
            store.messages.insert(folder.id, batch)
        return folder.id


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--messages", type=int, default=100_000)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([sys.argv[0]])

    from qtmail.cli.main import SWITCH_INTERVAL_S
    from qtmail.ui.main_window import MainWindow
    from qtmail.ui.models.message_list import MessageListModel
    from qtmail.ui.workers import ManualTimerFactory, TaskQueue

    with tempfile.TemporaryDirectory(prefix="qtmail-bench-") as directory:
        profile = Profile.in_directory(Path(directory)).ensure()
        began = time.perf_counter()
        folder_id = fill(profile, args.messages)
        print(f"filled {args.messages} messages in {time.perf_counter() - began:.1f} s")

        window = MainWindow(profile, timers=ManualTimerFactory(), use_tray=False)
        window.resize(1280, 800)
        window.show()
        app.processEvents()
        view = window.message_list
        gc.collect()
        rss_before = rss_mb()

        # --- first rows on screen -----------------------------------------------------------
        began = time.perf_counter()
        window.select_folder(folder_id)
        view.viewport().repaint()  # paints the visible rows: their page is loaded by then
        first_rows_ms = (time.perf_counter() - began) * 1000
        assert window.list_model.rowCount() == args.messages
        assert window.list_model.summary(0, load=False) is not None, "the first rows were not loaded"
        app.processEvents()
        rss_open = rss_mb()

        # --- scroll from top to bottom, a screenful at a time ---------------------------------
        bar = view.verticalScrollBar()
        steps = 0
        slowest = 0.0
        began = time.perf_counter()
        while True:
            step_began = time.perf_counter()
            view.viewport().repaint()
            slowest = max(slowest, time.perf_counter() - step_began)
            steps += 1
            if bar.value() >= bar.maximum():
                break
            bar.setValue(bar.value() + bar.pageStep())
        scroll_s = time.perf_counter() - began
        last_row = window.list_model.rowCount() - 1
        assert window.list_model.summary(last_row, load=False) is not None, "the last rows were not loaded"
        gc.collect()
        rss_scrolled = rss_mb()
        model: MessageListModel = window.list_model
        pages = model.page_loads

        # --- the same folder grouped by thread ------------------------------------------------
        with Store.for_profile(profile) as store:
            archive = store.folders.by_role("bench", "archive")
            assert archive is not None
        window.select_folder(archive.id)  # empty: grouping is switched on without a cost
        window.set_grouped_by_thread(True)
        app.processEvents()
        gc.collect()
        rss_before_threads = rss_mb()
        # The window reads big folders' thread orders on its worker (measured below); the
        # first figures are the GUI thread's, as the baseline.
        model.layout_loader = None
        began = time.perf_counter()
        window.select_folder(folder_id)
        view.viewport().repaint()
        threaded_ms = (time.perf_counter() - began) * 1000
        assert model.is_threaded() and model.summary(0, load=False) is not None
        threads = model.rowCount()
        app.processEvents()
        gc.collect()
        rss_threads = rss_mb() - rss_before_threads
        view.select_message(model.message_id(5) or 0)
        sys.setswitchinterval(SWITCH_INTERVAL_S)  # as the app runs (qtmail.cli.main)
        workers = TaskQueue("bench-thread-order")
        uids = iter(range(args.messages + 1, args.messages + 100))
        expected = args.messages

        def new_message(thread: int) -> None:
            nonlocal expected
            with Store.for_profile(profile) as store:
                store.messages.insert(
                    folder_id,
                    [
                        Envelope(
                            date=datetime(2026, 11, 28, tzinfo=UTC),
                            uid=next(uids),
                            thread_key=f"<thread-{thread}@bench.example>",
                        )
                    ],
                )
            expected += 1

        def shown() -> bool:
            return not model.is_loading_layout() and model.message_count() == expected

        def live_update(loader: TaskQueue | None, thread: int) -> tuple[float, float]:
            model.layout_loader = loader
            new_message(thread)
            return on_event_loop(window.check_store_changes, shown, view.viewport())

        live_update_ms, live_update_blocked = live_update(None, 7)
        live_worker_ms, live_worker_blocked = live_update(workers, 11)

        # the first rows again, the thread order read on the worker
        window.select_folder(archive.id)
        app.processEvents()

        def first_rows_in() -> bool:
            return (
                model.is_threaded()
                and not model.is_loading_layout()
                and model.summary(0, load=False) is not None
            )

        threaded_worker_ms, threaded_worker_blocked = on_event_loop(
            lambda: window.select_folder(folder_id), first_rows_in, view.viewport()
        )
        assert model.message_count() == expected
        model.layout_loader = None

        began = time.perf_counter()
        model.open_all_threads()
        view.viewport().repaint()
        open_all_ms = (time.perf_counter() - began) * 1000
        assert model.rowCount() == expected
        live_update_open_ms, live_update_open_blocked = live_update(None, 9)
        live_open_worker_ms, live_open_worker_blocked = live_update(workers, 13)
        assert model.rowCount() == expected
        workers.submit(lambda _token: window.stores.close_current())  # the worker's own connection
        assert workers.shutdown(30_000)
        window.set_grouped_by_thread(False)
        window.shutdown()
        window.close()

        # --- baseline: load every row before showing anything (a non-lazy model) --------------
        gc.collect()
        rss_base_before = rss_mb()
        began = time.perf_counter()
        with Store.for_profile(profile) as store:
            everything = store.pages.page(
                Scope.folder(folder_id), SortKey.DATE, True, offset=0, limit=args.messages
            )
        eager_ms = (time.perf_counter() - began) * 1000
        rss_eager = rss_mb() - rss_base_before
        assert len(everything) == args.messages
        del everything

    target_first = "(target < 200 ms)"
    target_memory = "(target < 60 MB)"
    print()
    print(f"message list, {args.messages:,} messages             qtmail (lazy)    baseline: load all rows")
    label = "time until the first rows are shown"
    print(f"  {label:<40} {first_rows_ms:8.1f} ms      {eager_ms:8.1f} ms   {target_first}")
    print(
        f"  memory growth opening the folder         {rss_open - rss_before:8.1f} MB      {rss_eager:8.1f} MB"
    )
    growth = rss_scrolled - rss_before
    print(f"  memory growth after scrolling to the end {growth:8.1f} MB                  {target_memory}")
    print(
        f"  scroll top to bottom ({steps} screens)     {scroll_s * 1000:8.1f} ms"
        f"  (slowest screen {slowest * 1000:.1f} ms, {pages} page loads)"
    )
    print()
    print(f"grouped by thread, {threads:,} threads                 qtmail")
    label = "time until the first rows are shown"
    print(f"  {label:<40} {threaded_ms:8.1f} ms      (flat: {first_rows_ms:.1f} ms)   (target < 300 ms)")
    print(f"  memory growth opening the folder         {rss_threads:8.1f} MB")
    print(f"  open every thread (*)                    {open_all_ms:8.1f} ms")
    print()
    print("thread order read on                        worker               GUI thread (baseline)")
    print("                                     shown after  GUI blocked  shown after  GUI blocked")
    for label, worker, gui in (
        ("first rows", (threaded_worker_ms, threaded_worker_blocked), (threaded_ms, threaded_ms)),
        (
            "one new message (live update)",
            (live_worker_ms, live_worker_blocked),
            (live_update_ms, live_update_blocked),
        ),
        (
            "one new message, every thread open",
            (live_open_worker_ms, live_open_worker_blocked),
            (live_update_open_ms, live_update_open_blocked),
        ),
    ):
        print(f"  {label:<35}{worker[0]:8.1f} ms {worker[1]:8.1f} ms  {gui[0]:8.1f} ms {gui[1]:8.1f} ms")
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
