"""The force's updates on reports it received, written as one signed file per centre.

Each file takes that centre's next sequence number, kept in ``update_files`` with the signed
bytes, sealed under the content keys as reports are (so a lost file can be written again,
unchanged, with ``intake-force update --again``, and the database never holds its crime
references and outcomes in clear).
The number is taken and the file written in one transaction: a file that could not be written
uses no number.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

import minisign

from intake_app.exchange.case_updates import (
    RECORDED_AS,
    CaseUpdate,
    UpdateFile,
    parse_document,
    sign_updates,
    value_problem,
)
from intake_app.force.backend import ForceDatabase, lock_centre
from intake_app.force.content_keys import ContentKeys, hold, update_file_context
from intake_app.support.errors import IntakeError
from intake_app.support.i18n import _
from intake_app.support.untrusted import quoted


@dataclass(frozen=True)
class UpdateRequest:
    """One update as typed at the force, before it is tied to a report the force holds."""

    reference: str
    crime_reference: str
    recorded_as: str
    contacted_on: date | None = None
    outcome: str = ""
    closed: bool = False


def request_from_json(item: object) -> UpdateRequest:
    """One entry of ``--from FILE.json``; IntakeError names what is wrong."""
    allowed = {"reference", "crime_reference", "recorded_as", "contacted_on", "outcome", "closed"}
    if not isinstance(item, dict) or not set(item) <= allowed or "reference" not in item:
        raise IntakeError(
            _(
                "Each update in the file needs 'reference', 'crime_reference' and "
                "'recorded_as', and may have 'contacted_on', 'outcome' and 'closed'."
            )
        )
    contacted = item.get("contacted_on")
    try:
        day = None if contacted in (None, "") else date.fromisoformat(str(contacted))
    except ValueError:
        raise IntakeError(
            _("The date of first contact must be written YYYY-MM-DD, such as 2026-11-20.")
        ) from None
    texts = [item.get(k, "") for k in ("reference", "crime_reference", "recorded_as", "outcome")]
    closed = item.get("closed", False)
    if not all(isinstance(t, str) for t in texts) or type(closed) is not bool:
        raise IntakeError(_("An update in the file has a value of the wrong kind."))
    return UpdateRequest(texts[0], texts[1], texts[2], day, texts[3], closed)


def _checked(db: ForceDatabase, request: UpdateRequest, today: date) -> tuple[str, CaseUpdate]:
    row = db.one(
        "SELECT id, centre_code, reference FROM reports WHERE reference = ?",
        (request.reference.strip(),),
    )
    if row is None:
        raise IntakeError(
            # Translators: {reference} is what was typed as a report's reference.
            _("The force holds no report {reference}.").format(reference=quoted(request.reference))
        )
    if request.recorded_as not in RECORDED_AS:
        raise IntakeError(
            # Translators: {choices} lists the four words, kept in English.
            _("'Recorded as' must be one of: {choices}.").format(choices=", ".join(RECORDED_AS))
        )
    if not request.crime_reference.strip():
        raise IntakeError(_("Give the crime or incident reference the force gave the report."))
    for name, label, value in (
        ("crime_reference", _("The crime reference"), request.crime_reference.strip()),
        ("outcome", _("The outcome"), request.outcome.strip()),
    ):
        problem = value_problem(name, value)
        if problem:
            # Translators: {what} is "The crime reference" or "The outcome"; {reason} says why.
            raise IntakeError(
                _("{what} cannot be sent. {reason}").format(what=label, reason=problem)
            )
    if request.contacted_on is not None and request.contacted_on > today:
        raise IntakeError(_("The date of first contact is in the future."))
    update = CaseUpdate(
        report_id=str(row[0]),
        reference=str(row[2]),
        updated_on=today,
        crime_reference=request.crime_reference.strip(),
        recorded_as=request.recorded_as,
        contacted_on=request.contacted_on,
        outcome=request.outcome.strip(),
        closed=request.closed,
    )
    return str(row[1]), update


def write_updates(
    db: ForceDatabase,
    keys: ContentKeys,
    force_code: str,
    requests: Sequence[UpdateRequest],
    secret: minisign.SecretKey,
    write: Callable[[bytes], None],
    *,
    now: datetime | None = None,
) -> UpdateFile:
    """Check every request, take the centre's next number, sign, and ``write`` the file; all or
    nothing. Every request must be for a report of the same centre."""
    moment = now or datetime.now(UTC)
    checked = [_checked(db, r, moment.date()) for r in requests]
    if not checked:
        raise IntakeError(_("Name at least one report to update."))
    centres = {centre for centre, _update in checked}
    if len(centres) != 1:
        raise IntakeError(
            _("One update file goes to one centre: these reports came from different centres.")
        )
    centre = centres.pop()
    with db.transaction():
        lock_centre(db, centre)  # another writer of this centre's files waits for this one
        hold(db, keys)  # the key it seals with stays while it does
        last = db.scalar("SELECT max(sequence) FROM update_files WHERE centre_code = ?", (centre,))
        updates = UpdateFile(
            force_code=force_code,
            centre_code=centre,
            sequence=int(last or 0) + 1,
            created_at=moment.strftime("%Y-%m-%dT%H:%M:%SZ"),
            updates=tuple(update for _centre, update in checked),
        )
        parse_document(updates.to_json())  # what the centre will check, checked before signing
        signed = sign_updates(updates, secret)
        db.execute(
            "INSERT INTO update_files VALUES (?, ?, ?, ?, ?)",
            (
                centre,
                updates.sequence,
                updates.created_at,
                len(updates.updates),
                keys.seal(signed, update_file_context(centre, updates.sequence)),
            ),
        )
        write(signed)
    return updates


def written_before(db: ForceDatabase, keys: ContentKeys, centre: str, sequence: int) -> bytes:
    """A file written before, byte for byte, to send again."""
    signed = db.scalar(
        "SELECT signed FROM update_files WHERE centre_code = ? AND sequence = ?",
        (centre, sequence),
    )
    if signed is None:
        raise IntakeError(
            # Translators: {number} is an update file's number, {centre} a centre's code.
            _("No update file {number} was written for centre {centre}.").format(
                number=sequence, centre=quoted(centre)
            )
        )
    return keys.open(signed, update_file_context(centre, sequence))
