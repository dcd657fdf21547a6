"""Corrections: a coordinator puts a report right once it is ready.

A ready report that has not gone to the police (or that the force sent back, which is what a
rejection asks for) is simply corrected. A report the police have (in a batch waiting for the
force's receipt, or acknowledged) is corrected too, and the force is told: an amendment, the
corrected report as a batch carries it, waits for the next batch (``report_notices``). Its
consent cannot become "monitoring only" that way: taking a report back from the police is a
withdrawal. Every recipient besides the police that holds the report is told the same way, in
its own next batch; one the person no longer agrees may have it is asked to erase its copy. A
corrected report must still be complete; its statistics entries are replaced with it, and the
audit log names the fields that changed, as dotted paths (``person.phone,when.start``), never
their old or new values.
"""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from intake_app.domain.accounts import COORDINATOR, RECOVERY_ROLE, User
from intake_app.domain.report import Report
from intake_app.domain.report_display import field_label
from intake_app.domain.report_notice import AMENDMENT, ERASURE
from intake_app.domain.report_record import ReportRecord
from intake_app.domain.validation import problems
from intake_app.domain.vocabulary import Vocabulary
from intake_app.services import report_notices
from intake_app.services.context import ServiceContext
from intake_app.services.report_storage import save_content
from intake_app.statistics.entries import record_entries
from intake_app.storage.database import Database
from intake_app.support.errors import InvalidState, NotAllowed, ValidationFailed
from intake_app.support.i18n import _

ACTION = "report.corrected"
CORRECTABLE = ("ready", "exported", "acknowledged")

# Lists of choices compare as a whole: their order means nothing, so "strands[1]" would mislead.
# Offenders and witnesses compare person by person and field by field ("offenders[0].clothing").
WHOLE_LISTS = frozenset({"strands", "incident_types"})


class Correction(NamedTuple):
    """One correction as the audit log holds it: when (UTC), by whom, which fields."""

    at: str
    by: str
    paths: list[str]


def changed_paths(before: Report, after: Report) -> list[str]:
    """The dotted paths of the fields that differ, in the report's own order."""
    found: list[str] = []
    _compare("", before.to_dict(), after.to_dict(), found)
    return found


def _compare(path: str, old: object, new: object, found: list[str]) -> None:
    if path in WHOLE_LISTS:
        if old != new:
            found.append(path)
    elif isinstance(old, dict) and isinstance(new, dict):
        for key in [*old, *(k for k in new if k not in old)]:
            _compare(f"{path}.{key}" if path else str(key), old.get(key), new.get(key), found)
    elif isinstance(old, list) and isinstance(new, list):
        for i in range(max(len(old), len(new))):
            if i < len(old) and i < len(new):
                _compare(f"{path}[{i}]", old[i], new[i], found)
            else:  # one added or taken away
                found.append(f"{path}[{i}]")
    elif type(old) is not type(new) or old != new:
        found.append(path)


def check_may_correct(user: User) -> None:
    if user.role == COORDINATOR:
        return
    if user.role == RECOVERY_ROLE:
        raise NotAllowed(_("Sign in as a coordinator to correct a report."))
    raise NotAllowed(
        _("Only a coordinator can correct a report once it is ready. Ask a coordinator.")
    )


def _refusal(db: Database, report_id: str) -> str | None:
    """Why this report cannot be corrected now, or None if it can."""
    status = str(db.scalar("SELECT status FROM reports WHERE id = ?", (report_id,)))
    if status == "draft":
        return _(
            "This report is still a draft: change it in the form. "
            "Corrections are for reports already marked ready."
        )
    if status == "withdrawn":
        return _(
            "This report has been withdrawn and its personal data erased; it cannot be corrected."
        )
    if status == "purged":
        return _(
            "This report's personal data was erased at the end of its retention period; "
            "it cannot be corrected."
        )
    if status not in CORRECTABLE:
        # Translators: {status} is a report status code as stored (every status people see is
        # given its own message above; this is for one this version does not know).
        return _("A report that is {status} cannot be corrected.").format(status=status)
    return None


def _sent_refusal(report: Report) -> str | None:
    """Why a report the police have cannot take this correction, or None if it can."""
    if report.consent == "monitoring_only":
        return _(
            "The police already have this report, so its consent cannot become monitoring only "
            "by a correction. If the person no longer wants the police to have it, withdraw it: "
            "the force is then told to erase its copy."
        )
    return None


def _notice_for(report: Report, receiver: report_notices.Receiver) -> str:
    """What a receiver holding the report is told of its correction: the corrected report; but
    a recipient besides the police that the person no longer agrees may have it is asked to
    erase its copy."""
    if receiver is report_notices.FORCE or receiver in {s.recipient for s in report.shared_with}:
        return AMENDMENT
    return ERASURE


def correct(
    context: ServiceContext,
    vocabulary: Vocabulary,
    record: ReportRecord,
    report: Report,
    *,
    parental_rule: bool = True,
) -> ReportRecord:
    """Save ``report`` over the ready report ``record`` (already loaded and visible to the
    coordinator). Nothing is written or audited when nothing changed."""
    check_may_correct(context.user)
    db = context.db
    reason = _refusal(db, record.id)
    if reason:
        raise InvalidState(reason)
    paths = changed_paths(record.report, report)
    if not paths:
        return record
    found = problems(
        report,
        vocabulary,
        context.local_now(),
        complete=True,
        children_need_parental_consent=parental_rule,
    )
    if found:
        raise ValidationFailed(found)
    now = context.now_text()
    with db.transaction():
        reason = _refusal(db, record.id)  # again, now that the store is held
        holders = report_notices.holders(db, record.id)
        sent = report_notices.FORCE in holders
        reason = reason or (_sent_refusal(report) if sent else None)
        if reason:
            raise InvalidState(reason)
        status = str(db.scalar("SELECT status FROM reports WHERE id = ?", (record.id,)))
        save_content(db, record.id, report, now, status)
        record_entries(db, record.id, report, record.created_at, record.is_demo)
        context.audit.append(context.actor, ACTION, record.id, ",".join(paths))
        for receiver in holders:
            report_notices.queue(context, record.id, _notice_for(report, receiver), receiver)
    record.report, record.updated_at, record.status = report, now, status
    return record


def corrections(db: Database, report_id: str) -> list[Correction]:
    """Every correction of the report, oldest first, from the audit log."""
    rows = db.all(
        "SELECT a.at, coalesce(u.name, a.actor), coalesce(a.detail, '') FROM audit_log a "
        "LEFT JOIN users u ON u.id = a.actor WHERE a.action = ? AND a.target = ? ORDER BY a.seq",
        (ACTION, report_id),
    )
    return [Correction(str(r[0]), str(r[1]), [p for p in str(r[2]).split(",") if p]) for r in rows]


def correction_line(correction: Correction) -> str:
    """``Corrected on 21/11/2026 by Amina: Person › phone, When › start`` (local date)."""
    day = datetime.fromisoformat(correction.at).astimezone().strftime("%d/%m/%Y")
    fields = ", ".join(field_label(p) for p in correction.paths)
    # Translators: {date} is a date (21/11/2026), {name} a user's name, {fields} a list of the
    # fields corrected ("Person › phone, When › start").
    return _("Corrected on {date} by {name}: {fields}").format(
        date=day, name=correction.by, fields=fields
    )
