"""A broken profile (a file where a directory should be, a corrupt store): one clear line, exit 1."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.unit.test_cli_basics import run_qtmail

COMMANDS = [("accounts", "list"), ("folders",), ("list",), ("outbox", "list")]


def assert_one_line_error(result, needle: str) -> None:
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("qtmail: ") and needle in lines[0], result.stderr


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_a_profile_that_is_a_file(tmp_path: Path, command: tuple[str, ...]) -> None:
    not_a_directory = tmp_path / "profile"
    not_a_directory.write_text("not a directory\n")
    assert_one_line_error(run_qtmail("--profile", str(not_a_directory), *command), str(not_a_directory))


@pytest.mark.parametrize("command", [("folders",), ("list",), ("outbox", "list")], ids=" ".join)
def test_a_corrupt_store(tmp_path: Path, command: tuple[str, ...]) -> None:
    store_file = tmp_path / "data" / "store.sqlite3"
    store_file.parent.mkdir(parents=True)
    store_file.write_bytes(b"SQLite format 3\0" + bytes(range(256)) * 16)
    assert_one_line_error(run_qtmail("--profile", str(tmp_path), *command), "store.sqlite3")


def test_the_gui_on_a_profile_that_is_a_file(tmp_path: Path) -> None:
    not_a_directory = tmp_path / "profile"
    not_a_directory.write_text("not a directory\n")
    result = run_qtmail("--profile", str(not_a_directory), env={"QT_QPA_PLATFORM": "offscreen"})
    assert_one_line_error(result, str(not_a_directory))
