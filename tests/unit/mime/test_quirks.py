"""Real-world quirks (tests/data/mail/quirks): parse and ``qtmail inspect`` read each one right.

The messages are modelled on real mail from Outlook/Exchange, Korean portals, Japanese mobile
mailers, Apple Mail, Gmail, Thunderbird, MTAs' bounces, S/MIME and PGP/MIME clients, and on
broken mail; ``expected.json`` says what each must give. Besides the per-message expectations,
every message must survive ``qtmail inspect`` (text, JSON and --extract) and its sanitised HTML
must carry no script, event handler or remote load.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
from pathlib import Path
from typing import Any

import pytest

from qtmail.cli import inspect as inspect_cli
from qtmail.core.mime import ParsedMessage, parse, parse_envelope, to_json
from qtmail.core.mime.parsing import _parse
from tests.unit.mime.helpers import CORPUS

QUIRKS = CORPUS / "quirks"
EXPECTED: dict[str, dict[str, Any]] = json.loads((QUIRKS / "expected.json").read_text(encoding="utf-8"))
_REMOTE_IN_HTML = re.compile(
    r"""(?:src|background|srcset|poster|data|href)\s*=\s*["']?\s*(?:https?:)?//""", re.IGNORECASE
)


def quirk_files() -> list[Path]:
    return sorted(QUIRKS.glob("*.eml"))


def test_every_quirk_file_has_expectations_and_a_source() -> None:
    names = {path.name for path in quirk_files()}
    assert names == set(EXPECTED)
    sources = (QUIRKS / "SOURCES.md").read_text(encoding="utf-8")
    for name in names:
        assert f"`{name}`" in sources


def _check_attachments(parsed: ParsedMessage, wanted: list[dict[str, Any]]) -> None:
    got = [(info.filename, info.content_type) for info in parsed.attachments]
    assert got == [(want["filename"], want["content_type"]) for want in wanted]
    for info, want in zip(parsed.attachments, wanted, strict=True):
        if "sha256" in want:
            assert (info.size, info.sha256) == (want["size"], want["sha256"])
            assert len(info.data()) == want["size"]
        assert info.inline == want.get("inline", False)
        if "safe_filename" in want:
            assert info.safe_filename == want["safe_filename"]


def _check_text(parsed: ParsedMessage, expected: dict[str, Any]) -> None:
    if "text" in expected:
        assert parsed.text == expected["text"]
    if expected.get("text_is_none_or_empty"):
        assert not parsed.text
    for snippet in expected.get("text_contains", []):
        assert parsed.text is not None and snippet in parsed.text, snippet
    for snippet in expected.get("text_not_contains", []):
        assert parsed.text is None or snippet not in parsed.text, snippet
    for snippet in expected.get("html_contains", []):
        assert parsed.html is not None and snippet in parsed.html, snippet
    for snippet in expected.get("html_not_contains", []):
        assert parsed.html is None or snippet.lower() not in parsed.html.lower(), snippet
    for url in expected.get("remote_contains", []):
        assert url in parsed.remote_resources, url


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_quirk_message(name: str) -> None:
    expected = EXPECTED[name]
    raw = (QUIRKS / name).read_bytes()
    parsed = _parse(raw)  # the inner parser: the last-resort fallback must not be needed
    if "subject" in expected:
        assert parsed.subject == expected["subject"]
    for field in ("from", "to", "cc"):
        if field in expected:
            got = getattr(parsed, "from_" if field == "from" else field)
            assert [[a.name, a.address] for a in got] == expected[field]
    for header, value in expected.get("header_values", {}).items():
        assert parsed.tree.header(header) == value
    _check_text(parsed, expected)
    if "paths" in expected:
        assert [part.path for part in parsed.parts] == expected["paths"]
    for path, params in expected.get("part_params", {}).items():
        part = parsed.part(path)
        assert part is not None and {key: part.params.get(key) for key in params} == params
    if "defects" in expected:
        assert sorted({d.kind for d in parsed.defects}) == sorted(expected["defects"])
    for kind in expected.get("defects_include", []):
        assert kind in {d.kind for d in parsed.defects}
    _check_attachments(parsed, expected["attachments"])
    envelope = parse_envelope(raw)
    assert envelope.subject == parsed.subject
    assert envelope.from_ == parsed.from_


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_quirk_html_is_safe(name: str) -> None:
    parsed = parse((QUIRKS / name).read_bytes())
    if parsed.html is None:
        return
    lowered = parsed.html.lower()
    banned = ("<script", "javascript:", "<iframe", "<object", "<embed", "<form", "<svg", "<meta", "<base")
    for tag in banned:
        assert tag not in lowered
    assert re.search(r"\son[a-z]+\s*=", lowered) is None
    assert _REMOTE_IN_HTML.search(parsed.html.replace('href="https://', "")) is None
    assert re.search(r"url\(\s*['\"]?\s*(?:https?:)?//", lowered) is None


def _run_inspect(path: Path, *, as_json: bool = False, extract: Path | None = None) -> int:
    args = argparse.Namespace(file=str(path), json=as_json, extract=str(extract) if extract else None)
    return inspect_cli.run(args)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_inspect_reads_every_quirk(name: str, tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    path = QUIRKS / name
    assert _run_inspect(path) == 0
    capfd.readouterr()
    assert _run_inspect(path, as_json=True, extract=tmp_path / "out") == 0
    form = json.loads(capfd.readouterr().out)
    assert form == json.loads(json.dumps(to_json(parse(path.read_bytes()))))
    saved = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert len(saved) == len(EXPECTED[name]["attachments"])
    wanted = {want["sha256"] for want in EXPECTED[name]["attachments"] if "sha256" in want}
    got = {hashlib.sha256((tmp_path / "out" / name).read_bytes()).hexdigest() for name in saved}
    assert wanted <= got
