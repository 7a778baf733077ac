"""Account dataclasses and the JSON config: defaults, validation, round trip, atomic writes."""

from __future__ import annotations

import json
import os
import stat
from dataclasses import replace
from pathlib import Path

import pytest

from qtmail.core import fileio
from qtmail.core.accounts import (
    Account,
    AccountStore,
    Identity,
    ServerSettings,
    account_from_json,
    account_to_json,
    load_accounts,
    save_accounts,
)
from qtmail.core.errors import ErrorKind, MailError
from qtmail.core.profile import Profile

FINGERPRINT = "AB" * 32


def make_account(name: str = "Work", **changes: object) -> Account:
    account = Account(
        name=name,
        identities=(Identity("Hong Gildong 홍길동", "hong@example.test", "-- \nHong"),),
        incoming=ServerSettings("imap", "imap.example.test", security="starttls"),
        smtp=ServerSettings("smtp", "smtp.example.test", trusted_fingerprints=(FINGERPRINT.lower(),)),
    )
    return replace(account, **changes) if changes else account  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("protocol", "security", "port"),
    [
        ("imap", "tls", 993),
        ("imap", "starttls", 143),
        ("imap", "none", 143),
        ("pop3", "tls", 995),
        ("pop3", "starttls", 110),
        ("smtp", "tls", 465),
        ("smtp", "starttls", 587),
    ],
)
def test_ports_default_from_the_security_mode(protocol: str, security: str, port: int) -> None:
    assert ServerSettings(protocol, "h.example.test", security=security).port == port  # type: ignore[arg-type]


def test_explicit_port_is_kept() -> None:
    assert ServerSettings("imap", "h.example.test", port=10143).port == 10143


def test_user_names_default_to_the_address() -> None:
    account = make_account()
    assert account.incoming.username == "hong@example.test"
    assert account.smtp.username == "hong@example.test"
    other = Account(
        name="x",
        identities=(Identity("", "a@example.test"),),
        incoming=ServerSettings("pop3", "pop.example.test", username="alice"),
        smtp=ServerSettings("smtp", "smtp.example.test"),
    )
    assert other.incoming.username == "alice"
    assert other.smtp.username == "a@example.test"


def test_fingerprints_are_normalised() -> None:
    colons = ":".join(["ab"] * 32)
    server = ServerSettings("imap", "h", trusted_fingerprints=(colons, FINGERPRINT.lower()))
    assert server.trusted_fingerprints == (FINGERPRINT,)


def test_bad_fingerprint_is_refused() -> None:
    with pytest.raises(MailError) as info:
        ServerSettings("imap", "h", trusted_fingerprints=("abcd",))
    assert info.value.kind is ErrorKind.INPUT


@pytest.mark.parametrize("role", ["incoming", "smtp"])
def test_security_none_needs_allow_plaintext(role: str) -> None:
    plain = ServerSettings("imap" if role == "incoming" else "smtp", "h.example.test", security="none")
    base = make_account()
    with pytest.raises(MailError) as info:
        replace(base, **{role: plain})
    assert info.value.kind is ErrorKind.CONFIG
    assert "plaintext" in str(info.value)
    allowed = replace(base, allow_plaintext=True, **{role: plain})
    assert allowed.server(role).security == "none"  # type: ignore[arg-type]


def test_verify_off_needs_allow_plaintext() -> None:
    with pytest.raises(MailError):
        replace(make_account(), incoming=ServerSettings("imap", "h", verify=False))


@pytest.mark.parametrize(
    "kwargs",
    [
        {"protocol": "nntp", "host": "h"},
        {"protocol": "imap", "host": ""},
        {"protocol": "imap", "host": "a b"},
        {"protocol": "imap", "host": "h", "port": 70000},
        {"protocol": "imap", "host": "h", "security": "ssl"},
        {"protocol": "imap", "host": "h", "auth": "kerberos"},
    ],
)
def test_invalid_server_settings_are_config_errors(kwargs: dict[str, object]) -> None:
    with pytest.raises(MailError) as info:
        ServerSettings(**kwargs)  # type: ignore[arg-type]
    assert info.value.kind is ErrorKind.CONFIG


