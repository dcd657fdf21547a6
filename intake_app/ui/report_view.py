"""Reading one report (the guided editing form comes with the desktop-app work)."""

from __future__ import annotations

import html

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from intake_app.report_display import describe
from intake_app.report_record import ReportRecord
from intake_app.vocabulary import Vocabulary

DEMO_LINE = "Demo report — made up for practice; it is never sent to the police."


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
        demo = " — demo data, never sent to the police" if record.is_demo else ""
        browser.setHtml(
            f"<h2>{html.escape(record.reference)}</h2><p>Status: {record.status}{demo}</p>"
            + (f"<p><b>⚠ {html.escape(note)}</b></p>" if note else "")
            + f"<table cellpadding=4>{body}</table>"
        )
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        leaflet = buttons.addButton("&Leaflet…", QDialogButtonBox.ButtonRole.ActionRole)
        self.reference = record.reference
        leaflet.clicked.connect(self._leaflet)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if record.is_demo:
            banner = QLabel(f"<b>{DEMO_LINE}</b>")
            banner.setWordWrap(True)
            banner.setAccessibleName("Demo report")
            banner.setStyleSheet(
                "background: #fff4c2; color: #3d2e00; border: 2px solid #8a6d00; padding: 8px;"
            )
            layout.addWidget(banner)
        layout.addWidget(browser)
        layout.addWidget(buttons)

    def _leaflet(self) -> None:
        self.leaflet_requested.emit(self.reference)
        self.accept()
