"""The composer window: fields, drops and pastes of files, warnings, mailto, signatures, sending."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QComboBox, QLineEdit, QListWidget, QPlainTextEdit, QPushButton
from pytestqt.qtbot import QtBot

from qtmail.core.errors import MailError
from qtmail.core.mime.types import Attachment, OutgoingMessage
from qtmail.core.profile import Profile
from qtmail.ui.composer import ComposerWindow, Prefill, mentions_attachment, open_composer
from qtmail.ui.composer_attachments import file_urls_mime
from qtmail.ui.workers import ManualTimerFactory
from tests.gui.composer_helpers import drop_files, make_account


@pytest.fixture
def sent() -> list[OutgoingMessage]:
    return []


@pytest.fixture
def composer(qtbot: QtBot, tmp_path: Path, sent: list[OutgoingMessage]) -> ComposerWindow:
    window = open_composer(
        [make_account(signature="Alice Kim\nExample Org")],
        profile=Profile.in_directory(tmp_path / "profile"),
        sender=sent.append,
        timers=ManualTimerFactory(),
        show=False,
    )
    window.ask_close = lambda: "discard"  # type: ignore[method-assign]
    qtbot.addWidget(window)
    return window


@pytest.fixture
def files(tmp_path: Path) -> list[Path]:
    report = tmp_path / "report.pdf"
    report.write_bytes(b"%PDF-1.4 fake\n" * 100)
    photo = tmp_path / "사진.jpg"
    photo.write_bytes(bytes(range(256)) * 40)
    return [report, photo]


def test_widgets_have_stable_object_names(composer: ComposerWindow) -> None:
    for name, kind in (
        ("fromField", QComboBox),
        ("toField", QLineEdit),
        ("ccField", QLineEdit),
        ("bccField", QLineEdit),
        ("subjectField", QLineEdit),
        ("bodyEdit", QPlainTextEdit),
        ("attachmentList", QListWidget),
        ("sendButton", QPushButton),
        ("saveDraftButton", QPushButton),
    ):
        assert composer.findChild(kind, name) is not None, name
    assert composer.from_field.count() == 2  # two identities of one account


def test_dropping_files_onto_the_window_attaches_them(composer: ComposerWindow, files: list[Path]) -> None:
    drop = drop_files(composer, files)
    assert drop.isAccepted()
    names = [a.name for a in composer.attachments()]
    assert names == ["report.pdf", "사진.jpg"]
    listed = composer.findChild(QListWidget, "attachmentList")
    assert listed is not None and listed.count() == 2
    assert "사진.jpg" in listed.item(1).text()


def test_dropping_onto_a_text_field_attaches_instead_of_inserting(
    composer: ComposerWindow, files: list[Path]
) -> None:
    drop_files(composer.subject_field, files[:1])
    drop_files(composer.body_edit.viewport(), files[1:])
    assert [a.name for a in composer.attachments()] == ["report.pdf", "사진.jpg"]
    assert composer.subject_field.text() == ""
    assert "file://" not in composer.body_edit.toPlainText()


def test_dropping_the_same_file_twice_attaches_it_once(composer: ComposerWindow, files: list[Path]) -> None:
    drop_files(composer, files[:1])
    drop_files(composer, files[:1])
    assert len(composer.attachments()) == 1


def test_pasting_files_from_the_clipboard(composer: ComposerWindow, files: list[Path]) -> None:
    QGuiApplication.clipboard().setMimeData(file_urls_mime(files))
    composer.body_edit.paste()  # Ctrl+V in the body
    assert [a.name for a in composer.attachments()] == ["report.pdf", "사진.jpg"]
    assert "report.pdf" not in composer.body_edit.toPlainText()
    QGuiApplication.clipboard().setMimeData(file_urls_mime(files[:1]))
    composer.attachment_list.setCurrentRow(0)
    composer.attachment_list.remove_selected()
    assert composer.paste_files() == 1
    QGuiApplication.clipboard().clear()


def test_removing_an_attachment(composer: ComposerWindow, files: list[Path]) -> None:
    composer.add_files(files)
    assert not composer.remove_button.isEnabled()  # nothing selected: nothing to remove
    composer.attachment_list.setCurrentRow(0)
    assert composer.remove_button.isEnabled()
    composer.remove_button.click()
    assert [a.name for a in composer.attachments()] == ["사진.jpg"]


def test_size_label_warns_above_the_limit(
    composer: ComposerWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("qtmail.ui.composer.SIZE_WARNING_BYTES", 1000)
    big = tmp_path / "big.bin"
    big.write_bytes(b"x" * 2000)
    assert "⚠" not in composer.size_label.text()
    composer.add_files([big])
    assert "⚠" in composer.size_label.text()


@pytest.mark.parametrize(
    ("subject", "body", "expected"),
    [
        ("", "Please see the attached report.", True),
        ("Report attached", "", True),
        ("", "보고서를 첨부합니다.", True),
        ("", "Anbei die Unterlagen.", True),
        ("", "Voici la pièce jointe.", True),
        ("", "The contract is enclosed.", True),
        ("", "See you tomorrow.", False),
        ("", "Thanks!\n\nOn Monday Bob wrote:\n> I attached the file", False),
        ("", "Hi\n-- \nAttachments are scanned by IT", False),
    ],
)
def test_mentions_attachment(subject: str, body: str, expected: bool) -> None:
    assert mentions_attachment(subject, body) is expected


def test_missing_attachment_warning_fires_and_can_stop_sending(
    composer: ComposerWindow, sent: list[OutgoingMessage], monkeypatch: pytest.MonkeyPatch
) -> None:
    questions: list[str] = []

    def refuse(title: str, text: str) -> bool:
        questions.append(title)
        return False

    monkeypatch.setattr(composer, "confirm", refuse)
    composer.to_field.setText("bob@example.org")
    composer.subject_field.setText("Quarterly report")
    composer.body_edit.setPlainText("Hi Bob, the report is attached.")
    assert composer.send() is False
    assert questions == ["Attachment missing?"]
    assert sent == []


def test_no_warning_when_a_file_is_attached(
    composer: ComposerWindow, sent: list[OutgoingMessage], files: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    def must_not_ask(title: str, text: str) -> bool:
        raise AssertionError(f"unexpected question: {title}")

    monkeypatch.setattr(composer, "confirm", must_not_ask)
    composer.to_field.setText("Bob <bob@example.org>")
    composer.subject_field.setText("Quarterly report")
    composer.body_edit.setPlainText("Hi Bob, the report is attached.")
    composer.add_files(files[:1])
    assert composer.send() is True
    assert len(sent) == 1
    assert sent[0].attachments[0].filename == "report.pdf"
    assert sent[0].attachments[0].data == files[0].read_bytes()


def test_invalid_address_is_reported_and_nothing_is_sent(
    composer: ComposerWindow, sent: list[OutgoingMessage], monkeypatch: pytest.MonkeyPatch
) -> None:
    errors: list[str] = []
    monkeypatch.setattr(composer, "show_error", lambda title, text: errors.append(text))
    composer.to_field.setText("bob@example.org, not an address")
    composer.subject_field.setText("x")
    assert composer.send() is False
    assert errors and "To" in errors[0]
    assert sent == []


def test_send_builds_the_message_and_bcc_is_kept_for_the_envelope_only(
    composer: ComposerWindow, sent: list[OutgoingMessage], monkeypatch: pytest.MonkeyPatch
) -> None:
    emitted: list[object] = []
    composer.send_requested.connect(emitted.append)
    composer.set_from("accwork", "alice.lists@example.org")
    composer.to_field.setText('"Kim, Bob" <bob@example.org>; carol@example.org')
    composer.cc_field.setText("김철수 <kim@example.kr>")
    composer.bcc_field.setText("secret@example.org")
    composer.subject_field.setText("회의 안내")
    composer.body_edit.setPlainText("내일 회의가 있습니다.")
    assert composer.send() is True
    message = sent[0]
    assert emitted == [message]
    assert message.from_.address == "alice.lists@example.org"
    assert [a.address for a in message.to] == ["bob@example.org", "carol@example.org"]
    assert message.to[0].name == "Kim, Bob"
    assert message.cc[0].name == "김철수"
    assert [a.address for a in message.bcc] == ["secret@example.org"]
    assert message.subject == "회의 안내"
    from qtmail.core.mime import compose

    wire = compose(message)
    assert b"secret@example.org" not in wire
    assert b"bcc:" not in wire.lower()


def test_sender_error_keeps_the_window_and_the_draft(
    composer: ComposerWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    from qtmail.core.errors import ErrorKind

    def failing(message: OutgoingMessage) -> None:
        raise MailError(ErrorKind.STORAGE, "outbox is full")

    errors: list[str] = []
    monkeypatch.setattr(composer, "_sender", failing)
    monkeypatch.setattr(composer, "show_error", lambda title, text: errors.append(text))
    composer.to_field.setText("bob@example.org")
    composer.subject_field.setText("s")
    assert composer.autosave()
    assert composer.send() is False
    assert errors == ["outbox is full"]
    assert composer._drafts is not None and composer._drafts.exists(composer.draft_id)


def test_signature_follows_the_identity(composer: ComposerWindow) -> None:
    assert composer.body_edit.toPlainText().endswith("-- \nAlice Kim\nExample Org\n")
    composer.from_field.setCurrentIndex(1)  # the identity without a signature
    assert "-- \n" not in composer.body_edit.toPlainText()
    composer.from_field.setCurrentIndex(0)
    assert "Example Org" in composer.body_edit.toPlainText()


def test_signature_goes_above_a_quote(qtbot: QtBot) -> None:
    window = open_composer(
        [make_account(signature="Alice")],
        prefill=Prefill(to="bob@example.org", subject="Re: x", body="\n\nOn Monday, Bob wrote:\n> hello\n"),
        timers=ManualTimerFactory(),
        show=False,
    )
    window.ask_close = lambda: "discard"  # type: ignore[method-assign]
    qtbot.addWidget(window)
    body = window.body_edit.toPlainText()
    assert body.index("-- \nAlice") < body.index("On Monday, Bob wrote:") < body.index("> hello")


def test_mailto_prefills_the_fields(qtbot: QtBot) -> None:
    window = open_composer(
        [make_account()],
        mailto="mailto:bob@example.org?cc=carol@example.org&bcc=dave@example.org"
        "&subject=%ED%9A%8C%EC%9D%98&body=line%201%0D%0Aline%202",
        timers=ManualTimerFactory(),
        show=False,
    )
    window.ask_close = lambda: "discard"  # type: ignore[method-assign]
    qtbot.addWidget(window)
    assert window.to_field.text() == "bob@example.org"
    assert window.cc_field.text() == "carol@example.org"
    assert window.bcc_field.text() == "dave@example.org"
    assert window.subject_field.text() == "회의"
    assert window.body_edit.toPlainText().startswith("line 1\nline 2")
    assert window.windowTitle() == "회의"


def test_prefill_with_forwarded_bytes_attaches_them(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_composer(
        [make_account()],
        profile=Profile.in_directory(tmp_path / "p"),
        prefill=Prefill(
            subject="Fwd: photos",
            attachments=[Attachment("a.png", b"\x89PNG fake", "image/png")],
            attached_messages=[b"Subject: original\r\n\r\nbody\r\n"],
        ),
        timers=ManualTimerFactory(),
        show=False,
    )
    window.ask_close = lambda: "discard"  # type: ignore[method-assign]
    qtbot.addWidget(window)
    assert [(a.name, a.mime_type) for a in window.attachments()] == [
        ("a.png", "image/png"),
        ("forwarded-1.eml", "message/rfc822"),
    ]
    window.to_field.setText("x@example.org")
    message = window.build_message()
    assert message.attachments[0].data == b"\x89PNG fake"
    assert message.attached_messages == [b"Subject: original\r\n\r\nbody\r\n"]  # forwarded unchanged


def test_send_asks_about_a_missing_subject_and_a_large_message(
    composer: ComposerWindow,
    sent: list[OutgoingMessage],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("qtmail.ui.composer.SIZE_WARNING_BYTES", 1000)
    big = tmp_path / "big.bin"
    big.write_bytes(b"x" * 2000)
    questions: list[str] = []

    def answer_yes(title: str, text: str) -> bool:
        questions.append(title)
        return True

    monkeypatch.setattr(composer, "confirm", answer_yes)
    composer.to_field.setText("bob@example.org")
    composer.add_files([big])
    assert composer.send() is True
    assert questions == ["No subject", "Large message"]
    assert sent[0].attachments[0].data == b"x" * 2000


def test_restore_dialog_reopens_only_the_checked_drafts(qtbot: QtBot) -> None:
    from PySide6.QtCore import Qt

    from qtmail.ui.composer import RestoreDraftsDialog
    from qtmail.ui.composer_drafts import DraftState

    drafts = [DraftState("a" * 32, subject="첫째", saved_at=2.0), DraftState("b" * 32, saved_at=1.0)]
    dialog = RestoreDraftsDialog(drafts)
    qtbot.addWidget(dialog)
    assert dialog.list.count() == 2
    assert dialog.list.item(0).text().startswith("첫째")
    assert dialog.list.item(1).text().startswith("(no subject)")
    dialog.list.item(1).setCheckState(Qt.CheckState.Unchecked)
    assert [d.draft_id for d in dialog.chosen()] == ["a" * 32]


def test_signature_is_added_to_a_reply_quoting_a_signature(qtbot: QtBot) -> None:
    window = open_composer(
        [make_account(signature="Alice")],
        prefill=Prefill(to="bob@example.org", body="\n\nOn Monday, Bob wrote:\n> hi\n> -- \n> Bob\n"),
        timers=ManualTimerFactory(),
        show=False,
    )
    window.ask_close = lambda: "discard"  # type: ignore[method-assign]
    qtbot.addWidget(window)
    body = window.body_edit.toPlainText()
    assert body.index("-- \nAlice") < body.index("> -- ")


def test_a_dropped_folder_is_not_attached_and_the_user_is_told(
    composer: ComposerWindow, files: list[Path], tmp_path: Path
) -> None:
    folder = tmp_path / "photos"
    folder.mkdir()
    drop_files(composer, [folder, files[0]])
    assert [a.name for a in composer.attachments()] == ["report.pdf"]
    assert "photos is not a file" in composer.statusBar().currentMessage()


def test_pasting_text_still_inserts_text(composer: ComposerWindow) -> None:
    composer.body_edit.setPlainText("")
    QGuiApplication.clipboard().setText("plain words")
    composer.body_edit.paste()
    assert composer.body_edit.toPlainText() == "plain words"
    assert composer.attachments() == []
    QGuiApplication.clipboard().clear()
