"""The audit log as a Qt table model: when, who, what (in words) and to which record."""

from __future__ import annotations

from intake_app.domain.dates import timestamp_for_people
from intake_app.services.audit import AuditEntry, AuditLog
from intake_app.ui.models.rows_model import Cell, RowsModel

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


class AuditModel(RowsModel[AuditEntry]):
    """The latest entries, newest first."""

    columns = ("When (UTC)", "Who", "What", "Which")

    def __init__(self, audit: AuditLog) -> None:
        super().__init__()
        self.audit = audit
        self.refresh()

    def refresh(self) -> None:
        self.apply(self.audit.readable())

    def key(self, row: AuditEntry) -> object:
        return row.seq

    def cell(self, row: AuditEntry, column: int) -> Cell:
        if column == 0:
            return Cell(timestamp_for_people(row.at, utc=True))
        if column == 1:
            return Cell(row.actor)
        if column == 2:
            return Cell(ACTIONS.get(row.action, row.action))
        return Cell(row.target or "", spoken="" if row.target else "No record")
