"""The main window driven with Thunderbird's keys: shortcuts, archive, junk, read, search, menus."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from qtmail.core.profile import Profile
from qtmail.core.store import Envelope, Store
from qtmail.ui.models.message_list import MessageListModel
from tests.gui.mailbox import Mailbox, fill_mailbox
from tests.gui.main_window_user import english, mailbox, shortcuts, unread_in_store, window_factory

__all__ = ["english", "mailbox", "window_factory"]  # fixtures used by name


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
        "openMessage", "editDraft", "-", "reply", "replyAll", "forward", "-",
        "toggleRead", "toggleFlag", "-", "archive", "moveTo", "deleteMessage",
    ]  # fmt: skip
    assert menu(window.folder_tree) == [
        "getMail", "markAllRead", "-", "newFolder", "renameFolder", "deleteFolder", "-", "accountSettings",
    ]  # fmt: skip


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
