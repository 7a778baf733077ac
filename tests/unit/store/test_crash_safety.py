"""A writer killed with SIGKILL in the middle of a large transaction leaves a consistent store."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from qtmail.core.store import Scope, Store
from tests.unit.store.conftest import consistent_counters

REPO = Path(__file__).resolve().parents[3]

WRITER = textwrap.dedent(
    """
    import sys
    from datetime import UTC, datetime, timedelta
    from pathlib import Path
    from qtmail.core.store import Address, Envelope, FolderSpec, Store

    def batch(first, count):
        start = datetime(2026, 1, 1, tzinfo=UTC)
        return [
            Envelope(date=start + timedelta(seconds=n), uid=n, sender=Address("Writer", f"w{n}@example.com"),
                     subject=f"subject number {n} with some words to index", size=n, preview="x" * 200)
            for n in range(first, first + count)
        ]

    store = Store.open(Path(sys.argv[1]))
    # A tiny page cache makes SQLite spill uncommitted pages into the WAL mid-transaction.
    store.db.connection.execute("PRAGMA cache_size = 50")
    inbox = store.folders.upsert(FolderSpec("work", "INBOX", role="inbox"))
    store.messages.insert(inbox.id, batch(1, 100))
    print("committed", flush=True)
    with store.db.write():
        for round_ in range(1000):
            store.messages.insert(inbox.id, batch(101 + round_ * 2000, 2000))
            store.messages.set_flags(inbox.id, [])
            print("batch", round_, flush=True)
    print("finished", flush=True)
    """
)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_sigkill_mid_transaction_loses_the_whole_batch_and_nothing_else(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite3"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path)], stdout=subprocess.PIPE, text=True, env=env
    )
    try:
        assert writer.stdout is not None
        assert writer.stdout.readline().strip() == "committed"
        wal = Path(f"{path}-wal")
        committed_wal = wal.stat().st_size if wal.exists() else 0
        # Wait until the open transaction has spilled well over a megabyte into the WAL, then kill.
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if wal.exists() and wal.stat().st_size > committed_wal + 2_000_000:
                break
            assert writer.poll() is None, "the writer ended before it could be killed"
            time.sleep(0.01)
        else:
            pytest.fail("the writer never got far into its transaction")
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=30)
        assert "finished" not in writer.stdout.read()  # killed inside the transaction
    finally:
        if writer.poll() is None:
            writer.kill()
            writer.wait()
        if writer.stdout is not None:
            writer.stdout.close()
    assert writer.returncode == -signal.SIGKILL

    with Store.open(path) as store:
        connection = store.db.connection
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        connection.execute("INSERT INTO message_fts (message_fts) VALUES ('integrity-check')")
        assert connection.execute("SELECT count(*) FROM messages").fetchone()[0] == 100
        assert connection.execute("SELECT count(*) FROM message_fts").fetchone()[0] == 100
        assert consistent_counters(store)
        assert store.pages.count(Scope.unified()) == 100
        assert len(store.searcher.search("subject number", limit=1000)) == 100
        inbox = store.folders.find("work", "INBOX")
        assert inbox is not None
        assert store.messages.insert(inbox.id, []) == 0
        assert store.messages.max_uid(inbox.id) == 100  # no row of the killed batch survived
