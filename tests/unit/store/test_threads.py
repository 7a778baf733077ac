"""One Store per thread: a reader pages and polls while a writer commits batches."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from qtmail.core.store import Flag, FolderSpec, Scope, SortKey, Store
from tests.unit.store.conftest import envelope


def test_reader_thread_sees_whole_batches_while_a_writer_thread_inserts(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite3"
    with Store.open(path) as setup:
        inbox = setup.folders.upsert(FolderSpec("work", "INBOX", role="inbox")).id
    errors: list[BaseException] = []
    done = threading.Event()

    def writer() -> None:
        try:
            with Store.open(path) as store:
                for start in range(1, 2001, 200):
                    store.messages.insert(inbox, [envelope(n) for n in range(start, start + 200)])
        except BaseException as exc:
            errors.append(exc)
        finally:
            done.set()

    seen_totals: list[int] = []
    with Store.open(path) as reader:
        thread = threading.Thread(target=writer)
        thread.start()
        version = reader.data_version()
        deadline = time.monotonic() + 60
        while not done.is_set() and time.monotonic() < deadline:
            if reader.data_version() != version:
                version = reader.data_version()
                with reader.db.read():
                    total = reader.pages.count(Scope.folder(inbox))
                    page = reader.pages.page_ids(Scope.folder(inbox), SortKey.DATE, True, 0, 5000)
                assert total % 200 == 0 and len(page) == total  # never half a batch
                seen_totals.append(total)
            done.wait(0.002)
        thread.join(timeout=60)
        assert not errors, errors
        assert reader.pages.count(Scope.folder(inbox)) == 2000
    assert seen_totals == sorted(seen_totals)


def test_a_store_refuses_use_from_another_thread(store: Store) -> None:
    failures: list[BaseException] = []

    def use() -> None:
        try:
            store.folders.all()
        except BaseException as exc:
            failures.append(exc)

    thread = threading.Thread(target=use)
    thread.start()
    thread.join()
    assert failures and "thread" in str(failures[0])


def test_folder_versions_tell_which_folder_changed(store: Store) -> None:
    count = 3
    a = store.folders.upsert(FolderSpec("work", "A")).id
    b = store.folders.upsert(FolderSpec("work", "B")).id
    before = store.folders.versions()
    store.messages.insert(a, [envelope(n) for n in range(1, count + 1)])
    after = store.folders.versions()
    assert after[a] > before[a] and after[b] == before[b]


def test_two_writer_threads_wait_for_each_other(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite3"
    with Store.open(path) as setup:
        folders = [setup.folders.upsert(FolderSpec(name, "INBOX", role="inbox")).id for name in ("a", "b")]
    errors: list[BaseException] = []

    def write(folder: int) -> None:
        try:
            with Store.open(path) as store:
                for start in range(1, 1001, 100):
                    store.messages.insert(folder, [envelope(n) for n in range(start, start + 100)])
                    store.messages.change_flags_by_uid(folder, range(start, start + 50), add=Flag.SEEN)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(folder,)) for folder in folders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    with Store.open(path) as store:
        assert [(f.total, f.unread) for f in store.folders.all()] == [(1000, 500), (1000, 500)]
