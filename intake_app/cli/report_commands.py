"""``report add|template|show|list|ready|correct|withdraw|copy``."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

from intake_app.cli.common import open_session, print_json
from intake_app.domain.dates import moment_for_people
from intake_app.domain.report import STATUSES, Report
from intake_app.domain.report_display import describe
from intake_app.domain.report_record import ReportQuery, ReportRecord
from intake_app.domain.report_template import example_report
from intake_app.services.audit import now_text as audit_time
from intake_app.services.report_corrections import correction_line
from intake_app.support.atomic_files import atomic_write
from intake_app.support.errors import IntakeError, ValidationFailed
from intake_app.support.untrusted import MAX_MESSAGE, load_json, read_file, read_stream, visible

MAX_REPORT_BYTES = 4 * 1024 * 1024  # a report at every field's hard cap is far smaller


def register(commands: Any) -> None:
    report = commands.add_parser("report", help="reports")
    actions = report.add_subparsers(dest="report_command", required=True, metavar="ACTION")

    add = actions.add_parser("add", help="add a report from a JSON file (prints its reference)")
    add.add_argument("--json", required=True, metavar="FILE", help="the report ('-' for stdin)")
    add.add_argument("--ready", action="store_true", help="also mark it ready to send")
    add.set_defaults(handler=cmd_add)

    template = actions.add_parser("template", help="print an example report as JSON")
    template.set_defaults(handler=cmd_template)

    show = actions.add_parser("show", help="show one report")
    show.add_argument("reference")
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=cmd_show)

    listing = actions.add_parser("list", help="list reports")
    listing.add_argument("--status", choices=STATUSES)
    listing.add_argument("--search", help="words to find in the reports")
    listing.add_argument("--limit", type=int, default=200)
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=cmd_list)

    ready = actions.add_parser("ready", help="mark a draft ready to send")
    ready.add_argument("reference")
    ready.set_defaults(handler=cmd_ready)

    correct = actions.add_parser(
        "correct", help="correct a ready report not yet sent (coordinators; prints what changed)"
    )
    correct.add_argument("reference")
    correct.add_argument(
        "--json", required=True, metavar="FILE", help="the whole corrected report ('-' for stdin)"
    )
    correct.set_defaults(handler=cmd_correct)

    withdraw = actions.add_parser("withdraw", help="withdraw a report and erase personal data")
    withdraw.add_argument("reference")
    withdraw.set_defaults(handler=cmd_withdraw)

    copy = actions.add_parser(
        "copy", help="write a plain-language copy of a report for the person, as a PDF"
    )
    copy.add_argument("reference")
    copy.add_argument("-o", "--output", required=True, metavar="FILE.pdf")
    copy.set_defaults(handler=cmd_copy)


def _problems_line(exc: ValidationFailed, what: str = "report") -> IntakeError:
    """One line: as many problems as fit in a line people can read, then how many more."""
    count = f"{len(exc.problems)} problem{'s' if len(exc.problems) != 1 else ''}"
    start = f"The {what} was not saved ({count}): "
    shown: list[str] = []
    for path, message in exc.problems:
        item = f"{visible(path)}: {message}"
        rest = len(exc.problems) - len(shown) - 1
        more = f" (and {rest} more)" if rest else ""
        if shown and len(start) + len("; ".join([*shown, item])) + len(more) > MAX_MESSAGE - 20:
            break
        shown.append(item)
    hidden = len(exc.problems) - len(shown)
    return IntakeError(start + "; ".join(shown) + (f" (and {hidden} more)" if hidden else ""))


def _not_json(exc: Exception) -> IntakeError:
    where = f" (line {exc.lineno})" if isinstance(exc, json.JSONDecodeError) else ""
    return IntakeError(f"The report file is not valid JSON{where}.")


def _read_report(source: str) -> Report:
    what = "The report file"
    if source == "-":
        raw = read_stream(sys.stdin.buffer, MAX_REPORT_BYTES, what)
    else:
        raw = read_file(Path(source), MAX_REPORT_BYTES, what)
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        raise IntakeError("The report file is not UTF-8 text.") from None
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
            if args.ready:
                session.reports.mark_ready(record.id)
        except ValidationFailed as exc:
            raise _problems_line(exc) from None
    print(record.reference)
    return 0


def cmd_template(args: argparse.Namespace) -> int:
    print_json(example_report().to_dict())
    return 0


def record_json(record: ReportRecord) -> dict[str, object]:
    return {
        "reference": record.reference,
        "status": record.status,
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
        vocabulary = session.vocabulary
    if record.view_not_recorded:
        print(f"intake: note: {record.view_not_recorded}", file=sys.stderr)
    if args.json:
        print_json(record_json(record))
        return 0
    demo = " (demo data)" if record.is_demo else ""
    print(f"{record.reference} — {record.status}{demo}")
    for label, value in describe(record.report, vocabulary):
        print(f"  {label}: {value}")
    for attachment in record.attachments:
        print(
            f"  attachment: {attachment.label} ({attachment.media_type}, {attachment.size:,} bytes)"
        )
    for correction in corrections:
        print(f"  {correction_line(correction)}")
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
        demo = " demo" if row.is_demo else ""
        happened = moment_for_people(row.occurred_on) if row.occurred_on else "-"
        print(f"{row.reference}\t{row.status}\t{happened}\t{','.join(row.strands)}{demo}")
    return 0


def cmd_ready(args: argparse.Namespace) -> int:
    with open_session(args) as session:
        try:
            record = session.reports.mark_ready(args.reference)
        except ValidationFailed as exc:
            raise _problems_line(exc) from None
    print(f"{record.reference} is ready to send.")
    return 0


def cmd_correct(args: argparse.Namespace) -> int:
    report = _read_report(args.json)
    with open_session(args) as session:
        started = audit_time()
        try:
            record = session.reports.correct(args.reference, report)
        except ValidationFailed as exc:
            raise _problems_line(exc, "correction") from None
        found = [c for c in session.reports.corrections(record.id) if c.at >= started]
    if not found:
        print("Nothing changed.")
    else:
        print(f"Corrected {record.reference}: {', '.join(found[-1].paths)}")
    return 0


def cmd_withdraw(args: argparse.Namespace) -> int:
    with open_session(args) as session:
        record = session.reports.withdraw(args.reference)
    print(f"{record.reference} has been withdrawn; its personal data has been erased.")
    return 0


def cmd_copy(args: argparse.Namespace) -> int:
    with open_session(args) as session:
        pdf = session.leaflets.report_copy(args.reference, "saved")
        atomic_write(Path(args.output), pdf)
    print(f"Copy written ({len(pdf) / 1024:.0f} KB). It holds personal details: keep it safe.")
    return 0
