"""Start the Qt application and show the main window."""

from __future__ import annotations

import argparse
import sys

from PySide6.QtWidgets import QApplication, QMainWindow

from qtmail import __version__


def create_application(argv: list[str] | None = None) -> QApplication:
    """Return the running QApplication, creating it once with qtmail's names."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(argv if argv is not None else sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("qtmail")
    app.setOrganizationName("qtmail")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("org.qtmail.QtMail")
    return app


def run_gui(args: argparse.Namespace) -> int:
    """Open the main window and run the event loop until the user quits."""
    app = create_application()
    window = QMainWindow()
    window.setWindowTitle("qtmail")
    window.resize(1100, 700)
    window.show()
    return app.exec()
