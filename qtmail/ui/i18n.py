"""Pick the interface language and install Qt translators for it.

The language comes from ``QTMAIL_LANG`` when set (e.g. ``ko``, ``ko_KR``, ``en``),
else from the system locale. Our own strings are in ``qtmail/data/translations``
(compiled ``.qm`` files shipped inside the package); Qt's own strings (standard
buttons, file dialogs) come from the translations that ship with Qt.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

LANG_ENV = "QTMAIL_LANG"
CATALOGUE = "qtmail"
_ENGLISH = ("C", "POSIX", "en")


def translations_dir() -> Path:
    """Where the compiled ``qtmail_<lang>.qm`` files live inside the installed package."""
    return Path(__file__).resolve().parent.parent / "data" / "translations"


def choose_locale(environ: Mapping[str, str] | None = None) -> QLocale:
    """``QTMAIL_LANG`` wins over the system locale; an empty or unknown value falls back."""
    env = os.environ if environ is None else environ
    wanted = env.get(LANG_ENV, "").strip()
    if wanted:
        wanted = wanted.split(".", 1)[0].replace("-", "_")  # accept ko_KR.UTF-8 and ko-KR
        if wanted in _ENGLISH or wanted.startswith("en_"):
            return QLocale("en_US")
        locale = QLocale(wanted)
        if locale.language() != QLocale.Language.C:
            return locale
    return QLocale.system()


def available_languages() -> list[str]:
    """Languages we ship a catalogue for, besides English (the source language)."""
    directory = translations_dir()
    if not directory.is_dir():
        return []
    found = (p.stem.removeprefix(CATALOGUE + "_") for p in directory.glob(f"{CATALOGUE}_*.qm"))
    return sorted(language for language in found if language != "en")  # en: plural forms only


class _CatalogueTranslator(QTranslator):
    """Our catalogue, with a fallback to strings lupdate filed without a class context.

    Module-level helpers call ``QCoreApplication.translate("MainWindow", text)`` with a
    variable ``text``; lupdate records their literal ``tr("...")`` calls under the empty
    context, so a miss in the asked context is retried there.
    """

    def translate(
        self, context: str, source_text: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        found = super().translate(context, source_text, disambiguation, n)
        if not found and context:
            found = super().translate("", source_text, disambiguation, n)
        return found or None  # None (a null QString) lets Qt ask the next translator


class Translators:
    """The translators installed on the application; ``remove()`` takes them out again."""

    def __init__(self, app: QCoreApplication, locale: QLocale) -> None:
        self.app = app
        self.locale = locale
        self.installed: list[QTranslator] = []
        self.ours_loaded = False

    def _install(self, translator: QTranslator) -> None:
        translator.setParent(self.app)
        self.app.installTranslator(translator)
        self.installed.append(translator)

    def load(self) -> Translators:
        directory = str(translations_dir())
        ours = _CatalogueTranslator()
        english = self.locale.language() in (QLocale.Language.English, QLocale.Language.C)
        if not english and ours.load(self.locale, CATALOGUE, "_", directory):
            self._install(ours)
            self.ours_loaded = True
        elif ours.load(QLocale("en_US"), CATALOGUE, "_", directory):
            # English (and languages we have no catalogue for) still want "1 message", "2 messages".
            self._install(ours)
        if english:
            return self
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        qt_own = QTranslator()
        if qt_own.load(self.locale, "qtbase", "_", qt_dir):
            self._install(qt_own)
        return self

    def remove(self) -> None:
        for translator in self.installed:
            self.app.removeTranslator(translator)
            translator.deleteLater()
        self.installed.clear()
        self.ours_loaded = False


def install_translators(app: QCoreApplication | None = None, locale: QLocale | None = None) -> Translators:
    """Install translators for ``locale`` (default: :func:`choose_locale`) on ``app``.

    Call before any window is built: widgets translate their strings when created.
    """
    application = app if app is not None else QCoreApplication.instance()
    if application is None:
        raise RuntimeError("install_translators needs a QCoreApplication")
    chosen = locale if locale is not None else choose_locale()
    QLocale.setDefault(chosen)
    return Translators(application, chosen).load()
