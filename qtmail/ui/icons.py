"""qtmail's own SVG icons, tinted with the palette's text colour so dark mode works.

The icons use ``currentColor`` for their outlines; we substitute the palette's
WindowText colour at load time instead of hard-coding black or white.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PySide6.QtCore import QByteArray, QRectF, QSize, Qt
from PySide6.QtGui import QGuiApplication, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer

_PACKAGE_DIR = Path(__file__).resolve().parent.parent
ICON_DIRS = (
    _PACKAGE_DIR.parent / "resources" / "icons",  # a source checkout
    _PACKAGE_DIR / "data" / "icons",  # an installed package (packaging copies them here)
)
_SIZES = (16, 22, 24, 32, 48, 64)


def icon_path(name: str) -> Path | None:
    """Where ``<name>.svg`` lives, or None when it is not installed."""
    for directory in ICON_DIRS:
        candidate = directory / f"{name}.svg"
        if candidate.is_file():
            return candidate
    return None


def _text_colour() -> str:
    app = QGuiApplication.instance()
    palette = QGuiApplication.palette() if app is not None else QPalette()
    return palette.color(QPalette.ColorRole.WindowText).name()


@cache
def _icon(name: str, colour: str) -> QIcon:
    path = icon_path(name)
    if path is None:
        return QIcon()
    svg = path.read_text(encoding="utf-8").replace("currentColor", colour)
    renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
    icon = QIcon()
    for size in _SIZES:
        pixmap = QPixmap(QSize(size, size))
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        renderer.render(painter, QRectF(0, 0, size, size))
        painter.end()
        icon.addPixmap(pixmap)
    return icon


def icon(name: str) -> QIcon:
    """The named icon in the current palette's colours (empty icon if missing)."""
    return _icon(name, _text_colour())


def app_icon() -> QIcon:
    """The application icon, as a scalable file icon when available."""
    path = icon_path("qtmail")
    return QIcon(str(path)) if path is not None else QIcon()


def forget_cached_icons() -> None:
    """Call after the palette changes (light/dark switch) so icons are re-tinted."""
    _icon.cache_clear()
