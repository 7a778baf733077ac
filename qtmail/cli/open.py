"""``qtmail open [FILE.eml | mailto:... | file://...]``: what the desktop runs for ``%u``.

- a ``.eml`` file (a path or a ``file://`` URL): the message in its own window, with its
  attachments (open, save, drag out), remote content blocked as in the main window;
- a ``mailto:`` URL: the main window with a composer prefilled from the URL (RFC 6068),
  so Send goes through the profile's outbox like any other message;
- nothing (or an empty ``%u``): the main window.

The file is read and parsed before any window exists; a file that cannot be read is a
clear error (exit 1), a malformed message still opens (the MIME engine never crashes).
Qt is imported only when a window is needed, so ``--help`` works without a display.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Literal
from urllib.parse import unquote, urlsplit

from qtmail.core.errors import ErrorKind, MailError
from qtmail.core.mailto import SCHEME as MAILTO_SCHEME

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow

    from qtmail.core.mime import ParsedMessage
    from qtmail.ui.workers import WorkerPool

MAX_EML_BYTES: Final = 256 * 1024 * 1024
TargetKind = Literal["main", "mailto", "eml"]


@dataclass(frozen=True)
class OpenTarget:
    """What ``qtmail open`` was asked to open."""

    kind: TargetKind
    mailto: str | None = None
    path: Path | None = None


def classify_target(target: str | None) -> OpenTarget:
    """Tell a mailto: URL, a file (path or file:// URL) and "nothing" apart."""
    text = (target or "").strip()
    if not text:
        return OpenTarget("main")
    if text[: len(MAILTO_SCHEME)].lower() == MAILTO_SCHEME:
        return OpenTarget("mailto", mailto=text)
    if text[:7].lower() == "file://":
        parts = urlsplit(text)
        if parts.netloc not in ("", "localhost"):
            raise MailError(ErrorKind.INPUT, f"cannot open a file on another host: {text}")
        return OpenTarget("eml", path=Path(unquote(parts.path)))
    scheme = urlsplit(text).scheme
    if len(scheme) > 1 and "://" in text:  # one letter is a Windows drive, not a scheme
        raise MailError(ErrorKind.INPUT, f"qtmail opens .eml files and mailto: links, not {scheme}: URLs")
    return OpenTarget("eml", path=Path(text).expanduser())


def read_eml(path: Path) -> bytes:
    """The file's bytes, or MailError(INPUT) saying why it cannot be opened."""
    try:
        if path.is_dir():
            raise MailError(ErrorKind.INPUT, f"{path} is a directory, not a message file")
        size = path.stat().st_size
        if size > MAX_EML_BYTES:
            raise MailError(ErrorKind.INPUT, f"{path} is too large to be a message ({size / 1e6:.0f} MB)")
        return path.read_bytes()
    except OSError as exc:
        raise MailError(ErrorKind.INPUT, f"cannot read {path}: {exc.strerror or exc}") from None


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "open",
        help="open a .eml file or a mailto: link in a window",
        description="Open a message file in its own window, a mailto: link in a prefilled composer, "
        "or (without an argument) the main window. The desktop entry runs 'qtmail open %%u'.",
    )
    parser.add_argument(
        "target", nargs="?", default="", metavar="FILE|URL", help="a .eml file, file:// URL or mailto: URL"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    target = classify_target(args.target)
    if target.kind == "main":
        from qtmail.ui.app import run_gui

        return run_gui(args)
    if target.kind == "mailto":
        from qtmail.core.mailto import parse_mailto

        assert target.mailto is not None
        parse_mailto(target.mailto)  # a broken link is a clear error before any window opens
        return _run_mailto(args, target.mailto)
    assert target.path is not None
    raw = read_eml(target.path)
    from qtmail.core.mime import parse

    return _run_eml(raw, parse(raw))


# ---------------------------------------------------------------- windows


def build_message_window(parsed: ParsedMessage, raw: bytes, workers: WorkerPool) -> QMainWindow:
    """A window showing one message (headers, body, attachment list) with the GUI's own views.

    Its central widget is the :class:`~qtmail.ui.message_view.MessageView` (``messageView``).

    ``workers.local`` fetches remote content if the user allows it; join ``workers`` at exit.
    """
    from PySide6.QtWidgets import QMainWindow

    from qtmail.ui.icons import app_icon
    from qtmail.ui.message_view import MessageView

    window = QMainWindow()
    window.setObjectName("messageWindow")
    view = MessageView(workers.local, parent=window)
    window.setCentralWidget(view)
    window.setWindowTitle(parsed.subject or "(no subject)")
    window.setWindowIcon(app_icon())
    window.resize(820, 680)
    view.show_message(parsed, raw)
    return window


def _run_eml(raw: bytes, parsed: ParsedMessage) -> int:
    from qtmail.ui.app import create_application
    from qtmail.ui.i18n import install_translators
    from qtmail.ui.workers import WorkerPool

    app = create_application()
    install_translators(app)
    workers = WorkerPool()
    window = build_message_window(parsed, raw, workers)
    window.show()
    try:
        return app.exec()
    finally:
        view: Any = window.centralWidget()
        view.attachments.temp_files.cleanup()
        workers.shutdown()


def open_mailto_in(window: Any, url: str) -> Any:
    """Open a composer prefilled from ``url`` over the main window ``window``; the composer or None."""
    return window.open_composer("mailto", mailto=url)


def _run_mailto(args: argparse.Namespace, url: str) -> int:
    from qtmail.core.profile import Profile
    from qtmail.ui.app import create_application
    from qtmail.ui.i18n import install_translators
    from qtmail.ui.icons import app_icon
    from qtmail.ui.main_window import MainWindow

    app = create_application()
    install_translators(app)
    app.setWindowIcon(app_icon())
    profile = getattr(args, "profile_obj", None) or Profile.resolve(getattr(args, "profile", None))
    window = MainWindow(profile)
    app.aboutToQuit.connect(window.shutdown)
    window.show()
    open_mailto_in(window, url)
    return app.exec()
