"""The audit log as a Qt table model: when, who, what (in words) and to which record."""

from __future__ import annotations

from intake_app.domain.dates import timestamp_for_people
from intake_app.services.audit import AuditEntry, AuditLog
from intake_app.support.i18n import N_, _
from intake_app.ui.models.rows_model import Cell, RowsModel

# What each audit action is called on screen (the codes stay as they are in the log).
ACTIONS = {
    # Translators: the audit log's "What" column: what a person did, without saying who (the
    # "Who" column names them): "Set up the store", "Opened a report".
    "store.created": N_("Set up the store"),
    # Translators: in the audit log: the person unlocked the store (signed in).
    "session.unlocked": N_("Unlocked"),
    "session.unlocked_with_recovery_key": N_("Unlocked with the recovery key"),
    "user.added": N_("Added a user"),
    "user.deactivated": N_("Deactivated a user"),
    "user.passphrase_changed": N_("Changed their passphrase"),
    "user.passphrase_reset": N_("Reset a passphrase"),
    "user.keys_upgraded": N_("Was given new keys (first sign-in after an update)"),
    "recovery_key.keys_upgraded": N_("Gave the recovery key new keys (after an update)"),
    "recovery_key.replaced": N_("Made a new recovery key"),
    "centre.identity_changed": N_("Changed the centre's key for volunteers' work"),
    "workspace.created": N_("Made a volunteer's workspace"),
    "report.handed_over": N_("Handed a report to the centre"),
    "report.taken_in": N_("Took in a report from a volunteer"),
    "report.taken_from_workspace": N_("Took a departing volunteer's report in"),
    "report.created": N_("Created a report"),
    "report.viewed": N_("Opened a report"),
    "report.updated": N_("Changed a report"),
    "report.ready": N_("Marked a report ready"),
    "report.withdrawn": N_("Withdrew a report"),
    "report.corrected": N_("Corrected a report"),
    # Translators: in the audit log: a report the police already have was corrected, and the
    # correction waits for the next batch to the force.
    "notice.amendment_queued": N_("Queued a correction for the force"),
    # Translators: in the audit log: a report the police already have was withdrawn, and the
    # force is to be asked, with the next batch, to erase its copy.
    "notice.erasure_queued": N_("Queued an erasure for the force"),
    # Translators: in the audit log: a correction or an erasure went to the force in a batch.
    "notice.sent": N_("Sent a correction or erasure to the force"),
    "notice.confirmed": N_("The force confirmed a correction or erasure"),
    "notice.refused": N_("The force refused a correction or erasure"),
    "report.copy_made": N_("Made a copy of a report for the person"),
    "attachment.added": N_("Attached a file"),
    "attachment.viewed": N_("Viewed an attachment"),
    "attachment.changed": N_("Changed whether a file is shared"),
    "attachment.removed": N_("Removed an attachment"),
    "store.backed_up": N_("Made a backup"),
    "store.restored": N_("Restored a backup"),
    "settings.changed": N_("Changed a setting"),
    "demo.generated": N_("Added demo reports"),
    "statistics.exported": N_("Saved statistics"),
    "report.purged": N_("Deleted personal details (retention)"),
    "force_profile.imported": N_("Imported the force's profile"),
    "centre.signing_key_made": N_("Made the centre's signing key"),
    "batch.exported": N_("Wrote a batch for the police"),
    "batch.rewritten": N_("Wrote a batch again"),
    "receipt.imported": N_("Imported the force's receipt"),
    "leaflet.printed": N_("Printed a leaflet"),
    "leaflet.saved": N_("Saved a leaflet"),
}


class AuditModel(RowsModel[AuditEntry]):
    """The latest entries, newest first."""

    columns = (
        # Translators: a column header of the audit log: when something was done, in UTC.
        N_("When (UTC)"),
        # Translators: a column header of the audit log: who did something.
        N_("Who"),
        # Translators: a column header of the audit log: what they did.
        N_("What"),
        # Translators: a column header of the audit log: to which record (a report's reference).
        N_("Which"),
    )

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
            action = ACTIONS.get(row.action)
            return Cell(_(action) if action else row.action)
        # Translators: what a screen reader says for an audit entry about no particular record.
        return Cell(row.target or "", spoken="" if row.target else _("No record"))
