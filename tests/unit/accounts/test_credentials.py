"""Passwords in the keyring: per-profile ids, session cache, and a clear error without a keyring."""

from __future__ import annotations

from pathlib import Path

import keyring
import pytest
from keyring.backends import fail
from keyrings.alt.file import PlaintextKeyring

from qtmail.core.accounts import Account, Identity, ServerSettings
from qtmail.core.credentials import (
    CredentialStore,
    SessionPasswords,
    backend_problem,
    keyring_service,
    keyring_username,
    profile_id,
)
from qtmail.core.errors import ErrorKind, MailError
from qtmail.core.profile import Profile

SECRET = "correct horse 배터리 staple"


def account(name: str = "Work") -> Account:
    return Account(
        name=name,
        identities=(Identity("", "a@example.test"),),
        incoming=ServerSettings("imap", "imap.example.test"),
        smtp=ServerSettings("smtp", "smtp.example.test"),
    )


def test_profile_id_is_made_once_and_kept(profile: Profile) -> None:
    first = profile_id(profile)
    assert len(first) == 32
    assert profile_id(profile) == first
    assert profile.profile_id_file.read_text().strip() == first
    assert (profile.profile_id_file.stat().st_mode & 0o777) == 0o600


def test_entries_are_keyed_by_profile_and_account(profile: Profile, tmp_path: Path) -> None:
    other = Profile.in_directory(tmp_path / "other")
    assert keyring_service(profile) != keyring_service(other)
    assert keyring_service(profile).startswith("qtmail:")
    acc = account()
    assert keyring_username(acc, "incoming") == f"{acc.id}:incoming"
    assert keyring_username(acc, "smtp") == f"{acc.id}:smtp"


def test_set_get_delete_through_the_keyring(file_keyring: PlaintextKeyring, profile: Profile) -> None:
    acc = account()
    CredentialStore(profile).set(acc, "incoming", SECRET)
    CredentialStore(profile).set(acc, "smtp", "other")
    fresh = CredentialStore(profile)  # no session cache: must come from the keyring
    assert fresh.get(acc, "incoming") == SECRET
    assert fresh.get(acc, "smtp") == "other"
    assert file_keyring.get_password(keyring_service(profile), f"{acc.id}:incoming") == SECRET
    fresh.delete(acc)
    assert CredentialStore(profile).get(acc, "incoming") is None
    assert CredentialStore(profile).get(acc, "smtp") is None
    fresh.delete(acc)  # deleting again is fine


def test_two_profiles_never_collide(file_keyring: PlaintextKeyring, tmp_path: Path) -> None:
    one, two = Profile.in_directory(tmp_path / "one"), Profile.in_directory(tmp_path / "two")
    acc = account()  # the same account id in both profiles (e.g. a copied config)
    CredentialStore(one).set(acc, "incoming", "first")
    CredentialStore(two).set(acc, "incoming", "second")
    assert CredentialStore(one).get(acc, "incoming") == "first"
    assert CredentialStore(two).get(acc, "incoming") == "second"


def test_keyring_file_stays_outside_the_profile(
    file_keyring: PlaintextKeyring, profile: Profile, keyring_dir: Path
) -> None:
    CredentialStore(profile).set(account(), "incoming", SECRET)
    assert Path(file_keyring.file_path).is_relative_to(keyring_dir)
    for path in profile.config_dir.parent.rglob("*"):
        if path.is_file():
            assert SECRET.encode() not in path.read_bytes()


def test_session_cache_comes_first_and_needs_no_keyring(profile: Profile) -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        session = SessionPasswords()
        store = CredentialStore(profile, session)
        acc = account()
        assert store.get(acc, "incoming") is None
        store.set(acc, "incoming", SECRET, persist=False)
        assert CredentialStore(profile, session).get(acc, "incoming") == SECRET
        assert SECRET not in repr(session)
        session.forget(acc)
        assert store.get(acc, "incoming") is None
    finally:
        keyring.set_keyring(previous)


def test_no_keyring_is_a_clear_config_error(profile: Profile) -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        with pytest.raises(MailError) as info:
            CredentialStore(profile).set(account(), "incoming", SECRET)
        assert info.value.kind is ErrorKind.CONFIG
        assert "No system keyring is available" in str(info.value)
        assert "--password-stdin" in str(info.value)
        assert SECRET not in str(info.value)
        with pytest.raises(MailError) as missing:
            CredentialStore(profile).require(account(), "smtp")
        assert "--password-stdin" in str(missing.value)
    finally:
        keyring.set_keyring(previous)


def test_file_backend_counts_only_when_chosen(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "no-config"))
    monkeypatch.delenv("PYTHON_KEYRING_BACKEND", raising=False)
    backend = PlaintextKeyring()
    assert backend_problem(backend) is not None  # picked by keyring on its own: a silent plaintext file
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyrings.alt.file.PlaintextKeyring")
    assert backend_problem(backend) is None
    assert backend_problem(fail.Keyring()) is not None


def test_unknown_role_is_refused(profile: Profile) -> None:
    with pytest.raises(MailError):
        SessionPasswords().set(account(), "imap", "x")  # type: ignore[arg-type]


def test_damaged_profile_id_is_an_error_not_a_new_id(profile: Profile) -> None:
    profile_id(profile)
    profile.profile_id_file.write_text("not hex!\n")
    with pytest.raises(MailError) as info:
        profile_id(profile)
    assert info.value.kind is ErrorKind.CONFIG
    assert profile.profile_id_file.read_text() == "not hex!\n"
