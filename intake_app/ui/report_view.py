"""Reading one report (the guided editing form comes with the desktop-app work)."""

from __future__ import annotations

import html

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from intake_app.report_display import describe
from intake_app.report_record import ReportRecord
from intake_app.ui.report_copy_actions import CopyForPersonButton
from intake_app.vocabulary import Vocabulary


class ReportView(QDialog):
    leaflet_requested = Signal(str)  # the reference

    def __init__(
        self, record: ReportRecord, vocab: Vocabulary, parent: QWidget | None = None, note: str = ""
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Report {record.reference}")
        self.resize(640, 720)
        browser = QTextBrowser()
        browser.setAccessibleName("Report details")
        body = "".join(
            f"<tr><th align=left valign=top>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>"
            for k, v in describe(record.report, vocab)
        )
        demo = " — demo data" if record.is_demo else ""
        browser.setHtml(
            f"<h2>{html.escape(record.reference)}</h2><p>Status: {record.status}{demo}</p>"
            + (f"<p><b>⚠ {html.escape(note)}</b></p>" if note else "")
            + f"<table cellpadding=4>{body}</table>"
        )
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        leaflet = buttons.addButton("&Leaflet…", QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button = CopyForPersonButton()  # the window that opens the view serves it
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.reference = record.reference
        leaflet.clicked.connect(self._leaflet)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(browser)
        layout.addWidget(buttons)

    def _leaflet(self) -> None:
        self.leaflet_requested.emit(self.reference)
        self.accept()
