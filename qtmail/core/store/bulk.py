"""Insert many rows with a few multi-row statements, so SQLite's share of the work runs without the GIL.

Why: ``executemany`` steps SQLite once per row and takes the GIL back after every step.
When another thread is busy in Python (the sync engine parsing the next batch of headers
while this one is written), each of those hand-offs can wait for the interpreter's switch
interval, and thousands of rows lose the gain of writing on a thread of its own. One
``INSERT ... VALUES (...), (...), ...`` per ~1,000 rows binds its parameters in C and then
inserts all of them, with their index and trigger work, in a single step. Measured for
10,000 message rows: the same total time as ``executemany`` (a JSON array unpacked by
SQLite's ``json_each`` was tried too: twice the time).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

# SQLite's default bound-parameter limit since 3.32 (999 before): the statement's size cap.
_MAX_PARAMETERS = 32766


def insert_rows(
    connection: sqlite3.Connection,
    table: str,
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    upsert: str = "",
) -> None:
    """``INSERT INTO table (columns) VALUES ... [upsert]`` for every row, in order, in as few
    steps as fit; ``upsert`` is an ``ON CONFLICT`` clause, applied row by row as usual."""
    with_values(connection, f"INSERT INTO {table} ({', '.join(columns)}) VALUES {{values}}{upsert}", rows)


def replace_rows_where(
    connection: sqlite3.Connection,
    table: str,
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    condition: str,
) -> None:
    """``INSERT OR REPLACE INTO table (columns)`` the rows for which ``condition`` holds (an SQL
    expression over ``column1``, ``column2``, ... of each row), in as few steps as fit."""
    with_values(
        connection,
        f"INSERT OR REPLACE INTO {table} ({', '.join(columns)})"
        f" SELECT * FROM (VALUES {{values}}) WHERE {condition}",
        rows,
    )


def with_values(connection: sqlite3.Connection, sql: str, rows: Sequence[Sequence[Any]]) -> int:
    """Run ``sql`` once per chunk of ``rows`` (all of one width), its ``{values}`` replaced by
    the chunk's ``(?, ...), (?, ...)``; return the rows changed. In a SELECT the rows are
    ``column1``, ``column2``, ...; ``UPDATE ... FROM (VALUES {values})`` updates set-based."""
    if not rows:
        return 0
    width = len(rows[0])
    limit = connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    per_statement = max(1, min(_MAX_PARAMETERS, limit) // width)
    changed = 0
    for start in range(0, len(rows), per_statement):
        chunk = rows[start : start + per_statement]
        parameters = [value for row in chunk for value in row]
        statement = sql.replace("{values}", _values(width, len(chunk)))
        changed += connection.execute(statement, parameters).rowcount
    return changed


@lru_cache(maxsize=64)
def _values(width: int, count: int) -> str:
    row = "(" + ", ".join("?" * width) + ")"
    return ", ".join([row] * count)
