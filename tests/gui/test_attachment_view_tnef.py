"""The attachment view of an Outlook message with winmail.dat lists, drags out and saves the files
inside it, not the winmail.dat."""

from __future__ import annotations

from pathlib import Path

from qtmail.core.mime import parse
from qtmail.ui.attachment_view import AttachmentView, PrivateTempFiles
from tests.gui.test_attachment_view import ScriptedDialogs

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "mail" / "tnef" / "outlook_two_files.eml"
KOREAN_NAME = "회의록_2026년_똠방각하.docx"


def test_lists_drags_and_saves_the_files_inside_winmail_dat(
    qtbot, qtmodeltester, tmp_path: Path, worker_pool
) -> None:
    parsed = parse(SAMPLE.read_bytes())
    view = AttachmentView(PrivateTempFiles(tmp_path / "tmp"), queue=worker_pool.local)
    qtbot.addWidget(view)
    view.set_message(parsed)
    model = view.attachment_model
    qtmodeltester.check(model)
    names = [model.index(row, 0).data() for row in range(model.rowCount())]
    assert names == [KOREAN_NAME, "Quarterly report.pdf"]
    assert model.index(1, 1).data()  # a formatted size

    mime = view.build_drag_mime_data([model.index(0, 0), model.index(1, 0)])
    assert mime is not None
    copies = [Path(url.toLocalFile()) for url in mime.urls()]
    assert [copy.name for copy in copies] == [KOREAN_NAME, "Quarterly report.pdf"]
    assert copies[0].read_bytes() == parsed.part_bytes("2.tnef.1")
    assert copies[1].read_bytes().endswith(b"%%EOF\n\0\0")

    target = tmp_path / "saved"
    target.mkdir()
    view.dialogs = ScriptedDialogs(target)  # type: ignore[assignment]
    with qtbot.waitSignal(view.saved, timeout=5_000):
        assert view.save_attachment(0) is not None
    assert (target / KOREAN_NAME).read_bytes() == parsed.part_bytes("2.tnef.1")