def test_account_checks_roles_and_identities() -> None:
    base = make_account()
    with pytest.raises(MailError):
        replace(base, incoming=ServerSettings("smtp", "h"))
    with pytest.raises(MailError):
        replace(base, smtp=ServerSettings("imap", "h"))
    with pytest.raises(MailError):
        replace(base, identities=())
    with pytest.raises(MailError):
        replace(base, name="  ")
    with pytest.raises(MailError):
        replace(base, name="a/b")


def test_json_round_trip_keeps_every_field() -> None:
    account = make_account(
        sync_folders=("INBOX", "받은편지함"),
        offline_bodies=True,
        check_interval_s=120,
        identities=(Identity("A", "a@example.test", "sig"), Identity("B", "b@example.test")),
    )
    pop = replace(
        make_account("Pop"),
        incoming=ServerSettings("pop3", "pop.example.test", port=1995),
        pop3_keep_days=14,
    )
    assert account_from_json(account_to_json(account)) == account
    assert account_from_json(account_to_json(pop)) == pop


def test_save_and_load_round_trip(tmp_path: Path) -> None:
    profile = Profile.in_directory(tmp_path / "p")
    first, second = make_account("Work"), make_account("개인")
    save_accounts(profile, [first, second])
    assert load_accounts(profile) == [first, second]
    mode = stat.S_IMODE(profile.config_file.stat().st_mode)
    assert mode == 0o600
    document = json.loads(profile.config_file.read_text(encoding="utf-8"))
    assert document["version"] == 1


def test_no_config_file_means_no_accounts(tmp_path: Path) -> None:
    assert load_accounts(Profile.in_directory(tmp_path)) == []


def test_atomic_write_keeps_the_old_file_when_writing_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    profile = Profile.in_directory(tmp_path / "p")
    save_accounts(profile, [make_account("Old")])
    before = profile.config_file.read_bytes()

    def broken_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(fileio.os, "replace", broken_replace)
    with pytest.raises(MailError) as info:
        save_accounts(profile, [make_account("New")])
    assert info.value.kind is ErrorKind.STORAGE
    assert profile.config_file.read_bytes() == before
    assert os.listdir(profile.config_dir) == ["accounts.json"]  # no temp file left behind


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"{not json", "not valid JSON"),
        (b"[]", "malformed"),
        (b'{"accounts": [{"name": "x"}]}', "lacks the field"),
        (b'{"version": 99, "accounts": []}', "newer qtmail"),
        (b"\xff\xfe", "not valid JSON"),
    ],
)
def test_broken_config_gives_a_clear_error(tmp_path: Path, content: bytes, words: str) -> None:
    profile = Profile.in_directory(tmp_path)
    profile.config_dir.mkdir(parents=True)
    profile.config_file.write_bytes(content)
    with pytest.raises(MailError) as info:
        load_accounts(profile)
    assert info.value.kind is ErrorKind.CONFIG
    assert words in str(info.value)


def test_store_add_get_remove(tmp_path: Path) -> None:
    store = AccountStore(Profile.in_directory(tmp_path))
    work = store.add(make_account("Work"))
    store.add(make_account("Home"))
    assert store.get("work") == work
    assert store.get_by_id(work.id) == work
    assert store.names() == ["Work", "Home"]
    with pytest.raises(MailError) as duplicate:
        store.add(make_account("WORK"))
    assert duplicate.value.kind is ErrorKind.CONFIG
    changed = store.update(replace(work, check_interval_s=60))
    assert store.get("Work").check_interval_s == 60 == changed.check_interval_s
    assert store.remove("Work") == changed
    with pytest.raises(MailError) as missing:
        store.get("Work")
    assert missing.value.kind is ErrorKind.NOT_FOUND
    with pytest.raises(MailError) as missing_remove:
        store.remove("nobody")
    assert missing_remove.value.kind is ErrorKind.NOT_FOUND
