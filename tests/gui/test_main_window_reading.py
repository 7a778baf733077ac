"""The main window as a user reads with it: first run, new-mail news, dates, empty lists, links, order."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from qtmail.core.profile import Profile
from qtmail.core.store import Address, Envelope, Store
from qtmail.ui.models.message_list import MessageListModel
from tests.gui.mailbox import Mailbox, fill_mailbox
from tests.gui.main_window_user import english, mailbox, window_factory

__all__ = ["english", "mailbox", "window_factory"]  # fixtures used by name


def test_first_run_shows_what_to_do(qtbot: QtBot, window_factory, ui_profile: Profile) -> None:
    window = window_factory(ui_profile)
    assert window.content_stack.currentWidget() is window.welcome
    assert window.welcome.isVisible() and not window.message_list.isVisible()
    assert window.welcome.title.text() == "Welcome to qtmail"
    text = window.welcome.text
    assert text.height() >= text.heightForWidth(text.width())  # the wrapped lines are not cut off
    assert window.count_label.text() == ""
    assert window.windowTitle() == "qtmail"
    asked: list[str] = []
    window.add_account = lambda: asked.append("wizard")  # type: ignore[method-assign]
    window.welcome.add_account_requested.disconnect()
    window.welcome.add_account_requested.connect(window.add_account)
    window.welcome.add_button.click()
    assert asked == ["wizard"]

    fill_mailbox(ui_profile, count=2, bodies=False)  # as if the wizard's first sync had run
    window.check_store_changes()
    assert window.content_stack.currentWidget() is window.content_splitter
    assert window.message_list.isVisible()


def test_new_mail_notification_names_sender_and_subject(
    qtbot: QtBot, window_factory, mailbox: Mailbox
) -> None:
    window = window_factory(mailbox.profile)
    assert not window.tray.available  # offscreen: the status bar says it instead
    with Store.for_profile(mailbox.profile) as store:
        store.messages.insert(
            mailbox.inbox.id,
            [
                Envelope(
                    date=datetime.now(UTC) + timedelta(minutes=number),
                    uid=1000 + number,
                    sender=Address(name, address),
                    subject=subject,
                )
                for number, (name, address, subject) in enumerate(
                    [
                        ("홍길동", "gildong@example.kr", "견적서 보내드립니다"),
                        ("", "bot@example.org", ""),
                        ("이영희", "yh@example.kr", "점심 약속"),
                        ("Kim\u202e", "kim@example.com", "Hello\nFrom: your bank"),
                    ]
                )
            ],
        )
    window.check_store_changes()
    assert window.tray.last_notification is not None
    title, text = window.tray.last_notification
    assert title == "4 new messages"
    assert text.splitlines() == [
        "Kim: Hello From: your bank",  # one line, no bidi override: it cannot fake the others
        "이영희: 점심 약속",
        "bot@example.org: (no subject)",
        "…and 1 more",
    ]
    assert window.statusBar().currentMessage() == "4 new messages — Kim: Hello From: your bank"


@pytest.mark.parametrize(
    ("days_ago", "expected"),
    [(0, "09:30"), (1, "Yesterday 09:30"), (3, "Tue 09:30"), (40, "18 Oct"), (400, "23/10/2025")],
)
def test_list_dates_are_relative_like_mail_clients_show_them(
    qapp: QApplication, days_ago: int, expected: str
) -> None:

    previous = QLocale()
    QLocale.setDefault(QLocale("en_GB"))
    try:
        model = MessageListModel()
        now = datetime(2026, 11, 27, 18, 0).astimezone()  # a Friday
        moment = now.replace(hour=9, minute=30) - timedelta(days=days_ago)
        assert model.format_date(int(moment.timestamp()), now=now) == expected
    finally:
        QLocale.setDefault(previous)


def test_the_date_column_fits_its_longest_dates_in_bold(window_factory, mailbox: Mailbox) -> None:
    from PySide6.QtGui import QFont, QFontMetrics

    window = window_factory(mailbox.profile)
    bold = QFont(window.message_list.font())
    bold.setBold(True)
    width = window.message_list.horizontalHeader().sectionSize(MessageListModel.DATE)
    samples = window.list_model.date_samples()
    assert any(text.startswith("Yesterday") for text in samples)
    assert all(QFontMetrics(bold).horizontalAdvance(text) + 8 < width for text in samples)


def test_an_empty_list_says_why(qtbot: QtBot, window_factory, mailbox: Mailbox) -> None:
    window = window_factory(mailbox.profile)
    view = window.message_list
    window.select_folder(mailbox.inbox.id)
    assert view.empty_text() == ""
    window.search_box.setText("없는단어")
    window.timers.fire_all()
    assert view.empty_text() == "No messages match “없는단어”."
    window.clear_search()
    window.select_folder(mailbox.trash.id)
    assert view.empty_text() == "This folder is empty."

    def painted() -> int:
        image = view.viewport().grab().toImage()
        background = image.pixelColor(2, image.height() - 2)
        return sum(
            image.pixelColor(x, y) != background
            for x in range(0, image.width(), 2)
            for y in range(0, min(image.height(), 80), 2)
        )

    assert painted() > 0  # the words are drawn where the rows would be


def test_hovering_a_link_shows_its_real_target_in_the_status_bar(
    qtbot: QtBot, window_factory, ui_profile: Profile
) -> None:
    from qtmail.core.mime import parse
    from tests.gui.conftest import build_message

    raw = build_message(
        text=None, html='<p>Log in at <a href="http://evil.example.net/login">https://www.kbstar.com/</a></p>'
    )
    window = window_factory(ui_profile)
    window.content_stack.setCurrentWidget(window.content_splitter)
    window.message_view.show_message(parse(raw), raw)
    browser = window.message_view.browser
    cursor = browser.document().find("kbstar")
    assert not cursor.isNull()
    qtbot.mouseMove(browser.viewport(), browser.cursorRect(cursor).center())
    target = "http://evil.example.net/login"
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == target, timeout=3000)


def test_the_sort_order_is_remembered_across_restarts(qtbot: QtBot, window_factory, mailbox: Mailbox) -> None:
    from qtmail.core.store import SortKey

    window = window_factory(mailbox.profile)
    window.select_folder(mailbox.inbox.id)
    window.message_list.sortByColumn(MessageListModel.SUBJECT, Qt.SortOrder.AscendingOrder)
    window.select_folder(mailbox.archive.id)  # other folders keep the order
    assert window.list_model.query.sort == SortKey.SUBJECT
    window.close()

    again = window_factory(mailbox.profile)
    again.select_folder(mailbox.inbox.id)
    assert again.list_model.query.sort == SortKey.SUBJECT and not again.list_model.query.descending
    header = again.message_list.horizontalHeader()
    assert header.sortIndicatorSection() == MessageListModel.SUBJECT
    assert header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
    from qtmail.core.store import Scope

    with Store.for_profile(mailbox.profile) as store:
        inbox = Scope.folder(mailbox.inbox.id)
        expected = store.pages.page(inbox, SortKey.SUBJECT, False, offset=0, limit=50)
    shown = [again.list_model.message_id(row) for row in range(again.list_model.rowCount())]
    assert shown == [summary.id for summary in expected] != mailbox.ids


def test_the_unified_inbox_says_which_account_a_message_came_to(window_factory, ui_profile: Profile) -> None:
    fill_mailbox(ui_profile, account="회사 메일", count=2, bodies=False)
    home = fill_mailbox(ui_profile, account="개인", count=2, bodies=False)
    window = window_factory(ui_profile)
    window.select_folder(None)
    tips = {
        window.list_model.index(row, MessageListModel.CORRESPONDENT).data(Qt.ItemDataRole.ToolTipRole)
        for row in range(window.list_model.rowCount())
    }
    assert {tip.splitlines()[-1] for tip in tips} == {"Account: 회사 메일", "Account: 개인"}
    window.select_folder(home.inbox.id)  # inside one account it goes without saying
    tip = window.list_model.index(0, MessageListModel.CORRESPONDENT).data(Qt.ItemDataRole.ToolTipRole)
    assert "Account:" not in tip
