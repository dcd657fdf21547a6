"""``deposit export`` (on a laptop away from the centre) and ``deposit import`` (at the centre):
ready reports carried on a USB stick, sealed to the centre and signed by their volunteer."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from intake_app.cli.common import open_session
from intake_app.support.atomic_files import atomic_write, ensure_private_dir
from intake_app.support.errors import IntakeError
from intake_app.support.i18n import _, ngettext


def register(commands: Any) -> None:
    deposit = commands.add_parser(
        "deposit", help=_("carry ready reports from a laptop to the centre on a USB stick")
    )
    actions = deposit.add_subparsers(dest="deposit_command", required=True, metavar="ACTION")
    export = actions.add_parser("export", help=_("copy the reports waiting to go to the centre"))
    export.add_argument("--out", required=True, help=_("folder to copy them to (the USB stick)"))
    export.add_argument(
        "--again", action="store_true", help=_("also copy the ones copied before (a lost stick)")
    )
    export.set_defaults(handler=cmd_export)
    do_import = actions.add_parser(
        "import", help=_("take deposits in at the centre (coordinators)")
    )
    do_import.add_argument("files", nargs="+", metavar="FILE")
    do_import.set_defaults(handler=cmd_import)


def cmd_export(args: argparse.Namespace) -> int:
    out = Path(args.out)
    with open_session(args) as session:
        copied = session.deposits.export_to(out)
        if args.again:
            ensure_private_dir(out)
            for path in session.deposits.sent():
                target = out / path.name
                if target not in copied:
                    atomic_write(target, path.read_bytes())
                    copied.append(target)
    if not copied:
        print(_("There are no reports waiting to go to the centre."))
        return 0
    count = len(copied)
    print(
        # Translators: {folder} is where the files went (a USB stick). "intake deposit import
        # FILE…" is a command to type: keep it in English.
        ngettext(
            "Copied {count} report to {folder}. They are sealed: only the centre can open them. "
            "At the centre: intake deposit import FILE…",
            "Copied {count} reports to {folder}. They are sealed: only the centre can open them. "
            "At the centre: intake deposit import FILE…",
            count,
        ).format(count=count, folder=out)
    )
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    refused = 0
    with open_session(args) as session:
        for name in args.files:
            path = Path(name)
            try:
                reference = session.deposits.take_in(path)
            except IntakeError as exc:
                refused += 1
                # Translators: {file} is a file's name; {reason} says why it was refused.
                print(_("{file}: refused. {reason}").format(file=path.name, reason=exc))
                continue
            if reference is None:
                print(_("{file}: taken in before; nothing changed.").format(file=path.name))
            else:
                print(
                    # Translators: {reference} is the report's reference number at the centre.
                    _("{file}: taken in as {reference}.").format(
                        file=path.name, reference=reference
                    )
                )
    return 1 if refused else 0
