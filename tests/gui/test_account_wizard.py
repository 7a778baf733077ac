"""The account wizard: autoconfig over loopback HTTP, verification failures, certificate trust, saving."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from pytestqt.qtbot import QtBot

from qtmail.core.accounts import Account, AccountStore
from qtmail.core.autoconfig import AutoconfigSettings
from qtmail.core.credentials import CredentialStore
from qtmail.core.errors import ErrorKind, MailError
from qtmail.core.net.tls import untrusted_certificate_error
from qtmail.core.profile import Profile
from qtmail.ui.dialogs.account_wizard import AccountWizard, certificate_in_error
from tests.integration.accounts_helpers import serve_config

FINGERPRINT = "AB" * 32
CONFIG_XML = """<?xml version="1.0"?>
<clientConfig version="1.1"><emailProvider id="example.test">
  <domain>example.test</domain><displayName>Loopback Mail</displayName>
  <incomingServer type="imap"><hostname>127.0.0.1</hostname><port>{imap}</port><socketType>SSL</socketType>
    <username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication></incomingServer>
  <outgoingServer type="smtp"><hostname>127.0.0.1</hostname><port>{smtp}</port>
    <socketType>STARTTLS</socketType><username>%EMAILADDRESS%</username>
    <authentication>password-cleartext</authentication></outgoingServer>
