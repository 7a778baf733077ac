"""Drafts keep Bcc (IMAP Drafts, a POP3 account's local Drafts); the message sent from one never shows it."""

from __future__ import annotations

import email
from email import policy
from pathlib import Path

from qtmail.core.drafts import draft_bytes, reopen_draft, save_draft
from qtmail.core.mime import Address, Attachment, OutgoingMessage, compose, envelope_recipients
from qtmail.core.profile import Profile
from qtmail.core.store import Store
from tests.integration.accounts_helpers import ready_user
from tests.integration.send_helpers import mailbox, wait_for_mail
from tests.integration.test_outbox_lab import _engine

PICTURE = bytes(range(256)) * 40


def _draft(sender: str, to: str, blind: str) -> OutgoingMessage:
    return OutgoingMessage(
        from_=Address("김철수", sender),
        to=[Address("박영희", to)],
        bcc=[Address("최비밀", blind), Address("", f"second.{blind}")],
        subject="숨은 참조 초안",
        text="초안입니다.\n",
        attachments=[Attachment("그림.bin", PICTURE, "application/octet-stream")],
        message_id="<bcc-draft@example.test>",
    )


def _headers(raw: bytes) -> email.message.EmailMessage:
    return email.message_from_bytes(raw, policy=policy.default)  # type: ignore[return-value]


def test_an_imap_draft_keeps_bcc_and_the_message_sent_from_it_does_not(lab, tmp_path: Path) -> None:
    alice, bob, carol = ready_user(lab, "alice"), ready_user(lab, "bob"), ready_user(lab, "carol")
    with Store.for_profile(Profile.in_directory(tmp_path / "profile")) as store:
        engine = _engine(lab, tmp_path, alice, store)
        account = engine.accounts["alice"]
        message = _draft(alice.address, bob.address, carol.address)
        message.bcc = message.bcc[:1]  # a real mailbox, so the send below can be checked
        save_draft(
            account, draft_bytes(message), message_id="<bcc-draft@example.test>",
            store=store, credentials=engine.credentials,
        )  # fmt: skip
        [(on_server, _flags)] = mailbox(lab, alice, "Drafts")
        assert _headers(on_server)["Bcc"].addresses[0].display_name == "최비밀"

        reopened = reopen_draft(on_server)

        assert reopened.bcc == [Address("최비밀", carol.address)]
        assert reopened.to == [Address("박영희", bob.address)] and reopened.subject == "숨은 참조 초안"
        assert [(a.filename, a.data) for a in reopened.attachments] == [("그림.bin", PICTURE)]
        assert reopened.message_id == "<bcc-draft@example.test>"
        reopened.message_id = "<bcc-sent@example.test>"
        raw = compose(reopened)
        outcome = engine.send_immediately(
            account, raw, message_id="<bcc-sent@example.test>", sender=alice.address,
            recipients=envelope_recipients(reopened),
        )  # fmt: skip
        assert outcome.state == "sent", outcome.error
        assert [r.address for r in outcome.recipients if r.accepted] == [bob.address, carol.address]
    for user in (bob, carol):
        [received] = wait_for_mail(lab, user, 1)
        assert _headers(received)["Bcc"] is None and b"carol" not in received.split(b"\r\n\r\n")[0]
    [(sent, _flags)] = mailbox(lab, alice, "Sent")
    assert _headers(sent)["Bcc"] is None and b"<bcc-sent@example.test>" in sent


def test_a_local_draft_keeps_bcc(lab, tmp_path: Path) -> None:
    alice = ready_user(lab, "alice")
    with Store.for_profile(Profile.in_directory(tmp_path / "profile")) as store:
        engine = _engine(lab, tmp_path, alice, store, incoming="pop3")
        message = _draft(alice.address, "bob@example.test", "carol@example.test")
        saved = save_draft(
            engine.accounts["alice"], draft_bytes(message), message_id="<bcc-draft@example.test>",
            store=store, credentials=engine.credentials,
        )  # fmt: skip
        assert saved.store_id is not None
        raw = store.bodies.read(saved.store_id)
    assert raw is not None
    assert reopen_draft(raw).bcc == [
        Address("최비밀", "carol@example.test"),
        Address("", "second.carol@example.test"),
    ]
    assert mailbox(lab, alice, "Drafts") == []
