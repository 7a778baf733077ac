"""Screenshot of the message list grouped by thread (loaded by tests/screenshots.py).

.venv/bin/python tests/screenshots.py message_list_threads
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from PySide6.QtWidgets import QWidget

from tests.screenshots import ShotContext, shot

THREADS = [  # (subject, [(name, address, answers index or None, read)])
    (
        "분기 보고서 검토 요청",
        [
            ("김민준", "minjun@example.kr", None, True),
            ("이서연", "seoyeon@example.kr", 0, True),
            ("김민준", "minjun@example.kr", 1, True),
            ("박지훈", "jihoon@example.kr", 0, False),
            ("이서연", "seoyeon@example.kr", 2, False),
        ],
    ),
    (
        "다음 주 회의 일정",
        [
            ("최수아", "sua@example.kr", None, True),
            ("정우진", "woojin@example.kr", 0, False),
            ("Alice Example", "alice@example.com", 0, False),
        ],
    ),
]


@shot("message_list_threads")
def message_list_threads(context: ShotContext) -> QWidget:
    """The Korean interface with the inbox grouped by thread: one thread open (replies nested
    under what they answer), one closed with its counts."""
    from PySide6.QtCore import QLocale
    from PySide6.QtWidgets import QApplication

    from qtmail.core.store import Address, Envelope, Flag, Store
    from qtmail.ui.i18n import install_translators
    from qtmail.ui.main_window import MainWindow
    from qtmail.ui.workers import ManualTimerFactory
    from tests.gui.mailbox import fill_mailbox

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    translators = install_translators(app, QLocale(QLocale.Language.Korean, QLocale.Country.SouthKorea))
    context.cleanups.insert(0, translators.remove)
    context.cleanups.insert(0, lambda: QLocale.setDefault(QLocale(QLocale.Language.English)))
    mailbox = fill_mailbox(context.profile, account="회사 메일", count=16, spacing=timedelta(hours=5))
    start = datetime(2026, 11, 27, 11, 0, tzinfo=UTC)
    envelopes = []
    uid = 1000
    for number, (subject, messages) in enumerate(THREADS):
        key = f"<thread{number}@shots.example>"
        for index, (name, address, answers, read) in enumerate(messages):
            uid += 1
            envelopes.append(
                Envelope(
                    date=start - timedelta(hours=30 * number) - timedelta(hours=3 * (len(messages) - index)),
                    uid=uid,
                    message_id=f"<t{number}m{index}@shots.example>",
                    in_reply_to=None if answers is None else f"<t{number}m{answers}@shots.example>",
                    thread_key=key,
                    sender=Address(name, address),
                    subject=subject if answers is None else f"Re: {subject}",
                    size=4000 + 700 * index,
                    flags=Flag.SEEN if read else Flag.NONE,
                )
            )
    with Store.for_profile(context.profile) as store:
        store.messages.insert(mailbox.inbox.id, envelopes)
    window = MainWindow(context.profile, timers=ManualTimerFactory(), use_tray=False)
    context.cleanups.append(window.shutdown)
    window.resize(1360, 820)
    window.main_splitter.setSizes([230, 1130])
    window.content_splitter.setSizes([760, 370])
    window.show()
    window.select_folder(mailbox.inbox.id)
    window.set_grouped_by_thread(True)
    model = window.list_model
    first_thread = next(row for row in range(model.rowCount()) if model.thread_size(row) > 1)
    model.open_thread(first_thread)
    reply = model.message_id(first_thread + 2)
    assert reply is not None
    window.message_list.select_message(reply)  # no body stored: the view says so
    context.settle()
    return window
