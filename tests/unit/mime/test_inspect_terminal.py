"""``qtmail inspect`` never passes a message's control characters (terminal escapes) to the terminal."""

from __future__ import annotations

from pathlib import Path

from tests.unit.mime.test_cli import qtmail


def test_text_output_shows_control_characters_escaped(tmp_path: Path) -> None:
    message = tmp_path / "escapes.eml"
    message.write_bytes(
        b"From: x\x00@example.com\r\nSubject: plain\r\n\r\n"
        b"body \x1b[31mred\x1b[0m \x1b]0;new title\x07 bell\x07 nul\x00 del\x7f\r\nline two\ttab\r\n"
    )
    result = qtmail("inspect", str(message))
    assert result.returncode == 0
    out = result.stdout.decode()
    assert not any(ch in out for ch in "\x00\x07\x1b\x7f\x9b")
    assert "\\x1b[31mred" in out and "line two\ttab" in out  # shown, not lost; tabs and newlines kept
