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


def _term_expression(term: Term) -> str:
    return _quote(term.text) + ("*" if term.prefix else "")


# One word or phrase, found in the headers' table or the bodies' table (see the schema notes).
_TERM_SQL = (
    "SELECT * FROM (SELECT rowid FROM message_fts WHERE message_fts MATCH ?"
    " UNION SELECT rowid FROM body_fts WHERE body_fts MATCH ?)"
)


def matching_ids_sql(query: str) -> tuple[str, list[object]] | None:
    """A compound SELECT of the ids of messages matching ``query``, with its parameters, or
    None when nothing searchable is left.

    Headers and bodies are two FTS tables, so one MATCH cannot AND words found in different
    ones: each word is matched in both (UNION), the words are intersected, excluded words
    subtracted."""
    terms = parse(query)
    positive = [t for t in terms if not t.negated]
    if not positive:
        return None
    negative = [t for t in terms if t.negated]
    sql = " INTERSECT ".join([_TERM_SQL] * len(positive))
    sql += "".join(" EXCEPT " + _TERM_SQL for _ in negative)
    parameters: list[object] = [e for t in positive + negative for e in [_term_expression(t)] * 2]
    return sql, parameters


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
        matching = matching_ids_sql(query)
        if matching is None or limit <= 0:
            return []
        ids_sql, params = matching
        columns = ", ".join(f"m.{c.strip()}" for c in SUMMARY_COLUMNS.split(","))
        sql = f"SELECT {columns} FROM messages AS m WHERE m.id IN ({ids_sql})"
        sql, params = _narrowed(sql, list(params), account, folder_id, "m.")
        sql += " ORDER BY m.date DESC, m.id DESC LIMIT ? OFFSET ?"
        params += [limit, max(0, offset)]
        return [summary(row) for row in self._db.connection.execute(sql, params)]

    def count(self, query: str, *, account: str | None = None, folder_id: int | None = None) -> int:
        """How many messages match (for the GUI's result count)."""
        matching = matching_ids_sql(query)
        if matching is None:
            return 0
        ids_sql, params = matching
        sql, params = _narrowed(
            f"SELECT count(*) FROM messages WHERE id IN ({ids_sql})", list(params), account, folder_id, ""
        )
        return int(self._db.connection.execute(sql, params).fetchone()[0])


def _narrowed(
    sql: str, params: list[object], account: str | None, folder_id: int | None, alias: str
) -> tuple[str, list[object]]:
    if account is not None:
        sql += f" AND {alias}account = ?"
        params.append(account)
    if folder_id is not None:
        sql += f" AND {alias}folder_id = ?"
        params.append(folder_id)
    return sql, params
