"""Search: safe queries from any typed input; subject, addresses, attachment names, bodies."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from qtmail.core.store import Address, FolderSpec, Store, schema
from qtmail.core.store.search import matching_ids_sql, parse
from tests.unit.store.conftest import envelope

NASTY = [
    '"',
    '""',
    '"unbalanced',
    'a"b',
    "-",
    "--",
    "-word",
    "@",
    "@@",
    "*",
    "**",
    "a*b",
    "(",
    ")",
    "(a OR b",
    "NOT",
    "AND",
    "OR",
    "NEAR(a b)",
    "a NEAR b",
    "subject:x",
    "^start",
    "+plus",
    "x-y-z",
    "e-mail",
    "bob@example.com",
    "'single'",
    "\\",
    "\x00",
    "😀",
    "\u200b",
    "%",
    "_",
    "a:b:c",
    '"-"',
    "{a b}",
    "a AND",
]


def seeded(store: Store) -> dict[str, int]:
    inbox = store.folders.upsert(FolderSpec("work", "INBOX", role="inbox")).id
    other = store.folders.upsert(FolderSpec("home", "INBOX", role="inbox")).id
    store.messages.insert(
        inbox,
        [
            envelope(1, subject="Quarterly report draft", sender=Address("Bob Builder", "bob@example.com")),
            envelope(2, subject="Lunch on Friday?", to=(Address("Carol", "carol@corp.example"),)),
            envelope(3, subject="다음 주 회의 일정", sender=Address("홍길동", "hong@example.kr")),
            envelope(4, subject="e-mail migration", sender=Address("Zoë Café", "zoe@example.net")),
        ],
    )
    store.messages.insert(other, [envelope(5, subject="Quarterly taxes")])
    ids = {m.subject: m.id for m in store.messages.get_many(list(range(1, 6)))}
    return ids


def subjects(store: Store, query: str, **kw: object) -> set[str]:
    return {m.subject for m in store.searcher.search(query, **kw)}  # type: ignore[arg-type]


def test_nasty_input_never_breaks_search(store: Store) -> None:
    seeded(store)
    for query in NASTY:
        store.searcher.search(query)
        store.searcher.count(query)
    assert store.searcher.search("") == []
    assert store.searcher.search("   ") == []
    assert store.searcher.search('"') == []


@settings(max_examples=80, deadline=None)
@given(st.text(max_size=30))
def test_any_text_builds_a_valid_query(text: str) -> None:
    import sqlite3

    connection = sqlite3.connect(":memory:")
    schema._run_script(connection, schema.V3_FTS)
    connection.execute("INSERT INTO message_fts VALUES ('some words here', 'ann@example.test')")
    connection.execute("INSERT INTO body_fts VALUES ('more words', 'a.pdf')")
    matching = matching_ids_sql(text)
    if matching is not None:
        connection.execute(*matching).fetchall()


def test_words_match_subject_and_addresses_with_prefixes(store: Store) -> None:
    seeded(store)
    assert subjects(store, "quarterly") == {"Quarterly report draft", "Quarterly taxes"}
    assert subjects(store, "quart") == {"Quarterly report draft", "Quarterly taxes"}  # still typing
    assert subjects(store, "quarterly rep") == {"Quarterly report draft"}
    assert subjects(store, "bob@example.com") == {"Quarterly report draft"}
    assert subjects(store, "Builder") == {"Quarterly report draft"}
    assert subjects(store, "carol@corp") == {"Lunch on Friday?"}  # To addresses too
    assert subjects(store, "회의") == {"다음 주 회의 일정"}
    assert subjects(store, "홍길동") == {"다음 주 회의 일정"}
    assert subjects(store, "zoe cafe") == {"e-mail migration"}  # diacritics folded
    assert subjects(store, "e-mail") == {"e-mail migration"}
    assert subjects(store, "friday?") == {"Lunch on Friday?"}


def test_phrases_exclusions_and_scope(store: Store) -> None:
    seeded(store)
    assert subjects(store, '"report draft"') == {"Quarterly report draft"}
    assert subjects(store, '"draft report"') == set()
    assert subjects(store, '"report dra') == {"Quarterly report draft"}  # unbalanced quote
    assert subjects(store, "quarterly -taxes") == {"Quarterly report draft"}
    assert subjects(store, "quarterly", account="home") == {"Quarterly taxes"}
    assert store.searcher.count("quarterly") == 2
    assert store.searcher.count("quarterly", account="work") == 1


def test_body_text_and_attachment_names_match_once_stored(store: Store) -> None:
    ids = seeded(store)
    lunch = ids["Lunch on Friday?"]
    assert subjects(store, "pizza") == set()
    assert store.bodies.store(
        lunch, b"Subject: x\r\n\r\npizza?\r\n", text="Shall we get pizza?", attachment_names=["menu-2026.pdf"]
    )
    assert subjects(store, "pizza") == {"Lunch on Friday?"}
    assert subjects(store, "menu") == {"Lunch on Friday?"}
    assert subjects(store, "menu-2026.pdf") == {"Lunch on Friday?"}


def test_results_are_newest_first_and_limited(store: Store) -> None:
    inbox = store.folders.upsert(FolderSpec("work", "INBOX", role="inbox")).id
    store.messages.insert(inbox, [envelope(n, subject=f"status {n}") for n in range(1, 31)])
    results = store.searcher.search("status", limit=10)
    assert [m.uid for m in results] == list(range(30, 20, -1))
    assert [m.uid for m in store.searcher.search("status", limit=5, offset=10)] == list(range(20, 15, -1))


def test_parse_rules() -> None:
    terms = parse('-spam "exact phrase" a bob@x.org wor')
    assert [(t.text, t.phrase, t.negated, t.prefix) for t in terms] == [
        ("spam", False, True, True),
        ("exact phrase", True, False, False),
        ("a", False, False, False),
        ("bob@x.org", False, False, True),
        ("wor", False, False, True),
    ]
    assert matching_ids_sql("-only -negative") is None
    assert matching_ids_sql("@ ( *") is None


VOCABULARY = ["alpha", "alps", "beta", "bet", "gamma", "report", "rep", "x"]


@settings(max_examples=40, deadline=None)
@given(
    subjects=st.lists(st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=4), min_size=1, max_size=12),
    words=st.lists(st.tuples(st.sampled_from(VOCABULARY), st.booleans()), min_size=1, max_size=3),
)
def test_search_agrees_with_a_word_prefix_reference(
    subjects: list[list[str]], words: list[tuple[str, bool]]
) -> None:
    """Every word must start some word of the subject; '-word' must start none."""
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as directory, Store.open(Path(directory) / "s.sqlite3") as store:
        inbox = store.folders.upsert(FolderSpec("work", "INBOX", role="inbox")).id
        store.messages.insert(
            inbox,
            [
                envelope(n + 1, subject=" ".join(tokens), sender=Address("", "s@q.q"), to=())
                for n, tokens in enumerate(subjects)
            ],
        )
        query = " ".join(("-" if negated else "") + word for word, negated in words)
        positive = [w for w, negated in words if not negated]

        def matches(tokens: list[str]) -> bool:
            if not positive:
                return False
            has = lambda word: any(token.startswith(word) for token in tokens)  # noqa: E731
            return all(has(w) for w, negated in words if not negated) and not any(
                has(w) for w, negated in words if negated
            )

        expected = {n + 1 for n, tokens in enumerate(subjects) if matches(tokens)}
        found = {m.uid for m in store.searcher.search(query, limit=100)}
        assert found == expected, query
