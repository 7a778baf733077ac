"""Screenshots of qtmail's windows, rendered offscreen (or under Xvfb), for people to look at.

    .venv/bin/python tests/screenshots.py                 # every shot, into screenshots/
    .venv/bin/python tests/screenshots.py main_window     # only some
    .venv/bin/python tests/screenshots.py --list

Each shot is a function registered with ``@shot("name")`` that gets a :class:`ShotContext`
(a throwaway profile filled with a Korean mailbox, a worker pool, the output folder) and
returns the widget to capture. Add shots for other windows the same way.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from qtmail.core.profile import Profile

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "screenshots"


@dataclass
class ShotContext:
    """What a shot function may use; ``cleanups`` run after the picture is taken."""

    profile: Profile
    out_dir: Path
    cleanups: list[Callable[[], None]] = field(default_factory=list)

    def settle(self, ms: int = 150) -> None:
        """Let queued work, layouts and paints happen."""
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    def wait_for(self, condition: Callable[[], bool], timeout_ms: int = 10_000) -> None:
        waited = 0
        while not condition():
            if waited >= timeout_ms:
                raise TimeoutError("the window did not get ready in time")
            self.settle(25)
            waited += 25


ShotFunction = Callable[[ShotContext], QWidget]
SHOTS: dict[str, ShotFunction] = {}


def shot(name: str) -> Callable[[ShotFunction], ShotFunction]:
    """Register a screenshot function under ``name`` (the PNG is ``<name>.png``)."""

    def register(function: ShotFunction) -> ShotFunction:
        SHOTS[name] = function
        return function

    return register


def _main_window(context: ShotContext) -> object:
    from datetime import timedelta

    from qtmail.ui.main_window import MainWindow
    from qtmail.ui.workers import ManualTimerFactory
    from tests.gui.mailbox import fill_mailbox

    # Spread over a week, a few flagged: the list shows times, "Yesterday", weekdays and dates.
    mailbox = fill_mailbox(
        context.profile, account="회사 메일", count=40, spacing=timedelta(hours=4, minutes=7), flag_every=6
    )
    window = MainWindow(context.profile, timers=ManualTimerFactory(), use_tray=False)
    context.cleanups.append(window.shutdown)
    window.resize(1360, 820)
    window.main_splitter.setSizes([230, 1130])
    window.content_splitter.setSizes([660, 470])
    window.show()
    window.select_folder(mailbox.inbox.id)
    shown: list[int] = []
    window.message_shown.connect(shown.append)
    window.message_list.select_message(mailbox.ids[0])
    context.wait_for(lambda: bool(shown))
    context.settle()
    return window


@shot("main_window")
def main_window_korean(context: ShotContext) -> QWidget:
    """The main window on a Korean mailbox with a message open."""
    window = _main_window(context)
    assert isinstance(window, QWidget)
    return window


def _dark_palette() -> object:
    """A dark palette such as a desktop's dark mode hands to Qt (no colour is set by qtmail itself)."""
    from PySide6.QtGui import QColor, QPalette

    palette = QPalette()
    roles = QPalette.ColorRole
    for role, colour in (
        (roles.Window, "#2b2b2e"),
        (roles.WindowText, "#e6e6e6"),
        (roles.Base, "#1e1e20"),
        (roles.AlternateBase, "#333337"),
        (roles.Text, "#e6e6e6"),
        (roles.Button, "#3a3a3e"),
        (roles.ButtonText, "#e6e6e6"),
        (roles.Highlight, "#3d6fb6"),
        (roles.HighlightedText, "#ffffff"),
        (roles.PlaceholderText, "#9a9aa0"),
        (roles.ToolTipBase, "#3a3a3e"),
        (roles.ToolTipText, "#e6e6e6"),
        (roles.Link, "#8ab4f8"),
        (roles.Mid, "#4a4a4e"),
        (roles.Dark, "#19191b"),
        (roles.Light, "#505055"),
    ):
        palette.setColor(role, QColor(colour))
    for role in (roles.WindowText, roles.Text, roles.ButtonText):  # greyed out, as desktops do
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#7a7a80"))
    return palette


