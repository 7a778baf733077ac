"""Register qtmail with the desktop (freedesktop.org) for people who installed it with pip.

Packages (Debian, Flatpak) install these files system-wide; ``qtmail
--install-desktop-entry`` puts the same files in the user's XDG data directory
so that menus show qtmail and it can be chosen as the mail (``mailto:``) and
``.eml`` handler. The Exec line names the launcher that ran us, so a qtmail in a
virtual environment works without being on PATH.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

APP_ID = "org.qtmail.QtMail"
DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class DesktopFiles:
    """Where the desktop entry, AppStream metainfo and icon go below one XDG data directory."""

    data_home: Path

    @classmethod
    def for_user(cls) -> DesktopFiles:
        configured = os.environ.get("XDG_DATA_HOME")
        return cls(Path(configured) if configured else Path.home() / ".local" / "share")

    @property
    def desktop_file(self) -> Path:
        return self.data_home / "applications" / f"{APP_ID}.desktop"

    @property
    def metainfo_file(self) -> Path:
        return self.data_home / "metainfo" / f"{APP_ID}.metainfo.xml"

    @property
    def icon_file(self) -> Path:
        return self.data_home / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"

    def all(self) -> tuple[Path, Path, Path]:
        return (self.desktop_file, self.metainfo_file, self.icon_file)


def launcher_command() -> list[str]:
    """The command that starts this qtmail: its console script when we have one, else the module."""
    script = Path(sys.argv[0])
    if script.name == "qtmail" and script.exists():
        return [str(script.absolute())]
    found = shutil.which("qtmail")
    if found:
        return [found]
    return [sys.executable, "-m", "qtmail"]


def desktop_entry_text(command: list[str]) -> str:
    """The packaged desktop entry with Exec/TryExec pointing at ``command`` (a list of words)."""
    template = (DATA_DIR / "desktop" / f"{APP_ID}.desktop").read_text(encoding="utf-8")
    lines = []
    for line in template.splitlines():
        if line.startswith("Exec=qtmail"):
            line = "Exec=" + _quote_exec(command) + line[len("Exec=qtmail") :]
        elif line.startswith("TryExec="):
            line = "TryExec=" + command[0]
        lines.append(line)
    return "\n".join(lines) + "\n"


def _quote_exec(command: list[str]) -> str:
    """Quote each word that needs it, following the Desktop Entry spec's Exec rules."""
    quoted = []
    for word in command:
        if any(ch in word for ch in ' \t"`$\\'):
            escaped = word.replace("\\", "\\\\").replace('"', '\\"').replace("`", "\\`").replace("$", "\\$")
            quoted.append(f'"{escaped}"')
        else:
            quoted.append(word)
    return " ".join(quoted)


def install(files: DesktopFiles | None = None, command: list[str] | None = None) -> list[Path]:
    """Write the desktop entry, metainfo and icon; return the paths written."""
    files = files or DesktopFiles.for_user()
    for path in files.all():
        path.parent.mkdir(parents=True, exist_ok=True)
    files.desktop_file.write_text(desktop_entry_text(command or launcher_command()), encoding="utf-8")
    shutil.copyfile(DATA_DIR / "desktop" / f"{APP_ID}.metainfo.xml", files.metainfo_file)
    shutil.copyfile(DATA_DIR / "icons" / "qtmail.svg", files.icon_file)
    _refresh_caches(files)
    return list(files.all())


def uninstall(files: DesktopFiles | None = None) -> list[Path]:
    """Remove what :func:`install` wrote; return the paths that were removed."""
    files = files or DesktopFiles.for_user()
    removed = []
    for path in files.all():
        if path.exists():
            path.unlink()
            removed.append(path)
    _refresh_caches(files)
    return removed


def _refresh_caches(files: DesktopFiles) -> None:
    """Tell the desktop about the change when its cache tools exist; harmless when they don't."""
    tool = shutil.which("update-desktop-database")
    if tool:
        subprocess.run([tool, "-q", str(files.desktop_file.parent)], check=False, capture_output=True)
