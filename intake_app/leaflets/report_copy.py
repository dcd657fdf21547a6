"""What goes on the person's copy of their report: the reference, the centre, where the report
is now, who gets what under their consent, and what was recorded, section by section, in plain
words. Only sections with something in them are shown. Attachments are counted, never shown.

Every label comes from ``copy_wording``; this module only decides what is said.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from intake_app.domain.report import Offender, Witness
from intake_app.domain.report_record import ReportRecord
from intake_app.domain.report_sharing import LINKS_KEPT, sharing_summary
from intake_app.domain.vocabulary import Vocabulary
from intake_app.leaflets import copy_wording as w
from intake_app.leaflets.render import CentreDetails


@dataclass(frozen=True)
class Line:
    kind: str  # pair (label and value) | text | bullet | subheading | question (room below)
    text: str
    label: str = ""


@dataclass(frozen=True)
class Part:
    heading: str
    lines: tuple[Line, ...]
    new_page: bool = False  # starts on a page of its own (each case in a scrutiny pack)


@dataclass(frozen=True)
class CopyContent:
    title: str
    reference_label: str
    reference: str
    reference_hint: str
    facts: tuple[Line, ...]
    parts: tuple[Part, ...]
    footer: str
    centre: str
    page_label: str  # with {page} and {pages} still to fill in


def _pairs(*items: tuple[str, str]) -> list[Line]:
    return [Line("pair", value, label) for label, value in items if value.strip()]


class _Builder:
    def __init__(self, record: ReportRecord, vocab: Vocabulary, say: w.Wording) -> None:
        self.record, self.report, self.vocab, self.say = record, record.report, vocab, say

    def yes_no(self, value: bool | None) -> str:
        return "" if value is None else self.say(w.YES if value else w.NO)

    def day(self, value: date) -> str:
        month = self.say(w.MONTHS[value.month - 1])
        return self.say(w.DAY, day=value.day, month=month, year=value.year)

    def moment(self, text: str) -> str:
        """``2026-03-14T18:30`` as "14 March 2026 at 18:30"; anything else as it was typed."""
        for pattern, with_time in (("%Y-%m-%dT%H:%M", True), ("%Y-%m-%d", False)):
            try:
                parsed = datetime.strptime(text, pattern)
            except ValueError:
                continue
            shown = self.day(parsed.date())
            return self.say(w.DAY_AND_TIME, day=shown, time=text[11:16]) if with_time else shown
        return text

    def part(self, heading: str, lines: list[Line]) -> list[Part]:
        return [Part(self.say(heading), tuple(lines))] if lines else []

    # --- where it is and who gets what ----------------------------------------------------------

    def status(self) -> list[Part]:
        status, consent = self.record.status, self.report.consent
        key = "ready_kept" if status == "ready" and consent == "monitoring_only" else status
        text = w.STATUS.get(key)
        return self.part(w.STATUS_HEADING, [Line("text", self.say(text))] if text else [])

    def shared_item(self, item: str) -> str:
        person = self.report.reporter_type in ("victim", "")
        wording = w.SHARED_ITEMS.get(item) if person else None
        text = self.say(wording) if wording else self.say(item)
        return text[:1].upper() + text[1:]

    def sharing(self) -> list[Part]:
        to_police, kept, sentence = sharing_summary(self.report)
        # The person's copy lists what stays of what they said; the centre's links between
        # reports are its own working notes (and never leave it), so the copy does not name them.
        kept = [item for item in kept if item != LINKS_KEPT]
        consent = self.report.consent
        if consent not in w.CONSENT:
            return self.part(w.SHARING_HEADING, [Line("text", self.say(w.NO_CONSENT))])
        person = self.report.reporter_type in ("victim", "")
        lines = [Line("text", self.say(w.CONSENT[consent]) if person else self.say(sentence))]
        for heading, items in ((w.POLICE_GET, to_police), (w.CENTRE_KEEPS, kept)):
            if items:
                lines.append(Line("subheading", self.say(heading)))
                lines += [Line("bullet", self.shared_item(item)) for item in items]
        return self.part(w.SHARING_HEADING, lines)

    # --- what was recorded ----------------------------------------------------------------------

    def people(self) -> list[Part]:
        r, say = self.report, self.say
        victim = r.reporter_type in ("victim", "")
        person = _pairs(
            (say(w.NAME), r.person.name),
            (say(w.DATE_OF_BIRTH), self.moment(r.person.date_of_birth)),
            (say(w.ADDRESS), r.person.address),
            (say(w.POSTCODE), r.person.postcode),
            (say(w.PHONE), r.person.phone),
            (say(w.EMAIL), r.person.email),
            (say(w.UNDER_18), say(w.YES) if r.under_18 else ""),
            (say(w.PARENT_AGREES), self.yes_no(r.parental_consent) if r.under_18 else ""),
            (say(w.AT_RISK), say(w.YES) if r.adult_at_risk else ""),
        )
        organisation = r.victim_type == "organisation"
        if organisation:  # the organisation first, then who to contact there
            kind = w.ORGANISATION_KINDS.get(r.organisation.kind)
            contact = (
                [Line("subheading", say(w.CONTACT_AT_ORGANISATION)), *person] if person else []
            )
            person = [
                *_pairs(
                    (say(w.TARGETED), say(w.VICTIM["organisation"])),
                    (say(w.ORGANISATION_NAME), r.organisation.name),
                    (say(w.ORGANISATION_KIND), say(kind) if kind else r.organisation.kind),
                ),
                *contact,
            ]
        if r.anonymous:
            person.insert(0, Line("text", say(w.ANONYMOUS)))
        reporter = _pairs(
            (say(w.WHO_TOLD_US), "" if victim else say(w.REPORTER.get(r.reporter_type, ""))),
            (say(w.NAME), r.reporter.name),
            (say(w.RELATIONSHIP), r.reporter.relationship),
            (say(w.ORGANISATION), r.reporter.organisation),
            (say(w.PHONE), r.reporter.phone),
            (say(w.EMAIL), r.reporter.email),
        )
        if organisation:
            return self.part(w.TARGETED, person) + self.part(w.REPORTER_HEADING, reporter)
        if victim:
            return self.part(w.ABOUT_YOU, person) + self.part(w.REPORTER_HEADING, reporter)
        return self.part(w.REPORTER_HEADING, reporter) + self.part(w.THE_PERSON, person)

    def what(self) -> list[Part]:
        r, say = self.report, self.say
        kinds = []
        for code in r.incident_types:
            term = self.vocab.incident_type(code)
            kinds.append(self.say.term(term.english) if term else code)
        strands = []
        for choice in r.strands:
            strand = self.vocab.strand(choice.strand)
            label = self.say.term(strand.english) if strand else choice.strand
            sub = strand.sub_category(choice.sub_category) if strand else None
            named = self.say.term(sub.english) if sub else choice.sub_category
            strands.append(f"{label} ({named})" if named else label)
        what = _pairs(
            (say(w.KINDS), ", ".join(kinds)),
            (say(w.IN_YOUR_WORDS), r.description),
            (say(w.EXACT_WORDS), r.exact_words),
        )
        seen_by = [say(w.PERCEIVERS[code]) for code in r.perceived_by if code in w.PERCEIVERS]
        why = _pairs(
            (say(w.BECAUSE_OF), ", ".join(strands)),
            (say(w.IN_YOUR_WORDS), r.perception),
            (say(w.PERCEIVED_BY), ", ".join(seen_by)),
        )
        return self.part(w.WHAT_HAPPENED, what) + self.part(w.WHY, why)

    def when_where(self) -> list[Part]:
        r, say = self.report, self.say
        when = self.moment(r.when.start)
        if r.when.start and r.when.end:
            when = say(w.BETWEEN, start=when, end=self.moment(r.when.end))
        place = self.vocab.place_type(r.where.place_type)
        return self.part(w.WHEN_WHERE, _pairs(
            (say(w.WHEN), when),
            (say(w.PLACE), self.say.term(place.english) if place else r.where.place_type),
            (say(w.ADDRESS), r.where.address),
            (say(w.POSTCODE), r.where.postcode),
            (say(w.ROUTE), r.where.transport_route),
            (say(w.ONLINE), r.where.online_platform),
            (say(w.MORE_ABOUT_PLACE), r.where.details),
        ))  # fmt: skip

    def offender(self, number: int, o: Offender) -> list[Line]:
        say = self.say
        lines = _pairs(
            (say(w.NAME), o.name),
            (say(w.KNOWN), self.yes_no(o.known_to_victim)),
            (say(w.SEX), o.sex),
            (say(w.AGE), o.age_range),
            (say(w.HEIGHT), o.height),
            (say(w.BUILD), o.build),
            (say(w.HAIR), o.hair),
            (say(w.MARKS), o.distinguishing_marks),
            (say(w.CLOTHING), o.clothing),
            (say(w.VEHICLE), o.vehicle),
            (say(w.RECOGNISE), self.yes_no(o.could_recognise)),
        )
        return [Line("subheading", say(w.OFFENDER, number=number)), *lines] if lines else []

    def who(self) -> list[Part]:
        count = self.report.offender_count
        lines = _pairs((self.say(w.HOW_MANY), "" if count is None else str(count)))
        for number, offender in enumerate(self.report.offenders, 1):
            lines += self.offender(number, offender)
        return self.part(w.WHO_DID_IT, lines)

    def witness(self, number: int, person: Witness) -> list[Line]:
        say = self.say
        lines = _pairs(
            (say(w.NAME), person.name),
            (say(w.PHONE), person.phone),
            (say(w.EMAIL), person.email),
            (say(w.NOTES), person.notes),
        )
        return [Line("subheading", say(w.WITNESS, number=number)), *lines] if lines else []

    def attachments(self) -> str:
        added = len(self.record.attachments)
        if not added:
            return ""
        first = self.say.plural(*w.ADDED, added)
        if self.report.consent == "monitoring_only":
            second = self.say.plural(*w.ALL_KEPT, added)
        else:
            shared = sum(1 for a in self.record.attachments if a.share_with_police)
            second = self.say.plural(*w.SHARED, shared) if shared else self.say(w.NONE_SHARED)
        return self.say(w.JOIN, first=first, second=second)

    def evidence(self) -> list[Part]:
        say, e = self.say, self.report.evidence
        lines: list[Line] = []
        for number, person in enumerate(self.report.witnesses, 1):
            lines += self.witness(number, person)
        lines += _pairs(
            (say(w.CCTV), self.yes_no(e.cctv)),
            (say(w.PHOTOS), self.yes_no(e.photos_or_video)),
            (say(w.SCREENSHOTS), self.yes_no(e.online_screenshots)),
            (say(w.NOTES), e.notes),
            (say(w.ATTACHMENTS), self.attachments()),
        )
        return self.part(w.WITNESSES_EVIDENCE, lines)

    def harm_and_history(self) -> list[Part]:
        say, h, past = self.say, self.report.harm, self.report.history
        harm = _pairs(
            (say(w.INJURIES), h.injuries),
            (say(w.MEDICAL_HELP), self.yes_no(h.medical_help)),
            (say(w.LOSS), h.loss_or_damage),
        )
        before = _pairs(
            (say(w.HAPPENED_BEFORE), self.yes_no(past.happened_before)),
            (say(w.REPORTED_BEFORE), self.yes_no(past.reported_before)),
            (say(w.REPORTED_TO), past.reported_to),
        )
        return self.part(w.HARM, harm) + self.part(w.BEFORE, before)

    def support_and_contact(self) -> list[Part]:
        r, say, c = self.report, self.say, self.report.contact
        support = _pairs(
            (say(w.REFERRAL), self.yes_no(r.referral_to_support)),
            (say(w.INTERPRETER), r.interpreter_language),
            (say(w.ACCESS_NEEDS), r.access_needs),
        )
        officer = w.OFFICER_SEX.get(c.officer_sex)
        contact = _pairs(
            (say(w.BY_PHONE), self.yes_no(c.phone_ok)),
            (say(w.VISIT), self.yes_no(c.visit_ok)),
            (say(w.LETTER), self.yes_no(c.letter_ok)),
            (say(w.BY_EMAIL), self.yes_no(c.email_ok)),
            (say(w.PLAIN_CLOTHES), self.yes_no(c.plain_clothes_officer)),
            (say(w.OFFICER), say(officer) if officer else c.officer_sex),
            (say(w.BEST_TIMES), c.best_times),
            (say(w.TRUSTED_PERSON), self.yes_no(c.through_trusted_person)),
            (say(w.TRUSTED_DETAILS), c.trusted_person),
        )
        heading = w.POLICE_CONTACT if r.consent == "police_with_contact" else w.CONTACT
        return self.part(w.SUPPORT, support) + self.part(heading, contact)


def copy_content(
    record: ReportRecord,
    vocab: Vocabulary,
    centre: CentreDetails,
    *,
    taken_on: date,
    made_on: date,
    wording: w.Wording | None = None,
) -> CopyContent:
    """The copy of ``record`` for the person who made the report, in ``wording``'s language."""
    say = wording or w.Wording()
    b = _Builder(record, vocab, say)
    centre_lines = [centre.name, centre.address, centre.phone]
    facts = _pairs(
        (say(w.TAKEN_BY), "\n".join(line for line in centre_lines if line.strip())),
        (say(w.TAKEN_ON), b.day(taken_on)),
        (say(w.MADE_ON), b.day(made_on)),
    )
    parts = [
        *b.status(),
        *b.sharing(),
        *b.people(),
        *b.what(),
        *b.when_where(),
        *b.who(),
        *b.evidence(),
        *b.harm_and_history(),
        *b.support_and_contact(),
    ]
    return CopyContent(
        title=say(w.TITLE),
        reference_label=say(w.REFERENCE),
        reference=record.reference,
        reference_hint=say(w.REFERENCE_HINT),
        facts=tuple(facts),
        parts=tuple(parts),
        footer=say(w.FOOTER),
        centre=centre.name,
        page_label=say(w.PAGE, reference=record.reference, page="{page}", pages="{pages}"),
    )