@shot("main_window_dark")
def main_window_dark(context: ShotContext) -> QWidget:
    """The main window under a dark system palette (Fusion style), to check nothing hard-codes colours."""
    from PySide6.QtGui import QPalette

    from qtmail.ui.icons import forget_cached_icons

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    old_style, old_palette = app.style().name(), QPalette(app.palette())
    app.setStyle("Fusion")
    app.setPalette(_dark_palette())  # type: ignore[arg-type]
    forget_cached_icons()

    def restore() -> None:
        app.setStyle(old_style)
        app.setPalette(old_palette)
        forget_cached_icons()

    context.cleanups.insert(0, restore)
    window = _main_window(context)
    assert isinstance(window, QWidget)
    return window


@shot("main_window_ko")
def main_window_korean_ui(context: ShotContext) -> QWidget:
    """The main window with the Korean interface translation."""
    from PySide6.QtCore import QLocale

    from qtmail.ui.i18n import install_translators

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    translators = install_translators(app, QLocale(QLocale.Language.Korean, QLocale.Country.SouthKorea))
    context.cleanups.insert(0, translators.remove)
    context.cleanups.insert(0, lambda: QLocale.setDefault(QLocale(QLocale.Language.English)))
    window = _main_window(context)
    assert isinstance(window, QWidget)
    return window


@shot("message_remote_blocked")
def message_remote_blocked(context: ShotContext) -> QWidget:
    """A Korean HTML newsletter: Cc and Reply-To rows, remote image blocked, a link, an attachment."""
    from datetime import UTC, datetime, timedelta
    from email.message import EmailMessage

    from PySide6.QtCore import QLocale

    from qtmail.core.mime import parse
    from qtmail.core.store import Address, Envelope, Store
    from qtmail.ui.i18n import install_translators
    from qtmail.ui.main_window import MainWindow
    from qtmail.ui.workers import ManualTimerFactory
    from tests.gui.mailbox import fill_mailbox

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    translators = install_translators(app, QLocale(QLocale.Language.Korean, QLocale.Country.SouthKorea))
    context.cleanups.insert(0, translators.remove)
    context.cleanups.insert(0, lambda: QLocale.setDefault(QLocale(QLocale.Language.English)))
    mailbox = fill_mailbox(context.profile, account="회사 메일", count=6)
    date = datetime.now(UTC) - timedelta(days=1)
    message = EmailMessage()
    message["From"] = "온라인 쇼핑 <news@shop.example.kr>"
    message["Reply-To"] = "event@other.example.net"
    message["To"] = "나 <me@example.kr>"
    message["Cc"] = "김철수 <cs@example.kr>, 박영희 <yh@example.kr>"
    message["Subject"] = "[광고] 11월 할인 소식 (원격 이미지)"
    message["Date"] = date.strftime("%a, %d %b %Y %H:%M:%S +0000")
    message["Message-ID"] = "<news-11@shop.example.kr>"
    message.set_content("11월 할인 소식입니다.")
    message.add_alternative(
        '<h2>11월 할인 소식</h2><p><img src="http://127.0.0.1:9/banner.png" width="320" height="90"></p>'
        '<p>회원님, 이번 달 혜택을 <a href="http://login.other.example.net/">https://www.shop.example.kr/</a>'
        "에서 확인하세요.</p>",
        subtype="html",
    )
    message.add_attachment(b"x" * 30_000, maintype="application", subtype="pdf", filename="쿠폰 안내.pdf")
    raw = message.as_bytes()
    store = Store.for_profile(context.profile)
    try:
        store.messages.insert(
            mailbox.inbox.id,
            [
                Envelope(
                    date=date,
                    uid=500,
                    message_id="<news-11@shop.example.kr>",
                    sender=Address("온라인 쇼핑", "news@shop.example.kr"),
                    subject=str(message["Subject"]),
                    size=len(raw),
                    attachments=1,
                )
            ],
        )
        (summary,) = store.messages.find_by_message_id(mailbox.inbox.id, "<news-11@shop.example.kr>")
        store.bodies.store(summary.id, raw, text=parse(raw).text or "")
    finally:
        store.close()
    window = MainWindow(context.profile, timers=ManualTimerFactory(), use_tray=False)
    context.cleanups.append(window.shutdown)
    window.resize(1360, 820)
    window.main_splitter.setSizes([230, 1130])
    window.content_splitter.setSizes([600, 530])
    window.show()
    window.select_folder(mailbox.inbox.id)
    shown: list[int] = []
    window.message_shown.connect(shown.append)
    window.message_list.select_message(summary.id)
    context.wait_for(lambda: bool(shown))
    window.sync_status.started("demo", "회사 메일")  # as while Get Mail runs
    window.sync_status.progressed("demo", "회사 메일", "받은편지함 120/400", 120, 400)
    context.settle()
    return window


