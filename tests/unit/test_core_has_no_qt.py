"""qtmail.core must never import Qt, directly or through another qtmail module."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import qtmail

CORE = Path(qtmail.__file__).parent / "core"


def core_modules() -> list[str]:
    names = []
    for path in sorted(CORE.rglob("*.py")):
        relative = path.relative_to(CORE.parent.parent).with_suffix("")
        parts = list(relative.parts)
        if parts[-1] == "__init__":
            parts.pop()
        names.append(".".join(parts))
    return names


def qt_modules_loaded_by(modules: list[str], extra_path: Path | None = None) -> str:
    """Import ``modules`` in a fresh interpreter; report any Qt or qtmail.ui module it loaded."""
    script = textwrap.dedent(
        f"""
        import importlib, sys
        sys.path[:0] = {[str(extra_path)] if extra_path else []!r}
        for name in {modules!r}:
            importlib.import_module(name)
        bad = sorted(m for m in sys.modules
                     if m.split('.')[0] in ('PySide6', 'shiboken6', 'PyQt5', 'PyQt6')
                     or m.startswith('qtmail.ui'))
        print(','.join(bad))
        """
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    return result.stdout.strip()


def test_core_modules_exist() -> None:
    assert "qtmail.core.errors" in core_modules()


def test_importing_every_core_module_loads_no_qt() -> None:
    assert qt_modules_loaded_by(core_modules()) == ""


def test_the_check_catches_a_qt_import(tmp_path: Path) -> None:
    """The detector itself works: a module importing PySide6 is reported.

    The probe lives in a temporary directory, never inside ``qtmail/core``:
    a planted file there would be picked up by the test above when both
    run at once on two xdist workers (that race failed CI once).
    """
    (tmp_path / "qt_leak_probe.py").write_text("import qtmail.core.errors\nimport PySide6.QtCore\n")
    assert "PySide6.QtCore" in qt_modules_loaded_by(["qt_leak_probe"], extra_path=tmp_path)
