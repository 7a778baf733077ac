"""Send with a worker queue reads the attachment files there, not on the GUI thread."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import shiboken6
from pytestqt.qtbot import QtBot

from qtmail.core.mime.types import OutgoingMessage
from qtmail.core.profile import Profile
from qtmail.ui import composer_attachments
from qtmail.ui.composer import ComposerWindow, open_composer
from qtmail.ui.workers import ManualTimerFactory, WorkerPool
from tests.gui.composer_helpers import make_account


@pytest.fixture
def queued_composer(worker_pool: WorkerPool) -> Iterator[tuple[ComposerWindow, list[OutgoingMessage]]]:
    sent: list[OutgoingMessage] = []
    window = open_composer(
        [make_account()],
        timers=ManualTimerFactory(),
        sender=sent.append,
        queue=worker_pool.local,
        show=False,
    )
    window.ask_close = lambda: "discard"  # type: ignore[method-assign]
    window.to_field.setText("bob@example.org")
    window.subject_field.setText("report")
    yield window, sent
    if shiboken6.isValid(window):  # a sent composer closed and deleted itself
        window.close()


def test_send_reads_attachment_files_on_the_worker(
    queued_composer: tuple[ComposerWindow, list[OutgoingMessage]],
    tmp_path: Path,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window, sent = queued_composer
    read_on_gui: list[bool] = []
    real_read = composer_attachments.ComposerAttachment.read

    def recording_read(self: composer_attachments.ComposerAttachment) -> bytes:
        read_on_gui.append(threading.current_thread() is threading.main_thread())
        return real_read(self)

    monkeypatch.setattr(composer_attachments.ComposerAttachment, "read", recording_read)
    report = tmp_path / "report.pdf"
    report.write_bytes(b"%PDF-1.4 " + bytes(range(256)) * 100)
    window.add_files([report])
    assert window.send() is True
    assert window.send() is False  # a second click while the files are read sends no second copy
    qtbot.waitUntil(lambda: len(sent) == 1, timeout=5000)
    assert read_on_gui == [False]
    assert sent[0].attachments[0].data == report.read_bytes()


def test_an_unreadable_file_keeps_the_composer_open(
    queued_composer: tuple[ComposerWindow, list[OutgoingMessage]],
    tmp_path: Path,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window, sent = queued_composer
    errors: list[str] = []
    monkeypatch.setattr(window, "show_error", lambda _title, text: errors.append(text))
    vanishing = tmp_path / "gone.txt"
    vanishing.write_bytes(b"soon gone")
    window.add_files([vanishing])
    vanishing.unlink()
    assert window.send() is True  # on its way: the files are read on the worker
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    assert "gone.txt" in errors[0] and sent == []
    assert window.send_button.isEnabled()  # the user can fix it and send again


def test_save_draft_reads_attachment_files_on_the_worker(
    worker_pool: WorkerPool, tmp_path: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    read_on_gui: list[bool] = []
    real_read = composer_attachments.ComposerAttachment.read

    def recording_read(self: composer_attachments.ComposerAttachment) -> bytes:
        read_on_gui.append(threading.current_thread() is threading.main_thread())
        return real_read(self)

    monkeypatch.setattr(composer_attachments.ComposerAttachment, "read", recording_read)
    saved: list[OutgoingMessage] = []
    window = open_composer(
        [make_account()],
        profile=Profile.in_directory(tmp_path / "profile"),
        timers=ManualTimerFactory(),
        draft_saver=saved.append,
        queue=worker_pool.local,
        show=False,
    )
    window.ask_close = lambda: "discard"  # type: ignore[method-assign]
    notes = tmp_path / "notes.txt"
    notes.write_bytes(b"draft notes\n")
    window.subject_field.setText("half written")
    window.add_files([notes])
    assert window.save_draft()
    window.add_files([tmp_path])  # a folder is refused; the list as it was when saving is what counts
    qtbot.waitUntil(lambda: len(saved) == 1, timeout=5000)
    assert read_on_gui == [False]
    assert [(a.filename, a.data) for a in saved[0].attachments] == [("notes.txt", b"draft notes\n")]
    window.close()
