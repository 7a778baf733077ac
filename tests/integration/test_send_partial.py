"""Partial refusals against the lab Postfix: one recipient taken, one refused for now (450), one for good."""

from __future__ import annotations

import re
from pathlib import Path

from tests.integration.accounts_helpers import ready_user
from tests.integration.send_helpers import mailbox, make_sender, wait_for_mail


def test_good_4xx_and_5xx_recipients_each_get_what_they_should(lab, tmp_path: Path) -> None:
    sender = make_sender(lab, tmp_path)
    bob, dave = ready_user(lab, "bob"), ready_user(lab, "dave")
    lab.postfix.set_recipient_rule(dave.address, f"450 4.2.0 <{dave.address}>: try later")
    try:
        result = sender.send(
            "--now", "--to", bob.address, dave.address, "--cc", lab.rejected_recipient,
            "--subject", "three fates", "--body", "x",
            password=sender.user.password,
        )  # fmt: skip

        assert result.returncode == 3, result.stderr
        accepted, later, never = result.stdout.splitlines()
        assert accepted == f"ACCEPTED {bob.address}"
        assert re.fullmatch(rf"REFUSED {re.escape(dave.address)} 450 4\.2\.0 .*try later", later)
        assert re.fullmatch(rf"REFUSED {re.escape(lab.rejected_recipient)} 550 .*no such user", never)
        assert "will be retried" in result.stderr and "held" in result.stderr
        rows = {row["state"]: row for row in sender.outbox()}
        assert sorted(rows) == ["failed-temp", "held"]
        assert rows["failed-temp"]["recipients"] == [dave.address]
        assert "try later" in rows["failed-temp"]["last_error"]
        assert rows["held"]["recipients"] == [lab.rejected_recipient]
        assert "no such user" in rows["held"]["last_error"]
        [first] = wait_for_mail(lab, bob, 1)
        assert len(wait_for_mail(lab, sender.user, 1, "Sent")) == 1

        # Still refused: it stays queued for dave, and bob gets nothing more.
        still = sender.run("outbox", "flush")
        assert still.returncode == 1 and "try later" in still.stdout + still.stderr
        assert rows["failed-temp"]["id"] in {r["id"] for r in sender.outbox() if r["state"] == "failed-temp"}
    finally:
        lab.postfix.set_recipient_rule(dave.address, None)

    flushed = sender.run("outbox", "flush")

    assert flushed.returncode == 0, flushed.stdout + flushed.stderr
    [delivered] = wait_for_mail(lab, dave, 1)
    message_id = re.search(rb"Message-ID: (<[^>]+>)", first)
    assert message_id is not None and message_id.group(1) in delivered
    assert len(mailbox(lab, bob, "INBOX")) == 1  # no duplicate for the recipient who had it
    assert len(mailbox(lab, sender.user, "Sent")) == 1  # one Sent copy for the whole message
    [held] = sender.outbox()
    assert held["state"] == "held" and held["recipients"] == [lab.rejected_recipient]

    # The user corrects the refused address and sends it again: the new address gets it once.
    erin = ready_user(lab, "erin")
    fixed = sender.run("outbox", "retry", str(held["id"]), "--recipients", erin.address)
    assert fixed.returncode == 0, fixed.stderr
    assert sender.run("outbox", "flush").returncode == 0
    assert len(wait_for_mail(lab, erin, 1)) == 1
    assert len(mailbox(lab, bob, "INBOX")) == 1 and len(mailbox(lab, dave, "INBOX")) == 1
    assert len(mailbox(lab, sender.user, "Sent")) == 1
    assert sender.outbox() == []


def test_a_flush_reports_what_it_kept_for_refused_recipients(lab, tmp_path: Path) -> None:
    sender = make_sender(lab, tmp_path)
    bob = ready_user(lab, "bob")
    queued = sender.send("--to", bob.address, lab.rejected_recipient, "--subject", "later, partly")
    assert queued.returncode == 0, queued.stderr

    flushed = sender.run("outbox", "flush")

    assert flushed.returncode == 1  # something needs the user's attention
    assert f"REFUSED {lab.rejected_recipient} 550" in flushed.stdout
    assert f"kept in the outbox (held) for {lab.rejected_recipient}" in flushed.stderr
    [row] = sender.outbox()
    assert row["state"] == "held" and row["recipients"] == [lab.rejected_recipient]
    assert len(wait_for_mail(lab, bob, 1)) == 1
