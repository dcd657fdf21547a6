"""The scrutiny panel's case pack: closed cases a coordinator chooses, redacted, as one PDF.

What is left out and why is in ``domain/scrutiny.py``. The redaction starts from what a report
passed on "without identifying details" leaves out (``exchange/plan.py``), then takes out the
remaining free text a person could be named in (injuries, loss, evidence notes, whom it was
reported to before, a vehicle), the exact day and time, and the person's own words unless a
volunteer checked them for names. The case's history comes from its timeline (the centre's steps
and the force's updates: how it was recorded, first contact, the outcome, closed), each to the
month, without the crime reference. Each case in a pack is audited against its report; the
questions are the centre's own (a coordinator's setting).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace

from intake_app.domain import police_copy
from intake_app.domain.accounts import COORDINATOR
from intake_app.domain.report import Evidence, Harm, History, Report, When
from intake_app.domain.report_display import describe
from intake_app.domain.report_record import ReportRecord
from intake_app.domain.scrutiny import (
    DEFAULT_QUESTIONS,
    MAX_QUESTION_LENGTH,
    MAX_QUESTIONS,
    month_of,
)
from intake_app.domain.text_rules import text_problem
from intake_app.domain.vocabulary import Vocabulary
from intake_app.exchange.plan import without_identifying_details
from intake_app.leaflets.report_copy import CopyContent, Line, Part
from intake_app.leaflets.report_copy_pdf import render_report_copy
from intake_app.services.case_timeline import (
    CLOSED,
    CRIME_REFERENCE,
    CaseTimeline,
    event_text,
    promise_text,
)
from intake_app.services.context import ServiceContext
from intake_app.services.reports import ReportService
from intake_app.statistics.figures import month_label
from intake_app.support.errors import IntakeError, InvalidState, NotAllowed
from intake_app.support.i18n import _, ngettext

QUESTIONS_KEY = "scrutiny_questions"
ACTION = "report.scrutiny_pack"
NOT_FOR_A_PACK = ("draft", "withdrawn", "purged")


def redacted(report: Report) -> Report:
    """The report as the panel sees it: nothing that could name the person."""
    shown = without_identifying_details(report)
    checked = police_copy.is_checked(report)
    return replace(
        shown,
        perception=shown.perception if checked else "",
        description=shown.description if checked else "",
        exact_words=shown.exact_words if checked else "",
        when=When(),  # the month is given apart
        harm=Harm(medical_help=shown.harm.medical_help),
        evidence=Evidence(
            cctv=shown.evidence.cctv,
            photos_or_video=shown.evidence.photos_or_video,
            online_screenshots=shown.evidence.online_screenshots,
        ),
        history=History(
            happened_before=shown.history.happened_before,
            reported_before=shown.history.reported_before,
        ),
        offenders=[replace(o, vehicle="", distinguishing_marks="") for o in shown.offenders],
    )


class ScrutinyPacks:
    def __init__(
        self,
        context: ServiceContext,
        reports: ReportService,
        *,
        vocabulary: Callable[[], Vocabulary],
        timeline: Callable[[str], CaseTimeline],
    ) -> None:
        self.context, self.db, self.reports = context, context.db, reports
        self.vocabulary = vocabulary
        self.timeline = timeline  # a report's history: the centre's and the force's

    def _require(self) -> None:
        if self.context.user.role != COORDINATOR:
            raise NotAllowed(
                _(
                    "Only a coordinator can make a case pack for the scrutiny panel. Ask a coordinator."
                )
            )

    # --- the questions --------------------------------------------------------------------------

    def questions(self) -> list[str]:
        """The centre's questions, or the ones it starts with (in the language spoken now)."""
        stored = self.db.scalar("SELECT value FROM store_meta WHERE key = ?", (QUESTIONS_KEY,))
        try:
            found = json.loads(str(stored)) if stored else None
        except json.JSONDecodeError:
            found = None
        if isinstance(found, list) and found and all(isinstance(q, str) for q in found):
            return found
        return [_(question) for question in DEFAULT_QUESTIONS]

    def set_questions(self, questions: list[str]) -> None:
        self._require()
        cleaned = [q.strip() for q in questions if q.strip()]
        if not cleaned:
            raise IntakeError(_("Give the panel at least one question."))
        if len(cleaned) > MAX_QUESTIONS:
            raise IntakeError(
                ngettext(
                    "A case pack can ask at most {count} question.",
                    "A case pack can ask at most {count} questions.",
                    MAX_QUESTIONS,
                ).format(count=MAX_QUESTIONS)
            )
        for number, question in enumerate(cleaned, 1):
            reason = text_problem(question, MAX_QUESTION_LENGTH, multiline=False)
            if reason:
                # Translators: {number} counts the questions from 1; {reason} says what is wrong.
                raise IntakeError(
                    _("Question {number}: {reason}").format(number=number, reason=reason)
                )
        with self.db.transaction():
            self.db.execute(
                "INSERT INTO store_meta (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (QUESTIONS_KEY, json.dumps(cleaned, ensure_ascii=False)),
            )
            self.context.audit.append(self.context.actor, "settings.changed", detail=QUESTIONS_KEY)

    # --- the pack -------------------------------------------------------------------------------

    def check(self, refs: list[str]) -> list[ReportRecord]:
        """The cases these references name, in the order given, once each; refused, naming
        the reference, unless every one can go in a pack: completed, its details still held,
        and closed by the force."""
        self._require()
        if not refs:
            raise IntakeError(_("Choose at least one case for the pack."))
        records = [self.reports.visible(ref) for ref in dict.fromkeys(refs)]
        for record in records:
            if record.status in NOT_FOR_A_PACK:
                raise InvalidState(
                    # Translators: {reference} is a report's reference, such as RIVA-2026-00012-7.
                    _(
                        "{reference} cannot go in a case pack: only a report that was completed, "
                        "and whose details are still held, can."
                    ).format(reference=record.reference)
                )
            if not any(event.kind == CLOSED for event in self.timeline(record.id).events):
                raise InvalidState(
                    # Translators: {reference} is a report's reference, such as RIVA-2026-00012-7.
                    _(
                        "{reference} is not closed: the force has not said so in its updates. "
                        "The panel reviews closed cases only; take it out of the list."
                    ).format(reference=record.reference)
                )
        return records

    def make(self, refs: list[str]) -> bytes:
        """The pack of these cases, in the order given; each is audited against its report."""
        records = self.check(refs)
        vocab = self.vocabulary()
        parts: list[Part] = []
        for number, record in enumerate(records, 1):
            parts += self._case(number, record, vocab)
        made = month_label(self.context.local_now().strftime("%Y-%m"))
        content = CopyContent(
            title=_("Case pack for the scrutiny panel"),
            reference_label=_("Cases in this pack"),
            reference=", ".join(record.reference for record in records),
            reference_hint=_(
                "Names, addresses, contact details and anything else that could identify the "
                "person are left out; dates go no finer than the month."
            ),
            facts=(
                Line("pair", self.context.centre.name, _("Centre")),
                Line("pair", made, _("Prepared")),
            ),
            parts=tuple(parts),
            footer=_("For the scrutiny panel only. Do not copy or pass on."),
            centre=self.context.centre.name,
            # Translators: the page numbers at the foot of each page; keep {page} and {pages}.
            page_label=_("Page {page} of {pages}"),
        )
        pdf = render_report_copy(content)
        with self.db.transaction():
            for record in records:
                self.context.audit.append(self.context.actor, ACTION, record.id)
        return pdf

    def _case(self, number: int, record: ReportRecord, vocab: Vocabulary) -> list[Part]:
        report = record.report
        lines = [Line("pair", value, label) for label, value in describe(redacted(report), vocab)]
        month = month_of(report.when.start)
        if month:
            lines.insert(0, Line("pair", month_label(month), _("When it happened")))
        if not police_copy.is_checked(report) and any(
            getattr(report, name).strip() for name in police_copy.FREE_TEXT
        ):
            lines.append(
                Line(
                    "text",
                    _(
                        "The person's own words are left out: nobody has checked them for names "
                        "(as a volunteer does for a report passed on without details)."
                    ),
                )
            )
        timeline = self.timeline(record.id)
        lines.append(Line("subheading", _("What happened to the report")))
        lines += [Line("pair", text, when) for when, text in self._history(timeline)]
        if timeline.promises:
            # Translators: a heading in the scrutiny pack: the force's promises for the case
            # (first contact, updates) and whether each was kept.
            lines.append(Line("subheading", _("The force's promises")))
            lines += [
                Line("bullet", promise_text(promise, lambda by: month_label(by.strftime("%Y-%m"))))
                for promise in timeline.promises
            ]
        # Translators: a heading: {number} counts the cases in the pack; {reference} is the case's.
        heading = _("Case {number}: {reference}").format(number=number, reference=record.reference)
        questions = tuple(Line("question", question) for question in self.questions())
        return [
            Part(heading, tuple(lines), new_page=number > 1),  # a case starts a page
            # Translators: a heading; {number} counts the cases in the pack.
            Part(_("The panel's questions on case {number}").format(number=number), questions),
        ]

    def _history(self, timeline: CaseTimeline) -> list[tuple[str, str]]:
        """(month, what happened) from the centre's records and the force's updates, oldest
        first: the crime reference (an identifier) left out, every day made its month."""
        events = timeline.events
        return [
            (month_label(month_of(event.day)), event_text(event))
            for event in events
            if event.kind != CRIME_REFERENCE and month_of(event.day)
        ]
