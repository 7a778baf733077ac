"""One way to write sizes: the composer's attachment list, the attachment view and the MIME view agree."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale

from qtmail.core.mime import parse
from qtmail.ui.attachment_view import AttachmentListModel, AttachmentView, PrivateTempFiles
from qtmail.ui.composer_attachments import human_size
from tests.gui.conftest import build_message


@pytest.fixture
def english_locale() -> Iterator[None]:
    previous = QLocale()
    QLocale.setDefault(QLocale("en_US"))
    yield
    QLocale.setDefault(previous)


def test_human_size_uses_the_locale_and_binary_units(english_locale: None) -> None:
    assert human_size(373) == "373 bytes"
    assert human_size(2662) == "2.6 KiB"
    assert human_size(2_310_000) == "2.2 MiB"
    QLocale.setDefault(QLocale("ko_KR"))
    assert human_size(373) == "373 바이트"


def test_the_attachment_view_writes_sizes_as_the_composer_does(
    qtbot, tmp_path: Path, worker_pool, english_locale: None
) -> None:
    raw = build_message(attachments=[("보고서.pdf", b"%" * 2662, "application/pdf")])
    view = AttachmentView(PrivateTempFiles(tmp_path / "tmp"), queue=worker_pool.local)
    qtbot.addWidget(view)
    view.set_message(parse(raw))
    model = view.attachment_model
    assert model.index(0, AttachmentListModel.SIZE).data() == human_size(2662) == "2.6 KiB"
