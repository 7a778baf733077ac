"""Autosave with injected timers and clock; drafts survive a composer that dies without closing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import shiboken6
from pytestqt.qtbot import QtBot

from qtmail.core.profile import Profile
from qtmail.ui.composer import open_composer, restore_drafts, unsent_drafts
from qtmail.ui.composer_drafts import DraftState, JsonDraftStore, draft_store_for
from qtmail.ui.workers import ManualTimerFactory
from tests.gui.composer_helpers import make_account

REPO = Path(__file__).resolve().parents[2]


def test_autosave_runs_on_the_timer_only_when_something_changed(qtbot: QtBot, tmp_path: Path) -> None:
    profile = Profile.in_directory(tmp_path / "p")
    timers = ManualTimerFactory()
    ticks = iter(range(1000, 2000))
    window = open_composer(
        [make_account()], profile=profile, timers=timers, clock=lambda: next(ticks), show=False
    )
    window.ask_close = lambda: "discard"  # type: ignore[method-assign]
    qtbot.addWidget(window)
    store = draft_store_for(profile)
    (timer,) = timers.timers
    assert timer.interval_ms == 5000 and timer.is_active()
    timers.fire_all()
    assert not store.exists(window.draft_id)  # nothing typed yet: no empty drafts
    window.subject_field.setText("회의록")
    timers.fire_all()
    saved = store.load(window.draft_id)
    assert saved.subject == "회의록"
    first = saved.saved_at
    timers.fire_all()  # unchanged since: not written again
    assert store.load(window.draft_id).saved_at == first
    window.body_edit.setPlainText("안건 1")
    timers.fire_all()
    again = store.load(window.draft_id)
    assert again.body.startswith("안건 1") and again.saved_at > first


def test_json_draft_store_round_trip_and_damaged_files(tmp_path: Path) -> None:
    store = JsonDraftStore(tmp_path / "drafts")
    state = DraftState(draft_id="a" * 32, subject="제목", to="bob@example.org", saved_at=5.0)
    store.save(state)
    assert store.load(state.draft_id) == state
    (tmp_path / "drafts" / ("b" * 32 + ".json")).write_text("{not json")
    assert store.list() == [state]  # the damaged file is skipped, not deleted
    assert (tmp_path / "drafts" / ("b" * 32 + ".json")).exists()
    kept = store.keep_bytes(state.draft_id, "../../evil name?.txt", b"bytes")
    assert kept.parent == store.files_dir(state.draft_id) and kept.read_bytes() == b"bytes"
    store.delete(state.draft_id)
    assert not store.exists(state.draft_id) and not store.files_dir(state.draft_id).exists()


def test_draft_of_a_composer_deleted_without_closing_is_restored(
    qtbot: QtBot, tmp_path: Path, monkeypatch: object
) -> None:
    profile = Profile.in_directory(tmp_path / "p")
    attachment = tmp_path / "plan.txt"
    attachment.write_text("the plan")
    timers = ManualTimerFactory()
    account = make_account()
    window = open_composer([account], profile=profile, timers=timers, show=False)
    window.set_from(account.id, "alice.lists@example.org")
    window.to_field.setText("bob@example.org")
    window.bcc_field.setText("boss@example.org")
    window.subject_field.setText("Plan")
    window.body_edit.setPlainText("Here is the plan.")
    window.add_files([attachment])
    draft_id = window.draft_id
    timers.fire_all()
    shiboken6.delete(window)  # no closeEvent, no cleanup: as if the process had died
    qtbot.wait(1)

    offered: list[list[DraftState]] = []

    def choose(drafts: list[DraftState]) -> list[DraftState]:
        offered.append(drafts)
        return drafts

    restored = restore_drafts([account], profile, choose=choose, timers=ManualTimerFactory(), show=False)
    assert [d.draft_id for d in offered[0]] == [draft_id]
    (again,) = restored
    again.ask_close = lambda: "discard"  # type: ignore[method-assign]
    qtbot.addWidget(again)
    assert again.draft_id == draft_id
    assert again.to_field.text() == "bob@example.org"
    assert again.bcc_field.text() == "boss@example.org"
    assert again.body_edit.toPlainText() == "Here is the plan."
    assert again.current_choice() is not None
    assert again.current_choice().identity.address == "alice.lists@example.org"  # type: ignore[union-attr]
    assert [a.name for a in again.attachments()] == ["plan.txt"]
    assert unsent_drafts(profile) == []  # open in this process: not offered twice


def test_sending_or_discarding_removes_the_local_draft(qtbot: QtBot, tmp_path: Path) -> None:
    profile = Profile.in_directory(tmp_path / "p")
    timers = ManualTimerFactory()
    sent: list[object] = []
    window = open_composer([make_account()], profile=profile, timers=timers, sender=sent.append, show=False)
    qtbot.addWidget(window)
    window.to_field.setText("bob@example.org")
    window.subject_field.setText("hello")
    timers.fire_all()
    assert len(unsent_drafts(profile)) == 0  # still open here
    assert draft_store_for(profile).exists(window.draft_id)
    assert window.send()
    assert len(sent) == 1
    assert not draft_store_for(profile).exists(window.draft_id)

    other = open_composer([make_account()], profile=profile, timers=timers, show=False)
    qtbot.addWidget(other)
    other.subject_field.setText("never mind")
    timers.fire_all()
    other.ask_close = lambda: "discard"  # type: ignore[method-assign]
    assert other.close()
    assert draft_store_for(profile).list() == []


def test_closing_with_save_keeps_the_draft_for_later(qtbot: QtBot, tmp_path: Path) -> None:
    profile = Profile.in_directory(tmp_path / "p")
    saved_to_folder: list[object] = []
    window = open_composer(
        [make_account()],
        profile=profile,
        timers=ManualTimerFactory(),
        draft_saver=saved_to_folder.append,
        show=False,
    )
    qtbot.addWidget(window)
    window.subject_field.setText("later")
    window.ask_close = lambda: "save"  # type: ignore[method-assign]
    assert window.close()
    (draft,) = unsent_drafts(profile)
    assert draft.subject == "later" and draft.explicit
    assert len(saved_to_folder) == 1


CHILD = r"""
import sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
app = QApplication([])
from qtmail.core.profile import Profile
from qtmail.ui.composer import open_composer
from tests.gui.composer_helpers import make_account
window = open_composer([make_account()], profile=Profile.in_directory(Path(sys.argv[1])), show=False)
window._autosave_timer.stop()
from qtmail.ui.workers import QtTimerFactory
window._autosave_timer = QtTimerFactory().create(20, window._on_autosave_tick)
window._autosave_timer.start()
window.to_field.setText("bob@example.org")
window.subject_field.setText("살아남은 초안")
window.body_edit.setPlainText("typed before the crash")
print("typed", flush=True)
app.exec()
"""


def test_a_killed_composer_process_leaves_a_draft_that_is_restored(qtbot: QtBot, tmp_path: Path) -> None:
    root = tmp_path / "p"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(REPO))
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(root)], cwd=REPO, env=env, stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "typed"
        drafts = draft_store_for(Profile.in_directory(root))
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not drafts.list():
            time.sleep(0.02)
        assert drafts.list(), "the child never autosaved"
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(10)
        if child.stdout is not None:
            child.stdout.close()
    assert child.returncode == -signal.SIGKILL
    profile = Profile.in_directory(root)
    restored = restore_drafts(
        [make_account()], profile, choose=lambda d: d, timers=ManualTimerFactory(), show=False
    )
    (window,) = restored
    window.ask_close = lambda: "discard"  # type: ignore[method-assign]
    qtbot.addWidget(window)
    assert window.subject_field.text() == "살아남은 초안"
    assert window.to_field.text() == "bob@example.org"
    assert window.body_edit.toPlainText() == "typed before the crash"
