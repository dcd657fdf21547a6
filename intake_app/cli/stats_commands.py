"""``intake stats``: safe figures for a period, as CSV or a one-page PDF."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from intake_app.cli.common import open_session
from intake_app.statistics.figures import Period
from intake_app.support.i18n import _, ngettext


def register(commands: Any) -> None:
    stats = commands.add_parser(
        "stats",
        help=_("write statistics that are safe to share (small numbers hidden)"),
        description=_(
            "Counts of reports for whole months, beside the previous period of the same "
            "length. Numbers from 1 to 4 are shown as <5, and others hidden where needed so they "
            "cannot be worked out. The export is recorded in the audit log."
        ),
    )
    stats.add_argument("--from", dest="first", required=True, metavar="YYYY-MM")
    stats.add_argument("--to", dest="last", required=True, metavar="YYYY-MM")
    out = stats.add_mutually_exclusive_group(required=True)
    out.add_argument("--csv", metavar="OUT.csv", type=Path)
    out.add_argument("--pdf", metavar="OUT.pdf", type=Path)
    stats.add_argument(
        "--without-demo", action="store_true", help=_("leave out demo reports, if there are any")
    )
    stats.set_defaults(handler=cmd_stats)


def cmd_stats(args: argparse.Namespace) -> int:
    with open_session(args) as session:
        period = Period.parse(args.first, args.last, today=session.local_now().date())
        figures = session.statistics.figures(period, include_demo=not args.without_demo)
        path = args.csv or args.pdf
        session.statistics.export(figures, "csv" if args.csv else "pdf", path)
    print(
        # Translators: {period} is a period of months ("Jan 2026 to Jun 2026"), {file} a file.
        ngettext(
            "Statistics for {period} written to {file}: {count} report.",
            "Statistics for {period} written to {file}: {count} reports.",
            figures.total,
        ).format(period=period.label, file=path, count=figures.total)
    )
    if figures.demo_reports:
        print(
            ngettext(
                "Note: {count} of them is a demo report (marked on the export).",
                "Note: {count} of them are demo reports (marked on the export).",
                figures.demo_reports,
            ).format(count=figures.demo_reports)
        )
    return 0
