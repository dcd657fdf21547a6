"""The force's update files applied at the centre: what it recorded each report as, its crime
reference, first contact, outcome and closure.

The signature is checked against the imported force profile's key before anything is read
(``exchange.case_updates``). Then the whole file is refused, with nothing written, when it is
for another centre or from another force, when it names a report this centre never sent (or
under another reference), when its number was applied before with other content (a replay), or
when it skips a number (a file in between has not been imported: import that first). The same
file imported again changes nothing, and says so.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import NamedTuple

from intake_app.domain.accounts import COORDINATOR
from intake_app.exchange.case_updates import UpdatesInvalid, read_updates
from intake_app.exchange.force_profile_format import public_key, stored_profile
from intake_app.services.context import ServiceContext
from intake_app.support.errors import IntakeError
from intake_app.support.i18n import _


class UpdatesApplied(NamedTuple):
    sequence: int
    updates: int
    already_imported: bool = False


class CaseUpdates:
    """Importing the force's update files, and reading them back."""

    def __init__(self, context: ServiceContext) -> None:
        self.context = context

    def import_file(self, raw: bytes) -> UpdatesApplied:
        context = self.context
        context.require(COORDINATOR)
        profile = stored_profile(context.db)
        if profile is None:
            raise IntakeError(
                _("Import the force's profile first: it holds the key updates are checked with.")
            )
        updates = read_updates(raw, public_key(profile))
        digest = hashlib.sha256(raw).hexdigest()
        db = context.db
        if updates.centre_code != context.centre.code or updates.force_code != profile.force_code:
            raise UpdatesInvalid(
                _("That update file is for another centre, or from another force. Nothing changed.")
            )
        seen = db.one("SELECT sequence FROM case_update_files WHERE file_sha256 = ?", (digest,))
        if seen is not None:
            return UpdatesApplied(int(seen[0]), len(updates.updates), already_imported=True)
        last = int(db.scalar("SELECT coalesce(max(sequence), 0) FROM case_update_files") or 0)
        if updates.sequence <= last:
            raise UpdatesInvalid(
                # Translators: {number} is the update file's number.
                _(
                    "Update file {number} was imported before, with other content: this copy "
                    "is a replay or was changed. Nothing changed; tell the force."
                ).format(number=updates.sequence)
            )
        if updates.sequence > last + 1:
            raise UpdatesInvalid(
                # Translators: {first} and {last} are numbers of update files.
                _(
                    "Update files {first} to {last} from the force have not been imported. "
                    "Import them first (ask the force to write them again if they are lost). "
                    "Nothing changed."
                ).format(first=last + 1, last=updates.sequence - 1)
            )
        for update in updates.updates:
            sent = db.one(
                "SELECT 1 FROM reports r JOIN batch_members m ON m.report_id = r.id "
                "WHERE r.id = ? AND r.reference = ?",
                (update.report_id, update.reference),
            )
            if sent is None:
                raise UpdatesInvalid(
                    _(
                        "That update file names a report this centre never sent to the force. "
                        "Nothing changed; tell the force."
                    )
                )
        now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        with db.transaction():
            db.execute(
                "INSERT INTO case_update_files VALUES (?, ?, ?, ?, ?, ?)",
                (updates.sequence, digest, updates.force_code, updates.created_at, now,
                 len(updates.updates)),
            )  # fmt: skip
            for update in updates.updates:
                db.execute(
                    "INSERT INTO case_updates (report_id, file_sequence, updated_on, "
                    "crime_reference, recorded_as, contacted_on, outcome, closed) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (update.report_id, updates.sequence, update.updated_on.isoformat(),
                     update.crime_reference, update.recorded_as,
                     update.contacted_on.isoformat() if update.contacted_on else None,
                     update.outcome, int(update.closed)),
                )  # fmt: skip
            context.audit.append(
                context.actor,
                "case_updates.imported",
                str(updates.sequence),
                str(len(updates.updates)),
            )
        return UpdatesApplied(updates.sequence, len(updates.updates))
