"""``intake report subject-access REF --out DIR``: everything the centre holds about the person in
one report, for their subject access request (coordinators)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from intake_app.cli.common import open_session
from intake_app.support.i18n import _, ngettext


def register(actions: Any) -> None:
    command = actions.add_parser(
        "subject-access",
        help=_(
            "write everything the centre holds about the person in a report (a PDF, a JSON file "
            "and copies of the attachments) into a folder, for a subject access request "
            "(coordinators)"
        ),
    )
    command.add_argument("reference")
    command.add_argument(
        "-o",
        "--out",
        required=True,
        metavar="DIR",
        help=_("the folder to write into (it must exist; files already there are not replaced)"),
    )
    command.set_defaults(handler=cmd_subject_access)


def cmd_subject_access(args: argparse.Namespace) -> int:
    with open_session(args) as session:
        written = session.subject_access.write(args.reference, Path(args.out))
    print(
        # Translators: {count} is how many files were written; the names follow, one a line.
        ngettext(
            "Wrote {count} file into the folder:",
            "Wrote {count} files into the folder:",
            len(written.names),
        ).format(count=len(written.names))
    )
    for name in written.names:
        print(f"  {name}")
    print(
        _(
            "They hold personal details: give them only to the person the report is about (or "
            "whoever asked on their behalf, with their agreement), and keep them safe."
        )
    )
    return 0
