"""``update import`` and ``promises broken``: what the force says became of the reports sent."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from intake_app.cli.common import open_session
from intake_app.exchange.case_updates import MAX_UPDATES_BYTES, UpdatesInvalid
from intake_app.services.case_timeline import promise_text
from intake_app.support.i18n import _, ngettext
from intake_app.support.untrusted import read_file


def register(commands: Any) -> None:
    update = commands.add_parser("update", help=_("the force's updates on reports it received"))
    actions = update.add_subparsers(dest="update_command", required=True, metavar="ACTION")
    do_import = actions.add_parser("import", help=_("import an update file from the force"))
    do_import.add_argument("file")
    do_import.set_defaults(handler=cmd_update_import)
    promises = commands.add_parser("promises", help=_("the force's service promises"))
    promise_actions = promises.add_subparsers(
        dest="promises_command", required=True, metavar="ACTION"
    )
    broken = promise_actions.add_parser("broken", help=_("list the promises the force broke"))
    broken.add_argument("--json", action="store_true")
    broken.set_defaults(handler=cmd_promises_broken)


def cmd_update_import(args: argparse.Namespace) -> int:
    raw = read_file(Path(args.file), MAX_UPDATES_BYTES, _("The update file"), UpdatesInvalid)
    with open_session(args) as session:
        applied = session.case_updates.import_file(raw)
    if applied.already_imported:
        print(
            # Translators: {number} is the update file's number.
            _("Update file {number} was imported before: nothing changed.").format(
                number=applied.sequence
            )
        )
        return 0
    print(
        # Translators: {number} is the update file's number.
        ngettext(
            "Update file {number} imported: {count} update.",
            "Update file {number} imported: {count} updates.",
            applied.updates,
        ).format(number=applied.sequence, count=applied.updates)
    )
    return 0


def cmd_promises_broken(args: argparse.Namespace) -> int:
    with open_session(args) as session:
        broken = session.timelines.broken()
    if args.json:
        print(json.dumps([{"reference": r, **p.to_json()} for r, p in broken], indent=1))
        return 0
    if not broken:
        print(_("No promise broken."))
    for reference, status in broken:
        print(f"{reference}\t{promise_text(status)}")
    return 0
