"""Screenshots of what start-up may show: the unsent-drafts question and the first-run main window."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from tests.screenshots import ShotContext, shot
from tests.screenshots_composer import _korean


@shot("restore_drafts")
def restore_drafts(context: ShotContext) -> QWidget:
    """The question after a crash: which unsent drafts to reopen (Korean)."""
    from qtmail.ui.composer import RestoreDraftsDialog
    from qtmail.ui.composer_drafts import DraftState, new_draft_id

    _korean(context)
    drafts = [
        DraftState(
            new_draft_id(),
            to="이준호 <junho@example.kr>",
            subject="3분기 보고서와 회의록 공유",
            saved_at=1_795_750_000.0,
        ),
        DraftState(new_draft_id(), to="", subject="", saved_at=1_795_740_000.0),
    ]
    dialog = RestoreDraftsDialog(drafts)
    dialog.resize(560, 260)
    dialog.show()
    context.cleanups.append(dialog.close)
    context.settle()
    return dialog


@shot("first_run")
def first_run(context: ShotContext) -> QWidget:
    """The main window of a profile without accounts (Korean): the welcome pane, Get Mail disabled."""
    from qtmail.ui.main_window import MainWindow
    from qtmail.ui.workers import ManualTimerFactory

    _korean(context)
    window = MainWindow(context.profile, timers=ManualTimerFactory(), use_tray=False)
    context.cleanups.insert(0, window.shutdown)
    window.resize(1100, 640)
    window.show()
    context.settle()
    return window