@shot("mime_structure")
def mime_structure(context: ShotContext) -> QWidget:
    """The MIME structure dialog of a message with HTML, an inline image and an attachment."""
    from email.message import EmailMessage

    from qtmail.core.mime import parse
    from qtmail.ui.mime_structure import MimeStructureDialog

    message = EmailMessage()
    message["From"] = "김민준 <minjun@example.kr>"
    message["To"] = "나 <me@example.kr>"
    message["Subject"] = "분기 보고서 (그림 포함)"
    message["Date"] = "Fri, 27 Nov 2026 10:00:00 +0900"
    message["Message-ID"] = "<report-q3@example.kr>"
    message.set_content("3분기 보고서를 첨부합니다.\n")
    message.add_alternative(
        '<p>3분기 보고서를 첨부합니다.</p><img src="cid:chart@example.kr">', subtype="html"
    )
    html_part = message.get_payload()[1]  # type: ignore[index]
    html_part.add_related(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "image", "png", cid="<chart@example.kr>")
    message.add_attachment(
        b"%PDF-1.4\n" + b"0" * 4000, maintype="application", subtype="pdf", filename="3분기_보고서.pdf"
    )
    raw = message.as_bytes()
    parsed = parse(raw)
    dialog = MimeStructureDialog(parsed, raw)
    dialog.resize(980, 640)
    dialog.show()
    pdf = next(a.path for a in parsed.attachments if a.content_type == "application/pdf")
    dialog.select_part(pdf)
    context.cleanups.append(dialog.close)
    context.settle()
    return dialog


def take(names: list[str], out_dir: Path) -> list[Path]:
    """Render the named shots into ``out_dir``; returns the files written."""
    app = QApplication.instance() or QApplication([sys.argv[0]])
    QCoreApplication.setApplicationName("qtmail-screenshots")
    from PySide6.QtCore import QLocale

    from qtmail.ui.i18n import install_translators

    # As the app starts in English: with the plural forms ("40 messages"); Korean shots add theirs.
    english = install_translators(app, QLocale("en_US"))
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for name in names:
        with tempfile.TemporaryDirectory(prefix="qtmail-shot-") as directory:
            context = ShotContext(Profile.in_directory(Path(directory)).ensure(), out_dir)
            try:
                widget = SHOTS[name](context)
                path = out_dir / f"{name}.png"
                if not widget.grab().save(str(path), "PNG"):
                    raise OSError(f"could not write {path}")
                written.append(path)
                print(path)
            finally:
                for cleanup in reversed(context.cleanups):
                    cleanup()
                context.settle(50)
    english.remove()
    del app
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("shots", nargs="*", help="shot names (default: all)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder (default: screenshots/)")
    parser.add_argument("--list", action="store_true", help="list the shots and exit")
    args = parser.parse_args(argv)
    _load_extra_shots()
    if args.list:
        for name, function in SHOTS.items():
            print(f"{name}: {(function.__doc__ or '').strip()}")
        return 0
    unknown = [name for name in args.shots if name not in SHOTS]
    if unknown:
        parser.error(f"unknown shot(s): {', '.join(unknown)}; known: {', '.join(SHOTS)}")
    take(args.shots or list(SHOTS), args.out)
    return 0


def _load_extra_shots() -> None:
    """Other windows register their shots in ``tests/screenshots_*.py`` modules (e.g. the composer's)."""
    for path in sorted(Path(__file__).resolve().parent.glob("screenshots_*.py")):
        __import__(f"tests.{path.stem}")


if __name__ == "__main__":
    sys.modules.setdefault("tests.screenshots", sys.modules[__name__])  # one SHOTS registry for add-ons
    sys.exit(main())
