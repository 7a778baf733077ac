"""Workers: every request ends in exactly one outcome, delivered on the GUI thread; clean shutdown."""

from __future__ import annotations

import threading

from PySide6.QtCore import QThread

from qtmail.core.errors import ErrorKind, MailError
from qtmail.ui.workers import CancelToken, ManualTimerFactory, WorkerPool


def test_done_error_and_cancel_each_arrive_once_on_the_gui_thread(qtbot, worker_pool: WorkerPool) -> None:
    gui_thread = QThread.currentThread()
    outcomes: list[tuple[str, object, bool]] = []
    worker_threads: list[str] = []

    def work(token: CancelToken) -> int:
        worker_threads.append(threading.current_thread().name)
        return 42

    def fail(token: CancelToken) -> None:
        raise MailError(ErrorKind.NETWORK, "the server went away")

    def crash(token: CancelToken) -> None:
        raise ValueError("oops")

    queue = worker_pool.for_account("acct")
    queue.submit(work, on_done=lambda r: outcomes.append(("done", r, QThread.currentThread() is gui_thread)))
    queue.submit(
        fail, on_error=lambda e: outcomes.append(("error", e.kind, QThread.currentThread() is gui_thread))
    )
    queue.submit(
        crash, on_error=lambda e: outcomes.append(("crash", e.kind, QThread.currentThread() is gui_thread))
    )
    qtbot.waitUntil(lambda: len(outcomes) == 3, timeout=5000)
    assert outcomes == [
        ("done", 42, True),
        ("error", ErrorKind.NETWORK, True),
        ("crash", ErrorKind.BUG, True),
    ]
    assert worker_threads and worker_threads[0] != threading.main_thread().name
    assert queue.pending == 0


def test_cancel_a_running_request_reports_cancelled_only(qtbot, worker_pool: WorkerPool) -> None:
    started = threading.Event()
    outcomes: list[str] = []

    def slow(token: CancelToken) -> str:
        started.set()
        while not token.cancelled:
            token.raise_if_cancelled()
            threading.Event().wait(0.005)
        token.raise_if_cancelled()
        return "finished"

    queue = worker_pool.local
    request_id = queue.submit(
        slow,
        on_done=lambda _r: outcomes.append("done"),
        on_error=lambda _e: outcomes.append("error"),
        on_cancel=lambda: outcomes.append("cancelled"),
    )
    assert started.wait(5)
    assert queue.cancel(request_id)
    qtbot.waitUntil(lambda: outcomes == ["cancelled"], timeout=5000)
    assert not queue.cancel(request_id)  # already over


def test_progress_reaches_the_gui_thread_before_done(qtbot, worker_pool: WorkerPool) -> None:
    seen: list[object] = []

    def work(token: CancelToken) -> str:
        for step in range(3):
            token.report(step)
        return "ok"

    worker_pool.local.submit(work, on_progress=seen.append, on_done=seen.append)
    qtbot.waitUntil(lambda: "ok" in seen, timeout=5000)
    assert seen == [0, 1, 2, "ok"]


def test_shutdown_cancels_queued_requests_and_joins(qtbot) -> None:
    pool = WorkerPool()
    started = threading.Event()
    outcomes: list[str] = []

    def busy(token: CancelToken) -> str:
        started.set()
        while not token.cancelled:
            threading.Event().wait(0.005)
        return "stopped"

    queue = pool.for_account("a")
    queue.submit(
        busy, on_done=lambda _r: outcomes.append("first"), on_cancel=lambda: outcomes.append("cancelled")
    )
    for _ in range(3):
        queue.submit(
            lambda token: "never",
            on_done=lambda _r: outcomes.append("ran"),
            on_cancel=lambda: outcomes.append("cancelled"),
        )
    assert started.wait(5)
    assert pool.shutdown(5000)
    assert outcomes == ["cancelled"] * 4
    assert pool.shutdown(5000)  # twice is fine


def test_manual_timers_fire_only_when_told() -> None:
    factory = ManualTimerFactory()
    fired: list[int] = []
    repeating = factory.create(60_000, lambda: fired.append(1))
    single = factory.create(1000, lambda: fired.append(2), single_shot=True)
    factory.fire_all()
    assert fired == []
    repeating.start()
    single.start()
    factory.fire_all()
    factory.fire_all()
    assert fired == [1, 2, 1]
    assert not single.is_active() and repeating.is_active()
