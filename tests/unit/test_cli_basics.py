"""The ``qtmail`` command's global options work without a display."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from qtmail import __version__
from qtmail.core.profile import Profile


def run_qtmail(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    clean.pop("QT_QPA_PLATFORM", None)
    clean.update(env or {})
    return subprocess.run([sys.executable, "-m", "qtmail", *args], capture_output=True, text=True, env=clean)


def test_version_prints_the_package_version() -> None:
    result = run_qtmail("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"qtmail {__version__}"


def test_help_lists_options_without_loading_qt() -> None:
    result = run_qtmail("--help")
    assert result.returncode == 0, result.stderr
    assert "--profile" in result.stdout
    assert "PySide6" not in result.stderr


def test_unknown_command_is_a_usage_error() -> None:
    result = run_qtmail("no-such-command")
    assert result.returncode == 2


def test_profile_option_wins_over_environment(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("QTMAIL_PROFILE", str(tmp_path / "env"))
    assert Profile.resolve(tmp_path / "flag").config_dir == tmp_path / "flag" / "config"
    assert Profile.resolve(None).config_dir == tmp_path / "env" / "config"
    monkeypatch.delenv("QTMAIL_PROFILE")
    assert "qtmail" in str(Profile.resolve(None).config_dir)


def test_help_lists_every_command() -> None:
    result = run_qtmail("--help")
    commands = ("accounts", "folders", "list", "search", "sync", "send", "outbox", "build", "inspect", "open")
    for command in commands:
        assert command in result.stdout, command


def test_a_named_command_imports_only_its_own_module() -> None:
    from qtmail.cli.main import COMMAND_MODULES, modules_needed

    assert modules_needed(["--profile", "sync", "search", "x"]) == ("listing",)
    assert modules_needed(["sync", "--account", "a"]) == ("sync",)
    assert modules_needed(["--help", "sync"]) == COMMAND_MODULES
    assert modules_needed([]) == COMMAND_MODULES
    assert modules_needed(["nonsense"]) == COMMAND_MODULES


def test_subcommand_help_works() -> None:
    result = run_qtmail("--profile", "/nonexistent", "sync", "--help")
    assert result.returncode == 0, result.stderr
    assert "--password-stdin" in result.stdout
