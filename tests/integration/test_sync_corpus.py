"""The MIME corpus (tests/data/mail) through the lab: synced with bodies, then opened."""

from __future__ import annotations

import json
from pathlib import Path

from qtmail.core.mime import parse
from tests.integration.sync_helpers import imap_account, messages, new_user, open_store, sync

CORPUS = Path(__file__).parents[1] / "data" / "mail"


def test_corpus_synced_and_opened(lab, tmp_path: Path) -> None:
    expected = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))
    user = new_user(lab)
    raws = {name: (CORPUS / name).read_bytes() for name in sorted(expected)}
    for raw in raws.values():
        lab.deliver(user, raw)
    account = imap_account(lab, user)
    with open_store(tmp_path) as store:
        report = sync(account, user, store, bodies=True)
        assert report.new == len(raws) and report.bodies == len(raws)
        rows = messages(store, account, "INBOX")
        assert len(rows) == len(raws)
        by_size = {m.size: m for m in rows}
        for name, raw in raws.items():
            want = expected[name]
            row = by_size.get(len(raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")))
            assert row is not None, name
            if "subject" in want:
                assert row.subject == (want["subject"] or ""), name
            if "subject_contains" in want:
                assert want["subject_contains"] in row.subject, name
            if want.get("from"):
                assert [row.sender.name, row.sender.address] == want["from"][0], name
            assert row.has_body, name
            body = store.bodies.read(row.id)
            assert body is not None
            opened = parse(body)
            assert opened.subject == parse(raw).subject, name
            for snippet in want.get("text_contains", []):
                assert snippet in (opened.text or ""), name
        # The bodies' text is indexed: a word from a Korean body is found.
        hits = store.searcher.search("감사합니다")
        assert any(h.account == account.name for h in hits)
