"""``qtmail open``: a .eml file in its own window with its attachments; mailto: in a prefilled composer."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtWidgets import QTreeView, QWidget

from qtmail.cli.main import main
from qtmail.cli.open import (
    build_message_window,
    classify_target,
    open_mailto_in,
    read_eml,
)
from qtmail.core.accounts import AccountStore
from qtmail.core.errors import ErrorKind, MailError
from qtmail.core.mime import parse
from qtmail.core.profile import Profile
from qtmail.demo.account import demo_account
from qtmail.demo.samples import build_samples, make_png
from qtmail.ui.main_window import MainWindow
from qtmail.ui.workers import ManualTimerFactory

SAMPLES = {s.key: s.raw for s in build_samples(datetime(2026, 11, 27, 12, 0, tzinfo=UTC))}


# ---------------------------------------------------------------- what the argument is


@pytest.mark.parametrize(
    ("target", "kind"),
    [
        ("", "main"),
        ("   ", "main"),
        (None, "main"),
        ("mailto:kim@example.kr", "mailto"),
        ("MAILTO:kim@example.kr?subject=x", "mailto"),
        ("/tmp/message.eml", "eml"),
        ("message.eml", "eml"),
        ("file:///tmp/%ED%9A%8C%EC%9D%98.eml", "eml"),
    ],
)
def test_targets_are_told_apart(target: str | None, kind: str) -> None:
    assert classify_target(target).kind == kind


def test_file_urls_are_decoded_to_paths() -> None:
    assert classify_target("file:///tmp/%ED%9A%8C%EC%9D%98%20notes.eml").path == Path("/tmp/회의 notes.eml")
    assert classify_target("file://localhost/tmp/a.eml").path == Path("/tmp/a.eml")


@pytest.mark.parametrize("target", ["https://example.org/a.eml", "file://otherhost/tmp/a.eml"])
def test_other_urls_are_refused_clearly(target: str) -> None:
    with pytest.raises(MailError) as caught:
        classify_target(target)
    assert caught.value.kind is ErrorKind.INPUT


def test_unreadable_files_are_clear_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(MailError, match="cannot read"):
        read_eml(tmp_path / "missing.eml")
    with pytest.raises(MailError, match="directory"):
        read_eml(tmp_path)
    assert main(["--profile", str(tmp_path / "p"), "open", str(tmp_path / "missing.eml")]) == 1
    assert "cannot read" in capsys.readouterr().err


def test_broken_mailto_fails_before_any_window(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--profile", str(tmp_path / "p"), "open", "mailto:kim@example.kr?subject=%FF"]) == 1
    assert "UTF-8" in capsys.readouterr().err


# ---------------------------------------------------------------- the message window


@pytest.fixture
def message_window(qtbot, worker_pool) -> Iterator[object]:
    windows: list[QWidget] = []

    def make(raw: bytes) -> QWidget:
        window = build_message_window(parse(raw), raw, worker_pool)
        qtbot.addWidget(window)
        window.show()
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.centralWidget().attachments.temp_files.cleanup()


def test_eml_window_shows_the_message_and_its_attachments(message_window, tmp_path: Path) -> None:
    path = tmp_path / "회의.eml"
    path.write_bytes(SAMPLES["meeting-ko"])
    raw = read_eml(classify_target(path.as_uri()).path)
    window = message_window(raw)
    assert window.windowTitle() == "회의 자료 공유드립니다"
    view = window.findChild(QWidget, "messageView")
    assert view is window.centralWidget()
    text = view.plain_text()
    assert "회의 자료 공유드립니다" in text
    assert "김민준" in text
    assert "회의록을 첨부합니다" in text
    attachments = window.findChild(QTreeView, "attachmentList")
    assert attachments.isVisible()
    model = attachments.model()
    names = [model.index(row, 0).data() for row in range(model.rowCount())]
    assert sorted(names) == ["일정표.png", "회의록.txt"]
    png_row = names.index("일정표.png")
    assert model.attachment_bytes(png_row) == make_png()
    # Open/Save/drag copies are written on the window's local worker, never the GUI thread.
    assert attachments.worker_queue is view.network


def test_eml_window_blocks_remote_images(message_window) -> None:
    window = message_window(SAMPLES["newsletter"])
    view = window.centralWidget()
    assert view.remote_bar.isVisible()
    assert "https://images.newsletter.example/banner.png" in view.remote_resources()
    assert view.browser.remote_cache == {}


def test_malformed_file_still_opens(message_window) -> None:
    window = message_window(
        b"Subject: =?utf-8?B?broken\r\nContent-Type: multipart/mixed\r\n\r\nno boundary here"
    )
    assert window.isVisible()
    assert "no boundary here" in window.centralWidget().plain_text()


# ---------------------------------------------------------------- mailto


@pytest.fixture
def main_window(qtbot, tmp_path: Path) -> Iterator[MainWindow]:
    profile = Profile.in_directory(tmp_path / "profile").ensure()
    AccountStore(profile).add(demo_account(2525))
    window = MainWindow(profile, timers=ManualTimerFactory(), use_tray=False)
    qtbot.addWidget(window)
    window.show()
    yield window
    window.shutdown()


def test_mailto_opens_a_prefilled_composer(main_window: MainWindow) -> None:
    url = (
        "mailto:%EA%B9%80%EB%AF%BC%EC%A4%80%20%3Cminjun.kim@example.kr%3E"
        "?cc=seoyeon.lee@example.kr&subject=%ED%9A%8C%EC%9D%98%20%EC%9E%90%EB%A3%8C&body=Hello%0Athere"
    )
    composer = open_mailto_in(main_window, url)
    assert composer is not None
    try:
        assert composer.isVisible()
        assert "minjun.kim@example.kr" in composer.findChild(QWidget, "toField").text()
        assert "김민준" in composer.to_field.text()
        assert composer.findChild(QWidget, "ccField").text() == "seoyeon.lee@example.kr"
        assert composer.findChild(QWidget, "subjectField").text() == "회의 자료"
        assert composer.findChild(QWidget, "bodyEdit").toPlainText().startswith("Hello\nthere")
        assert composer.current_choice().identity.address == "you@demo.example"
    finally:
        composer.discard()
