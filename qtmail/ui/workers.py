"""Background work for the GUI: one worker thread per account plus one for the local store.

Every request gets an id and ends in exactly one of *done*, *error* or *cancelled*;
the outcome is delivered on the GUI thread (queued signals), so callbacks may touch
widgets. Work functions run on the worker thread and must never touch widgets.

Periodic things (check interval, retry backoff) take a :class:`TimerFactory`, so
tests can fire timers by hand instead of sleeping.
"""

from __future__ import annotations

import itertools
import queue
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from PySide6.QtCore import QCoreApplication, QObject, QThread, QTimer, Signal, Slot

from qtmail.core.errors import ErrorKind, MailError

_request_ids = itertools.count(1)


class CancelToken:
    """Checked by long work functions; set when the GUI no longer wants the answer."""

    def __init__(self) -> None:
        self._event = threading.Event()
        self._reporter: Callable[[object], None] | None = None

    def report(self, payload: object) -> None:
        """Send progress (any object) to the request's ``on_progress`` on the GUI thread."""
        if self._reporter is not None:
            self._reporter(payload)

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    @property
    def event(self) -> threading.Event:
        """Set when cancelled: for blocking loops that wait on an Event (e.g. IMAP IDLE)."""
        return self._event

    def raise_if_cancelled(self) -> None:
        if self._event.is_set():
            raise Cancelled()


class Cancelled(Exception):
    """Raised inside a work function to stop early; reported as *cancelled*."""


WorkFunction = Callable[[CancelToken], Any]
DoneCallback = Callable[[Any], None]
ErrorCallback = Callable[[MailError], None]
CancelCallback = Callable[[], None]
ProgressCallback = Callable[[object], None]


@dataclass
class _Request:
    request_id: int
    work: WorkFunction
    token: CancelToken = field(default_factory=CancelToken)


@dataclass
class _Callbacks:
    on_done: DoneCallback | None
    on_error: ErrorCallback | None
    on_cancel: CancelCallback | None
    on_progress: ProgressCallback | None = None


def as_mail_error(exc: BaseException) -> MailError:
    """Turn anything a work function raised into a MailError people can read."""
    if isinstance(exc, MailError):
        return exc
    if isinstance(exc, OSError):
        return MailError(ErrorKind.STORAGE, str(exc) or type(exc).__name__)
    detail = "".join(traceback.format_exception(exc))
    return MailError(ErrorKind.BUG, f"{type(exc).__name__}: {exc}", detail=detail)


class _WorkerThread(QThread):
    """Runs requests one after another from a queue; reports through the owning TaskQueue's signals."""

    def __init__(self, owner: TaskQueue, name: str) -> None:
        super().__init__()
        self._owner = owner
        self._queue: queue.Queue[_Request | None] = queue.Queue()
        self.setObjectName(name)

    def put(self, request: _Request | None) -> None:
        self._queue.put(request)

    def drain(self) -> list[_Request]:
        """Take every request not yet started (for cancellation at shutdown)."""
        pending: list[_Request] = []
        while True:
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                return pending
            if item is not None:
                pending.append(item)

    def run(self) -> None:
        while True:
            request = self._queue.get()
            if request is None:
                return
            self._owner.started_request.emit(request.request_id)
            if request.token.cancelled:
                self._owner._cancelled_signal.emit(request.request_id)
                continue
            try:
                result = request.work(request.token)
            except Cancelled:
                self._owner._cancelled_signal.emit(request.request_id)
            except BaseException as exc:
                self._owner._error_signal.emit(request.request_id, as_mail_error(exc))
            else:
                if request.token.cancelled:
                    self._owner._cancelled_signal.emit(request.request_id)
                else:
                    self._owner._done_signal.emit(request.request_id, result)


