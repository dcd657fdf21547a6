"""Words Qt draws itself (the buttons of message boxes and the setup wizard, the menu a text field
opens on right-click), translated in our catalogues for the languages Qt has no translation of
(Urdu, Panjabi, Gujarati, Bengali, Romanian, Somali, Welsh). Where Qt has one (Arabic, Polish),
Qt's own comes first."""

from __future__ import annotations

from PySide6.QtCore import QTranslator

from intake_app.support.i18n import pgettext


def NP_(context: str, text: str) -> tuple[str, str]:  # a gettext-style marker
    """Marks Qt's text for our catalogues, under Qt's own context name."""
    return context, text


# Translators: the contexts below are Qt's names for where these appear: QPlatformTheme is
# the buttons of message boxes (Yes, No, OK…), QWizard the setup wizard's buttons, QLineEdit and
# QWidgetTextControl the menu a text field opens on right-click. & marks the Alt key.
WORDS = (
    NP_("QPlatformTheme", "OK"),
    NP_("QPlatformTheme", "Save"),
    NP_("QPlatformTheme", "Open"),
    NP_("QPlatformTheme", "&Yes"),
    NP_("QPlatformTheme", "&No"),
    NP_("QPlatformTheme", "Abort"),
    NP_("QPlatformTheme", "Retry"),
    NP_("QPlatformTheme", "Ignore"),
    NP_("QPlatformTheme", "Close"),
    NP_("QPlatformTheme", "Cancel"),
    NP_("QPlatformTheme", "Discard"),
    NP_("QPlatformTheme", "Help"),
    NP_("QPlatformTheme", "Apply"),
    NP_("QPlatformTheme", "Reset"),
    NP_("QWizard", "< &Back"),
    NP_("QWizard", "&Next >"),
    NP_("QWizard", "&Finish"),
    NP_("QWizard", "Cancel"),
    NP_("QWizard", "Commit"),
    NP_("QLineEdit", "&Undo"),
    NP_("QLineEdit", "&Redo"),
    NP_("QLineEdit", "Cu&t"),
    NP_("QLineEdit", "&Copy"),
    NP_("QLineEdit", "&Paste"),
    NP_("QLineEdit", "Delete"),
    NP_("QLineEdit", "Select All"),
    NP_("QWidgetTextControl", "&Undo"),
    NP_("QWidgetTextControl", "&Redo"),
    NP_("QWidgetTextControl", "Cu&t"),
    NP_("QWidgetTextControl", "&Copy"),
    NP_("QWidgetTextControl", "&Paste"),
    NP_("QWidgetTextControl", "Delete"),
    NP_("QWidgetTextControl", "Select All"),
)
_KNOWN = frozenset(WORDS)


class QtWords(QTranslator):
    """Answers Qt's requests for the words above from our catalogue; anything else, or a word
    our catalogue lacks, is left to Qt."""

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        if (context, source) not in _KNOWN:
            return None
        said = pgettext(context, source)
        return said if said != source else None
