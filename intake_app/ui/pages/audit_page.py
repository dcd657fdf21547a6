"""The audit log, for coordinators: who did what to which record, and a check of the chain."""

from __future__ import annotations

import html

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from intake_app.app.session import Session
from intake_app.support.i18n import _
from intake_app.ui.models.audit_model import AuditModel
from intake_app.ui.widgets.row_table import RowTable


class AuditPage(QWidget):
    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.model = AuditModel(session.audit)
        self.table = RowTable(_("Audit log"), self.model)
        self.verify_button = QPushButton(_("&Check the log has not been altered"))
        self.verify_button.clicked.connect(self.verify)
        self.verdict = QLabel()
        self.verdict.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.verify_button)
        row.addWidget(self.verdict, 1)
        column = QVBoxLayout(self)
        title = html.escape(_("Audit log"), quote=False)
        about = html.escape(
            _(
                "The latest 500 entries. It records who did what and when, never what a report says."
            ),
            quote=False,
        )
        column.addWidget(QLabel(f"<h2>{title}</h2><p>{about}</p>"))
        column.addWidget(self.table, 1)
        column.addLayout(row)

    def refresh(self) -> None:
        self.model.refresh()

    def verify(self) -> None:
        verdict = self.session.verify_audit()
        self.verdict.setText(("✓ " if verdict.ok else "⚠ ") + verdict.message)
