"""Desktop integration files validate, and --install/--uninstall-desktop-entry manage them."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from qtmail import desktop_entry
from tests.conftest import require_tool

ROOT = Path(__file__).resolve().parents[3]
LINUX = ROOT / "packaging" / "linux"


def run(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "qtmail", *args], capture_output=True, text=True, env=env)


def test_desktop_file_validates_without_warnings() -> None:
    tool = shutil.which("desktop-file-validate")
    require_tool(tool is not None, "desktop-file-validate (Debian desktop-file-utils)")
    entry = LINUX / f"{desktop_entry.APP_ID}.desktop"
    result = subprocess.run([tool, str(entry)], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout.strip() == "", result.stdout + result.stderr


def test_metainfo_validates_without_warnings() -> None:
    tool = shutil.which("appstreamcli")
    require_tool(tool is not None, "appstreamcli (Debian appstream)")
    result = subprocess.run(
        [tool, "validate", "--no-net", str(LINUX / f"{desktop_entry.APP_ID}.metainfo.xml")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    # Infos are fine; warnings and errors count as failures.
    assert "W:" not in result.stdout and "E:" not in result.stdout, result.stdout


def test_desktop_file_declares_mail_handling() -> None:
    text = (LINUX / f"{desktop_entry.APP_ID}.desktop").read_text()
    assert "Categories=Network;Email;" in text
    assert "MimeType=x-scheme-handler/mailto;message/rfc822;" in text
    assert "Exec=qtmail open %u" in text


@pytest.mark.parametrize(
    ("command", "exec_line"),
    [
        (["/opt/my venv/bin/qtmail"], 'Exec="/opt/my venv/bin/qtmail" open %u'),
        (["/usr/bin/python3", "-m", "qtmail"], "Exec=/usr/bin/python3 -m qtmail open %u"),
    ],
)
def test_installed_entry_points_at_the_launcher_and_still_validates(
    tmp_path: Path, command: list[str], exec_line: str
) -> None:
    files = desktop_entry.DesktopFiles(tmp_path)
    desktop_entry.install(files, command=command)
    text = files.desktop_file.read_text()
    assert exec_line in text.splitlines()
    assert f"TryExec={command[0]}" in text.splitlines()
    tool = shutil.which("desktop-file-validate")
    if tool:
        result = subprocess.run([tool, str(files.desktop_file)], capture_output=True, text=True)
        assert result.returncode == 0 and result.stdout.strip() == "", result.stdout


def test_cli_installs_and_uninstalls_in_xdg_data_home(tmp_path: Path) -> None:
    env = dict(os.environ, XDG_DATA_HOME=str(tmp_path / "share"))
    installed = run("--install-desktop-entry", env=env)
    assert installed.returncode == 0, installed.stderr
    files = desktop_entry.DesktopFiles(tmp_path / "share")
    assert all(path.is_file() for path in files.all())
    assert files.icon_file.read_text().lstrip().startswith("<")
    removed = run("--uninstall-desktop-entry", env=env)
    assert removed.returncode == 0, removed.stderr
    assert not any(path.exists() for path in files.all())
