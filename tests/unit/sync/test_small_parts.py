"""Folder names and roles, IDLE news detection, POP3 state file, progress lines."""

from __future__ import annotations

import io
from pathlib import Path

from qtmail.cli.sync import ProgressPrinter
from qtmail.core.sync.folders import RemoteFolder, encode_mailbox_name
from qtmail.core.sync.idle import is_news
from qtmail.core.sync.imap_session import quote_mailbox
from qtmail.core.sync.imap_sync import Progress
from qtmail.core.sync.pop3_sync import load_state, save_state


def test_remote_folder_paths_and_roles() -> None:
    dotted = RemoteFolder("INBOX.보관함.2026", encode_mailbox_name("INBOX.보관함.2026"), ".", (), True)
    assert dotted.path == "INBOX/보관함/2026"
    assert dotted.raw_name == "INBOX.&vPStANVo-.2026"  # U+BCF4 U+AD00 U+D568 in UTF-16, base64
    slash = RemoteFolder("a/b", "a/b", "/", ("\\HasNoChildren",), False)
    assert slash.path == "a/b" and slash.selectable and slash.role is None
    assert RemoteFolder("Spam", "Spam", "/", ("\\Junk",), True).role == "junk"
    assert RemoteFolder("Stuff", "Stuff", "/", ("\\Noselect",), True).selectable is False
    assert RemoteFolder("inbox", "inbox", "/", (), True).path == "INBOX"


def test_quote_mailbox() -> None:
    assert quote_mailbox('a "b" \\c') == '"a \\"b\\" \\\\c"'


def test_is_news() -> None:
    assert is_news([(3, b"EXISTS")])
    assert is_news([(b"VANISHED", b"5")])
    assert not is_news([(b"OK", b"Still here")])
    assert not is_news([])


def test_pop3_state_round_trip_and_damage(tmp_path: Path) -> None:
    path = tmp_path / "pop3" / "acct.json"
    assert load_state(path) == {}
    save_state(path, {"uidl-1": 100.0, "uidl-2": 200.5})
    assert load_state(path) == {"uidl-1": 100.0, "uidl-2": 200.5}
    path.write_text("{not json")
    assert load_state(path) == {}


def test_progress_lines() -> None:
    stream = io.StringIO()
    printer = ProgressPrinter(stream)
    printer(Progress("Work", "INBOX", "headers", 0, 10))
    printer(Progress("Work", "INBOX", "headers", 5, 10))  # throttled
    printer(Progress("Work", "INBOX", "headers", 10, 10))  # the end of a folder always shows
    lines = stream.getvalue().splitlines()
    assert lines[-1].startswith("Work: INBOX headers 10/10")
