"""The body of a background writer thread: its own :class:`Store`, fed from a queue.

Why one helper: the sync engine writes header batches and body batches from threads of
their own (the store's one-connection-per-thread rule), and both need the same careful
loop: open a store, apply each job, and after the first error keep draining the queue
without working, so the producer never blocks on a full queue and can re-raise the error.
"""

from __future__ import annotations

import queue
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from qtmail.core.store.store import Store

Job = TypeVar("Job")


def drain_into_own_store(
    path: Path,
    bodies_dir: Path,
    jobs: queue.Queue[Job | None],
    handle: Callable[[Store, Job], None],
    errors: list[BaseException],
) -> None:
    """Apply ``handle`` to every job until a ``None`` arrives; failures go to ``errors``."""
    local: Store | None = None
    try:
        local = Store.open(path, bodies_dir=bodies_dir)
    except BaseException as exc:
        errors.append(exc)
    try:
        while True:
            job = jobs.get()
            if job is None:
                return
            if local is None or errors:
                continue  # drain: the producer raises the first error
            try:
                handle(local, job)
            except BaseException as exc:
                errors.append(exc)
    finally:
        if local is not None:
            local.close()
