"""The :class:`Store` facade: one connection and the table helpers that share it."""

from __future__ import annotations

from pathlib import Path
from types import TracebackType

from qtmail.core.profile import Profile
from qtmail.core.store.addresses import AddressBook
from qtmail.core.store.bodies import Bodies
from qtmail.core.store.db import Database
from qtmail.core.store.drafts import Drafts
from qtmail.core.store.folders import Folders
from qtmail.core.store.messages import Messages
from qtmail.core.store.operations import Operations
from qtmail.core.store.outbox import Outbox
from qtmail.core.store.paging import Pager
from qtmail.core.store.search import Searcher


class Store:
    """The local message store of one profile.

    Threading rule: a Store (one SQLite connection) is used only by the thread that opened
    it. Open one per thread (``Store.open(path)`` is cheap once the schema exists): the GUI
    thread reads with its own, each sync worker writes with its own. WAL lets readers work
    while a writer commits; a second writer waits (busy timeout) for the first.

    Every write method is one transaction. To make several calls atomic together (e.g. a
    local flag change plus its queued server operation), wrap them in ``with store.db.write():``.
    """

    def __init__(self, db: Database, bodies_dir: Path) -> None:
        self.db = db
        self.folders = Folders(db)
        self.addresses = AddressBook(db)
        self.messages = Messages(db, self.addresses)
        self.pages = Pager(db)
        self.searcher = Searcher(db)
        self.bodies = Bodies(db, bodies_dir)
        self.outbox = Outbox(db)
        self.operations = Operations(db)
        self.drafts = Drafts(db)

    @classmethod
    def open(cls, path: Path | str, *, bodies_dir: Path | None = None) -> Store:
        """Open (create, migrate) the store at ``path``; bodies default to ``<dir>/bodies``.

        ``":memory:"`` gives a private in-memory store for tests; its bodies (if any are
        stored) go to a fresh directory under the system temp dir unless ``bodies_dir`` says.
        """
        db = Database.open(path)
        if bodies_dir is None:
            if str(path) == ":memory:":
                import tempfile
                import uuid

                bodies_dir = Path(tempfile.gettempdir()) / f"qtmail-memory-bodies-{uuid.uuid4().hex}"
            else:
                bodies_dir = Path(path).parent / "bodies"
        return cls(db, bodies_dir)

    @classmethod
    def for_profile(cls, profile: Profile) -> Store:
        """The profile's store (``Profile.store_file``, bodies in ``Profile.bodies_dir``)."""
        profile.ensure()
        return cls.open(profile.store_file, bodies_dir=profile.bodies_dir)

    def close(self) -> None:
        self.bodies.close()
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def delete_account(self, account: str) -> None:
        """Forget everything stored for ``account``: folders, messages, queued operations,
        and the cached bodies no other message refers to (those older than a few minutes
        at once; younger ones at a later prune, as another thread may still be writing)."""
        self.folders.delete_account(account)
        self.bodies.prune()

    def maintain(self) -> None:
        """Housekeeping for idle moments (e.g. the end of a sync): merge some FTS segments
        (bounded work, so the write lock is held briefly), refresh planner statistics, and
        fold the WAL back into the database file."""
        with self.db.write() as connection:
            for table in ("message_fts", "body_fts"):
                connection.execute(f"INSERT INTO {table} ({table}, rank) VALUES ('merge', 500)")
        self.db.connection.execute("PRAGMA optimize")
        self.db.connection.execute("PRAGMA wal_checkpoint(PASSIVE)")

    def data_version(self) -> int:
        """Changes whenever another connection committed something: poll it, then compare
        :meth:`Folders.versions` to find which folders changed."""
        return self.db.data_version()