</emailProvider></clientConfig>
"""


class MemoryKeyring(KeyringBackend):
    """A keyring that forgets everything when the test ends."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.passwords: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.passwords.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.passwords[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.passwords.pop((service, username), None)


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def closed_port() -> int:
    """A loopback port nobody listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def autoconfig_http() -> Iterator[tuple[AutoconfigSettings, list[str], int, int]]:
    """Plain HTTP on 127.0.0.1 serving a Thunderbird config that names closed loopback ports."""
    imap_port, smtp_port = closed_port(), closed_port()
    body = CONFIG_XML.format(imap=imap_port, smtp=smtp_port).encode()
    with serve_config(body) as (base, requests):
        settings = AutoconfigSettings(
            url_templates=(f"{base}/mail/config-v1.1.xml?emailaddress={{address}}",),
            use_provider_table=False,
            probe=False,
            timeout=5.0,
        )
        yield settings, requests, imap_port, smtp_port


def make_wizard(qtbot: QtBot, profile: Profile, **options: object) -> AccountWizard:
    wizard = AccountWizard(profile, **options)  # type: ignore[arg-type]
    qtbot.addWidget(wizard)
    wizard.ask_trust = lambda host, fingerprint, reason: pytest.fail("unexpected certificate question")  # type: ignore[method-assign]
    return wizard


def fill_address(
    wizard: AccountWizard, address: str = "minji@example.test", password: str = "s3cret"
) -> None:
    wizard.name_field.setText("김민지")
    wizard.address_field.setText(address)
    wizard.password_field.setText(password)


def test_autoconfig_over_loopback_fills_editable_settings_then_a_closed_port_fails_clearly(
    qtbot: QtBot, tmp_path: Path, autoconfig_http: tuple[AutoconfigSettings, list[str], int, int]
) -> None:
    settings, requests, imap_port, smtp_port = autoconfig_http
    profile = Profile.in_directory(tmp_path / "p")
    wizard = make_wizard(qtbot, profile, autoconfig=settings, credentials=CredentialStore(profile))
    fill_address(wizard)
    wizard.next_button.click()
    assert not wizard.next_button.isEnabled()  # working in the background, the dialog stays live
    qtbot.waitUntil(lambda: wizard.pages.currentIndex() == wizard.SETTINGS_PAGE, timeout=15_000)
    assert requests and "emailaddress=minji@example.test" in requests[0]
    assert wizard.incoming_form.host.text() == "127.0.0.1"
    assert wizard.incoming_form.port.value() == imap_port
    assert wizard.incoming_form.current_security() == "tls"
    assert wizard.smtp_form.port.value() == smtp_port
    assert wizard.smtp_form.current_security() == "starttls"
    assert wizard.incoming_form.username.text() == "minji@example.test"
    assert "published by your provider" in wizard.source_label.text()

    wizard.account_name_field.setText("Loopback")
    wizard.next_button.click()
    qtbot.waitUntil(wizard.next_button.isEnabled, timeout=30_000)
    assert "could not be reached" in wizard.status_label.text()
    assert wizard.pages.currentIndex() == wizard.SETTINGS_PAGE
    assert AccountStore(profile).all() == []
    wizard.shutdown()


def test_bad_address_and_missing_password_are_explained(qtbot: QtBot, tmp_path: Path) -> None:
    wizard = make_wizard(qtbot, Profile.in_directory(tmp_path / "p"))
    wizard.address_field.setText("not-an-address")
    wizard.next_button.click()
    assert "complete e-mail address" in wizard.status_label.text()
    wizard.address_field.setText("a@example.test")
    wizard.next_button.click()
    assert "password" in wizard.status_label.text()
    assert wizard.pages.currentIndex() == wizard.ADDRESS_PAGE
    wizard.shutdown()


def test_no_settings_found_lets_the_user_enter_them(qtbot: QtBot, tmp_path: Path) -> None:
    def nothing(address: str, settings: AutoconfigSettings) -> object:
        raise MailError(ErrorKind.NOT_FOUND, "could not find settings for example.test")

    wizard = make_wizard(qtbot, Profile.in_directory(tmp_path / "p"), discover_function=nothing)
    fill_address(wizard)
    wizard.next_button.click()
    qtbot.waitUntil(lambda: wizard.pages.currentIndex() == wizard.SETTINGS_PAGE, timeout=10_000)
    assert wizard.incoming_form.host.text() == "imap.example.test"
    assert wizard.smtp_form.host.text() == "smtp.example.test"
    assert wizard.smtp_form.port.value() == 587
    assert "No settings were found" in wizard.source_label.text()
    wizard.smtp_form.security.setCurrentIndex(wizard.smtp_form.security.findData("tls"))
    assert wizard.smtp_form.port.value() == 465  # the usual port follows the security choice
    wizard.shutdown()


@pytest.mark.parametrize(
    ("kind", "words"),
    [(ErrorKind.AUTH, "user name or password"), (ErrorKind.NETWORK, "could not be reached")],
)
def test_each_failure_kind_has_its_own_message(
    qtbot: QtBot,
    tmp_path: Path,
    autoconfig_http: tuple[AutoconfigSettings, list[str], int, int],
    kind: ErrorKind,
    words: str,
) -> None:
    def refuse(account: Account, password: str) -> None:
        raise MailError(kind, "incoming server: the server said no")

    profile = Profile.in_directory(tmp_path / "p")
    wizard = make_wizard(qtbot, profile, autoconfig=autoconfig_http[0], verify_function=refuse)
    fill_address(wizard)
    wizard.next_button.click()
    qtbot.waitUntil(lambda: wizard.pages.currentIndex() == wizard.SETTINGS_PAGE, timeout=15_000)
    wizard.next_button.click()
    qtbot.waitUntil(lambda: words in wizard.status_label.text(), timeout=10_000)
    assert "the server said no" in wizard.status_label.text()
    wizard.shutdown()


def test_untrusted_certificate_is_trusted_only_after_asking_then_saved_with_keyring(
    qtbot: QtBot,
    tmp_path: Path,
    autoconfig_http: tuple[AutoconfigSettings, list[str], int, int],
    memory_keyring: MemoryKeyring,
) -> None:
    attempts: list[tuple[str, ...]] = []

    def verify(account: Account, password: str) -> None:
        attempts.append(account.incoming.trusted_fingerprints)
        if FINGERPRINT not in account.incoming.trusted_fingerprints:
            error = untrusted_certificate_error("127.0.0.1", FINGERPRINT, "self-signed certificate")
            raise MailError(error.kind, f"incoming server: {error.message}")

    profile = Profile.in_directory(tmp_path / "p")
    credentials = CredentialStore(profile)
    wizard = make_wizard(
        qtbot, profile, autoconfig=autoconfig_http[0], verify_function=verify, credentials=credentials
    )
    questions: list[tuple[str, str]] = []

    def trust(host: str, fingerprint: str, reason: str) -> bool:
        questions.append((host, fingerprint))
        return True

    wizard.ask_trust = trust  # type: ignore[method-assign]
    added: list[Account] = []
    wizard.account_added.connect(added.append)
    fill_address(wizard)
    wizard.next_button.click()
    qtbot.waitUntil(lambda: wizard.pages.currentIndex() == wizard.SETTINGS_PAGE, timeout=15_000)
    wizard.next_button.click()
    qtbot.waitUntil(lambda: wizard.pages.currentIndex() == wizard.DONE_PAGE, timeout=10_000)
    assert questions == [("127.0.0.1", FINGERPRINT)]
    assert attempts == [(), (FINGERPRINT,)]
    (saved,) = AccountStore(profile).all()
    assert added == [saved]
    assert saved.identities[0].display_name == "김민지"
    assert saved.incoming.trusted_fingerprints == (FINGERPRINT,)
    assert saved.smtp.trusted_fingerprints == (FINGERPRINT,)  # same host, same certificate
    assert credentials.get(saved, "incoming") == "s3cret"
    assert "s3cret" in memory_keyring.passwords.values()
    assert "keyring" not in wizard.done_label.text()
    assert "s3cret" not in profile.config_file.read_text()
    wizard.next_button.click()  # Finish
    assert wizard.result() == wizard.DialogCode.Accepted


def test_refusing_the_certificate_saves_nothing(
    qtbot: QtBot, tmp_path: Path, autoconfig_http: tuple[AutoconfigSettings, list[str], int, int]
) -> None:
    def verify(account: Account, password: str) -> None:
        raise untrusted_certificate_error("127.0.0.1", FINGERPRINT)

    profile = Profile.in_directory(tmp_path / "p")
    wizard = make_wizard(qtbot, profile, autoconfig=autoconfig_http[0], verify_function=verify)
    wizard.ask_trust = lambda host, fingerprint, reason: False  # type: ignore[method-assign]
    fill_address(wizard)
    wizard.next_button.click()
    qtbot.waitUntil(lambda: wizard.pages.currentIndex() == wizard.SETTINGS_PAGE, timeout=15_000)
    wizard.next_button.click()
    qtbot.waitUntil(lambda: "secure connection" in wizard.status_label.text(), timeout=10_000)
    assert AccountStore(profile).all() == []
    wizard.shutdown()


def test_without_a_keyring_the_password_stays_in_memory_and_the_user_is_told(
    qtbot: QtBot,
    tmp_path: Path,
    autoconfig_http: tuple[AutoconfigSettings, list[str], int, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("qtmail.ui.dialogs.account_wizard.keyring_available", lambda: False)
    profile = Profile.in_directory(tmp_path / "p")
    credentials = CredentialStore(profile)
    wizard = make_wizard(
        qtbot,
        profile,
        autoconfig=autoconfig_http[0],
        verify_function=lambda account, password: None,
        credentials=credentials,
    )
    fill_address(wizard)
    wizard.next_button.click()
    qtbot.waitUntil(lambda: wizard.pages.currentIndex() == wizard.SETTINGS_PAGE, timeout=15_000)
    wizard.next_button.click()
    qtbot.waitUntil(lambda: wizard.pages.currentIndex() == wizard.DONE_PAGE, timeout=10_000)
    assert "No keyring" in wizard.done_label.text()
    (saved,) = AccountStore(profile).all()
    assert credentials.session.get(saved, "smtp") == "s3cret"
    wizard.shutdown()


def test_certificate_in_error_reads_host_and_fingerprint() -> None:
    error = untrusted_certificate_error("mail.example.test", FINGERPRINT, "expired")
    assert certificate_in_error(error) == ("mail.example.test", FINGERPRINT)
    assert certificate_in_error(MailError(ErrorKind.TLS, "handshake failed")) is None
    assert certificate_in_error(MailError(ErrorKind.AUTH, error.message)) is None


def test_certificate_dialog_shows_the_fingerprint_and_trusts_only_on_request(qtbot: QtBot) -> None:
    from qtmail.ui.dialogs.certificate import CertificateDialog

    dialog = CertificateDialog("mail.example.test", FINGERPRINT, "self-signed certificate")
    qtbot.addWidget(dialog)
    shown = dialog.fingerprint_view.toPlainText()
    assert shown.replace("\n", ":").split(":") == ["AB"] * 32
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.trust_button.click()
    assert dialog.result() == dialog.DialogCode.Accepted
    other = CertificateDialog("mail.example.test", FINGERPRINT, "")
    qtbot.addWidget(other)
    other.reject()
    assert other.result() == other.DialogCode.Rejected


def test_manual_setup_skips_discovery(qtbot: QtBot, tmp_path: Path) -> None:
    def must_not_run(address: str, settings: AutoconfigSettings) -> object:
        raise AssertionError("discovery ran")

    wizard = make_wizard(qtbot, Profile.in_directory(tmp_path / "p"), discover_function=must_not_run)
    fill_address(wizard, "kim@corp.example")
    assert wizard.manual_button.isVisibleTo(wizard)
    wizard.manual_button.click()
    assert wizard.pages.currentIndex() == wizard.SETTINGS_PAGE
    assert wizard.incoming_form.host.text() == "imap.corp.example"
    assert wizard.incoming_form.username.text() == "kim@corp.example"
    assert not wizard.manual_button.isVisibleTo(wizard)
    wizard.shutdown()
