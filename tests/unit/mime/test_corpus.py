"""The corpus of real-world-style messages (tests/data/mail) against expected.json."""

from __future__ import annotations

import hashlib
import json
from email import policy
from email.parser import BytesParser
from typing import Any

import pytest

from qtmail.core.mime import parse, to_json
from tests.unit.mime.helpers import CORPUS, corpus_files

EXPECTED: dict[str, dict[str, Any]] = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))


def test_every_corpus_file_has_expectations_and_a_source() -> None:
    names = {path.name for path in corpus_files()}
    assert names == set(EXPECTED)
    sources = (CORPUS / "SOURCES.md").read_text(encoding="utf-8")
    for name in names:
        assert name in sources


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_message(name: str) -> None:
    expected = EXPECTED[name]
    parsed = parse((CORPUS / name).read_bytes())
    if "subject" in expected:
        assert parsed.subject == expected["subject"]
    if "subject_contains" in expected:
        assert parsed.subject is not None and expected["subject_contains"] in parsed.subject
    for field in ("from", "to", "cc"):
        if field in expected:
            got = getattr(parsed, "from_" if field == "from" else field)
            assert [[a.name, a.address] for a in got] == expected[field]
    for field in ("message_id", "in_reply_to", "references"):
        if field in expected:
            assert getattr(parsed, field) == expected[field]
    if "date" in expected:
        assert parsed.date == expected["date"]
    if "text" in expected:
        assert parsed.text == expected["text"]
    for snippet in expected.get("text_contains", []):
        assert parsed.text is not None and snippet in parsed.text
    for snippet in expected.get("text_not_contains", []):
        assert parsed.text is None or snippet not in parsed.text
    for snippet in expected.get("html_contains", []):
        assert parsed.html is not None and snippet in parsed.html
    for snippet in expected.get("html_not_contains", []):
        assert parsed.html is None or snippet.lower() not in parsed.html.lower()
    if "remote_resources" in expected:
        assert parsed.remote_resources == expected["remote_resources"]
    for url in expected.get("remote_contains", []):
        assert url in parsed.remote_resources
    if "defects" in expected:
        assert sorted({d.kind for d in parsed.defects}) == sorted(expected["defects"])
    for kind in expected.get("defects_include", []):
        assert kind in {d.kind for d in parsed.defects}
    if "paths" in expected:
        assert [part.path for part in parsed.parts] == expected["paths"]
    assert len(parsed.attachments) == len(expected["attachments"])
    for info, want in zip(parsed.attachments, expected["attachments"], strict=True):
        assert info.filename == want["filename"]
        assert info.content_type == want["content_type"]
        if "sha256" in want:
            assert info.sha256 == want["sha256"]
            assert info.size == want["size"]
        if "prefix_sha256" in want:
            data = parsed.part_bytes(info.path)
            assert hashlib.sha256(data[: want["prefix_len"]]).hexdigest() == want["prefix_sha256"]
        assert info.inline == want.get("inline", False)
        if "content_id" in want:
            assert info.content_id == want["content_id"]
        if "safe_filename" in want:
            assert info.safe_filename == want["safe_filename"]
    json.dumps(to_json(parsed))


def test_korean_corpus_beats_bare_stdlib() -> None:
    """Guards the Korean expectations: the stdlib alone does not read these right."""
    raw = (CORPUS / "euckr_raw_8bit_headers.eml").read_bytes()
    message = BytesParser(policy=policy.default).parsebytes(raw)
    stdlib_text = message.get_content()
    assert "똠양꿍" not in stdlib_text
    assert "똠양꿍" in (parse(raw).text or "")
