"""``deposit export`` (on a laptop away from the centre) and ``deposit import`` (at the centre):
ready reports carried on a USB stick, sealed to the centre and signed by their volunteer."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from intake_app.cli.common import open_session
from intake_app.support.atomic_files import atomic_write, ensure_private_dir
from intake_app.support.errors import IntakeError


def register(commands: Any) -> None:
    deposit = commands.add_parser(
        "deposit", help="carry ready reports from a laptop to the centre on a USB stick"
    )
    actions = deposit.add_subparsers(dest="deposit_command", required=True, metavar="ACTION")
    export = actions.add_parser("export", help="copy the reports waiting to go to the centre")
    export.add_argument("--out", required=True, help="folder to copy them to (the USB stick)")
    export.add_argument(
        "--again", action="store_true", help="also copy the ones copied before (a lost stick)"
    )
    export.set_defaults(handler=cmd_export)
    do_import = actions.add_parser("import", help="take deposits in at the centre (coordinators)")
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
        print("There are no reports waiting to go to the centre.")
        return 0
    count = len(copied)
    print(
        f"Copied {count} report{'s' if count != 1 else ''} to {out}. They are sealed: only the "
        "centre can open them. At the centre: intake deposit import FILE…"
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
                print(f"{path.name}: refused. {exc}")
                continue
            if reference is None:
                print(f"{path.name}: taken in before; nothing changed.")
            else:
                print(f"{path.name}: taken in as {reference}.")
    return 1 if refused else 0
