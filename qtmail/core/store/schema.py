"""The store's schema and its migrations, keyed by ``PRAGMA user_version``.

A new store runs every migration in order, so the path an old store takes is the path
every new store takes too (and the tests cover it). Design notes for the current version:

- Folder counters (``total``, ``unread``) and a change ``version`` are kept in the same
  transaction as the message change, so they can never drift, and reading them is O(1):
  by a trigger for flag changes and moves, and set-based for inserts and deletes
  (``messages.account_new_rows``, ``removal.remove_messages``), cheaper than a trigger per row.
- Every list ordering has one covering index ``(view_key, sort_key, id, folder_id)``;
  a page at offset N walks only index entries, and offsets past the middle walk the index
  from the other end. ``view_key`` is 0 for messages in any inbox and the folder id
  otherwise, so the same four indexes serve folders and the unified inbox (an inbox folder
  is the unified range filtered on ``folder_id``, which the index covers). Four indexes
  instead of eight keep bulk inserts fast.
- ``sort_sender`` / ``sort_subject`` are precomputed case-folded keys so ordering is plain
  BINARY comparison on an index.
- Messages use AUTOINCREMENT so a store id is never reused: the GUI, the operation queue
  and body files may keep referring to an id after the message is gone.
- Two FTS5 tables, both normal (content-storing) tables keyed by message id:
  ``message_fts`` (subject, addresses) and ``body_fts`` (body text, attachment names). The
  body text is therefore not stored twice. A body written into the header row was an FTS5
  UPDATE (delete and re-add the whole row); apart, a body is one plain insert
  (:mod:`qtmail.core.store.search` combines the two per word). Neither has prefix indexes:
  they doubled the cost of indexing a header and tripled a body's, while the prefix
  queries of search-as-you-type stay fast without them (measured over 100,000 subjects
  from a 60,000-word vocabulary: a two-letter prefix 0.3 ms instead of 0.1 ms, one letter
  21 ms instead of 13 ms). New header rows are indexed by one set-based INSERT ... SELECT after each batch
  (``messages.account_new_rows``): an FTS5 insert from a per-row trigger costs five times
  as much; deletes likewise (``removal.remove_messages``). A changed subject or address
  list is re-indexed by a trigger (rare); body text and attachment names are written when
  a body is stored.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from qtmail.core.errors import ErrorKind, MailError

# Flag bits (see types.Flag): SEEN = 1.
_UNSEEN = "((NEW.flags & 1) = 0)"
_OLD_UNSEEN = "((OLD.flags & 1) = 0)"

# Version 1, as first released; later versions change it by migrations below.
SCHEMA_V1 = f"""
CREATE TABLE folders (
    id            INTEGER PRIMARY KEY,
    account       TEXT NOT NULL,
    path          TEXT NOT NULL,
    name          TEXT NOT NULL,
    raw_name      TEXT,
    delimiter     TEXT,
    role          TEXT CHECK (role IN ('inbox','sent','drafts','trash','junk','archive','outbox')),
    subscribed    INTEGER NOT NULL DEFAULT 1,
    local_only    INTEGER NOT NULL DEFAULT 0,
    uidvalidity   INTEGER,
    uidnext       INTEGER,
    highestmodseq INTEGER,
    total         INTEGER NOT NULL DEFAULT 0,
    unread        INTEGER NOT NULL DEFAULT 0,
    version       INTEGER NOT NULL DEFAULT 0,
    UNIQUE (account, path)
);

CREATE TABLE messages (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    account      TEXT NOT NULL,
    folder_id    INTEGER NOT NULL REFERENCES folders(id) ON DELETE CASCADE,
    in_inbox     INTEGER NOT NULL DEFAULT 0,
    uid          INTEGER,
    uidl         TEXT,
    message_id   TEXT,
    in_reply_to  TEXT,
    refs         TEXT,
    from_name    TEXT NOT NULL DEFAULT '',
    from_addr    TEXT NOT NULL DEFAULT '',
    to_json      TEXT NOT NULL DEFAULT '[]',
    cc_json      TEXT NOT NULL DEFAULT '[]',
    subject      TEXT NOT NULL DEFAULT '',
    date         INTEGER NOT NULL,
    tz_offset    INTEGER,
    size         INTEGER NOT NULL DEFAULT 0,
    flags        INTEGER NOT NULL DEFAULT 0,
    keywords     TEXT NOT NULL DEFAULT '',
    attachments  INTEGER NOT NULL DEFAULT 0,
    preview      TEXT NOT NULL DEFAULT '',
    thread_key   TEXT,
    modseq       INTEGER,
    body_sha256  TEXT,
    sort_sender  TEXT NOT NULL DEFAULT '',
    sort_subject TEXT NOT NULL DEFAULT ''
);

