"""``qtmail accounts`` without servers (--no-verify): the flag contract, JSON output, keyring entries."""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from keyrings.alt.file import PlaintextKeyring

from qtmail.cli import accounts as accounts_cli
from qtmail.cli.accounts import password_for
from qtmail.core.accounts import AccountStore
from qtmail.core.credentials import CredentialStore, keyring_service
from qtmail.core.errors import MailError
from qtmail.core.profile import Profile
from tests.unit.accounts.conftest import run_env

SECRET = "Tr0ub4dor&3-비밀"
ADD = ["accounts", "add", "Work", "--address", "kim@example.test", "--display-name", "Kim 김",
       "--incoming", "imap", "--in-host", "imap.example.test", "--smtp-host", "smtp.example.test",
       "--smtp-security", "starttls"]  # fmt: skip


def main(argv: list[str]) -> int:
    """``qtmail.cli.main.main`` reduced to the accounts command (other commands' imports stay out)."""
    parser = argparse.ArgumentParser(prog="qtmail")
    parser.add_argument("--profile")
    accounts_cli.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(argv)
    args.profile_obj = Profile.resolve(args.profile)
    try:
        return int(args.func(args))
    except MailError as exc:
        print(f"qtmail: {exc}", file=sys.stderr)
        return 1


def qtmail(profile: Profile, *args: str, stdin: str = "") -> tuple[int, str, str]:
    """Run the CLI in-process; returns (exit status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    old = sys.stdin, sys.stdout, sys.stderr
    sys.stdin, sys.stdout, sys.stderr = io.StringIO(stdin), out, err
    try:
        try:
            code = main(["--profile", str(profile.config_dir.parent), *args])
        except SystemExit as exc:
            code = int(exc.code or 0)
    finally:
        sys.stdin, sys.stdout, sys.stderr = old
    return code, out.getvalue(), err.getvalue()


def test_add_list_show_remove(file_keyring: PlaintextKeyring, profile: Profile) -> None:
    code, out, err = qtmail(profile, *ADD, "--password-stdin", "--no-verify", stdin=SECRET + "\n")
    assert code == 0, err
    account = AccountStore(profile).get("Work")
    assert (account.incoming.port, account.incoming.security) == (993, "tls")
    assert (account.smtp.port, account.smtp.security) == (587, "starttls")
    assert account.incoming.username == account.smtp.username == "kim@example.test"
    credentials = CredentialStore(profile)
    assert credentials.get(account, "incoming") == SECRET == credentials.get(account, "smtp")

    code, out, _ = qtmail(profile, "accounts", "list", "--json")
    listed = json.loads(out)
    assert code == 0 and [a["name"] for a in listed] == ["Work"]
    assert listed[0]["incoming"] == {
        "protocol": "imap", "host": "imap.example.test", "port": 993, "security": "tls",
        "username": "kim@example.test",
    }  # fmt: skip

    code, out, _ = qtmail(profile, "accounts", "show", "work", "--json")
    shown = json.loads(out)
    assert shown["identities"][0] == {
        "display_name": "Kim 김",
        "address": "kim@example.test",
        "signature": "",
    }
    assert shown["password_stored"] == {"incoming": True, "smtp": True}
    code, text, _ = qtmail(profile, "accounts", "show", "Work")
    assert code == 0 and "imap imap.example.test:993 (tls)" in text

    code, out, err = qtmail(profile, "accounts", "remove", "Work")
    assert code == 0, err
    assert AccountStore(profile).all() == []
    assert file_keyring.get_password(keyring_service(profile), f"{account.id}:incoming") is None
    assert file_keyring.get_password(keyring_service(profile), f"{account.id}:smtp") is None


def test_set_password_for_one_server(file_keyring: PlaintextKeyring, profile: Profile) -> None:
    assert qtmail(profile, *ADD, "--password-stdin", "--no-verify", stdin="first\n")[0] == 0
    code, _, err = qtmail(profile, "accounts", "set-password", "Work", "--server", "smtp", "--password-stdin",
                          stdin="second\n")  # fmt: skip
    assert code == 0, err
    account = AccountStore(profile).get("Work")
    assert CredentialStore(profile).get(account, "incoming") == "first"
    assert CredentialStore(profile).get(account, "smtp") == "second"


@pytest.mark.parametrize(
    "extra",
    [
        ["--in-security", "none"],
        ["--smtp-security", "none"],
        ["--pop3-keep-days", "3", "--pop3-delete-when-deleted"],
        ["--trust-fingerprint", "not-hex"],
        ["--in-port", "many"],
    ],
)
def test_usage_errors_exit_2(profile: Profile, extra: list[str]) -> None:
    code, _, err = qtmail(profile, *ADD, "--no-verify", *extra)
    assert code == 2
    assert "error" in err
    assert AccountStore(profile).all() == []


def test_missing_servers_is_a_usage_error(profile: Profile) -> None:
    code, _, err = qtmail(profile, "accounts", "add", "X", "--address", "a@example.test", "--no-verify")
    assert code == 2 and "--incoming" in err


def test_plaintext_allowed_explicitly(profile: Profile, file_keyring: PlaintextKeyring) -> None:
    code, _, err = qtmail(profile, *ADD, "--in-security", "none", "--allow-plaintext", "--no-verify")
    assert code == 0, err
    assert AccountStore(profile).get("Work").incoming.port == 143


def test_pop3_options(profile: Profile) -> None:
    args = [a if a != "imap" else "pop3" for a in ADD]
    code, _, err = qtmail(profile, *args, "--pop3-keep-days", "7", "--no-verify")
    assert code == 0, err
    account = AccountStore(profile).get("Work")
    assert (account.incoming.protocol, account.incoming.port, account.pop3_keep_days) == ("pop3", 995, 7)


def test_duplicate_and_unknown_names_fail_with_status_1(profile: Profile) -> None:
    assert qtmail(profile, *ADD, "--no-verify")[0] == 0
    code, _, err = qtmail(profile, *ADD, "--no-verify")
    assert code == 1 and "already exists" in err
    for action in ("show", "remove", "test"):
        code, _, err = qtmail(profile, "accounts", action, "nobody")
        assert code == 1 and "no account named 'nobody'" in err


def test_verify_needs_a_password(profile: Profile) -> None:
    code, _, err = qtmail(profile, *ADD)
    assert code == 1 and "--password-stdin" in err
    assert AccountStore(profile).all() == []


def test_password_for_reads_stdin_once_for_both_servers(
    profile: Profile, file_keyring: PlaintextKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert qtmail(profile, *ADD, "--no-verify")[0] == 0
    account = AccountStore(profile).get("Work")
    monkeypatch.setattr(sys, "stdin", io.StringIO("from-stdin\nsecond line\n"))
    args = argparse.Namespace(profile_obj=profile, password_stdin=True)
    assert password_for(args, account, "incoming") == "from-stdin"
    assert password_for(args, account, "smtp") == "from-stdin"
    with pytest.raises(MailError) as info:
        password_for(argparse.Namespace(profile_obj=profile, password_stdin=False), account, "smtp")
    assert "--password-stdin" in str(info.value)
    CredentialStore(profile).set(account, "smtp", "stored")
    assert (
        password_for(argparse.Namespace(profile_obj=profile, password_stdin=False), account, "smtp")
        == "stored"
    )


def test_without_a_keyring_the_password_is_not_written_anywhere(tmp_path: Path) -> None:
    """A subprocess with no usable backend: the account is saved, the password is not, the user is told."""
    profile_dir = tmp_path / "p"
    env = run_env(
        {"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring", "XDG_DATA_HOME": str(tmp_path / "d")}
    )
    result = subprocess.run(
        [sys.executable, "-m", "qtmail", "--profile", str(profile_dir), *ADD,
         "--password-stdin", "--no-verify"],
        input=SECRET + "\n", capture_output=True, text=True, env=env, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "No system keyring is available" in result.stderr
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert SECRET.encode() not in path.read_bytes(), path
    result = subprocess.run(
        [sys.executable, "-m", "qtmail", "--profile", str(profile_dir), "accounts", "set-password", "Work",
         "--password-stdin"],
        input=SECRET + "\n", capture_output=True, text=True, env=env, timeout=60,
    )  # fmt: skip
    assert result.returncode == 1
    assert "No system keyring is available" in result.stderr and SECRET not in result.stderr


def test_remove_deletes_the_accounts_local_mail(profile: Profile) -> None:
    from qtmail.core.store.store import Store
    from qtmail.core.store.types import FolderSpec

    assert qtmail(profile, *ADD, "--no-verify")[0] == 0
    with Store.for_profile(profile) as store:
        store.folders.upsert(FolderSpec(account="Work", path="INBOX", role="inbox"))
        store.folders.upsert(FolderSpec(account="Other", path="INBOX", role="inbox"))
    code, _, err = qtmail(profile, "accounts", "remove", "Work")
    assert code == 0, err
    with Store.for_profile(profile) as store:
        assert store.folders.accounts() == ["Other"]


def test_auto_from_the_provider_table_explains_app_passwords(profile: Profile) -> None:
    code, _, err = qtmail(profile, "accounts", "add", "G", "--auto", "kim@gmail.com", "--no-verify")
    assert code == 0, err
    assert "built-in settings for Gmail" in err and "app password" in err
    account = AccountStore(profile).get("G")
    assert (account.incoming.host, account.incoming.port) == ("imap.gmail.com", 993)
    assert (account.smtp.host, account.smtp.port, account.smtp.security) == ("smtp.gmail.com", 465, "tls")


def test_auto_refuses_providers_that_need_oauth2(profile: Profile) -> None:
    code, _, err = qtmail(profile, "accounts", "add", "O", "--auto", "kim@outlook.com", "--no-verify")
    assert code == 1
    assert "OAuth2" in err
    assert AccountStore(profile).all() == []
