"""``intake stats``: safe figures for a period, as CSV or a one-page PDF."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from intake_app.cli.common import open_session
from intake_app.statistics.figures import Period


def register(commands: Any) -> None:
    stats = commands.add_parser(
        "stats",
        help="write statistics that are safe to share (small numbers hidden)",
        description="Counts of reports for whole months, beside the previous period of the same "
        "length. Numbers from 1 to 4 are shown as <5, and others hidden where needed so they "
        "cannot be worked out. The export is recorded in the audit log.",
    )
    stats.add_argument("--from", dest="first", required=True, metavar="YYYY-MM")
    stats.add_argument("--to", dest="last", required=True, metavar="YYYY-MM")
    out = stats.add_mutually_exclusive_group(required=True)
    out.add_argument("--csv", metavar="OUT.csv", type=Path)
    out.add_argument("--pdf", metavar="OUT.pdf", type=Path)
    stats.add_argument(
        "--without-demo", action="store_true", help="leave out demo reports, if there are any"
    )
    stats.set_defaults(handler=cmd_stats)


def cmd_stats(args: argparse.Namespace) -> int:
    with open_session(args) as session:
        period = Period.parse(args.first, args.last, today=session.local_now().date())
        figures = session.statistics.figures(period, include_demo=not args.without_demo)
        path = args.csv or args.pdf
        session.statistics.export(figures, "csv" if args.csv else "pdf", path)
    print(f"Statistics for {period.label} written to {path}: {figures.total} reports.")
    if figures.demo_reports:
        print(f"Note: {figures.demo_reports} of them are demo reports (marked on the export).")
    return 0