class TaskQueue(QObject):
    """A serial queue of work on its own thread; outcomes arrive on the GUI thread.

    Lives on the GUI thread. Requests on one queue run in order, so per-account
    work (one server connection) never races with itself.
    """

    started_request = Signal(int)
    progress = Signal(int, object)
    done = Signal(int, object)
    error = Signal(int, object)
    cancelled = Signal(int)
    busy_changed = Signal(bool)

    _done_signal = Signal(int, object)
    _progress_signal = Signal(int, object)
    _error_signal = Signal(int, object)
    _cancelled_signal = Signal(int)

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self._callbacks: dict[int, _Callbacks] = {}
        self._tokens: dict[int, CancelToken] = {}
        self._thread = _WorkerThread(self, f"qtmail-{name}")
        self._closed = False
        self._done_signal.connect(self._on_done)
        self._error_signal.connect(self._on_error)
        self._cancelled_signal.connect(self._on_cancelled)
        self._progress_signal.connect(self._on_progress)
        self._thread.start()

    @property
    def name(self) -> str:
        return self.objectName()

    @property
    def pending(self) -> int:
        """Requests submitted whose outcome has not yet been delivered."""
        return len(self._callbacks)

    def submit(
        self,
        work: WorkFunction,
        *,
        on_done: DoneCallback | None = None,
        on_error: ErrorCallback | None = None,
        on_cancel: CancelCallback | None = None,
        on_progress: ProgressCallback | None = None,
    ) -> int:
        """Queue ``work(token)``; returns the request id used in every signal about it."""
        request = _Request(next(_request_ids), work)
        if self._closed:
            raise MailError(ErrorKind.BUG, "the worker has already been shut down")
        request_id = request.request_id
        request.token._reporter = lambda payload: self._progress_signal.emit(request_id, payload)
        was_idle = not self._callbacks
        self._callbacks[request.request_id] = _Callbacks(on_done, on_error, on_cancel, on_progress)
        self._tokens[request.request_id] = request.token
        self._thread.put(request)
        if was_idle:
            self.busy_changed.emit(True)
        return request.request_id

    def cancel(self, request_id: int) -> bool:
        """Ask a request to stop; it still ends with exactly one outcome (usually *cancelled*)."""
        token = self._tokens.get(request_id)
        if token is None:
            return False
        token.cancel()
        return True

    def cancel_all(self) -> None:
        for token in list(self._tokens.values()):
            token.cancel()

    def shutdown(self, timeout_ms: int = 10_000) -> bool:
        """Cancel what is pending, stop the thread and join it. Returns False on timeout."""
        if self._closed:
            return True
        self._closed = True
        self.cancel_all()
        for request in self._thread.drain():
            request.token.cancel()
            self._thread.put(request)  # it reports itself as cancelled
        self._thread.put(None)
        finished = self._thread.wait(timeout_ms)
        # Deliver outcomes already queued, so every request ends exactly once.
        QCoreApplication.sendPostedEvents(self)
        for request_id in list(self._callbacks):
            self._on_cancelled(request_id)
        return bool(finished)

    def _finish(self, request_id: int) -> _Callbacks | None:
        callbacks = self._callbacks.pop(request_id, None)
        self._tokens.pop(request_id, None)
        if callbacks is not None and not self._callbacks:
            self.busy_changed.emit(False)
        return callbacks

    @Slot(int, object)
    def _on_progress(self, request_id: int, payload: object) -> None:
        callbacks = self._callbacks.get(request_id)
        if callbacks is None:
            return
        self.progress.emit(request_id, payload)
        if callbacks.on_progress is not None:
            callbacks.on_progress(payload)

    @Slot(int, object)
    def _on_done(self, request_id: int, result: object) -> None:
        callbacks = self._finish(request_id)
        if callbacks is None:
            return
        self.done.emit(request_id, result)
        if callbacks.on_done is not None:
            callbacks.on_done(result)

    @Slot(int, object)
    def _on_error(self, request_id: int, error: object) -> None:
        callbacks = self._finish(request_id)
        if callbacks is None:
            return
        self.error.emit(request_id, error)
        if callbacks.on_error is not None:
            assert isinstance(error, MailError)
            callbacks.on_error(error)

    @Slot(int)
    def _on_cancelled(self, request_id: int) -> None:
        callbacks = self._finish(request_id)
        if callbacks is None:
            return
        self.cancelled.emit(request_id)
        if callbacks.on_cancel is not None:
            callbacks.on_cancel()


class WorkerPool(QObject):
    """The app's workers: ``local`` for store/disk/parse work, ``list_orders`` for the message
    list's thread orders (a 100,000-message folder takes a fifth of a second, which must not
    hold up opening a message), and one queue per account."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.local = TaskQueue("local", self)
        self.list_orders = TaskQueue("list-orders", self)
        self._accounts: dict[str, TaskQueue] = {}

    def for_account(self, account_id: str) -> TaskQueue:
        """The account's own queue, created on first use."""
        queue_ = self._accounts.get(account_id)
        if queue_ is None:
            queue_ = TaskQueue(f"account-{account_id}", self)
            self._accounts[account_id] = queue_
        return queue_

    def account_ids(self) -> list[str]:
        return list(self._accounts)

    def all_queues(self) -> list[TaskQueue]:
        return [self.local, self.list_orders, *self._accounts.values()]

    def shutdown(self, timeout_ms: int = 10_000) -> bool:
        """Cancel everything and join every thread. Safe to call twice."""
        ok = True
        for task_queue in self.all_queues():
            ok = task_queue.shutdown(timeout_ms) and ok
        return ok


# ---------------------------------------------------------------- timers and clocks


class TimerHandle(Protocol):
    def start(self) -> None: ...
    def stop(self) -> None: ...
    def is_active(self) -> bool: ...


class TimerFactory(Protocol):
    """Creates repeating (or single-shot) timers; injectable so tests fire them by hand."""

    def create(
        self, interval_ms: int, callback: Callable[[], None], *, single_shot: bool = False
    ) -> TimerHandle: ...


class _QtTimerHandle:
    def __init__(self, interval_ms: int, callback: Callable[[], None], single_shot: bool) -> None:
        self._timer = QTimer()
        self._timer.setInterval(interval_ms)
        self._timer.setSingleShot(single_shot)
        self._timer.timeout.connect(callback)

    def start(self) -> None:
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def is_active(self) -> bool:
        return self._timer.isActive()


class QtTimerFactory:
    """The real thing: QTimers on the GUI thread."""

    def create(
        self, interval_ms: int, callback: Callable[[], None], *, single_shot: bool = False
    ) -> TimerHandle:
        return _QtTimerHandle(interval_ms, callback, single_shot)


class ManualTimer:
    """A timer that fires only when a test says so."""

    def __init__(self, interval_ms: int, callback: Callable[[], None], single_shot: bool) -> None:
        self.interval_ms = interval_ms
        self.callback = callback
        self.single_shot = single_shot
        self.active = False

    def start(self) -> None:
        self.active = True

    def stop(self) -> None:
        self.active = False

    def is_active(self) -> bool:
        return self.active

    def fire(self) -> None:
        if not self.active:
            return
        if self.single_shot:
            self.active = False
        self.callback()


class ManualTimerFactory:
    """For tests: keeps every timer it made; ``fire_all()`` runs the active ones once."""

    def __init__(self) -> None:
        self.timers: list[ManualTimer] = []

    def create(
        self, interval_ms: int, callback: Callable[[], None], *, single_shot: bool = False
    ) -> TimerHandle:
        timer = ManualTimer(interval_ms, callback, single_shot)
        self.timers.append(timer)
        return timer

    def fire_all(self) -> None:
        for timer in list(self.timers):
            timer.fire()
