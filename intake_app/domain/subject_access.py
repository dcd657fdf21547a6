"""What the centre holds about the person in one report, for a subject access request (the right
of access under UK GDPR): the report as stored, its photos and documents, the text the police
get, what was sent to the force and when, the corrections, the follow-ups, its links to other
reports (without another person's data), and who opened, printed or sent it.

``Holdings`` is gathered by ``services/subject_access.py``; ``as_json`` gives the
machine-readable file (dates as ISO 8601, codes as stored) and ``leaflets/subject_access_pdf.py``
sets the readable one. A withdrawn or purged report still has holdings: the anonymous facts kept
for figures, its dates, and the record of what was done with it.
"""

from __future__ import annotations

from dataclasses import dataclass

from intake_app.domain import police_copy
from intake_app.domain.centre import Centre
from intake_app.domain.follow_up import FollowUp
from intake_app.domain.report import CONSENT_LABELS
from intake_app.domain.report_links import LINK_REASONS
from intake_app.domain.report_record import AttachmentInfo, ReportRecord
from intake_app.domain.report_sharing import sharing_summary
from intake_app.support.i18n import _

FORMAT = "intake-subject-access/1"
ERASED = ("withdrawn", "purged")  # statuses whose personal data has been erased


@dataclass(frozen=True)
class HeldFile:
    """An attached photo or document, and the neutral name its copy has in the folder."""

    info: AttachmentInfo
    file_name: str


@dataclass(frozen=True)
class SentInBatch:
    """One batch the report went to the force in, and what the force's receipt said of it."""

    sequence: int
    exported_at: str  # UTC, ISO 8601
    force_code: str
    force_name: str
    outcome: str  # waiting | accepted | rejected
    receipt_at: str  # when the force's receipt was imported ("" while waiting)
    reason: str  # the force's reason for sending it back ("" otherwise)


@dataclass(frozen=True)
class Corrected:
    at: str  # UTC, ISO 8601
    by: str  # the user's name
    fields: tuple[str, ...]  # dotted paths (``person.phone``)


@dataclass(frozen=True)
class Logged:
    """One entry of the audit log about the report (or a batch it went in)."""

    at: str  # UTC, ISO 8601
    by: str  # the user's name
    action: str  # the code the log holds (``report.viewed``)
    what: str  # the action in words, in the language spoken when the holdings were gathered
    detail: str  # what the log adds (never report content): a language, a field list…


@dataclass(frozen=True)
class Linked:
    """A link from the report to another report, as the person may see it: why and when, and
    the other report's reference only when it is about the same person (their own report). A
    link for the same place, the same offender or another reason says no more than that it
    exists: the other report, and the note on the link, may be about someone else."""

    reason: str  # a code of ``LINK_REASONS``
    linked_at: str  # UTC, ISO 8601
    other_reference: str  # "" unless the reason is the same person

    @property
    def in_words(self) -> str:
        return _(LINK_REASONS.get(self.reason, self.reason))


@dataclass(frozen=True)
class Holdings:
    record: ReportRecord
    centre: Centre
    made_at: str  # UTC, ISO 8601
    made_by: str  # the coordinator's name
    erased_at: str  # when the personal data was erased ("" if it was not)
    files: tuple[HeldFile, ...]
    batches: tuple[SentInBatch, ...]
    corrections: tuple[Corrected, ...]
    activity: tuple[Logged, ...]
    follow_ups: tuple[FollowUp, ...] = ()  # contacts, referrals and notes after the hand-off
    links: tuple[Linked, ...] = ()  # to other reports, as much as the person may see

    @property
    def erased(self) -> bool:
        return self.record.status in ERASED


@dataclass(frozen=True)
class PoliceWords:
    """The person's own words as the police get them (``[removed]`` where words were taken out),
    the words taken out, and whether a volunteer confirmed the result names nobody."""

    perception: str
    description: str
    words_taken_out: tuple[str, ...]
    checked: bool


def police_words(holdings: Holdings) -> PoliceWords | None:
    """The police copy's words, when the report is passed on without identifying details."""
    report = holdings.record.report
    if report.consent != police_copy.WITHOUT_DETAILS or holdings.erased:
        return None
    texts = police_copy.police_text(report)
    return PoliceWords(
        texts["perception"],
        texts["description"],
        tuple(report.police_copy.removed),
        police_copy.is_checked(report),
    )


def as_json(holdings: Holdings) -> dict[str, object]:
    """Everything held, as the JSON file gives it."""
    record, report = holdings.record, holdings.record.report
    to_police, kept, _sentence = sharing_summary(report, demo=record.is_demo)
    label = CONSENT_LABELS.get(report.consent)
    words = police_words(holdings)
    return {
        "format": FORMAT,
        "made_at": holdings.made_at,
        "made_by": holdings.made_by,
        "centre": {"name": holdings.centre.name, "code": holdings.centre.code},
        "reference": record.reference,
        "status": record.status,
        "demo": record.is_demo,
        "created_at": record.created_at,
        "updated_at": record.updated_at,
        "personal_data_erased": holdings.erased,
        "erased_at": holdings.erased_at or None,
        "report": report.to_dict(),
        "consent": {
            "choice": report.consent,
            "in_words": _(label) if label else "",
            "passed_to_police": [_(item) for item in to_police],
            "kept_at_centre": [_(item) for item in kept],
        },
        "police_copy": None
        if words is None
        else {
            "perception": words.perception,
            "description": words.description,
            "words_taken_out": list(words.words_taken_out),
            "checked_that_it_names_nobody": words.checked,
        },
        "attachments": [
            {
                "name": held.info.label,
                "type": held.info.media_type,
                "size": held.info.size,
                "added_at": held.info.added_at,
                "shared_with_police": held.info.share_with_police,
                "file": held.file_name,
            }
            for held in holdings.files
        ],
        "sent_to_police": [
            {
                "batch": batch.sequence,
                "exported_at": batch.exported_at,
                "force": {"code": batch.force_code, "name": batch.force_name},
                "receipt": {
                    "status": batch.outcome,
                    "imported_at": batch.receipt_at or None,
                    "reason": batch.reason or None,
                },
            }
            for batch in holdings.batches
        ],
        "corrections": [
            {"at": c.at, "by": c.by, "fields": list(c.fields)} for c in holdings.corrections
        ],
        "follow_ups": [
            {
                "at": f.created_at,
                "kind": f.kind,
                "method": f.method or None,
                "referred_to": f.agency or None,
                "referral": f.referral_state or None,
                "text": f.text,
                "next_action": f.next_action or None,
                "due_on": f.due_on.isoformat() if f.due_on else None,
            }
            for f in holdings.follow_ups
        ],
        "links": [
            {
                "reason": link.reason,
                "in_words": link.in_words,
                "linked_at": link.linked_at,
                "other_report": link.other_reference or None,
            }
            for link in holdings.links
        ],
        "activity": [
            {"at": e.at, "by": e.by, "action": e.action, "what": e.what, "detail": e.detail or None}
            for e in holdings.activity
        ],
    }
