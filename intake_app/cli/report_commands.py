"""``report add|template|show|list|ready|correct|withdraw|copy|link|unlink|police-copy|
subject-access``."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

from intake_app.cli import link_commands, police_copy_commands, subject_access_commands
from intake_app.cli.common import open_session, print_json
from intake_app.domain.dates import moment_for_people
from intake_app.domain.report import STATUSES, Report
from intake_app.domain.report_display import describe
from intake_app.domain.report_notice import NoticeState
from intake_app.domain.report_record import ReportQuery, ReportRecord
from intake_app.domain.report_template import example_report
from intake_app.exchange.report_schema import sent_form
from intake_app.services.audit import now_text as audit_time
from intake_app.services.case_timeline import event_text, promise_text
from intake_app.services.report_corrections import correction_line
from intake_app.support.atomic_files import atomic_write
from intake_app.support.errors import IntakeError, ValidationFailed
from intake_app.support.i18n import _, ngettext, number, pgettext
from intake_app.support.untrusted import MAX_MESSAGE, load_json, read_file, read_stream, visible

MAX_REPORT_BYTES = 4 * 1024 * 1024  # a report at every field's hard cap is far smaller


def register(commands: Any) -> None:
    report = commands.add_parser("report", help=_("reports"))
    actions = report.add_subparsers(dest="report_command", required=True, metavar="ACTION")

    add = actions.add_parser("add", help=_("add a report from a JSON file (prints its reference)"))
    add.add_argument("--json", required=True, metavar="FILE", help=_("the report ('-' for stdin)"))
    add.add_argument("--ready", action="store_true", help=_("also mark it ready to send"))
    add.set_defaults(handler=cmd_add)

    template = actions.add_parser("template", help=_("print an example report as JSON"))
    template.set_defaults(handler=cmd_template)

    show = actions.add_parser("show", help=_("show one report"))
    show.add_argument("reference")
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=cmd_show)

    listing = actions.add_parser("list", help=_("list reports"))
    listing.add_argument("--status", choices=STATUSES)
    listing.add_argument("--search", help=_("words to find in the reports"))
    listing.add_argument("--limit", type=int, default=200)
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=cmd_list)

    ready = actions.add_parser("ready", help=_("mark a draft ready to send"))
    ready.add_argument("reference")
    ready.set_defaults(handler=cmd_ready)

    correct = actions.add_parser(
        "correct",
        help=_(
            "correct a ready report (coordinators; prints what changed; if the police have it, "
            "the next batch tells them)"
        ),
    )
    correct.add_argument("reference")
    correct.add_argument(
        "--json",
        required=True,
        metavar="FILE",
        help=_("the whole corrected report ('-' for stdin)"),
    )
    correct.set_defaults(handler=cmd_correct)

    withdraw = actions.add_parser("withdraw", help=_("withdraw a report and erase personal data"))
    withdraw.add_argument("reference")
    withdraw.set_defaults(handler=cmd_withdraw)

    copy = actions.add_parser(
        "copy", help=_("write a plain-language copy of a report for the person, as a PDF")
    )
    copy.add_argument("reference")
    copy.add_argument("-o", "--output", required=True, metavar="FILE.pdf")
    copy.add_argument(
        "--lang",
        default="en",
        metavar="CODE",
        help=_("the language of the copy, the person's own (default: en)"),
    )
    copy.set_defaults(handler=cmd_copy)
    link_commands.register(actions)
    police_copy_commands.register(actions)
    subject_access_commands.register(actions)


def _and_more(count: int) -> str:
    """The " (and 3 more)" after a list cut short; nothing if nothing was left out."""
    if not count:
        return ""
    # Translators: after a list of problems cut short; {count} is how many were left out.
    return " " + ngettext("(and {count} more)", "(and {count} more)", count).format(count=count)


def _problems_line(
    exc: ValidationFailed, *, correction: bool = False, draft: str | None = None
) -> IntakeError:
    """One line: as many problems as fit in a line people can read, then how many more.
    ``draft``: the reference of the draft that was saved, when only marking it ready failed."""
    count = len(exc.problems)
    if draft is not None:
        # Translators: {reference} is the saved draft's reference; {problems} is a list of
        # "field: what is wrong", separated by semicolons.
        line = ngettext(
            "Saved as draft {reference}, but not marked ready ({count} problem): {problems}",
            "Saved as draft {reference}, but not marked ready ({count} problems): {problems}",
            count,
        ).replace("{reference}", draft)
    elif correction:
        # Translators: {problems} is a list of "field: what is wrong", separated by semicolons.
        line = ngettext(
            "The correction was not saved ({count} problem): {problems}",
            "The correction was not saved ({count} problems): {problems}",
            count,
        )
    else:
        # Translators: {problems} is a list of "field: what is wrong", separated by semicolons.
        line = ngettext(
            "The report was not saved ({count} problem): {problems}",
            "The report was not saved ({count} problems): {problems}",
            count,
        )
    start = len(line.format(count=count, problems=""))
    shown: list[str] = []
    for path, message in exc.problems:
        item = f"{visible(path)}: {message}"
        more = _and_more(count - len(shown) - 1)
        if shown and start + len("; ".join([*shown, item])) + len(more) > MAX_MESSAGE - 20:
            break
        shown.append(item)
    listed = "; ".join(shown) + _and_more(count - len(shown))
    return IntakeError(line.format(count=count, problems=listed))


def _not_json(exc: Exception) -> IntakeError:
    if isinstance(exc, json.JSONDecodeError):
        return IntakeError(
            # Translators: {line} is a line number in the file.
            _("The report file is not valid JSON (line {line}).").format(line=exc.lineno)
        )
    return IntakeError(_("The report file is not valid JSON."))


def _read_report(source: str) -> Report:
    what = _("The report file")
    if source == "-":
        raw = read_stream(sys.stdin.buffer, MAX_REPORT_BYTES, what)
    else:
        raw = read_file(Path(source), MAX_REPORT_BYTES, what)
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        raise IntakeError(_("The report file is not UTF-8 text.")) from None
    data = load_json(raw, _not_json)
    report, problems = Report.from_dict(data)
    if problems:
        raise _problems_line(ValidationFailed(problems))
    return report


def cmd_add(args: argparse.Namespace) -> int:
    report = _read_report(args.json)
    with open_session(args) as session:
        try:
            record = session.reports.create_draft(report)
        except ValidationFailed as exc:
            raise _problems_line(exc) from None
        if args.ready:
            try:
                session.reports.mark_ready(record.id)
            except ValidationFailed as exc:
                raise _problems_line(exc, draft=record.reference) from None
    print(record.reference)
    return 0


def cmd_template(args: argparse.Namespace) -> int:
    print_json(sent_form(example_report()))
    return 0


def record_json(record: ReportRecord, notice: NoticeState | None = None) -> dict[str, object]:
    return {
        "reference": record.reference,
        "status": record.status,
        "notice": None if notice is None else asdict(notice),
        "created_at": record.created_at,
        "updated_at": record.updated_at,
        "demo": record.is_demo,
        "report": record.report.to_dict(),
        "attachments": [asdict(a) for a in record.attachments],
    }


def cmd_show(args: argparse.Namespace) -> int:
    with open_session(args) as session:
        record = session.reports.get(args.reference)
        corrections = session.reports.corrections(record.id)
        notice = session.reports.notice(record.id)
        links = session.links.links(record.id)
        timeline = session.timelines.for_report(record.id)
        vocabulary = session.vocabulary
        deliveries = session.recipient_batches.deliveries(record.id, record.report.shared_with)
    if record.view_not_recorded:
        print("intake: " + _("note: {note}").format(note=record.view_not_recorded), file=sys.stderr)
    if args.json:
        print_json({**record_json(record, notice),
                    "links": [link_commands.link_json(link) for link in links],
                    "timeline": timeline.to_json()})  # fmt: skip
        return 0
    if record.is_demo:
        print(
            # Translators: {status} is the report's status as its code (draft, ready, exported…).
            _("{reference} — {status} (demo data)").format(
                reference=record.reference, status=record.status
            )
        )
    else:
        print(f"{record.reference} — {record.status}")
    if notice is not None:
        print(f"  {notice.sentence()}")
    for delivery in deliveries:
        print(f"  {delivery.sentence()}")
    for label, value in describe(record.report, vocabulary):
        print(f"  {label}: {value}")
    for attachment in record.attachments:
        # Translators: {label} is the attachment's name, {type} its kind (image/jpeg), {size}
        # its size in bytes.
        line = ngettext(
            "attachment: {label} ({type}, {size} byte)",
            "attachment: {label} ({type}, {size} bytes)",
            attachment.size,
        )
        print(
            "  "
            + line.format(
                label=attachment.label, type=attachment.media_type, size=number(attachment.size)
            )
        )
    print(_("Timeline:"))
    for event in timeline.events:
        print(f"  {event.day}  {event_text(event)}")
    for promise in timeline.promises:
        print(f"  {promise_text(promise)}")
    for correction in corrections:
        print(f"  {correction_line(correction)}")
    for link in links:
        print(f"  {link_commands.link_line(link)}")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    with open_session(args) as session:
        rows = session.reports.list(
            ReportQuery(status=args.status, search=args.search, limit=args.limit)
        )
    if args.json:
        print_json([asdict(r) for r in rows])
        return 0
    for row in rows:
        # Translators: marks a demo report in a list of reports; keep it one short word.
        demo = " " + pgettext("report list", "demo") if row.is_demo else ""
        happened = moment_for_people(row.occurred_on) if row.occurred_on else "-"
        print(f"{row.reference}\t{row.status}\t{happened}\t{','.join(row.strands)}{demo}")
    return 0


def cmd_ready(args: argparse.Namespace) -> int:
    with open_session(args) as session:
        try:
            record = session.reports.mark_ready(args.reference)
        except ValidationFailed as exc:
            raise _problems_line(exc) from None
    print(_("{reference} is ready to send.").format(reference=record.reference))
    return 0


def cmd_correct(args: argparse.Namespace) -> int:
    report = _read_report(args.json)
    with open_session(args) as session:
        started = audit_time()
        try:
            record = session.reports.correct(args.reference, report)
        except ValidationFailed as exc:
            raise _problems_line(exc, correction=True) from None
        found = [c for c in session.reports.corrections(record.id) if c.at >= started]
        notice = session.reports.notice(record.id) if found else None
    if not found:
        print(_("Nothing changed."))
        return 0
    print(
        # Translators: {fields} is a list of the fields changed, as their codes.
        _("Corrected {reference}: {fields}").format(
            reference=record.reference, fields=", ".join(found[-1].paths)
        )
    )
    if notice is not None and notice.kind == "amendment" and notice.state == "waiting":
        print(_("The police have this report: the next batch takes them the correction."))
    return 0


def cmd_withdraw(args: argparse.Namespace) -> int:
    with open_session(args) as session:
        record = session.reports.withdraw(args.reference)
        notice = session.reports.notice(record.id)
    print(
        _("{reference} has been withdrawn; its personal data has been erased.").format(
            reference=record.reference
        )
    )
    if notice is not None and notice.kind == "erasure" and notice.state == "waiting":
        print(_("The police have this report: the next batch asks them to erase their copy."))
    return 0


def cmd_copy(args: argparse.Namespace) -> int:
    with open_session(args) as session:
        pdf = session.leaflets.report_copy(args.reference, "saved", args.lang)
        atomic_write(Path(args.output), pdf)
    print(
        # Translators: {size} is a number of kilobytes.
        _("Copy written ({size} KB). It holds personal details: keep it safe.").format(
            size=f"{len(pdf) / 1024:.0f}"
        )
    )
    return 0
