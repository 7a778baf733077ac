"""Full-text search: turn what a person types into a safe FTS5 query, and run it.

Every word becomes a quoted FTS5 string, so no input (quotes, ``@``, ``-``, ``*``,
parentheses, ``AND``/``NOT``/``NEAR`` as words, unbalanced quotes) can be read as query
syntax. Rules, chosen to match what people expect from a mail search box:

- words are ANDed; each word also matches as a prefix (``meet`` finds "meeting"), so the
  word still being typed finds results; a one-letter word matches only at the end;
- ``"two words"`` is a phrase (an unbalanced quote runs to the end, its last word a prefix);
- ``-word`` excludes, when at least one word is included;
- a word such as ``bob@example.com`` or ``e-mail`` is a phrase of its parts, as indexed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from qtmail.core.store.db import Database
from qtmail.core.store.rows import SUMMARY_COLUMNS, clean_text, summary
from qtmail.core.store.types import MessageSummary

# What the unicode61 tokenizer keeps inside a token: letters, digits, marks (incl. Hangul).
_WORD_CHAR = re.compile(r"[^\W_]", re.UNICODE)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class Term:
    text: str
    phrase: bool  # quoted by the user: exact phrase, no prefix
    negated: bool
    prefix: bool


def _split(query: str) -> Iterator[tuple[str, bool, bool, bool]]:
    """Yield (text, quoted, negated, unterminated) from the raw input; never raises."""
    query = _CONTROL.sub(" ", clean_text(query))
    position = 0
    length = len(query)
    while position < length:
        char = query[position]
        if char.isspace():
            position += 1
            continue
        negated = False
        if char == "-" and position + 1 < length and not query[position + 1].isspace():
            negated = True
            position += 1
            char = query[position]
        if char == '"':
            end = query.find('"', position + 1)
            unterminated = end < 0
            if unterminated:
                end = length
            yield query[position + 1 : end], True, negated, unterminated
            position = end + 1
        else:
            end = position
            while end < length and not query[end].isspace() and query[end] != '"':
                end += 1
            yield query[position:end], False, negated, False
            position = end


def parse(query: str) -> list[Term]:
    """The user's input as terms; words without any letter or digit are dropped."""
    terms: list[Term] = []
    for text, quoted, negated, unterminated in _split(query):
        if not _WORD_CHAR.search(text):
            continue
        word = text.rstrip("*") if not quoted else text
        letters = len(_WORD_CHAR.findall(word))
        # An unclosed quote is a phrase still being typed: its last word is a prefix.
        prefix = unterminated or (not quoted and letters >= 2)
        terms.append(Term(word, quoted, negated, prefix=prefix))
    # The last word is the one being typed: always a prefix.
    if terms and not terms[-1].phrase and not terms[-1].prefix:
        last = terms[-1]
        terms[-1] = Term(last.text, last.phrase, last.negated, prefix=True)
    return terms


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def build_fts_query(query: str) -> str | None:
    """An FTS5 MATCH expression for the input, or None when nothing searchable is left."""
    terms = parse(query)
    positive = [t for t in terms if not t.negated]
    if not positive:
        return None
    parts = [_quote(t.text) + ("*" if t.prefix else "") for t in positive]
    expression = "(" + " AND ".join(parts) + ")"
    negative = [t for t in terms if t.negated]
    for term in negative:
        expression += " NOT " + _quote(term.text) + ("*" if term.prefix else "")
    return expression


class Searcher:
    """Runs searches; results newest first."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def search(
        self,
        query: str,
        *,
        account: str | None = None,
        folder_id: int | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> list[MessageSummary]:
        """Messages matching ``query`` in subject, addresses, attachment names or fetched body text."""
        expression = build_fts_query(query)
        if expression is None or limit <= 0:
            return []
        # The FTS match drives; each hit is one primary-key lookup, then a top-N sort by date.
        columns = ", ".join(f"m.{c.strip()}" for c in SUMMARY_COLUMNS.split(","))
        sql = (
            f"SELECT {columns} FROM message_fts JOIN messages AS m ON m.id = message_fts.rowid"
            " WHERE message_fts MATCH ?"
        )
        params: list[object] = [expression]
        if account is not None:
            sql += " AND m.account = ?"
            params.append(account)
        if folder_id is not None:
            sql += " AND m.folder_id = ?"
            params.append(folder_id)
        sql += " ORDER BY m.date DESC, m.id DESC LIMIT ? OFFSET ?"
        params += [limit, max(0, offset)]
        return [summary(row) for row in self._db.connection.execute(sql, params)]

    def count(self, query: str, *, account: str | None = None, folder_id: int | None = None) -> int:
        """How many messages match (for the GUI's result count)."""
        expression = build_fts_query(query)
        if expression is None:
            return 0
        sql = (
            "SELECT count(*) FROM messages"
            " WHERE id IN (SELECT rowid FROM message_fts WHERE message_fts MATCH ?)"
        )
        params: list[object] = [expression]
        if account is not None:
            sql += " AND account = ?"
            params.append(account)
        if folder_id is not None:
            sql += " AND folder_id = ?"
            params.append(folder_id)
        return int(self._db.connection.execute(sql, params).fetchone()[0])
