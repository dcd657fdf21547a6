"""About Intake: the version, the engine underneath, and the licences of the bundled parts."""

from __future__ import annotations

import html
import platform

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import qVersion
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTextBrowser, QVBoxLayout, QWidget

from intake_app import __version__
from intake_app.app.unlocking import engine_versions
from intake_app.support.errors import IntakeError
from intake_app.support.third_party import components
from intake_app.ui.widgets.layout_helpers import fit_to_screen

QT_NOTE = (
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
        f"<td>{html.escape(c.purpose)}</td><td>{html.escape(c.licence)}</td></tr>"
        for c in components()
    )
    return (
        f"<h2>Intake {html.escape(__version__)}</h2>"
        "<p>Taking reports of hate crime and hate incidents at third-party reporting centres.</p>"
        f"<p>Database engine: {html.escape(engine)}<br>"
        f"Qt {html.escape(qVersion())}, PySide6 {html.escape(pyside_version)}, "
        f"Python {html.escape(platform.python_version())}</p>"
        "<h3>Parts it is built from</h3>"
        f"<table cellpadding='3'><tr><th align='left'>Part</th><th align='left'>Used for</th>"
        f"<th align='left'>Licence</th></tr>{rows}</table>"
        f"<p>{html.escape(QT_NOTE)}</p>"
        "<p>The Noto fonts' licence travels with them (OFL.txt in the fonts folder).</p>"
    )


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("About Intake")
        self.text = QTextBrowser()
        self.text.setAccessibleName("About Intake")
        self.text.setHtml(about_html())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addWidget(QLabel("Version, engine and licences:"))
        column.addWidget(self.text, 1)
        column.addWidget(buttons)
        fit_to_screen(self, 720, 560)
