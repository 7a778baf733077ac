"""Screenshots of the composer (Korean, with attachments) and the account dialogs (see screenshots.py)."""

from __future__ import annotations

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QWidget

from qtmail.core.accounts import Account, Identity, ServerSettings
from qtmail.core.errors import ErrorKind, MailError
from tests.screenshots import ShotContext, shot


def _korean(context: ShotContext) -> None:
    """Show the shot in Korean; undone after the picture is taken."""
    from qtmail.ui.i18n import install_translators

    previous = QLocale()
    translators = install_translators(locale=QLocale("ko_KR"))

    def undo() -> None:
        translators.remove()
        QLocale.setDefault(previous)

    context.cleanups.append(undo)


def _account(signature: str = "김민지 드림\n기획팀 · 02-123-4567") -> Account:

    return Account(
        name="회사 메일",
        identities=(
            Identity("김민지", "minji@example.kr", signature),
            Identity("기획팀", "planning@example.kr", ""),
        ),
        incoming=ServerSettings("imap", "imap.example.kr", username="minji@example.kr"),
        smtp=ServerSettings("smtp", "smtp.example.kr", security="starttls", username="minji@example.kr"),
    )


@shot("composer")
def composer_with_attachments(context: ShotContext) -> QWidget:
    """The composer in Korean: a reply-like message with three attachments dropped in."""
    from qtmail.ui.composer import Prefill, open_composer
    from qtmail.ui.workers import ManualTimerFactory

    _korean(context)
    files_dir = context.profile.cache_dir / "files"
    files_dir.mkdir(parents=True, exist_ok=True)
    files = []
    for name, size in (
        ("3분기_보고서.pdf", 482_113),
        ("회의록_11월.docx", 51_200),
        ("현장 사진.jpg", 2_310_000),
    ):
        path = files_dir / name
        path.write_bytes(b"\0" * size)
        files.append(path)
    window = open_composer(
        [_account()],
        profile=context.profile,
        prefill=Prefill(
            to="이준호 <junho@example.kr>, Sarah Park <sarah@example.com>",
            cc="기획팀 <planning@example.kr>",
            subject="3분기 보고서와 회의록 공유",
            body="준호 님, 안녕하세요.\n\n요청하신 3분기 보고서와 지난 회의록을 첨부합니다.\n"
            "현장 사진도 함께 보냅니다. 검토 후 의견 부탁드립니다.\n",
            files=files,
        ),
        timers=ManualTimerFactory(),
    )
    window.ask_close = lambda: "discard"  # type: ignore[method-assign]
    window.resize(860, 660)
    context.cleanups.append(window.discard)
    context.settle()
    return window


@shot("account_wizard")
def account_wizard_settings(context: ShotContext) -> QWidget:
    """The account wizard's server settings page in Korean."""
    from qtmail.ui.dialogs.account_wizard import AccountWizard

    _korean(context)
    wizard = AccountWizard(context.profile)
    wizard.name_field.setText("김민지")
    wizard.address_field.setText("minji@example.kr")
    wizard.account_name_field.setText("회사 메일")
    wizard._fill_settings(
        ServerSettings("imap", "imap.example.kr", username="minji@example.kr"),
        ServerSettings("smtp", "smtp.example.kr", security="starttls", username="minji@example.kr"),
    )
    wizard.source_label.setText(wizard.tr("Found the settings published by your provider."))
    wizard.status_label.setText(wizard.explain(_auth_error()))
    wizard._show_page(wizard.SETTINGS_PAGE)
    wizard.show()
    context.cleanups.append(wizard.close)
    context.settle()
    return wizard


def _auth_error() -> MailError:
    return MailError(
        ErrorKind.AUTH, "incoming server: imap.example.kr refused the login (AUTHENTICATIONFAILED)"
    )


@shot("certificate_dialog")
def certificate_dialog(context: ShotContext) -> QWidget:
    """The certificate trust question with its SHA-256 fingerprint, in Korean."""
    from qtmail.ui.dialogs.certificate import CertificateDialog

    _korean(context)
    dialog = CertificateDialog(
        "mail.example.kr", "3F" + "A1C4" * 15 + "9E", "self-signed certificate in certificate chain"
    )
    dialog.show()
    context.cleanups.append(dialog.close)
    context.settle()
    return dialog


@shot("account_settings")
def account_settings(context: ShotContext) -> QWidget:
    """The account settings dialog in Korean, on the identities tab."""
    from qtmail.core.accounts import AccountStore
    from qtmail.ui.dialogs.account_settings import AccountSettingsDialog

    _korean(context)
    account = AccountStore(context.profile).add(_account())
    dialog = AccountSettingsDialog(context.profile, account)
    dialog.show()
    context.cleanups.append(dialog.close)
    context.settle()
    return dialog
