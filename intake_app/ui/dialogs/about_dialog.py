"""About Intake: the version, the engine underneath, and the licences of the bundled parts."""

from __future__ import annotations

import html
import platform

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import qVersion
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTextBrowser, QVBoxLayout, QWidget

from intake_app import __version__
from intake_app.app.unlocking import engine_versions
from intake_app.support import i18n
from intake_app.support.errors import IntakeError
from intake_app.support.i18n import N_, _, pgettext
from intake_app.support.third_party import components
from intake_app.ui.language import review_note
from intake_app.ui.widgets.layout_helpers import fit_to_screen

QT_NOTE = N_(
    "Qt and Qt for Python are used under the GNU Lesser General Public License version 3: you may "
    "replace the Qt libraries in the installed folder with your own build of the same version."
)


def about_html() -> str:
    try:
        cipher, sqlite = engine_versions()
        engine = f"SQLCipher {cipher}, SQLite {sqlite}"
    except IntakeError as exc:
        engine = str(exc)
    rows = "".join(
        f"<tr><td><b>{html.escape(c.name)}</b> {html.escape(c.version)}</td>"
        # A part's purpose is translated if support.third_party marks it (N_); else as written.
        f"<td>{html.escape(_(c.purpose))}</td><td>{html.escape(c.licence)}</td></tr>"
        for c in components()
    )
    # Translators: {version} is the app's version number, such as 1.4.0.
    title = _("Intake {version}").format(version=__version__)
    # Translators: {engine} names the database engine and its version ("SQLCipher 4.6, SQLite
    # 3.46"), or says why it is missing.
    engine_line = _("Database engine: {engine}").format(engine=engine)
    versions = f"Qt {qVersion()}, PySide6 {pyside_version}, Python {platform.python_version()}"
    # Translators: column headers in the About box's table of bundled software.
    headers = (pgettext("bundled software", "Part"), _("Used for"), _("Licence"))
    parts = _("Parts it is built from")
    header_row = "".join(f"<th align='left'>{html.escape(h)}</th>" for h in headers)
    about = _("Taking reports of hate crime and hate incidents at third-party reporting centres.")
    # Translators: OFL.txt is a file's name; keep it as it is.
    fonts = _("The Noto fonts' licence travels with them (OFL.txt in the fonts folder).")
    return (
        f"<h2>{html.escape(title)}</h2>"
        f"<p>{html.escape(about)}</p>"
        f"<p>{html.escape(engine_line)}<br>{html.escape(versions)}</p>"
        f"{languages_html()}"
        f"<h3>{html.escape(parts)}</h3>"
        f"<table cellpadding='3'><tr>{header_row}</tr>{rows}</table>"
        f"<p>{html.escape(_(QT_NOTE))}</p>"
        f"<p>{html.escape(fonts)}</p>"
    )


def languages_html() -> str:
    """The languages Intake speaks, and whether a fluent speaker has reviewed each yet."""
    rows = "".join(
        f"<li>{html.escape(language.label)}"
        + (f" — {html.escape(note)}" if (note := review_note(language)) else "")
        + "</li>"
        for language in i18n.LANGUAGES
    )
    heading = _("Languages")
    # Translators: docs/translating.md is a file's name; keep it as it is.
    how = _(
        "The translations were written by the Intake team. If you speak one of these languages "
        "well, docs/translating.md says how to review it."
    )
    return f"<h3>{html.escape(heading)}</h3><ul>{rows}</ul><p>{html.escape(how)}</p>"


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("About Intake"))
        self.text = QTextBrowser()
        self.text.setAccessibleName(_("About Intake"))
        self.text.setHtml(about_html())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addWidget(QLabel(_("Version, engine and licences:")))
        column.addWidget(self.text, 1)
        column.addWidget(buttons)
        fit_to_screen(self, 720, 560)
