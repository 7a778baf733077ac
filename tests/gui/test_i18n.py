"""The Korean translation ships in the package, loads by locale or QTMAIL_LANG, and shows in the widgets."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from pytestqt.qtbot import QtBot

from qtmail.ui.i18n import (
    Translators,
    available_languages,
    choose_locale,
    install_translators,
    translations_dir,
)
from qtmail.ui.workers import ManualTimerFactory
from tests.gui.composer_helpers import make_account


@pytest.fixture
def korean(qapp: QApplication) -> Iterator[Translators]:
    previous = QLocale()
    translators = install_translators(qapp, QLocale("ko_KR"))
    yield translators
    translators.remove()
    QLocale.setDefault(previous)


def test_the_compiled_catalogue_is_inside_the_package() -> None:
    qm = translations_dir() / "qtmail_ko.qm"
    assert qm.is_file() and qm.stat().st_size > 1000
    assert Path("qtmail") in qm.relative_to(Path(__file__).resolve().parents[2]).parents
    assert "ko" in available_languages()


def test_choose_locale_prefers_qtmail_lang() -> None:
    assert choose_locale({"QTMAIL_LANG": "ko"}).language() == QLocale.Language.Korean
    assert choose_locale({"QTMAIL_LANG": "ko_KR.UTF-8"}).language() == QLocale.Language.Korean
    assert choose_locale({"QTMAIL_LANG": "en"}).language() == QLocale.Language.English
    assert choose_locale({}).name() == QLocale.system().name()


def test_korean_strings_show_in_the_composer(qtbot: QtBot, korean: Translators) -> None:
    assert korean.ours_loaded
    from qtmail.ui.composer import open_composer

    window = open_composer([make_account()], timers=ManualTimerFactory(), show=False)
    window.ask_close = lambda: "discard"  # type: ignore[method-assign]
    qtbot.addWidget(window)
    assert window.send_button.text() == "보내기(&S)"
    assert window.windowTitle() == "새 메일"
    assert window.size_label.text().startswith("없음")
    window.add_files([Path(__file__)])
    assert window.size_label.text().startswith("파일 1개")
    assert QCoreApplication.translate("ComposerWindow", "Cannot send") == "보낼 수 없습니다"


def test_korean_strings_show_in_the_wizard_and_qt_buttons(
    qtbot: QtBot, tmp_path: Path, korean: Translators
) -> None:
    from qtmail.core.profile import Profile
    from qtmail.ui.dialogs.account_wizard import AccountWizard

    wizard = AccountWizard(Profile.in_directory(tmp_path))
    qtbot.addWidget(wizard)
    assert wizard.windowTitle() == "메일 계정 추가"
    assert wizard.next_button.text() == "계속(&C)"
    assert wizard.incoming_form.title() == "받는 메일 서버"
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(box)
    cancel = box.button(QDialogButtonBox.StandardButton.Cancel)
    assert cancel is not None and cancel.text() != "&Cancel"  # Qt's own strings come from qtbase_ko
    wizard.shutdown()


def test_main_window_strings_translate_in_their_runtime_context(korean: Translators) -> None:
    # The main window translates through helpers; lupdate files those strings without a context.
    assert QCoreApplication.translate("MainWindow", "&Quit") == "끝내기(&Q)"
    assert QCoreApplication.translate("MainWindow", "%n message(s)", "", 3) == "메일 3통"
    assert QCoreApplication.translate("MainWindow", "no such string") == "no such string"


def test_english_gets_only_its_plural_forms(qapp: QApplication) -> None:
    previous = QLocale()
    translators = install_translators(qapp, QLocale("en_US"))
    try:
        assert len(translators.installed) == 1 and not translators.ours_loaded  # no qtbase, no Korean
        assert QCoreApplication.translate("MainWindow", "%n message(s)", "", 1) == "1 message"
        assert QCoreApplication.translate("MainWindow", "%n message(s)", "", 40) == "40 messages"
        assert QCoreApplication.translate("Tray", "%n new message(s)", "", 2) == "2 new messages"
        assert QCoreApplication.translate("MainWindow", "&Quit") == "&Quit"
        assert "en" not in available_languages()
    finally:
        translators.remove()
        QLocale.setDefault(previous)
    assert QCoreApplication.translate("MainWindow", "%n message(s)", "", 1) == "1 message(s)"


def test_every_plural_source_has_english_forms() -> None:
    """update.sh regenerates qtmail_en.ts; a "(s)" text missing from it would show as "1 file(s)"."""
    import xml.etree.ElementTree as ET

    folder = Path(__file__).resolve().parents[2] / "resources" / "translations"
    sources = {m.findtext("source") for m in ET.parse(folder / "qtmail_ko.ts").getroot().iter("message")}
    english = {m.findtext("source") for m in ET.parse(folder / "qtmail_en.ts").getroot().iter("message")}
    wanted = {text for text in sources if text and "%n" in text and "(s)" in text}
    assert wanted and wanted == english


def test_korean_welcome_text_is_not_cut_off(qtbot: QtBot, korean: Translators) -> None:
    """Korean lines are taller than Latin ones: the first-run screenshot once showed them cut in half."""
    from qtmail.ui.welcome import WelcomePane

    pane = WelcomePane()
    qtbot.addWidget(pane)
    pane.resize(880, 560)
    pane.show()
    qtbot.waitExposed(pane)
    text = pane.text
    assert text.text().startswith("메일을")
    assert text.height() >= text.heightForWidth(text.width()) > text.fontMetrics().height()


def test_korean_reply_and_forward_are_introduced_in_korean(korean: Translators) -> None:
    from qtmail.ui.composer import quote_words

    words = quote_words()
    assert words.wrote == "{date}, {name} 님이 작성:"
    assert (words.subject, words.to) == ("제목", "받는 사람")
    assert "전달된 메일" in words.forwarded
