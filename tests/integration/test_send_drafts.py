"""Save Draft against the lab: the Drafts folder holds one version; POP3 accounts keep it locally."""

from __future__ import annotations

from pathlib import Path

from qtmail.core.credentials import CredentialStore
from qtmail.core.drafts import save_draft
from qtmail.core.mime import Address, OutgoingMessage, compose
from qtmail.core.profile import Profile
from qtmail.core.store import Store
from tests.integration.accounts_helpers import ready_user
from tests.integration.send_helpers import mailbox
from tests.integration.test_outbox_lab import _account


def _draft(address: str, body: str, message_id: str) -> bytes:
    return compose(
        OutgoingMessage(
            from_=Address("", address), to=[Address("", "bob@example.test")], subject="초안", text=body,
            message_id=message_id,
        )
    )  # fmt: skip


def _credentials(profile: Profile, account, password: str) -> CredentialStore:
    credentials = CredentialStore(profile)
    credentials.session.set(account, "incoming", password)
    return credentials


def test_saving_again_replaces_the_previous_draft_on_the_server(lab, tmp_path: Path) -> None:
    user = ready_user(lab, "alice")
    account = _account(lab, user)
    profile = Profile.in_directory(tmp_path / "profile")
    with Store.for_profile(profile) as store:
        credentials = _credentials(profile, account, user.password)
        first = save_draft(
            account, _draft(user.address, "v1", "<d1@example.test>"), message_id="<d1@example.test>",
            store=store, credentials=credentials,
        )  # fmt: skip
        second = save_draft(
            account, _draft(user.address, "v2", "<d2@example.test>"), message_id="<d2@example.test>",
            replaces="<d1@example.test>", store=store, credentials=credentials,
        )  # fmt: skip
        same_id = save_draft(
            account, _draft(user.address, "v3", "<d2@example.test>"), message_id="<d2@example.test>",
            replaces="<d2@example.test>", store=store, credentials=credentials,
        )  # fmt: skip

    assert first.folder == second.folder == "Drafts" and (second.replaced, same_id.replaced) == (1, 1)
    [(raw, flags)] = mailbox(lab, user, "Drafts")
    assert b"\\Draft" in flags and b"\\Seen" in flags
    assert b"Message-ID: <d2@example.test>" in raw and raw.endswith(b"\r\n\r\nv3\r\n")


def test_a_pop3_account_keeps_one_local_draft(lab, tmp_path: Path) -> None:
    user = ready_user(lab, "alice")
    account = _account(lab, user, incoming="pop3")
    profile = Profile.in_directory(tmp_path / "profile")
    with Store.for_profile(profile) as store:
        credentials = CredentialStore(profile)
        save_draft(
            account, _draft(user.address, "v1", "<p1@example.test>"), message_id="<p1@example.test>",
            store=store, credentials=credentials,
        )  # fmt: skip
        saved = save_draft(
            account, _draft(user.address, "v2", "<p2@example.test>"), message_id="<p2@example.test>",
            replaces="<p1@example.test>", store=store, credentials=credentials,
        )  # fmt: skip

        drafts = store.folders.by_role("alice", "drafts")
        assert drafts is not None and drafts.local_only and drafts.total == 1
        assert saved.store_id is not None and saved.replaced == 1
        summary = store.messages.get(saved.store_id)
        assert summary.message_id == "<p2@example.test>" and summary.subject == "초안"
        raw = store.bodies.read(saved.store_id)
        assert raw is not None and b"Message-ID: <p2@example.test>" in raw
    assert mailbox(lab, user, "Drafts") == []
