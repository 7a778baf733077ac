"""The "local" incoming type: an account without an incoming server (the demo, "Local Folders").

Covers the settings' validation, the JSON form (and loading old demo profiles' placeholder
POP3 server as local), the sync engine's nothing-to-fetch pass, and ``qtmail accounts``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from keyrings.alt.file import PlaintextKeyring

from qtmail.core.accounts import (
    Account,
    AccountStore,
    Identity,
    ServerSettings,
    account_from_json,
    account_to_json,
    load_accounts,
)
from qtmail.core.credentials import CredentialStore
from qtmail.core.errors import ErrorKind, MailError
from qtmail.core.profile import Profile
from qtmail.core.store import Store
from qtmail.core.sync.engine import SyncOptions, sync_account
from tests.unit.accounts.test_cli_accounts import qtmail

ADDRESS = "me@local.test"
ADD_LOCAL = ["accounts", "add", "Local", "--address", ADDRESS, "--incoming", "local",
             "--smtp-host", "smtp.local.test", "--smtp-security", "starttls"]  # fmt: skip


def local_account(**changes: object) -> Account:
    fields: dict[str, object] = {
        "name": "Local",
        "identities": (Identity("Me", ADDRESS),),
        "incoming": ServerSettings.local(),
        "smtp": ServerSettings("smtp", "smtp.local.test", security="starttls"),
    }
    fields.update(changes)
    return Account(**fields)  # type: ignore[arg-type]


def test_local_server_has_no_host_port_user_or_password() -> None:
    server = ServerSettings.local()
    assert server.is_local and server.protocol == "local"
    assert (server.host, server.port, server.username, server.trusted_fingerprints) == ("", 0, "", ())
    assert server.encrypted  # no password travels, so nothing travels in the clear
    account = local_account()
    assert not account.has_incoming_server
    assert account.incoming.username == ""  # not defaulted to the address: there is no login
    assert account.smtp.username == ADDRESS
    assert local_account(incoming=ServerSettings("imap", "imap.local.test")).has_incoming_server


@pytest.mark.parametrize("kwargs", [{"host": "mail.local.test"}, {"host": "", "port": 110}])
def test_local_server_refuses_a_host_or_port(kwargs: dict[str, object]) -> None:
    with pytest.raises(MailError) as info:
        ServerSettings("local", **kwargs)  # type: ignore[arg-type]
    assert info.value.kind is ErrorKind.CONFIG and "no incoming server" in str(info.value)


def test_local_is_incoming_only_and_plaintext_rules_still_cover_smtp() -> None:
    with pytest.raises(MailError, match="outgoing server must use SMTP"):
        local_account(smtp=ServerSettings.local())
    # No plaintext permission needed for the missing incoming server...
    assert local_account().allow_plaintext is False
    # ...but an unencrypted SMTP server still needs it.
    with pytest.raises(MailError, match="security 'none' for the smtp server"):
        local_account(smtp=ServerSettings("smtp", "127.0.0.1", 2525, "none"))
    assert local_account(smtp=ServerSettings("smtp", "127.0.0.1", 2525, "none"), allow_plaintext=True)


def test_json_round_trip_of_a_local_account(tmp_path: Path) -> None:
    account = local_account()
    document = account_to_json(account)
    assert document["incoming"]["protocol"] == "local"
    assert account_from_json(json.loads(json.dumps(document))) == account
    profile = Profile.in_directory(tmp_path)
    AccountStore(profile).add(account)
    assert load_accounts(profile) == [account]


def _old_demo_document(host: str, port: int) -> dict[str, object]:
    """An accounts.json as demos before the local type wrote it (placeholder POP3 server)."""
    return {
        "version": 1,
        "accounts": [
            {
                "id": "0123456789abcdef0123456789abcdef",
                "name": "Demo",
                "identities": [{"display_name": "Demo User", "address": "you@demo.example"}],
                "incoming": {
                    "protocol": "pop3",
                    "host": host,
                    "port": port,
                    "security": "none",
                    "username": "you@demo.example",
                },
                "smtp": {
                    "protocol": "smtp",
                    "host": "127.0.0.1",
                    "port": 40000,
                    "security": "none",
                    "username": "you@demo.example",
                },
                "allow_plaintext": True,
                "check_interval_s": 0,
            }
        ],
    }


def test_old_demo_placeholder_server_loads_as_local(tmp_path: Path) -> None:
    profile = Profile.in_directory(tmp_path).ensure()
    profile.config_file.write_text(json.dumps(_old_demo_document("127.0.0.1", 1)))
    (account,) = load_accounts(profile)
    assert account.incoming.is_local and account.id == "0123456789abcdef0123456789abcdef"
    assert (account.smtp.host, account.smtp.port) == ("127.0.0.1", 40000)
    AccountStore(profile).update(account)  # the next save writes the new form
    saved = json.loads(profile.config_file.read_text())
    assert saved["accounts"][0]["incoming"]["protocol"] == "local"


def test_a_real_loopback_pop3_server_is_not_mistaken_for_the_placeholder(tmp_path: Path) -> None:
    profile = Profile.in_directory(tmp_path).ensure()
    profile.config_file.write_text(json.dumps(_old_demo_document("127.0.0.1", 110)))
    (account,) = load_accounts(profile)
    assert (account.incoming.protocol, account.incoming.port) == ("pop3", 110)


def test_sync_of_a_local_account_fetches_nothing_and_succeeds(tmp_path: Path) -> None:
    def no_network(*_args: object, **_kwargs: object) -> tuple[str, int]:
        raise AssertionError("a local account must not connect anywhere")

    profile = Profile.in_directory(tmp_path).ensure()
    with Store.for_profile(profile) as store:
        report = sync_account(local_account(), "", store, SyncOptions(resolve=no_network, attempts=1))
    assert report.local and report.new == 0 and report.folders == [] and report.reconnects == 0


# ---------------------------------------------------------------- the CLI


def test_cli_add_list_show_a_local_account(file_keyring: PlaintextKeyring, profile: Profile) -> None:
    code, out, err = qtmail(profile, *ADD_LOCAL, "--password-stdin", "--no-verify", stdin="s3cret\n")
    assert code == 0, err
    account = AccountStore(profile).get("Local")
    assert account.incoming.is_local and account.smtp.port == 587
    credentials = CredentialStore(profile)
    assert credentials.get(account, "smtp") == "s3cret"
    assert credentials.get(account, "incoming") is None  # no incoming server, no incoming password

    code, out, _ = qtmail(profile, "accounts", "list")
    assert code == 0 and "local (no incoming server)" in out and "smtp smtp.local.test:587" in out
    code, out, _ = qtmail(profile, "accounts", "list", "--json")
    assert json.loads(out)[0]["incoming"] == {
        "protocol": "local", "host": None, "port": None, "security": None, "username": None,
    }  # fmt: skip

    code, out, _ = qtmail(profile, "accounts", "show", "Local")
    assert code == 0
    assert "incoming:        local: no incoming server" in out
    assert "incoming password: not needed (local account)" in out
    assert "smtp password:     stored" in out
    code, out, _ = qtmail(profile, "accounts", "show", "Local", "--json")
    shown = json.loads(out)
    assert shown["incoming"]["protocol"] == "local" and shown["password_stored"] == {"smtp": True}


@pytest.mark.parametrize(
    "extra",
    [["--in-host", "pop.local.test"], ["--in-port", "110"], ["--in-security", "tls"],
     ["--in-user", "me"], ["--offline-bodies"], ["--pop3-keep-days", "3"]],
)  # fmt: skip
def test_cli_local_refuses_incoming_server_flags(profile: Profile, extra: list[str]) -> None:
    code, _, err = qtmail(profile, *ADD_LOCAL, *extra, "--no-verify")
    assert code == 2 and extra[0] in err
    assert AccountStore(profile).all() == []


def test_cli_local_without_smtp_host_is_a_usage_error(profile: Profile) -> None:
    code, _, err = qtmail(profile, "accounts", "add", "L", "--address", ADDRESS, "--incoming", "local")
    error_line = err.strip().splitlines()[-1]
    assert code == 2 and error_line.endswith("required (or use --auto ADDR): --smtp-host")


def test_cli_set_password_of_a_local_account(file_keyring: PlaintextKeyring, profile: Profile) -> None:
    assert qtmail(profile, *ADD_LOCAL, "--no-verify")[0] == 0
    code, _, err = qtmail(profile, "accounts", "set-password", "Local", "--server", "incoming",
                          "--password-stdin", stdin="x\n")  # fmt: skip
    assert code == 1 and "local account" in err
    code, out, _ = qtmail(profile, "accounts", "set-password", "Local", "--password-stdin", stdin="pw\n")
    assert code == 0 and "the smtp server" in out
    account = AccountStore(profile).get("Local")
    assert CredentialStore(profile).get(account, "smtp") == "pw"
    assert CredentialStore(profile).get(account, "incoming") is None
