"""``qtmail build`` and ``qtmail inspect`` as a user runs them (a real subprocess)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from qtmail.core.mime import parse
from tests.unit.mime.helpers import CORPUS, wire_lines

# The real ``qtmail`` entry point (exit codes, error printing), limited to the MIME commands so that
# these tests do not depend on the other subcommands' modules.
RUNNER = (
    "import sys, qtmail.cli.main as m\n"
    "m.COMMAND_MODULES = ('build', 'inspect')\n"
    "sys.exit(m.main(sys.argv[1:]))"
)


def qtmail(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[3])
    return subprocess.run([sys.executable, "-c", RUNNER, *args], capture_output=True, env=env, cwd=cwd)


BUILD_ARGS = [
    "build",
    "--from", "홍길동 <hong@example.com>",
    "--to", '"Kim, Chulsoo" <kim@example.org>, b@example.org', "c@example.org",
    "--to", "d@example.org",
    "--cc", "e@example.org",
    "--bcc", "hidden@example.net", "hidden2@example.net",
    "--subject", "똠 CLI test",
    "--date", "Fri, 27 Nov 2026 12:00:00 +0000",
    "--message-id", "<cli-1@example.com>",
]  # fmt: skip


def test_build_writes_reproducible_crlf_message_with_attachments(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"alpha\r\n")
    (tmp_path / "보고서.pdf").write_bytes(b"%PDF-1.4 body")
    (tmp_path / "page.html").write_text("<p>Hello <b>HTML</b></p>", encoding="utf-8")
    args = [*BUILD_ARGS, "--body", "plain body", "--html-file", "page.html",
            "--attach", "a.txt", "보고서.pdf"]  # fmt: skip
    first = qtmail(*args, "-o", "out.eml", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    second = qtmail(*args, cwd=tmp_path)
    assert second.returncode == 0, second.stderr
    raw = (tmp_path / "out.eml").read_bytes()
    wire_lines(raw)
    assert b"hidden" not in raw
    # Only the random boundaries may differ between two runs.
    parsed, again = parse(raw), parse(second.stdout)
    assert [(p.path, p.content_type, p.sha256) for p in parsed.parts] == [
        (p.path, p.content_type, p.sha256) for p in again.parts
    ]
    assert parsed.message_id == "<cli-1@example.com>"
    assert parsed.date is not None and parsed.date.isoformat() == "2026-11-27T12:00:00+00:00"
    assert [a.address for a in parsed.to] == [
        "kim@example.org",
        "b@example.org",
        "c@example.org",
        "d@example.org",
    ]
    assert parsed.to[0].name == "Kim, Chulsoo"
    assert parsed.text == "plain body\n"
    assert parsed.html is not None and "<b>HTML</b>" in parsed.html
    assert [(a.filename, a.content_type) for a in parsed.attachments] == [
        ("a.txt", "text/plain"),
        ("보고서.pdf", "application/pdf"),
    ]


def test_build_refuses_bad_input(tmp_path: Path) -> None:
    bad_address = qtmail("build", "--from", "a@example.com", "--to", "not-an-address", "--subject", "s")
    assert bad_address.returncode == 1
    assert b"not-an-address" in bad_address.stderr
    injection = qtmail(
        "build", "--from", "a@example.com", "--to", "b@example.com", "--subject", "s\r\nBcc: x@y.z"
    )
    assert injection.returncode == 1
    assert b"line breaks" in injection.stderr
    missing = qtmail("build", "--from", "a@example.com", "--to", "b@example.com", "--subject", "s",
                     "--attach", str(tmp_path / "nope.bin"))  # fmt: skip
    assert missing.returncode == 1
    usage = qtmail("build", "--to", "b@example.com", "--subject", "s")
    assert usage.returncode == 2
    both = qtmail(*BUILD_ARGS, "--body", "x", "--body-file", "y")
    assert both.returncode == 2


def test_inspect_json_form_matches_the_readme_contract() -> None:
    result = qtmail("inspect", str(CORPUS / "gmail_related_inline.eml"), "--json")
    assert result.returncode == 0, result.stderr
    form = json.loads(result.stdout)
    assert set(form) >= {"headers", "parts", "body", "attachments", "remote_resources", "defects"}
    assert set(form["headers"]) >= {"subject", "from", "to", "cc", "date", "message_id"}
    assert form["headers"]["date"] == "2026-11-25T10:03:41+01:00"
    assert [p["path"] for p in form["parts"]] == ["1.1.1", "1.1.2", "1.2", "2"]
    for part in form["parts"]:
        assert set(part) >= {"path", "content_type", "params", "disposition", "filename", "transfer_encoding",
                             "charset", "content_id", "size", "sha256", "headers"}  # fmt: skip
    assert [a["filename"] for a in form["attachments"]] == [
        "chart.png",
        "Ergebnisse Q3 Übersicht (Entwurf).pdf",
    ]
    assert form["remote_resources"] == ["https://mail.example.net/track/open?u=42"]
    assert form["defects"] == []


def test_inspect_text_output_and_exit_codes(tmp_path: Path) -> None:
    result = qtmail("inspect", str(CORPUS / "missing_end_boundary.eml"))
    assert result.returncode == 0
    out = result.stdout.decode()
    assert "boundary='XYZ'" in out and "missing-end-boundary" in out and "data.csv" in out
    assert qtmail("inspect", str(tmp_path / "missing.eml")).returncode == 1
    assert qtmail("inspect", str(tmp_path)).returncode == 1
    assert qtmail("inspect").returncode == 2
    assert qtmail("inspect", "x.eml", "--bogus").returncode == 2
    garbage = tmp_path / "garbage.eml"
    garbage.write_bytes(b"\x00\xff" * 1000)
    assert qtmail("inspect", str(garbage), "--json").returncode == 0


def test_extract_never_writes_outside_and_never_overwrites(tmp_path: Path) -> None:
    target = tmp_path / "out"
    source = str(CORPUS / "rfc2047_quoted_filename.eml")
    assert qtmail("inspect", source, "--extract", str(target)).returncode == 0
    assert qtmail("inspect", source, "--extract", str(target)).returncode == 0
    names = sorted(path.name for path in target.iterdir())
    assert names == ["passwd", "passwd (2)", "여행 사진 (2).zip", "여행 사진.zip"]
    assert (target / "passwd").read_bytes() == b"root:x:0:0"
    assert not (tmp_path / "etc").exists()
    assert sorted(path.name for path in tmp_path.iterdir()) == ["out"]
