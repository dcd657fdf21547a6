"""The audit log, for coordinators: who did what to which record, and a check of the chain."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from intake_app.dates import timestamp_for_people
from intake_app.session import Session

ACTIONS = {
    "store.created": "Set up the store",
    "session.unlocked": "Unlocked",
    "session.unlocked_with_recovery_key": "Unlocked with the recovery key",
    "user.added": "Added a user",
    "user.deactivated": "Deactivated a user",
    "user.passphrase_changed": "Changed their passphrase",
    "user.passphrase_reset": "Reset a passphrase",
    "user.keys_upgraded": "Was given new keys (first sign-in after an update)",
    "recovery_key.keys_upgraded": "Gave the recovery key new keys (after an update)",
    "recovery_key.replaced": "Made a new recovery key",
    "centre.identity_changed": "Changed the centre's key for volunteers' work",
    "workspace.created": "Made a volunteer's workspace",
    "report.handed_over": "Handed a report to the centre",
    "report.taken_in": "Took in a report from a volunteer",
    "report.taken_from_workspace": "Took a departing volunteer's report in",
    "report.created": "Created a report",
    "report.viewed": "Opened a report",
    "report.updated": "Changed a report",
    "report.ready": "Marked a report ready",
    "report.withdrawn": "Withdrew a report",
    "report.corrected": "Corrected a ready report",
    "report.copy_made": "Made a copy of a report for the person",
    "attachment.added": "Attached a file",
    "attachment.viewed": "Viewed an attachment",
    "attachment.changed": "Changed whether a file is shared",
    "attachment.removed": "Removed an attachment",
    "store.backed_up": "Made a backup",
    "store.restored": "Restored a backup",
    "settings.changed": "Changed a setting",
    "demo.generated": "Added demo reports",
    "statistics.exported": "Saved statistics",
    "report.purged": "Deleted personal details (retention)",
    "force_profile.imported": "Imported the force's profile",
    "centre.signing_key_made": "Made the centre's signing key",
    "batch.exported": "Wrote a batch for the police",
    "batch.rewritten": "Wrote a batch again",
    "receipt.imported": "Imported the force's receipt",
    "leaflet.printed": "Printed a leaflet",
    "leaflet.saved": "Saved a leaflet",
}


class AuditPage(QWidget):
    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.table = QTableWidget(0, 4)
        self.table.setAccessibleName("Audit log")
        self.table.setHorizontalHeaderLabels(["When (UTC)", "Who", "What", "Which"])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.verify_button = QPushButton("&Check the log has not been altered")
        self.verify_button.clicked.connect(self.verify)
        self.verdict = QLabel()
        self.verdict.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.verify_button)
        row.addWidget(self.verdict, 1)
        column = QVBoxLayout(self)
        column.addWidget(QLabel("<h2>Audit log</h2><p>The latest 500 entries. It records who did "
                                "what and when, never what a report says.</p>"))  # fmt: skip
        column.addWidget(self.table, 1)
        column.addLayout(row)
        self.refresh()

    def refresh(self) -> None:
        entries = self.session.audit.readable()
        self.table.setRowCount(len(entries))
        for i, entry in enumerate(entries):
            when = timestamp_for_people(entry.at, utc=True)
            what = ACTIONS.get(entry.action, entry.action)
            for j, text in enumerate((when, entry.actor, what, entry.target or "")):
                self.table.setItem(i, j, QTableWidgetItem(text))

    def verify(self) -> None:
        verdict = self.session.verify_audit()
        self.verdict.setText(("✓ " if verdict.ok else "⚠ ") + verdict.message)
