"""Attachment view: listing, drag-out mime data, save / save all with safe names and overwrite questions."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

from PySide6.QtCore import QThread, QTimer

from qtmail.core.mime import parse
from qtmail.ui import attachment_view
from qtmail.ui.attachment_view import AttachmentView, PrivateTempFiles
from tests.gui.conftest import build_message

PNG_BYTES = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
PDF_BYTES = b"%PDF-1.4\n" + b"\x00\x01binary\xff" * 100


class ScriptedDialogs:
    """Answers the view's questions without any modal dialog."""

    def __init__(self, directory: Path, overwrite: bool = False) -> None:
        self.directory = directory
        self.overwrite = overwrite
        self.overwrite_questions: list[str] = []
        self.warnings: list[str] = []

    def ask_save_path(self, parent: object, suggested: Path) -> Path | None:
        return self.directory / suggested.name

    def ask_directory(self, parent: object, start: Path) -> Path | None:
        return self.directory

    def confirm_overwrite(self, parent: object, path: Path) -> bool:
        self.overwrite_questions.append(path.name)
        return self.overwrite

    def warn(self, parent: object, title: str, text: str) -> None:
        self.warnings.append(text)


def make_view(qtbot, tmp_path: Path, worker_pool) -> tuple[AttachmentView, object]:
    raw = build_message(
        subject="files",
        attachments=[
            ("사진.png", PNG_BYTES, "image/png"),
            ("../../etc/report.pdf", PDF_BYTES, "application/pdf"),
            ("사진.png", b"second copy", "image/png"),
        ],
    )
    parsed = parse(raw)
    view = AttachmentView(PrivateTempFiles(tmp_path / "tmp"), queue=worker_pool.local)
    qtbot.addWidget(view)
    view.set_message(parsed)
    return view, parsed


def test_lists_name_size_and_icon(qtbot, qtmodeltester, tmp_path: Path, worker_pool) -> None:
    view, _parsed = make_view(qtbot, tmp_path, worker_pool)
    model = view.attachment_model
    qtmodeltester.check(model)
    assert view.objectName() == "attachmentList"
    assert model.rowCount() == 3
    assert model.index(0, 0).data() == "사진.png"
    assert model.index(0, 1).data()  # a formatted size
    assert model.index(0, 0).data(1) is not None  # DecorationRole: an icon


