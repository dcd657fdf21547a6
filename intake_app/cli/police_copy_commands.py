"""``intake report police-copy REF``: the words the police will get of a report passed on
without identifying details, words taken out of them, and the check that they name nobody (what
the review step of the form does)."""

from __future__ import annotations

import argparse
from dataclasses import replace
from typing import Any

from intake_app.cli.common import open_session
from intake_app.domain import police_copy
from intake_app.support.i18n import _


def register(actions: Any) -> None:
    command = actions.add_parser(
        "police-copy",
        help=_("show, or take words out of, the text the police get without identifying details"),
    )
    command.add_argument("reference")
    command.add_argument(
        "--take-out",
        action="append",
        default=[],
        metavar="WORDS",
        help=_("words that could name someone: [removed] in the police copy (may be repeated)"),
    )
    command.add_argument(
        "--put-back", action="append", default=[], metavar="WORDS", help=_("words to put back")
    )
    command.add_argument(
        "--names-nobody",
        action="store_true",
        help=_("confirm you have read the police copy and it names nobody"),
    )
    command.set_defaults(handler=cmd_police_copy)


def cmd_police_copy(args: argparse.Namespace) -> int:
    with open_session(args) as session:
        record = session.reports.get(args.reference)
        report = record.report
        if not police_copy.needs_checking(report):
            print(_("{reference} is not passed on without identifying details: nothing to check.")
                  .format(reference=record.reference))  # fmt: skip
            return 0
        changed = bool(args.take_out or args.put_back or args.names_nobody)
        for words in args.take_out:
            report = replace(report, police_copy=police_copy.removing(report, words))
        for words in args.put_back:
            report = replace(report, police_copy=police_copy.putting_back(report, words))
        if args.names_nobody:
            report = replace(report, police_copy=police_copy.confirmed(report))
        if changed:
            if record.status == "draft":
                session.reports.update_draft(record.id, report, strict=False)
            else:
                session.reports.correct(record.id, report)
        headings = {
            "perception": _("Why they think it happened"),
            "description": _("What happened"),
            "exact_words": _("The exact words used"),
        }
        for name, text in police_copy.police_text(report).items():
            if text:  # the exact words may not have been given
                print(f"{headings[name]}:\n  {text}\n")
        if police_copy.is_checked(report):
            print(_("Checked: it names nobody."))
        else:
            print(_("Not checked yet: read it, take out any words that could name someone "
                    "(--take-out), then confirm with --names-nobody."))  # fmt: skip
    return 0
