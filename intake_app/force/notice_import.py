"""A batch's notices applied to the force's database: an amendment replaces the stored report of
that centre's report, an erasure deletes its content and attachments (and the fields kept in
clear beside them). Either leaves a row in ``report_changes`` (which batch, when); the report's
id, centre and reference stay.

Before anything is written, the whole batch is refused when a notice names a report another
centre sent or gives another reference than the one held (a centre never sees another's report
ids: such a batch is forged or broken), and when it names a report the force has not received
while earlier batches from that centre have not arrived (import those first). Otherwise each
notice has an outcome for the receipt, ``applied`` or ``refused`` with a reason:

- a report the force never received from this centre: refused;
- an amendment of an erased report: refused; an erasure of one: applied (there is nothing left);
- an amendment whose attachments are not those the force holds: refused;
- an amendment older than one already applied (a late batch): applied, the newer one kept.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from intake_app.force import content_keys, schema
from intake_app.force.backend import ForceDatabase
from intake_app.force.batch_file import BatchRefused
from intake_app.force.content_keys import ContentKeys
from intake_app.force.opening import OpenedBatch
from intake_app.support.i18n import N_, _

AMENDMENT, ERASURE = "amendment", "erasure"
APPLIED, REFUSED = "applied", "refused"

# The reasons a receipt gives, in English as every receipt's reasons are; the force's own
# command line says them in its language. {batch} is a batch's number.
NOT_RECEIVED = N_("not received: the force holds no such report from this centre")
ERASED_BEFORE = N_("erased by batch {batch}: nothing is left to correct")
ALREADY_ERASED = N_("already erased by batch {batch}")
OTHER_ATTACHMENTS = N_("its attachments are not those the force received with the report")
LATER_APPLIED = N_("a later correction (batch {batch}) was applied already and is kept")


@dataclass(frozen=True)
class NoticeOutcome:
    report_id: str
    reference: str
    kind: str
    outcome: str
    reason: str  # as a receipt says it (English)
    said: str  # the same, in the force's language


def _notices(opened: OpenedBatch) -> list[tuple[str, dict[str, Any]]]:
    return [(AMENDMENT, d) for d in opened.amendments] + [(ERASURE, d) for d in opened.erasures]


def check_notices(db: ForceDatabase, opened: OpenedBatch, missing: tuple[int, int] | None) -> None:
    """Refuse the batch, before anything is written, for a notice no centre could honestly
    send now. ``missing`` is the first and last batch number not yet arrived, if any."""
    for kind, document in _notices(opened):
        folder = "amendments" if kind == AMENDMENT else "erasures"
        name = f"{folder}/{document['id']}.json"
        held = db.one("SELECT centre_code, reference FROM reports WHERE id = ?", (document["id"],))
        if held is None:
            if missing is not None:
                raise BatchRefused(
                    # Translators: {name} is a file inside the batch (amendments/….json);
                    # {first} and {last} are batch numbers; {centre} is a centre's code.
                    _(
                        "{name} corrects or erases a report the force has not received, and "
                        "batches {first} to {last} from {centre} have not arrived. Import those "
                        "first. Nothing was imported."
                    ).format(
                        name=name, first=missing[0], last=missing[1], centre=opened.centre_code
                    )
                )
            continue
        if held[0] != opened.centre_code:
            raise BatchRefused(
                # Translators: {name} is a file inside the batch (erasures/….json).
                _(
                    "{name} names a report another centre sent. Nothing was imported: ask the "
                    "centre about this batch."
                ).format(name=name)
            )
        if held[1] != document["reference"]:
            raise BatchRefused(
                # Translators: {name} is a file inside the batch (erasures/….json).
                _(
                    "{name} gives another reference than the report the force holds. Nothing "
                    "was imported: ask the centre about this batch."
                ).format(name=name)
            )


def apply_notices(
    db: ForceDatabase, opened: OpenedBatch, sequence: int, now: str, keys: ContentKeys
) -> list[NoticeOutcome]:
    """Apply every notice (inside the caller's transaction), amendments first, and record each
    outcome for the receipt."""
    outcomes: list[NoticeOutcome] = []
    batch_id = opened.manifest["batch_id"]
    for kind, document in _notices(opened):
        found = _apply(db, keys, kind, document, batch_id, sequence, now)
        outcome, reason, values = found if found else (APPLIED, "", {})
        said = _(reason).format(**values) if reason else ""
        reason = reason.format(**values)
        outcomes.append(
            NoticeOutcome(document["id"], document["reference"], kind, outcome, reason, said)
        )
        db.execute(
            "INSERT INTO notice_outcomes VALUES (?, ?, ?, ?, ?, ?)",
            (batch_id, document["id"], document["reference"], kind, outcome, reason or None),
        )
    return outcomes


Refusal = tuple[str, str, dict[str, int]]  # outcome, reason (untranslated), its values


def _apply(
    db: ForceDatabase,
    keys: ContentKeys,
    kind: str,
    document: dict[str, Any],
    batch_id: str,
    sequence: int,
    now: str,
) -> Refusal | None:
    report_id = document["id"]
    if db.one("SELECT 1 FROM reports WHERE id = ?", (report_id,)) is None:
        return REFUSED, NOT_RECEIVED, {}
    erased = db.scalar(
        "SELECT max(sequence) FROM report_changes WHERE report_id = ? AND kind = 'erased'",
        (report_id,),
    )
    if erased is not None:
        if kind == ERASURE:
            return APPLIED, ALREADY_ERASED, {"batch": int(erased)}
        return REFUSED, ERASED_BEFORE, {"batch": int(erased)}
    if kind == ERASURE:
        db.execute("DELETE FROM attachments WHERE report_id = ?", (report_id,))
        db.execute(
            "UPDATE reports SET sealed = NULL, identifying = 0, status = ?, created_on = NULL, "
            "incident_on = NULL, consent = NULL WHERE id = ?",
            (schema.ERASED, report_id),
        )
        db.execute("DELETE FROM report_strands WHERE report_id = ?", (report_id,))
        _record(db, report_id, "erased", batch_id, sequence, now)
        return None
    if _attachments_held(db, keys, report_id) != {
        (a["member"], a["sha256"]) for a in document.get("attachments", [])
    }:
        return REFUSED, OTHER_ATTACHMENTS, {}
    latest = db.scalar(
        "SELECT max(sequence) FROM report_changes WHERE report_id = ? AND kind = 'amended'",
        (report_id,),
    )
    if latest is not None and int(latest) > sequence:
        return APPLIED, LATER_APPLIED, {"batch": int(latest)}
    sealed = keys.seal(json.dumps(document).encode("utf-8"), content_keys.report_context(report_id))
    db.execute(
        "UPDATE reports SET sealed = ?, identifying = ?, status = ? WHERE id = ?",
        (sealed, int(document["identifying_details"]), schema.AMENDED, report_id),
    )
    schema.store_clear_fields(db, report_id, document)
    _record(db, report_id, "amended", batch_id, sequence, now)
    return None


def _attachments_held(db: ForceDatabase, keys: ContentKeys, report_id: str) -> set[tuple[str, str]]:
    held = db.all("SELECT member, sealed FROM attachments WHERE report_id = ?", (report_id,))
    return {
        (
            str(member),
            hashlib.sha256(
                keys.open(sealed, content_keys.attachment_context(report_id, member))
            ).hexdigest(),
        )
        for member, sealed in held
    }


def _record(
    db: ForceDatabase, report_id: str, kind: str, batch_id: str, sequence: int, now: str
) -> None:
    db.execute(
        "INSERT INTO report_changes VALUES (?, ?, ?, ?, ?)",
        (report_id, kind, batch_id, sequence, now),
    )
