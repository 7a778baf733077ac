"""Save Draft from the window keeps the Bcc in the draft; the message sent never has it."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QLineEdit

from qtmail.core.drafts import reopen_draft
from qtmail.core.mime import Address
from qtmail.core.profile import Profile
from qtmail.ui import composer
from tests.gui.test_main_window_wiring import make_window, no_person_asked, two_identity_account

__all__ = ["make_window", "no_person_asked"]  # fixtures shared with the wiring tests


def test_the_draft_keeps_bcc_and_the_sent_message_does_not(
    make_window: Any, ui_profile: Profile, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window(ui_profile, [two_identity_account("work")])
    queued: list[bytes] = []
    monkeypatch.setattr(window.backend, "queue_message", lambda _s, _a, _o, raw: queued.append(raw))
    monkeypatch.setattr(window.backend, "flush_outbox", lambda *_args: None)
    opened = window.open_composer("new")
    assert isinstance(opened, composer.ComposerWindow)
    opened.findChild(QLineEdit, "toField").setText("friend@example.org")
    opened.findChild(QLineEdit, "bccField").setText("숨은 이 <hidden@example.org>")
    opened.findChild(QLineEdit, "subjectField").setText("숨은 참조")

    assert opened.save_draft()
    assert opened.send()

    qtbot.waitUntil(lambda: len(queued) == 1 and len(window.backend.drafts) == 1, timeout=5000)
    draft = window.backend.drafts[0][1]
    assert reopen_draft(draft).bcc == [Address("숨은 이", "hidden@example.org")]
    assert b"hidden@example.org" not in queued[0]
