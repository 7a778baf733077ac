"""The account wizard against the real lab: autoconfig over loopback, certificate trust, login, save."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from qtmail.core.accounts import AccountStore
from qtmail.core.autoconfig import AutoconfigSettings
from qtmail.core.credentials import CredentialStore
from qtmail.core.net.tls import normalize_fingerprint
from qtmail.core.profile import Profile
from qtmail.ui.dialogs.account_wizard import AccountWizard
from tests.conftest import require_tool
from tests.integration.accounts_helpers import lab_config_xml, serve_config

pytestmark = pytest.mark.lab  # needs Dovecot and Postfix: runs with the integration tier


@pytest.fixture(scope="module")
def wizard_lab(request: pytest.FixtureRequest) -> Iterator[Any]:
    """The shared ``lab`` fixture when the suite provides one, else a lab of this module's own."""
    try:
        yield request.getfixturevalue("lab")
        return
    except pytest.FixtureLookupError:
        pass
    from tests.lab import Lab, missing_tools

    require_tool(not missing_tools(), f"the mail lab ({', '.join(missing_tools())})")
    lab = Lab.start()
    try:
        yield lab
    finally:
        lab.stop()


@pytest.fixture
def lab_autoconfig(wizard_lab: Any) -> Iterator[AutoconfigSettings]:
    with serve_config(lab_config_xml(wizard_lab)) as (base, _requests):
        yield AutoconfigSettings(
            url_templates=(f"{base}/config.xml?emailaddress={{address}}",),
            use_provider_table=False,
            probe=False,
            timeout=10.0,
        )


def run_wizard(
    qtbot: QtBot, profile: Profile, settings: AutoconfigSettings, address: str, password: str
) -> tuple[AccountWizard, list[tuple[str, str]]]:
    wizard = AccountWizard(profile, autoconfig=settings, credentials=CredentialStore(profile))
    qtbot.addWidget(wizard)
    questions: list[tuple[str, str]] = []

    def trust(host: str, fingerprint: str, reason: str) -> bool:
        questions.append((host, fingerprint))
        return True

    wizard.ask_trust = trust  # type: ignore[method-assign]
    wizard.name_field.setText("Lab User")
    wizard.address_field.setText(address)
    wizard.password_field.setText(password)
    wizard.next_button.click()
    qtbot.waitUntil(lambda: wizard.pages.currentIndex() == wizard.SETTINGS_PAGE, timeout=20_000)
    wizard.next_button.click()
    qtbot.waitUntil(
        lambda: (
            wizard.pages.currentIndex() == wizard.DONE_PAGE
            or (wizard.next_button.isEnabled() and bool(wizard.status_label.text()))
        ),
        timeout=60_000,
    )
    return wizard, questions


def test_wizard_verifies_against_the_lab_trusting_its_certificate_and_saves(
    qtbot: QtBot, tmp_path: Path, wizard_lab: Any, lab_autoconfig: AutoconfigSettings
) -> None:
    from tests.integration.accounts_helpers import ready_user

    user: Any = ready_user(wizard_lab, "wizard")
    profile = Profile.in_directory(tmp_path / "p")
    wizard, questions = run_wizard(qtbot, profile, lab_autoconfig, user.address, user.password)
    assert wizard.pages.currentIndex() == wizard.DONE_PAGE, wizard.status_label.text()
    expected = normalize_fingerprint(wizard_lab.cert_fingerprint)
    assert questions and {fingerprint for _, fingerprint in questions} == {expected}
    (account,) = AccountStore(profile).all()
    assert account.incoming.trusted_fingerprints == (expected,)
    assert account.incoming.username == user.username
    assert wizard.credentials.get(account, "incoming") == user.password
    wizard.shutdown()


def test_wizard_reports_a_wrong_password_from_the_lab(
    qtbot: QtBot, tmp_path: Path, wizard_lab: Any, lab_autoconfig: AutoconfigSettings
) -> None:
    from tests.integration.accounts_helpers import ready_user

    user: Any = ready_user(wizard_lab, "wizard-bad")
    profile = Profile.in_directory(tmp_path / "p")
    wizard, _ = run_wizard(qtbot, profile, lab_autoconfig, user.address, user.password + "-wrong")
    assert wizard.pages.currentIndex() == wizard.SETTINGS_PAGE
    assert "did not accept the user name or password" in wizard.status_label.text()
    assert user.password not in wizard.status_label.text()
    assert AccountStore(profile).all() == []
    wizard.shutdown()