def test_drag_out_carries_file_urls_of_private_copies(qtbot, tmp_path: Path, worker_pool) -> None:
    view, _parsed = make_view(qtbot, tmp_path, worker_pool)
    model = view.attachment_model
    mime = view.build_drag_mime_data([model.index(0, 0), model.index(0, 1), model.index(1, 0)])
    assert mime is not None
    urls = mime.urls()
    assert len(urls) == 2
    first, second = (Path(url.toLocalFile()) for url in urls)
    assert first.read_bytes() == PNG_BYTES
    assert second.read_bytes() == PDF_BYTES
    assert first.name == "사진.png"
    assert second.name == "report.pdf"  # traversal removed: safe name only
    assert (tmp_path / "tmp") in first.parents and (tmp_path / "tmp") in second.parents
    for path in (first, second):
        assert not os.stat(path).st_mode & (stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    directory = view.temp_files.directory
    assert stat.S_IMODE(os.stat(directory).st_mode) == 0o700
    view.temp_files.cleanup()
    assert not directory.exists()


def test_save_all_uses_safe_unique_names_and_asks_before_overwriting(
    qtbot, tmp_path: Path, worker_pool
) -> None:
    view, _parsed = make_view(qtbot, tmp_path, worker_pool)
    target = tmp_path / "saved"
    target.mkdir()
    (target / "report.pdf").write_bytes(b"keep me")
    dialogs = ScriptedDialogs(target, overwrite=False)
    view.dialogs = dialogs  # type: ignore[assignment]
    with qtbot.waitSignal(view.saved, timeout=5_000) as saved:
        assert view.save_all() is not None
    assert dialogs.overwrite_questions == ["report.pdf"]  # asked before the work started
    written = [Path(p) for p in saved.args[0]]
    assert sorted(p.name for p in written) == ["사진 (2).png", "사진.png"]
    assert dialogs.overwrite_questions == ["report.pdf"]
    assert (target / "report.pdf").read_bytes() == b"keep me"
    assert (target / "사진.png").read_bytes() == PNG_BYTES
    assert (target / "사진 (2).png").read_bytes() == b"second copy"
    assert sorted(os.listdir(target)) == ["report.pdf", "사진 (2).png", "사진.png"]  # no stray temp files

    dialogs.overwrite = True
    with qtbot.waitSignal(view.saved, timeout=5_000) as saved_one:
        assert view.save_attachment(1) is not None
    assert saved_one.args[0] == [str(target / "report.pdf")]
    assert (target / "report.pdf").read_bytes() == PDF_BYTES
    assert dialogs.warnings == []


def test_programs_are_never_opened(qtbot, tmp_path: Path, monkeypatch, worker_pool) -> None:
    raw = build_message(
        attachments=[
            ("setup.exe", b"MZ...", "application/octet-stream"),
            ("run.desktop", b"[Desktop Entry]\nExec=rm -rf ~", "application/x-desktop"),
        ]
    )
    view = AttachmentView(PrivateTempFiles(tmp_path / "tmp"), queue=worker_pool.local)
    qtbot.addWidget(view)
    view.set_message(parse(raw))
    dialogs = ScriptedDialogs(tmp_path)
    view.dialogs = dialogs  # type: ignore[assignment]
    opened: list[str] = []
    monkeypatch.setattr(
        "qtmail.ui.attachment_view.QDesktopServices.openUrl", lambda url: opened.append(url) or True
    )
    assert view.open_attachment(0) is None
    assert view.open_attachment(1) is None
    assert not view.busy  # nothing was even handed to the worker
    assert opened == [] and len(dialogs.warnings) == 2


def test_open_hands_a_read_only_copy_to_the_desktop(qtbot, tmp_path: Path, monkeypatch, worker_pool) -> None:
    view, _parsed = make_view(qtbot, tmp_path, worker_pool)
    opened: list[str] = []
    monkeypatch.setattr(
        "qtmail.ui.attachment_view.QDesktopServices.openUrl",
        lambda url: opened.append(url.toLocalFile()) or True,
    )
    with qtbot.waitSignal(view.opened, timeout=5_000) as blocker:
        assert view.open_attachment(1) is not None
    path = Path(blocker.args[0])
    assert opened == [str(path)]
    assert path.read_bytes() == PDF_BYTES
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o400


def current_thread() -> tuple[threading.Thread, str]:
    """The Python thread and the name of the QThread running now."""
    return threading.current_thread(), QThread.currentThread().objectName()


class ThreadRecordingTempFiles(PrivateTempFiles):
    """Records which thread decodes and writes each temporary copy."""

    def __init__(self, root: Path) -> None:
        super().__init__(root)
        self.threads: list[tuple[threading.Thread, str]] = []

    def write(self, name: str, data: bytes, *, read_only: bool) -> Path:
        self.threads.append(current_thread())
        return super().write(name, data, read_only=read_only)


def test_open_save_and_drag_copies_are_written_off_the_gui_thread(
    qtbot, tmp_path: Path, monkeypatch, worker_pool
) -> None:
    gui_thread = threading.current_thread()
    save_threads: list[tuple[threading.Thread, str]] = []
    real_write = attachment_view.write_file_atomically

    def recording_write(path: Path, data: bytes, mode: int = 0o600) -> None:
        save_threads.append(current_thread())
        real_write(path, data, mode)

    monkeypatch.setattr(attachment_view, "write_file_atomically", recording_write)
    monkeypatch.setattr(attachment_view.QDesktopServices, "openUrl", lambda url: True)
    temp_files = ThreadRecordingTempFiles(tmp_path / "tmp")
    view = AttachmentView(temp_files, queue=worker_pool.local)
    qtbot.addWidget(view)
    view.dialogs = ScriptedDialogs(tmp_path / "out")  # type: ignore[assignment]
    raw = build_message(
        attachments=[("a.png", PNG_BYTES, "image/png"), ("b.pdf", PDF_BYTES, "application/pdf")]
    )
    with qtbot.waitSignal(view.drag_copies_ready, timeout=5_000):
        view.set_message(parse(raw))  # small attachments: drag copies prepared at once
    model = view.attachment_model
    mime = view.build_drag_mime_data([model.index(0, 0), model.index(1, 0)])
    assert mime is not None
    assert [Path(url.toLocalFile()).read_bytes() for url in mime.urls()] == [PNG_BYTES, PDF_BYTES]
    assert model.synchronous_drag_writes == 0
    with qtbot.waitSignal(view.opened, timeout=5_000):
        view.open_attachment(0)
    with qtbot.waitSignal(view.saved, timeout=5_000):
        view.save_all()
    assert (tmp_path / "out" / "b.pdf").read_bytes() == PDF_BYTES
    assert len(temp_files.threads) == 3 and len(save_threads) == 2
    for thread, qt_name in [*temp_files.threads, *save_threads]:
        assert thread is not gui_thread
        assert qt_name == "qtmail-local"  # the app's local worker queue


def test_gui_thread_stays_free_while_a_slow_save_runs(
    qtbot, tmp_path: Path, monkeypatch, worker_pool
) -> None:
    release = threading.Event()
    started = threading.Event()
    real_write = attachment_view.write_file_atomically

    def slow_write(path: Path, data: bytes, mode: int = 0o600) -> None:
        started.set()
        assert release.wait(10), "the test never released the write"
        real_write(path, data, mode)

    monkeypatch.setattr(attachment_view, "write_file_atomically", slow_write)
    view, _parsed = make_view(qtbot, tmp_path, worker_pool)
    view.dialogs = ScriptedDialogs(tmp_path)  # type: ignore[assignment]
    saved: list[list[str]] = []
    view.saved.connect(saved.append)
    assert view.save_attachment(1) is not None  # returns while the write is still blocked
    assert started.wait(5)
    assert view.busy and saved == []
    ticks: list[int] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(5)
    qtbot.waitUntil(lambda: len(ticks) >= 3, timeout=5_000)  # the event loop runs meanwhile
    timer.stop()
    assert saved == []
    release.set()
    qtbot.waitUntil(lambda: saved == [[str(tmp_path / "report.pdf")]], timeout=5_000)
    assert not view.busy
    assert (tmp_path / "report.pdf").read_bytes() == PDF_BYTES


def test_save_errors_are_shown_and_other_files_still_saved(qtbot, tmp_path: Path, worker_pool) -> None:
    view, _parsed = make_view(qtbot, tmp_path, worker_pool)
    target = tmp_path / "saved"
    target.mkdir()
    (target / "report.pdf").mkdir()  # cannot be replaced by a file
    dialogs = ScriptedDialogs(target, overwrite=True)
    view.dialogs = dialogs  # type: ignore[assignment]
    with qtbot.waitSignal(view.saved, timeout=5_000) as saved:
        view.save_all()
    assert sorted(Path(p).name for p in saved.args[0]) == ["사진 (2).png", "사진.png"]
    assert len(dialogs.warnings) == 1 and "report.pdf" in dialogs.warnings[0]


def test_a_big_attachment_is_prepared_for_drag_when_selected(
    qtbot, tmp_path: Path, monkeypatch, worker_pool
) -> None:
    monkeypatch.setattr(attachment_view, "PREFETCH_ALL_LIMIT", 0)
    view, _parsed = make_view(qtbot, tmp_path, worker_pool)
    model = view.attachment_model
    assert not view.preparing_drag_copies and model.drag_copies == {}  # too big to copy unasked
    with qtbot.waitSignal(view.drag_copies_ready, timeout=5_000):
        view.selectionModel().select(
            model.index(1, 0),
            view.selectionModel().SelectionFlag.Select | view.selectionModel().SelectionFlag.Rows,
        )
    assert set(model.drag_copies) == {1}
    mime = view.build_drag_mime_data([model.index(1, 0)])
    assert mime is not None and Path(mime.urls()[0].toLocalFile()).read_bytes() == PDF_BYTES
    assert model.synchronous_drag_writes == 0
    Path(mime.urls()[0].toLocalFile()).unlink()  # the drop target moved it away
    mime = view.build_drag_mime_data([model.index(1, 0)])
    assert mime is not None and Path(mime.urls()[0].toLocalFile()).read_bytes() == PDF_BYTES
    assert model.synchronous_drag_writes == 1  # not ready: written synchronously as a fallback


def test_without_a_queue_the_view_uses_its_own_and_joins_it(qtbot, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(attachment_view.QDesktopServices, "openUrl", lambda url: True)
    view = AttachmentView(PrivateTempFiles(tmp_path / "tmp"))
    qtbot.addWidget(view)
    view.set_message(parse(build_message(attachments=[("a.pdf", PDF_BYTES, "application/pdf")])))
    with qtbot.waitSignal(view.opened, timeout=5_000) as blocker:
        view.open_attachment(0)
    assert Path(blocker.args[0]).read_bytes() == PDF_BYTES
    assert view.worker_queue.name == "attachments"
    view.shutdown()
