"""``intake scrutiny-pack REF… -o FILE`` (closed cases, redacted, for the commissioner's scrutiny
panel) and ``intake scrutiny-questions`` (the questions the panel answers on each)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from intake_app.cli.common import open_session
from intake_app.support.atomic_files import atomic_write
from intake_app.support.i18n import _, ngettext


def register(commands: Any) -> None:
    pack = commands.add_parser(
        "scrutiny-pack",
        help=_(
            "write a case pack for the scrutiny panel: the chosen cases with nothing that could "
            "identify the person, and the panel's questions (coordinators)"
        ),
    )
    pack.add_argument("references", nargs="+", metavar="REF")
    pack.add_argument("-o", "--output", required=True, metavar="FILE")
    pack.set_defaults(handler=cmd_pack)
    questions = commands.add_parser(
        "scrutiny-questions",
        help=_("show the questions the scrutiny panel answers on each case, or set them"),
    )
    questions.add_argument(
        "--set",
        metavar="FILE",
        help=_("a text file with one question a line (coordinators)"),
    )
    questions.set_defaults(handler=cmd_questions)


def cmd_pack(args: argparse.Namespace) -> int:
    with open_session(args) as session:
        pdf = session.scrutiny_packs.make(list(args.references))
    atomic_write(Path(args.output), pdf)
    count = len(dict.fromkeys(args.references))
    print(
        ngettext(
            "Wrote a case pack of {count} case. It is for the panel only: keep it safe.",
            "Wrote a case pack of {count} cases. It is for the panel only: keep it safe.",
            count,
        ).format(count=count)
    )
    return 0


def cmd_questions(args: argparse.Namespace) -> int:
    with open_session(args) as session:
        if args.set:
            lines = Path(args.set).read_text("utf-8").splitlines()
            session.scrutiny_packs.set_questions(lines)
        for number, question in enumerate(session.scrutiny_packs.questions(), 1):
            print(f"{number}. {question}")
    return 0
