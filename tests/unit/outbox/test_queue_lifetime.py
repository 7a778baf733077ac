"""The outbox gives up on temporary failures after a queue lifetime (5 days), as an MTA does.

No server and no sleeping: the network failure is real (a loopback port nobody listens on),
the clock is the test's.
"""

from __future__ import annotations

import pytest

from qtmail.core.outbox import QUEUE_LIFETIME_S, OutboxSender, describe_span
from qtmail.core.profile import Profile
from qtmail.core.store import Store
from tests.unit.outbox.test_outbox_engine import RAW, Clock, _account, _sender

DAY = 24 * 3600.0


def _queue(sender: OutboxSender) -> int:
    account = next(iter(sender.accounts.values()))
    return sender.queue(
        account, RAW, message_id="<m1@example.test>", sender="a@example.test", recipients=["b@example.test"]
    ).id


def test_temporary_failures_are_retried_for_five_days_then_held(profile: Profile, store: Store) -> None:
    assert QUEUE_LIFETIME_S == 5 * DAY
    clock = Clock()
    sender = _sender(profile, store, clock, _account())
    item_id = _queue(sender)
    started = clock.now
    assert sender.send_now(item_id).state == "queued"

    clock.now = started + 5 * DAY - 60  # a minute short of the lifetime: still retried
    [outcome] = sender.flush().outcomes
    assert outcome.state == "queued"
    assert store.outbox.get(item_id).state == "failed-temp"

    clock.now = started + 5 * DAY + 7200  # due again, and past the lifetime
    [outcome] = sender.flush().outcomes

    assert outcome.state == "held" and outcome.error is not None
    message = str(outcome.error)
    assert message.startswith("gave up after retrying for 5 days 2 hours (3 attempts); the last answer was: ")
    assert "refused the connection" in message
    item = store.outbox.get(item_id)
    assert (item.state, item.last_error, item.next_attempt_at) == ("held", message, None)
    assert store.outbox.raw(item_id) == RAW  # kept, untouched, for the user
    clock.now += 30 * DAY
    assert sender.flush().outcomes == [] and sender.flush(retry_now=True).outcomes == []  # held stays held


def test_the_users_retry_gives_a_held_message_a_new_lifetime(profile: Profile, store: Store) -> None:
    clock = Clock()
    sender = _sender(profile, store, clock, _account())
    item_id = _queue(sender)
    sender.send_now(item_id)
    clock.now += 6 * DAY
    assert sender.flush().outcomes[0].state == "held"

    assert store.outbox.requeue(item_id, now=clock.now)  # what Retry in the outbox does
    [outcome] = sender.flush().outcomes
    assert outcome.state == "queued"  # failed again, but only just queued again: retried on
    assert store.outbox.get(item_id).state == "failed-temp"
    clock.now += 5 * DAY
    assert sender.flush().outcomes[0].state == "held"


def test_the_lifetime_counts_from_the_end_of_the_undo_delay_and_never_ends_the_first_try(
    profile: Profile, store: Store
) -> None:
    clock = Clock()
    sender = _sender(profile, store, clock, _account())
    account = next(iter(sender.accounts.values()))
    item_id = sender.queue(
        account, RAW, message_id="<m1@example.test>", sender="a@example.test",
        recipients=["b@example.test"], undo_delay=2 * DAY,
    ).id  # fmt: skip
    clock.now += 6 * DAY  # queued 6 days ago, but it could go out only 4 days ago, and was never tried
    assert sender.flush().outcomes[0].state == "queued"  # a first try is never given up at once
    clock.now += DAY + 3600
    [outcome] = sender.flush().outcomes
    assert (outcome.item_id, outcome.state) == (item_id, "held")
    assert "retrying for 5 days" in str(outcome.error)


def test_a_shorter_lifetime_can_be_chosen(profile: Profile, store: Store) -> None:
    clock = Clock()
    sender = _sender(profile, store, clock, _account())
    sender.queue_lifetime = 3600
    item_id = _queue(sender)
    sender.send_now(item_id)
    clock.now += 3600
    [outcome] = sender.flush().outcomes
    assert outcome.state == "held" and "retrying for 1 hour (2 attempts)" in str(outcome.error)


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (5 * DAY, "5 days"),
        (DAY + 3 * 3600 + 59, "1 day 3 hours"),
        (2 * 3600, "2 hours"),
        (3600 + 60, "1 hour 1 minute"),
        (45 * 60 + 30, "45 minutes"),
        (20, "less than a minute"),
    ],
)
def test_spans_read_well(seconds: float, text: str) -> None:
    assert describe_span(seconds) == text
