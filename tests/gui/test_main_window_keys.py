"""The main window driven as a Thunderbird user would: keys, archive, search, first run, new-mail news."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from qtmail.core.profile import Profile
from qtmail.core.store import Address, Envelope, Store
from qtmail.ui.main_window import MainWindow
from qtmail.ui.models.message_list import MessageListModel
from qtmail.ui.workers import ManualTimerFactory
from tests.gui.mailbox import Mailbox, fill_mailbox


@pytest.fixture(autouse=True)
def english(qapp: QApplication) -> Iterator[None]:
    """As the app starts in an English locale: with the plural forms ("1 message", "2 messages")."""
    from qtmail.ui.i18n import install_translators

    previous = QLocale()
    translators = install_translators(qapp, QLocale("en_US"))
    yield
    translators.remove()
    QLocale.setDefault(previous)


@pytest.fixture
def mailbox(ui_profile: Profile) -> Mailbox:
    return fill_mailbox(ui_profile, bodies=False)


@pytest.fixture
def window_factory(qtbot: QtBot) -> Iterator[object]:
    windows: list[MainWindow] = []

    def make(profile: Profile) -> MainWindow:
        window = MainWindow(profile, timers=ManualTimerFactory(), use_tray=False)
        qtbot.addWidget(window)
        window.show()
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.shutdown()


def shortcuts(window: MainWindow) -> dict[str, list[str]]:
    return {
        action.objectName(): [key.toString() for key in action.shortcuts()]
        for action in window.actions()
        if action.objectName()
    }


def unread_in_store(mailbox: Mailbox) -> int:
    with Store.for_profile(mailbox.profile) as store:
        return len(store.messages.unread_ids(mailbox.inbox.id))


def test_thunderbird_shortcuts_are_set_and_no_key_does_two_things(window_factory, mailbox: Mailbox) -> None:
    window = window_factory(mailbox.profile)
    keys = shortcuts(window)
    assert keys["getMail"] == ["F5", "Ctrl+T"]  # F5 is what the menu shows
    assert keys["find"] == ["Ctrl+F", "Ctrl+K"]
    assert keys["toggleRead"] == ["M"]
    assert keys["archive"] == ["A"]
    assert keys["markAllRead"] == ["Shift+C"]
    assert keys["toggleFlag"] == ["S"]
    assert keys["showConversation"] == ["Ctrl+Shift+O"]
    assert keys["nextUnread"] == ["N"]
    assert (keys["markJunk"], keys["markNotJunk"]) == (["J"], ["Shift+J"])
    owners: dict[str, str] = {}
    for name, sequences in keys.items():
        for sequence in sequences:
            assert sequence not in owners, f"{sequence} is used by {owners[sequence]} and {name}"
            owners[sequence] = name
    tooltips = {a.objectName(): a.toolTip() for a in window.toolbar.actions() if not a.isSeparator()}
    assert tooltips["getMail"] == "Get Mail (F5, Ctrl+T)"
    assert tooltips["reply"] == "Reply (Ctrl+R)"
    assert tooltips["archive"] == "Archive (A)"
    in_menus = {a.objectName() for menu in window.menus.values() for a in menu.actions()}
    assert {"toggleRead", "markAllRead", "archive", "getMail", "find"} <= in_menus


def test_keyboard_selects_reads_and_toggles(qtbot: QtBot, window_factory, mailbox: Mailbox) -> None:
    window = window_factory(mailbox.profile)
    window.select_folder(mailbox.inbox.id)
    window.message_list.setFocus()
    window.message_list.select_message(mailbox.ids[0])
    qtbot.keyClick(window.message_list, Qt.Key.Key_Down)
    assert window.message_list.current_id() == mailbox.ids[1]
    assert window.list_model.summary(1).unread

    qtbot.keyClick(window.message_list, Qt.Key.Key_M)  # unread -> read
    qtbot.waitUntil(lambda: not window.list_model.summary(1).unread, timeout=5000)
    assert not window.list_model.index(1, MessageListModel.SUBJECT).data(Qt.ItemDataRole.FontRole)
    qtbot.keyClick(window.message_list, Qt.Key.Key_M)  # and back
    qtbot.waitUntil(lambda: window.list_model.summary(1).unread, timeout=5000)

    qtbot.keyClick(window.message_list, Qt.Key.Key_S)  # flag, Thunderbird's star key
    flag_cell = window.list_model.index(1, MessageListModel.FLAG)
    qtbot.waitUntil(lambda: flag_cell.data(Qt.ItemDataRole.DecorationRole) is not None, timeout=5000)


def test_typing_in_the_search_box_never_fires_single_key_shortcuts(
    qtbot: QtBot, window_factory, mailbox: Mailbox
) -> None:
    window = window_factory(mailbox.profile)
    window.select_folder(mailbox.inbox.id)
    window.message_list.select_message(mailbox.ids[0])
    before = unread_in_store(mailbox)
    qtbot.keyClick(window.message_list, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert window.search_box.hasFocus()
    qtbot.keyClicks(window.search_box, "mas")  # M, A, S would toggle read, archive, flag
    assert window.search_box.text() == "mas"
    assert unread_in_store(mailbox) == before
    assert window.list_model.rowCount() == len(mailbox.ids)  # nothing archived either

    window.timers.fire_all()  # the search delay: "mas" matches nothing
    assert window.list_model.rowCount() == 0
    qtbot.keyClick(window.search_box, Qt.Key.Key_Escape)
    assert window.search_box.text() == ""
    assert window.list_model.rowCount() == len(mailbox.ids)
    assert window.message_list.hasFocus()


def test_a_archives_and_undo_brings_it_back(qtbot: QtBot, window_factory, mailbox: Mailbox) -> None:
    window = window_factory(mailbox.profile)
    window.select_folder(mailbox.inbox.id)
    victim = mailbox.ids[2]
    window.message_list.select_message(victim)
    qtbot.keyClick(window.message_list, Qt.Key.Key_A)
    qtbot.waitUntil(lambda: window.list_model.rowCount() == len(mailbox.ids) - 1, timeout=5000)
    with Store.for_profile(mailbox.profile) as store:
        assert store.messages.get(victim).folder_id == mailbox.archive.id
    assert window.message_list.current_id() == mailbox.ids[3]
    assert window.actions_.undo.text().startswith("&Undo Archive")
    window.actions_.undo.trigger()
    qtbot.waitUntil(lambda: window.list_model.rowCount() == len(mailbox.ids), timeout=5000)


def test_archive_without_an_archive_folder_says_so(qtbot: QtBot, window_factory, ui_profile: Profile) -> None:
    with Store.for_profile(ui_profile) as store:
        from qtmail.core.store import FolderSpec

        inbox = store.folders.upsert(FolderSpec("plain", "INBOX", raw_name="INBOX", role="inbox"))
        store.messages.insert(inbox.id, [Envelope(date=datetime.now(UTC), uid=1, subject="hi")])
    window = window_factory(ui_profile)
    window.select_folder(inbox.id)
    window.message_list.select_message(window.list_model.message_id(0))
    window.actions_.archive.trigger()
    assert window.statusBar().currentMessage() == "This account has no Archive folder."
    assert window.list_model.rowCount() == 1


def test_shift_c_marks_the_folder_read_and_the_status_bar_counts(
    qtbot: QtBot, window_factory, mailbox: Mailbox
) -> None:
    window = window_factory(mailbox.profile)
    window.select_folder(mailbox.inbox.id)
    unread = unread_in_store(mailbox)
    assert unread > 0
    assert window.count_label.text() == f"{unread} unread, {len(mailbox.ids)} messages"
    assert window.windowTitle() == "Inbox — qtmail"
    qtbot.keyClick(window.message_list, Qt.Key.Key_C, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: unread_in_store(mailbox) == 0, timeout=5000)
    qtbot.waitUntil(lambda: window.count_label.text() == f"{len(mailbox.ids)} messages", timeout=5000)
    assert not any(window.list_model.summary(row).unread for row in range(window.list_model.rowCount()))


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
                        ("Kim", "kim@example.com", "Hello"),
                    ]
                )
            ],
        )
    window.check_store_changes()
    assert window.tray.last_notification is not None
    title, text = window.tray.last_notification
    assert title == "4 new messages"
    assert text.splitlines() == [
        "Kim: Hello",
        "이영희: 점심 약속",
        "bot@example.org: (no subject)",
        "…and 1 more",
    ]
    assert window.statusBar().currentMessage() == "4 new messages — Kim: Hello"


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


def test_enter_on_the_list_opens_the_message_in_its_own_window(
    qtbot: QtBot, window_factory, ui_profile: Profile
) -> None:
    from qtmail.ui.message_view import MessageView

    mailbox = fill_mailbox(ui_profile, count=3)
    window = window_factory(mailbox.profile)
    window.select_folder(mailbox.inbox.id)
    with qtbot.waitSignal(window.message_shown, timeout=5000):
        window.message_list.select_message(mailbox.ids[1])
    opened: list[MessageView] = []
    window.show_standalone = lambda parsed, raw: opened.append(parsed)  # type: ignore[method-assign,assignment]
    window.search_box.setFocus()
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)  # Enter in the search box only searches
    assert opened == []
    window.message_list.setFocus()
    qtbot.keyClick(window.message_list, Qt.Key.Key_Return)
    assert [parsed.subject for parsed in opened] == ["다음 주 회의 일정"]
    assert window.actions_.open_message in window.menus["message"].actions()


def test_right_click_menus_offer_the_message_and_folder_actions(window_factory, mailbox: Mailbox) -> None:
    window = window_factory(mailbox.profile)

    def menu(widget: object) -> list[str]:
        assert widget.contextMenuPolicy() == Qt.ContextMenuPolicy.ActionsContextMenu
        return [action.objectName() or "-" for action in widget.actions()]

    assert menu(window.message_list) == [
        "openMessage", "-", "reply", "replyAll", "forward", "-",
        "toggleRead", "toggleFlag", "-", "archive", "moveTo", "deleteMessage",
    ]  # fmt: skip
    assert menu(window.folder_tree) == ["getMail", "markAllRead", "-", "accountSettings"]


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


def test_n_goes_to_the_next_unread_message_and_wraps(qtbot: QtBot, window_factory, mailbox: Mailbox) -> None:
    window = window_factory(mailbox.profile)
    window.select_folder(mailbox.inbox.id)
    unread_rows = [row for row in range(len(mailbox.ids)) if window.list_model.summary(row).unread]
    assert unread_rows[:2] == [0, 1] and 2 not in unread_rows  # every third message is read
    window.message_list.select_message(mailbox.ids[1])
    window.message_list.setFocus()
    qtbot.keyClick(window.message_list, Qt.Key.Key_N)
    assert window.message_list.current_id() == mailbox.ids[3]  # skips the read one at row 2
    window.message_list.select_message(mailbox.ids[unread_rows[-1]])
    qtbot.keyClick(window.message_list, Qt.Key.Key_N)
    assert window.message_list.current_id() == mailbox.ids[0]  # wrapped to the top


def test_n_says_when_nothing_is_left_unread(qtbot: QtBot, window_factory, mailbox: Mailbox) -> None:
    window = window_factory(mailbox.profile)
    window.select_folder(mailbox.inbox.id)
    window.actions_.mark_all_read.trigger()
    qtbot.waitUntil(lambda: unread_in_store(mailbox) == 0, timeout=5000)
    qtbot.waitUntil(lambda: not window.list_model.summary(0).unread, timeout=5000)
    window.message_list.select_message(mailbox.ids[2])
    window.actions_.next_unread.trigger()
    assert window.message_list.current_id() == mailbox.ids[2]
    assert window.statusBar().currentMessage() == "No more unread messages here."


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


def test_j_moves_to_junk_and_shift_j_brings_it_back(qtbot: QtBot, window_factory, mailbox: Mailbox) -> None:
    from qtmail.core.store import FolderSpec

    window = window_factory(mailbox.profile)
    window.select_folder(mailbox.inbox.id)
    window.message_list.select_message(mailbox.ids[0])
    qtbot.keyClick(window.message_list, Qt.Key.Key_J)
    assert window.statusBar().currentMessage() == "This account has no Junk folder."
    assert window.list_model.rowCount() == len(mailbox.ids)

    with Store.for_profile(mailbox.profile) as store:
        junk = store.folders.upsert(FolderSpec(mailbox.account, "Junk", raw_name="Junk", role="junk"))
    victim = mailbox.ids[0]
    qtbot.keyClick(window.message_list, Qt.Key.Key_J)
    qtbot.waitUntil(lambda: window.list_model.rowCount() == len(mailbox.ids) - 1, timeout=5000)
    with Store.for_profile(mailbox.profile) as store:
        assert store.messages.get(victim).folder_id == junk.id
    window.select_folder(junk.id)
    window.message_list.select_message(victim)
    qtbot.keyClick(window.message_list, Qt.Key.Key_J, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: window.list_model.rowCount() == 0, timeout=5000)
    with Store.for_profile(mailbox.profile) as store:
        assert store.messages.get(victim).folder_id == mailbox.inbox.id


def test_space_reads_on_then_goes_to_the_next_unread(
    qtbot: QtBot, window_factory, ui_profile: Profile
) -> None:
    from qtmail.core.store import FolderSpec, Scope, SortKey
    from tests.gui.conftest import build_message

    long_text = "\n".join(f"{number}번째 줄입니다." for number in range(300))
    with Store.for_profile(ui_profile) as store:
        inbox = store.folders.upsert(FolderSpec("work", "INBOX", raw_name="INBOX", role="inbox"))
        start = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
        store.messages.insert(
            inbox.id,
            [Envelope(date=start - timedelta(hours=n), uid=n + 1, subject=f"m{n}") for n in range(3)],
        )
        ids = [s.id for s in store.pages.page(Scope.folder(inbox.id), SortKey.DATE, True, offset=0, limit=3)]
        for message_id in ids:
            store.bodies.store(message_id, build_message(text=long_text), text=long_text)
    window = window_factory(ui_profile)
    window.resize(760, 560)
    window.select_folder(inbox.id)
    with qtbot.waitSignal(window.message_shown, timeout=5000):
        window.message_list.select_message(ids[0])
    bar = window.message_view.browser.verticalScrollBar()
    assert bar.maximum() > 0 and bar.value() == 0
    window.message_list.setFocus()
    qtbot.keyClick(window.message_list, Qt.Key.Key_Space)
    assert bar.value() == bar.pageStep()
    assert window.message_list.current_id() == ids[0]
    bar.setValue(bar.maximum())
    with qtbot.waitSignal(window.message_shown, timeout=5000):
        qtbot.keyClick(window.message_list, Qt.Key.Key_Space)  # at the end: the next unread message
    assert window.message_list.current_id() == ids[1]


def test_del_in_the_folder_tree_never_deletes_the_listed_messages(
    qtbot: QtBot, window_factory, mailbox: Mailbox
) -> None:
    window = window_factory(mailbox.profile)
    window.select_folder(mailbox.inbox.id)
    window.message_list.select_message(mailbox.ids[0])
    window.folder_tree.setFocus()
    qtbot.keyClick(window.folder_tree, Qt.Key.Key_Delete)
    assert window.list_model.rowCount() == len(mailbox.ids)
    assert not window.actions_.undo.isEnabled()
    window.message_list.setFocus()
    qtbot.keyClick(window.message_list, Qt.Key.Key_Delete)  # in the list it does delete (to Trash)
    qtbot.waitUntil(lambda: window.list_model.rowCount() == len(mailbox.ids) - 1, timeout=5000)


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
