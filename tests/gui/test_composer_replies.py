"""Reply, reply all and forward open the composer prefilled by the MIME engine's helpers."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from qtmail.core.mime import compose, parse
from qtmail.core.mime.types import Address, Attachment, OutgoingMessage
from qtmail.core.profile import Profile
from qtmail.ui.composer import ComposerWindow, compose_forward, compose_reply
from qtmail.ui.workers import ManualTimerFactory
from tests.gui.composer_helpers import make_account

ORIGINAL = OutgoingMessage(
    from_=Address("Bob Lee", "bob@example.org"),
    to=[Address("Alice (lists)", "alice.lists@example.org")],
    cc=[Address("Carol", "carol@example.org")],
    subject="예산 계획",
    text="Hello Alice,\nthe numbers are in the sheet.\n",
    attachments=[Attachment("budget.xlsx", b"PK\x03\x04 fake sheet", "application/vnd.ms-excel")],
    message_id="<orig-1@example.org>",
    references=["<root@example.org>"],
)


def _adopt(qtbot: QtBot, window: ComposerWindow) -> ComposerWindow:
    window.ask_close = lambda: "discard"  # type: ignore[method-assign]
    qtbot.addWidget(window)
    return window


def test_reply_is_prefilled_with_quote_subject_and_threading(qtbot: QtBot, tmp_path: Path) -> None:
    original = parse(compose(ORIGINAL))
    account = make_account(signature="Alice")
    window = _adopt(
        qtbot,
        compose_reply(
            [account],
            original,
            profile=Profile.in_directory(tmp_path),
            timers=ManualTimerFactory(),
            show=False,
        ),
    )
    assert window.subject_field.text() == "Re: 예산 계획"
    assert window.to_field.text() == "Bob Lee <bob@example.org>"
    assert window.cc_field.text() == ""
    # Written to the lists identity, so the reply comes from it.
    assert window.current_choice().identity.address == "alice.lists@example.org"  # type: ignore[union-attr]
    body = window.body_edit.toPlainText()
    assert "> Hello Alice," in body and "> the numbers are in the sheet." in body
    message = window.build_message()
    assert message.in_reply_to == "<orig-1@example.org>"
    assert message.references == ["<root@example.org>", "<orig-1@example.org>"]
    wire = compose(message)
    assert b"In-Reply-To: <orig-1@example.org>" in wire
    assert window.attachments() == []  # replies do not carry the original's files


def test_reply_all_copies_the_other_recipients(qtbot: QtBot) -> None:
    original = parse(compose(ORIGINAL))
    window = _adopt(
        qtbot,
        compose_reply([make_account()], original, reply_all=True, timers=ManualTimerFactory(), show=False),
    )
    assert window.to_field.text() == "Bob Lee <bob@example.org>"
    assert window.cc_field.text() == "Carol <carol@example.org>"


def test_forward_inline_carries_the_attachment(qtbot: QtBot, tmp_path: Path) -> None:
    original = parse(compose(ORIGINAL))
    window = _adopt(
        qtbot,
        compose_forward(
            [make_account()],
            original,
            profile=Profile.in_directory(tmp_path),
            timers=ManualTimerFactory(),
            show=False,
        ),
    )
    assert window.subject_field.text() == "Fwd: 예산 계획"
    assert "the numbers are in the sheet." in window.body_edit.toPlainText()
    assert [a.name for a in window.attachments()] == ["budget.xlsx"]
    window.to_field.setText("dave@example.org")
    sent = parse(compose(window.build_message()))
    (info,) = sent.attachments
    assert info.filename == "budget.xlsx"
    assert sent.part_bytes(info.path) == b"PK\x03\x04 fake sheet"


def test_forward_as_attachment_sends_the_original_unchanged(qtbot: QtBot, tmp_path: Path) -> None:
    raw = compose(ORIGINAL)
    window = _adopt(
        qtbot,
        compose_forward(
            [make_account()],
            parse(raw),
            raw=raw,
            as_attachment=True,
            profile=Profile.in_directory(tmp_path),
            timers=ManualTimerFactory(),
            show=False,
        ),
    )
    assert [a.mime_type for a in window.attachments()] == ["message/rfc822"]
    window.to_field.setText("dave@example.org")
    message = window.build_message()
    assert message.attached_messages == [raw]
    assert message.attachments == []
