"""The language on screen: the app's own catalogue, Qt's for its standard dialogs, the direction
of the layout (right to left for Arabic and Urdu), and the chooser a person picks it with."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, Qt, QTranslator
from PySide6.QtWidgets import QApplication, QComboBox, QWidget

from intake_app.support import i18n
from intake_app.support.i18n import _
from intake_app.ui.qt_words import QtWords

_qt_translators: list[QTranslator] = []
# "Save (&S)": how a language whose script is not on the keyboard keeps the English Alt key.
_BRACKETED_KEY = re.compile(r"\s*\(&[^&\s]\)")


def apply_language(code: str, folder: Path | None = None) -> i18n.Language:
    """Speak ``code`` from now on: Intake's catalogue, Qt's own (the buttons of its standard
    dialogs, where Qt has one for the language), the locale for dates and numbers Qt shows, and
    the direction of every layout. Windows already open keep their words until rebuilt."""
    language = i18n.use(code, folder)
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return language
    for translator in _qt_translators:
        app.removeTranslator(translator)
    _qt_translators.clear()
    base = language.code.split("-")[0]
    ours = QtWords(app)  # Qt's own words where Qt has no translation; installed first, so
    app.installTranslator(ours)  # Qt's translation, where there is one, is asked before it
    _qt_translators.append(ours)
    qt_folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    translator = QTranslator(app)
    if base != "en" and translator.load(f"qtbase_{base}", qt_folder):
        app.installTranslator(translator)
        _qt_translators.append(translator)
    QLocale.setDefault(QLocale(base if base != "en" else "en_GB"))
    _use_script_font(app, base)
    app.setLayoutDirection(
        Qt.LayoutDirection.RightToLeft if language.right_to_left else Qt.LayoutDirection.LeftToRight
    )
    return language


# The bundled font a language's script is measured in: Arabic script stands taller than Latin
# (Noto Naskh Arabic's lines are a quarter higher), and measured by a Latin font its rows, table
# headers and buttons cut the letters off. Latin text in those windows falls back to the usual font.
SCRIPT_FONTS = {"ar": "Noto Naskh Arabic", "ur": "Noto Naskh Arabic"}
_usual_families: list[str] = []


def _use_script_font(app: QApplication, base: str) -> None:
    font = app.font()
    if not _usual_families:
        _usual_families.extend(font.families() or [font.family()])
    script = SCRIPT_FONTS.get(base)
    families = [script, *_usual_families] if script else list(_usual_families)
    if font.families() != families:
        font.setFamilies(families)
        app.setFont(font)


def without_mnemonic(label: str) -> str:
    """A label as words, for reuse elsewhere (a screen reader's name, a "go to" link): without
    the Alt key's "&", or its bracketed "(&S)" in Arabic, Urdu, Bengali, Gujarati and Panjabi."""
    text = _BRACKETED_KEY.sub("", label)
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def review_note(language: i18n.Language) -> str:
    """Whether a fluent speaker has checked this language's words, said in the current language."""
    if language.code == "en":
        return ""
    reviewer = i18n.reviewed_by(language.code)
    if reviewer:
        return _("reviewed by {reviewer}").format(reviewer=reviewer)
    return _("not yet reviewed by a fluent speaker")


class LanguageChooser(QComboBox):
    """Every language Intake speaks, each named in itself and in English ("Polski (Polish)"),
    so a person can find theirs whatever the screen is showing now."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        for language in i18n.LANGUAGES:
            self.addItem(language.label, language.code)
        self.setCurrentIndex(max(0, self.findData(i18n.current().code)))
        # Translators: the name of the list of languages, for screen readers; the English word
        # is said after it, so a person who does not read the current language can find it.
        name = _("Language")
        self.setAccessibleName(name if name == "Language" else f"{name} · Language")

    def chosen(self) -> str:
        return str(self.currentData())
