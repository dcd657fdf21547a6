"""The readable answer to a subject access request, as an A4 PDF: the person's copy of the report
(``report_copy``: what was recorded, section by section, who gets what), set by the same
typesetter (``report_copy_pdf``), with what else the centre holds added after it: the record's
dates (and, for a withdrawn or purged report, when its personal data was erased), the words the
police get, the photos and documents and their names in the folder, the batches it went to the
force in and the force's receipts, the corrections, the follow-ups, the links to other reports
(another report named only when it is about the same person), and the audit log's entries.

Dates are in UK order, in this computer's time zone; the JSON file beside it has them as ISO 8601.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from intake_app.domain.dates import timestamp_for_people, uk
from intake_app.domain.report_display import field_label, status_label
from intake_app.domain.subject_access import Holdings, police_words
from intake_app.domain.vocabulary import Vocabulary
from intake_app.leaflets.copy_wording import Wording
from intake_app.leaflets.render import CentreDetails
from intake_app.leaflets.report_copy import CopyContent, Line, Part, copy_content
from intake_app.leaflets.report_copy_pdf import render_report_copy
from intake_app.support.i18n import _, ngettext, number, pgettext


def _yes_no(value: bool) -> str:
    return pgettext("a report's answer", "yes") if value else pgettext("a report's answer", "no")


def _pair(label: str, value: str) -> list[Line]:
    return [Line("pair", value, label)] if value.strip() else []


def _day(stamp: str) -> str:
    """A stored UTC time as the local day, ``14/03/2026``."""
    return timestamp_for_people(stamp).split(" ")[0]


def _erased(holdings: Holdings) -> list[Part]:
    if not holdings.erased:
        return []
    day = _day(holdings.erased_at) if holdings.erased_at else "-"
    if holdings.record.status == "withdrawn":
        # Translators: {date} is the day the report was withdrawn (14/03/2026).
        text = _(
            "This report was withdrawn on {date}. That day the person's name and contact "
            "details, everything said in their own words and every attached file were erased "
            "for good. What remains is below: the anonymous facts the centre keeps for its "
            "figures, and the record of what was done with the report."
        )
    else:
        # Translators: {date} is the day the personal data was erased (14/03/2026).
        text = _(
            "The personal data in this report was erased on {date}, at the end of the time the "
            "centre keeps reports for: the person's name and contact details, everything said "
            "in their own words and every attached file. What remains is below: the anonymous "
            "facts the centre keeps for its figures, and the record of what was done with the "
            "report."
        )
    # Translators: a heading in the answer to a subject access request.
    return [Part(_("Personal data erased"), (Line("text", text.format(date=day)),))]


def _record(holdings: Holdings) -> list[Part]:
    record = holdings.record
    lines = [
        *_pair(_("Status"), status_label(record.status)),
        # Translators: when the report was first saved, a date and time (14/03/2026 18:30:05).
        *_pair(_("Created"), timestamp_for_people(record.created_at)),
        # Translators: when the report was last changed, a date and time (14/03/2026 18:30:05).
        *_pair(_("Last changed"), timestamp_for_people(record.updated_at)),
    ]
    if holdings.erased and holdings.erased_at:
        lines += _pair(_("Personal data erased"), timestamp_for_people(holdings.erased_at))
    # Translators: a heading: the report's status and dates.
    return [Part(_("About this record"), tuple(lines))]


def _police(holdings: Holdings) -> list[Part]:
    words = police_words(holdings)
    if words is None:
        return []
    lines = [
        Line(
            "text",
            _(
                "The report is passed to the police without identifying details. These are the "
                "person's own words as the police get them: [removed] stands where words that "
                "could name someone were taken out."
            ),
        ),
        *_pair(field_label("perception"), words.perception),
        *_pair(field_label("description"), words.description),
        *_pair(_("Words taken out"), "\n".join(words.words_taken_out)),
        *_pair(_("Checked that it names nobody"), _yes_no(words.checked)),
    ]
    # Translators: a heading: the free text of the report as the police receive it.
    return [Part(_("The words the police get"), tuple(lines))]


def _files(holdings: Holdings) -> list[Part]:
    lines: list[Line] = []
    for held in holdings.files:
        info = held.info
        # Translators: a file's size; {size} is a number.
        size = ngettext("{size} byte", "{size} bytes", info.size).format(size=number(info.size))
        lines += [
            Line("subheading", info.label),
            # Translators: the kind of a file, such as "image/png" or "application/pdf".
            *_pair(_("Kind of file"), info.media_type),
            *_pair(_("Size"), size),
            # Translators: when the file was attached, a date and time.
            *_pair(_("Added"), timestamp_for_people(info.added_at)),
            *_pair(_("Shared with the police"), _yes_no(info.share_with_police)),
            # Translators: the name of the file's copy in the folder written for the request.
            *_pair(_("Its copy in the folder"), held.file_name),
        ]
    # Translators: a heading: the photos and documents attached to the report.
    return [Part(_("Photos and documents held"), tuple(lines))] if lines else []


def _receipt(outcome: str, at: str, reason: str) -> str:
    if outcome == "accepted":
        # Translators: {date} is the day the force's receipt was imported (14/03/2026).
        return _("The force confirmed it has the report ({date}).").format(date=_day(at))
    if outcome == "rejected":
        # Translators: {date} is a day (14/03/2026); {reason} is the force's reason, as written.
        return _("The force sent it back ({date}): {reason}").format(date=_day(at), reason=reason)
    return _("Waiting for the force's receipt.")


def _batches(holdings: Holdings) -> list[Part]:
    if not holdings.batches:
        lines = [Line("text", _("It has not been sent to the police."))]
    else:
        lines = []
        for batch in holdings.batches:
            lines += [
                # Translators: {number} is a batch's number (the batches are numbered 1, 2, 3…).
                Line("subheading", _("Batch {number}").format(number=batch.sequence)),
                # Translators: when the batch file for the police was written, a date and time.
                *_pair(_("Written"), timestamp_for_people(batch.exported_at)),
                # Translators: the police force the batch was written for.
                *_pair(_("Police force"), batch.force_name or batch.force_code),
                *_pair(
                    _("The force's receipt"),
                    _receipt(batch.outcome, batch.receipt_at, batch.reason),
                ),
            ]
    # Translators: a heading: the batches the report went to the police in.
    return [Part(_("Sent to the police"), tuple(lines))]


def _corrections(holdings: Holdings) -> list[Part]:
    lines: list[Line] = []
    for correction in holdings.corrections:
        fields = ", ".join(field_label(path) for path in correction.fields)
        # Translators: {name} is a user's name; {fields} the fields corrected ("Phone, When").
        text = _("{name} corrected: {fields}").format(name=correction.by, fields=fields)
        lines += _pair(timestamp_for_people(correction.at), text)
    return [Part(_("Corrections"), tuple(lines))] if lines else []


def _follow_ups(holdings: Holdings) -> list[Part]:
    lines: list[Line] = []
    for item in holdings.follow_ups:
        text = item.summary()
        if item.next_action and item.due_on:
            # Translators: after a follow-up's next action; {date} is the day it is due.
            due = _("due {date}").format(date=uk(item.due_on))
            text += f" — {item.next_action} ({due})"
        lines += _pair(timestamp_for_people(item.created_at), text)
    # Translators: a heading: contacts, referrals and notes on the report after the hand-off.
    return [Part(_("Follow-ups"), tuple(lines))] if lines else []


def _links(holdings: Holdings) -> list[Part]:
    lines: list[Line] = []
    for link in holdings.links:
        if link.other_reference:
            # Translators: {reference} is the other report's reference ("RIVA-2026-00012-K").
            text = _("Linked to {reference}, another report about the same person.").format(
                reference=link.other_reference
            )
        else:
            # Translators: {reason} is why the reports are linked ("The same place"); the other
            # report is not named, as it may be about someone else.
            text = _("Linked to another report. Why: {reason}").format(reason=link.in_words)
        lines += _pair(timestamp_for_people(link.linked_at), text)
    if lines:
        lines.insert(
            0,
            Line(
                "text",
                _(
                    "The centre links reports that seem to be about the same person, place or "
                    "offender. Links stay at the centre. Another report is named only when it is "
                    "about the same person: the others may be about someone else."
                ),
            ),
        )
    # Translators: a heading: the links from this report to other reports the centre holds.
    return [Part(_("Links to other reports"), tuple(lines))] if lines else []


def _activity(holdings: Holdings) -> list[Part]:
    lines = [
        Line(
            "text",
            _(
                "Each time someone created, opened, changed, printed or sent this report, as the "
                "centre's audit log records it (times in this computer's time zone)."
            ),
        )
    ]
    # The same person doing the same on the same day is one line (a draft saves itself every
    # few seconds while it is typed: line after line of "Changed a report" hid the rest).
    runs: list[tuple[str, str, str, int]] = []  # (first time, who, what, how many)
    for entry in holdings.activity:
        day = timestamp_for_people(entry.at).split(" ")[0]
        if (
            runs
            and runs[-1][1:3] == (entry.by, entry.what)
            and (timestamp_for_people(runs[-1][0]).split(" ")[0] == day)
        ):
            first, by, what, count = runs[-1]
            runs[-1] = (first, by, what, count + 1)
        else:
            runs.append((entry.at, entry.by, entry.what, 1))
    for at, by, what, count in runs:
        # Translators: {name} is a user's name; {what} what they did ("Opened a report").
        text = _("{name}: {what}").format(name=by, what=what)
        if count > 1:
            text += " " + ngettext(
                "({count} time that day)", "({count} times that day)", count
            ).format(count=count)
        lines += _pair(timestamp_for_people(at), text)
    # Translators: a heading: the audit log's entries about the report.
    return [Part(_("What was done with the report"), tuple(lines))]


def access_content(
    holdings: Holdings,
    vocab: Vocabulary,
    centre: CentreDetails,
    *,
    taken_on: date,
    made_on: date,
    wording: Wording,
) -> CopyContent:
    """The person's copy of the report, titled and extended as the answer to their request."""
    copy = copy_content(
        holdings.record, vocab, centre, taken_on=taken_on, made_on=made_on, wording=wording
    )
    parts = [
        *_erased(holdings),
        *_record(holdings),
        *copy.parts,
        *_police(holdings),
        *_files(holdings),
        *_batches(holdings),
        *_corrections(holdings),
        *_follow_ups(holdings),
        *_links(holdings),
        *_activity(holdings),
    ]
    return replace(
        copy,
        # Translators: the title of the answer to a subject access request.
        title=_("Everything the centre holds about you in this report"),
        reference_hint=_(
            "This answers a request to see your personal data (the right of access, UK GDPR). "
            "The file ending .json beside it holds the same, for a computer to read."
        ),
        # Translators: the coordinator who made this answer; followed by their name.
        facts=(*copy.facts, *_pair(_("Prepared by"), holdings.made_by)),
        parts=tuple(parts),
    )


def render_subject_access(
    holdings: Holdings,
    vocab: Vocabulary,
    centre: CentreDetails,
    *,
    taken_on: date,
    made_on: date,
    wording: Wording,
) -> bytes:
    content = access_content(
        holdings, vocab, centre, taken_on=taken_on, made_on=made_on, wording=wording
    )
    return render_report_copy(content)
