"""Fixtures for the accounts tests: a file keyring outside the profile, a throw-away certificate."""

from __future__ import annotations

import hashlib
import os
import ssl
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail
from keyrings.alt.file import PlaintextKeyring

from qtmail.core.profile import Profile

KEYRING_BACKEND = "keyrings.alt.file.PlaintextKeyring"


@pytest.fixture
def keyring_dir(tmp_path: Path) -> Path:
    """Where the test keyring keeps its file: outside the profile directory."""
    directory = tmp_path / "keyring-home"
    directory.mkdir()
    return directory


@pytest.fixture(autouse=True)
def no_system_keyring(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Tests never touch the user's real keyring: no backend unless a test asks for the file one."""
    monkeypatch.delenv("PYTHON_KEYRING_BACKEND", raising=False)
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)


@pytest.fixture
def file_keyring(
    keyring_dir: Path, monkeypatch: pytest.MonkeyPatch, no_system_keyring: None
) -> PlaintextKeyring:
    """keyrings.alt's file backend, chosen explicitly (as PYTHON_KEYRING_BACKEND does), file in tmp."""
    monkeypatch.setenv("XDG_DATA_HOME", str(keyring_dir))
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", KEYRING_BACKEND)
    backend = PlaintextKeyring()
    keyring.set_keyring(backend)
    return backend


@pytest.fixture
def keyring_env(keyring_dir: Path) -> dict[str, str]:
    """Environment for a qtmail subprocess using the same test keyring."""
    return {"PYTHON_KEYRING_BACKEND": KEYRING_BACKEND, "XDG_DATA_HOME": str(keyring_dir)}


@pytest.fixture
def profile(tmp_path: Path) -> Profile:
    return Profile.in_directory(tmp_path / "profile")


@dataclass(frozen=True)
class Certificate:
    cert_path: Path
    key_path: Path
    fingerprint: str  # upper-case hex


@pytest.fixture(scope="session")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> Certificate:
    """A self-signed certificate for 127.0.0.1/localhost, made with openssl."""
    directory = tmp_path_factory.mktemp("cert")
    cert_path, key_path = directory / "cert.pem", directory / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
         "-sha256", "-days", "2", "-subj", "/CN=localhost",
         "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
         "-keyout", str(key_path), "-out", str(cert_path)],
        check=True, capture_output=True,
    )  # fmt: skip
    der = ssl.PEM_cert_to_DER_cert(cert_path.read_text())
    return Certificate(cert_path, key_path, hashlib.sha256(der).hexdigest().upper())


def run_env(extra: dict[str, str]) -> dict[str, str]:
    """A clean environment for a qtmail subprocess."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("QTMAIL_")}
    env.update(extra)
    return env