CREATE UNIQUE INDEX messages_folder_uid ON messages (folder_id, uid) WHERE uid IS NOT NULL;
CREATE UNIQUE INDEX messages_folder_uidl ON messages (folder_id, uidl) WHERE uidl IS NOT NULL;
CREATE INDEX messages_folder_msgid ON messages (folder_id, message_id);
CREATE INDEX messages_thread ON messages (account, thread_key);
CREATE INDEX messages_body ON messages (body_sha256) WHERE body_sha256 IS NOT NULL;

CREATE INDEX messages_by_date    ON messages (folder_id, date, id);
CREATE INDEX messages_by_sender  ON messages (folder_id, sort_sender, id);
CREATE INDEX messages_by_subject ON messages (folder_id, sort_subject, id);
CREATE INDEX messages_by_size    ON messages (folder_id, size, id);
CREATE INDEX unified_by_date     ON messages (date, id, account) WHERE in_inbox = 1;
CREATE INDEX unified_by_sender   ON messages (sort_sender, id, account) WHERE in_inbox = 1;
CREATE INDEX unified_by_subject  ON messages (sort_subject, id, account) WHERE in_inbox = 1;
CREATE INDEX unified_by_size     ON messages (size, id, account) WHERE in_inbox = 1;

CREATE VIRTUAL TABLE message_fts USING fts5 (
    subject, addresses, body, attachments,
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER messages_after_insert AFTER INSERT ON messages BEGIN
    UPDATE folders SET total = total + 1, unread = unread + {_UNSEEN}, version = version + 1
        WHERE id = NEW.folder_id;
    INSERT INTO message_fts (rowid, subject, addresses, body, attachments) VALUES (
        NEW.id, NEW.subject,
        NEW.from_name || ' ' || NEW.from_addr || ' ' || NEW.to_json || ' ' || NEW.cc_json, '', '');
END;

CREATE TRIGGER messages_after_delete AFTER DELETE ON messages BEGIN
    UPDATE folders SET total = total - 1, unread = unread - {_OLD_UNSEEN}, version = version + 1
        WHERE id = OLD.folder_id;
    DELETE FROM message_fts WHERE rowid = OLD.id;
END;

CREATE TRIGGER messages_after_update_state AFTER UPDATE OF flags, folder_id ON messages
WHEN OLD.flags IS NOT NEW.flags OR OLD.folder_id IS NOT NEW.folder_id BEGIN
    UPDATE folders SET total = total - 1, unread = unread - {_OLD_UNSEEN}, version = version + 1
        WHERE id = OLD.folder_id;
    UPDATE folders SET total = total + 1, unread = unread + {_UNSEEN}, version = version + 1
        WHERE id = NEW.folder_id;
END;

CREATE TRIGGER messages_after_update_text
AFTER UPDATE OF subject, from_name, from_addr, to_json, cc_json ON messages
WHEN OLD.subject IS NOT NEW.subject OR OLD.from_name IS NOT NEW.from_name
    OR OLD.from_addr IS NOT NEW.from_addr OR OLD.to_json IS NOT NEW.to_json
    OR OLD.cc_json IS NOT NEW.cc_json BEGIN
    UPDATE message_fts SET subject = NEW.subject,
        addresses = NEW.from_name || ' ' || NEW.from_addr || ' ' || NEW.to_json || ' ' || NEW.cc_json
        WHERE rowid = NEW.id;
END;

CREATE TABLE addresses (
    address_key TEXT PRIMARY KEY,
    address     TEXT NOT NULL,
    name        TEXT NOT NULL DEFAULT '',
    name_key    TEXT NOT NULL DEFAULT '',
    seen_count  INTEGER NOT NULL DEFAULT 0,
    sent_count  INTEGER NOT NULL DEFAULT 0,
    last_used   INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    account         TEXT NOT NULL,
    message_id      TEXT NOT NULL,
    sender          TEXT NOT NULL,
    recipients      TEXT NOT NULL,
    raw             BLOB NOT NULL,
    size            INTEGER NOT NULL,
    state           TEXT NOT NULL DEFAULT 'queued'
                    CHECK (state IN ('queued','sending','sent','held','failed-temp')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at REAL,
    last_error      TEXT,
    created_at      REAL NOT NULL,
    send_after      REAL,
    sent_at         REAL,
    sent_copy_done  INTEGER NOT NULL DEFAULT 0,
    claimed_pid     INTEGER,
    claimed_at      REAL
);
CREATE INDEX outbox_by_state ON outbox (state, account);

CREATE TABLE operations (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    account         TEXT NOT NULL,
    folder          TEXT,
    kind            TEXT NOT NULL,
    payload         TEXT NOT NULL,
    created_at      REAL NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT,
    next_attempt_at REAL
);
CREATE INDEX operations_by_account ON operations (account, id);

CREATE TABLE drafts (
    id         TEXT PRIMARY KEY,
    account    TEXT,
    content    TEXT NOT NULL,
    updated_at REAL NOT NULL
);
"""

# Version 2: one set of sort indexes for folders and the unified inbox (``view_key``),
# counters and FTS rows kept set-based for inserts and deletes, FTS prefix indexes for
# search-as-you-type.
V2_FTS = """
CREATE VIRTUAL TABLE message_fts USING fts5 (
    subject, addresses, body, attachments,
    tokenize = 'unicode61 remove_diacritics 2',
    columnsize = 0,
    prefix = '2 3'
);
"""

# Re-indexes a changed subject or address list (versions 2 and 3).
TEXT_TRIGGER = """
CREATE TRIGGER messages_after_update_text
AFTER UPDATE OF subject, from_name, from_addr, to_json, cc_json ON messages
WHEN OLD.subject IS NOT NEW.subject OR OLD.from_name IS NOT NEW.from_name
    OR OLD.from_addr IS NOT NEW.from_addr OR OLD.to_json IS NOT NEW.to_json
    OR OLD.cc_json IS NOT NEW.cc_json BEGIN
    UPDATE message_fts SET subject = NEW.subject,
        addresses = NEW.from_name || ' ' || NEW.from_addr || ' ' || NEW.to_json || ' ' || NEW.cc_json
        WHERE rowid = NEW.id;
END;"""

V2_OBJECTS = f"""
CREATE INDEX messages_thread ON messages (account, thread_key) WHERE thread_key IS NOT NULL;
CREATE INDEX messages_by_date    ON messages (view_key, date, id, folder_id);
CREATE INDEX messages_by_sender  ON messages (view_key, sort_sender, id, folder_id);
CREATE INDEX messages_by_subject ON messages (view_key, sort_subject, id, folder_id);
CREATE INDEX messages_by_size    ON messages (view_key, size, id, folder_id);

CREATE TRIGGER messages_after_update_state AFTER UPDATE OF flags, folder_id ON messages
WHEN OLD.flags IS NOT NEW.flags OR OLD.folder_id IS NOT NEW.folder_id BEGIN
    UPDATE folders SET total = total - 1, unread = unread - {_OLD_UNSEEN}, version = version + 1
        WHERE id = OLD.folder_id;
    UPDATE folders SET total = total + 1, unread = unread + {_UNSEEN}, version = version + 1
        WHERE id = NEW.folder_id;
END;

{TEXT_TRIGGER}"""

_V1_INDEXES = (
    "messages_thread",
    "messages_by_date",
    "messages_by_sender",
    "messages_by_subject",
    "messages_by_size",
    "unified_by_date",
    "unified_by_sender",
    "unified_by_subject",
    "unified_by_size",
)
_V1_TRIGGERS = (
    "messages_after_insert",
    "messages_after_delete",
    "messages_after_update_state",
    "messages_after_update_text",
)


def _migrate_to_v2(connection: sqlite3.Connection) -> None:
    columns = {str(row[1]) for row in connection.execute("PRAGMA table_info(messages)")}
    for trigger in _V1_TRIGGERS:
        connection.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    for index in _V1_INDEXES:
        connection.execute(f"DROP INDEX IF EXISTS {index}")
    if "view_key" not in columns:
        connection.execute("ALTER TABLE messages ADD COLUMN view_key INTEGER NOT NULL DEFAULT 0")
    if "in_inbox" in columns:
        connection.execute("UPDATE messages SET view_key = CASE WHEN in_inbox = 1 THEN 0 ELSE folder_id END")
        connection.execute("ALTER TABLE messages DROP COLUMN in_inbox")
    # Rebuild the FTS table with the new options, keeping body text already indexed.
    connection.execute("ALTER TABLE message_fts RENAME TO message_fts_v1")
    _run_script(connection, V2_FTS)
    connection.execute(
        "INSERT INTO message_fts (rowid, subject, addresses, body, attachments)"
        " SELECT m.id, m.subject, m.from_name || ' ' || m.from_addr || ' ' || m.to_json || ' ' || m.cc_json,"
        "        coalesce(o.body, ''), coalesce(o.attachments, '')"
        " FROM messages AS m LEFT JOIN message_fts_v1 AS o ON o.rowid = m.id"
    )
    connection.execute("DROP TABLE message_fts_v1")
    _run_script(connection, V2_OBJECTS)
    # Counters were kept by triggers until now; recount once so they start exact.
    connection.execute(
        "UPDATE folders SET total = (SELECT count(*) FROM messages WHERE folder_id = folders.id),"
        " unread = (SELECT count(*) FROM messages WHERE folder_id = folders.id AND (flags & 1) = 0)"
    )


# What the header FTS row indexes as "addresses" (columns of ``messages``).
FTS_ADDRESSES = "from_name || ' ' || from_addr || ' ' || to_json || ' ' || cc_json"

# Version 3: body text and attachment names in their own FTS table; no prefix indexes.
V3_FTS = """
CREATE VIRTUAL TABLE message_fts USING fts5 (
    subject, addresses,
    tokenize = 'unicode61 remove_diacritics 2',
    columnsize = 0
);

CREATE VIRTUAL TABLE body_fts USING fts5 (
    body, attachments,
    tokenize = 'unicode61 remove_diacritics 2',
    columnsize = 0
);
"""


def _migrate_to_v3(connection: sqlite3.Connection) -> None:
    # The trigger names the table; renaming the table would rewrite it to the old copy.
    connection.execute("DROP TRIGGER IF EXISTS messages_after_update_text")
    connection.execute("ALTER TABLE message_fts RENAME TO message_fts_v2")
    _run_script(connection, V3_FTS)
    connection.execute(
        f"INSERT INTO message_fts (rowid, subject, addresses)"
        f" SELECT id, subject, {FTS_ADDRESSES} FROM messages"
    )
    connection.execute(
        "INSERT INTO body_fts (rowid, body, attachments) SELECT rowid, body, attachments FROM message_fts_v2"
        " WHERE body != '' OR attachments != ''"
    )
    connection.execute("DROP TABLE message_fts_v2")
    _run_script(connection, TEXT_TRIGGER)  # the same trigger, on the new table


# Each migration takes the database from version N-1 to N (index N-1 in this list).
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    lambda connection: _run_script(connection, SCHEMA_V1),
    _migrate_to_v2,
    _migrate_to_v3,
]

SCHEMA_VERSION = len(MIGRATIONS)


def _run_script(connection: sqlite3.Connection, script: str) -> None:
    """Run DDL statement by statement (``executescript`` would commit our transaction)."""
    statement = ""
    for line in script.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            connection.execute(statement)
            statement = ""
    if statement.strip():
        raise MailError(ErrorKind.BUG, "incomplete SQL statement in the store schema")


def migrate(connection: sqlite3.Connection) -> int:
    """Bring the schema up to :data:`SCHEMA_VERSION` in one transaction; return the old version.

    The connection must be in autocommit mode (``isolation_level=None``). A database from a
    newer qtmail is refused rather than damaged.
    """
    version = int(connection.execute("PRAGMA user_version").fetchone()[0])
    if version == SCHEMA_VERSION:
        return version
    if version > SCHEMA_VERSION:
        raise MailError(
            ErrorKind.STORAGE,
            f"the message store was written by a newer qtmail (schema {version}, this one knows "
            f"{SCHEMA_VERSION}); update qtmail",
        )
    connection.execute("BEGIN IMMEDIATE")
    try:
        # Another process may have migrated while we waited for the write lock.
        version = int(connection.execute("PRAGMA user_version").fetchone()[0])
        for index in range(version, SCHEMA_VERSION):
            MIGRATIONS[index](connection)
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION:d}")
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    return version
