"""Attachment view: listing, drag-out mime data, save / save all with safe names and overwrite questions."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from qtmail.core.mime import parse
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


def make_view(qtbot, tmp_path: Path) -> tuple[AttachmentView, object]:
    raw = build_message(
        subject="files",
        attachments=[
            ("사진.png", PNG_BYTES, "image/png"),
            ("../../etc/report.pdf", PDF_BYTES, "application/pdf"),
            ("사진.png", b"second copy", "image/png"),
        ],
    )
    parsed = parse(raw)
    view = AttachmentView(PrivateTempFiles(tmp_path / "tmp"))
    qtbot.addWidget(view)
    view.set_message(parsed)
    return view, parsed


def test_lists_name_size_and_icon(qtbot, qtmodeltester, tmp_path: Path) -> None:
    view, _parsed = make_view(qtbot, tmp_path)
    model = view.attachment_model
    qtmodeltester.check(model)
    assert view.objectName() == "attachmentList"
    assert model.rowCount() == 3
    assert model.index(0, 0).data() == "사진.png"
    assert model.index(0, 1).data()  # a formatted size
    assert model.index(0, 0).data(1) is not None  # DecorationRole: an icon


def test_drag_out_carries_file_urls_of_private_copies(qtbot, tmp_path: Path) -> None:
    view, _parsed = make_view(qtbot, tmp_path)
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


def test_save_all_uses_safe_unique_names_and_asks_before_overwriting(qtbot, tmp_path: Path) -> None:
    view, _parsed = make_view(qtbot, tmp_path)
    target = tmp_path / "saved"
    target.mkdir()
    (target / "report.pdf").write_bytes(b"keep me")
    dialogs = ScriptedDialogs(target, overwrite=False)
    view.dialogs = dialogs  # type: ignore[assignment]
    written = view.save_all()
    assert sorted(p.name for p in written) == ["사진 (2).png", "사진.png"]
    assert dialogs.overwrite_questions == ["report.pdf"]
    assert (target / "report.pdf").read_bytes() == b"keep me"
    assert (target / "사진.png").read_bytes() == PNG_BYTES
    assert (target / "사진 (2).png").read_bytes() == b"second copy"
    assert sorted(os.listdir(target)) == ["report.pdf", "사진 (2).png", "사진.png"]  # no stray temp files

    dialogs.overwrite = True
    saved = view.save_attachment(1)
    assert saved == target / "report.pdf"
    assert saved.read_bytes() == PDF_BYTES


def test_programs_are_never_opened(qtbot, tmp_path: Path, monkeypatch) -> None:
    raw = build_message(
        attachments=[
            ("setup.exe", b"MZ...", "application/octet-stream"),
            ("run.desktop", b"[Desktop Entry]\nExec=rm -rf ~", "application/x-desktop"),
        ]
    )
    view = AttachmentView(PrivateTempFiles(tmp_path / "tmp"))
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
    assert opened == [] and len(dialogs.warnings) == 2


def test_open_hands_a_read_only_copy_to_the_desktop(qtbot, tmp_path: Path, monkeypatch) -> None:
    view, _parsed = make_view(qtbot, tmp_path)
    opened: list[str] = []
    monkeypatch.setattr(
        "qtmail.ui.attachment_view.QDesktopServices.openUrl",
        lambda url: opened.append(url.toLocalFile()) or True,
    )
    path = view.open_attachment(1)
    assert path is not None and opened == [str(path)]
    assert path.read_bytes() == PDF_BYTES
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o400
