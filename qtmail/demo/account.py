"""The demo account: a local account whose mail goes out through the loopback SMTP server.

Its incoming type is "local" (no incoming server): its folders (Inbox, Sent) live in the
store only and mail arrives by delivery from the demo's SMTP server. So ``qtmail sync`` on
a kept demo profile has nothing to fetch and succeeds (and sends the outbox when the demo
runs). Profiles from before the local type used a placeholder POP3 server on 127.0.0.1:1;
:func:`qtmail.core.accounts.account_from_json` loads that as local.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Final

from qtmail.core.accounts import Account, AccountStore, Identity, ServerSettings
from qtmail.core.errors import ErrorKind, MailError
from qtmail.core.profile import Profile

DEMO_ACCOUNT_NAME: Final = "Demo"
DEMO_ADDRESS: Final = "you@demo.example"
DEMO_DISPLAY_NAME: Final = "Demo User"
# Not a secret: the login of a server that listens on loopback only while the demo runs.
# Documented so the CLI can send on a kept demo profile (``--password-stdin``).
DEMO_PASSWORD: Final = "demo"
DEMO_HOST: Final = "127.0.0.1"


def demo_account(smtp_port: int, account_id: str | None = None) -> Account:
    """The demo account sending through ``127.0.0.1:smtp_port`` without TLS (loopback only)."""
    account = Account(
        name=DEMO_ACCOUNT_NAME,
        identities=(
            Identity(
                DEMO_DISPLAY_NAME,
                DEMO_ADDRESS,
                signature="-- \nSent from the qtmail demo",
            ),
        ),
        incoming=ServerSettings.local(),
        smtp=ServerSettings("smtp", DEMO_HOST, smtp_port, "none", username=DEMO_ADDRESS),
        allow_plaintext=True,
        check_interval_s=0,  # nothing to poll: mail arrives by delivery
    )
    return account if account_id is None else replace(account, id=account_id)


def is_demo_account(account: Account) -> bool:
    """Whether ``account`` is the demo's own (by name, address and loopback SMTP host)."""
    return (
        account.name == DEMO_ACCOUNT_NAME
        and account.address == DEMO_ADDRESS
        and account.smtp.host == DEMO_HOST
    )


def ensure_demo_account(profile: Profile, smtp_port: int) -> tuple[Account, bool]:
    """Add the demo account to ``profile`` or point it at this run's SMTP port; (account, created)."""
    accounts = AccountStore(profile)
    try:
        existing = accounts.get(DEMO_ACCOUNT_NAME)
    except MailError as exc:
        if exc.kind is not ErrorKind.NOT_FOUND:
            raise
        existing = None
    if existing is None:
        return accounts.add(demo_account(smtp_port)), True
    if not is_demo_account(existing):
        raise MailError(
            ErrorKind.CONFIG,
            f"this profile already has an account named {DEMO_ACCOUNT_NAME!r} that is not the demo's; "
            "run the demo on another profile",
        )
    updated = demo_account(smtp_port, account_id=existing.id)
    if updated != existing:
        accounts.update(updated)
    return updated, False
