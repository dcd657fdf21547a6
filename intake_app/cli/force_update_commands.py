"""``intake-force update``: a signed update on reports a centre sent, for that centre."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from intake_app.cli.force_common import home as _home
from intake_app.cli.force_common import open_store as _store
from intake_app.cli.force_common import passphrase as _passphrase
from intake_app.exchange.case_updates import MAX_UPDATES_BYTES, RECORDED_AS
from intake_app.force import identity as ident
from intake_app.force.case_updates import (
    UpdateRequest,
    request_from_json,
    write_updates,
    written_before,
)
from intake_app.support.atomic_files import atomic_write
from intake_app.support.errors import IntakeError
from intake_app.support.i18n import _, ngettext
from intake_app.support.untrusted import load_json, read_file


def _requests(args: argparse.Namespace) -> list[UpdateRequest]:
    if args.from_file:
        if args.reference:
            raise IntakeError(_("Give a report's reference or --from FILE, not both."))
        raw = read_file(Path(args.from_file), MAX_UPDATES_BYTES, _("The list of updates"))
        items = load_json(raw, IntakeError(_("The list of updates is not valid JSON.")))
        if not isinstance(items, list):
            raise IntakeError(_("The list of updates must be a JSON list."))
        return [request_from_json(item) for item in items]
    if not args.reference or args.crime_reference is None or args.recorded_as is None:
        raise IntakeError(
            _("Give a report's reference, --crime-reference and --recorded-as (or --from FILE).")
        )
    try:
        contacted = date.fromisoformat(args.contacted) if args.contacted else None
    except ValueError:
        raise IntakeError(
            _("The date of first contact must be written YYYY-MM-DD, such as 2026-11-20.")
        ) from None
    return [
        UpdateRequest(args.reference, args.crime_reference, args.recorded_as, contacted,
                      args.outcome or "", args.closed)
    ]  # fmt: skip


def cmd_update(args: argparse.Namespace) -> int:
    home = _home(args)
    me = ident.load(home)
    output = Path(args.output)
    if args.again is not None:
        if not args.centre:
            raise IntakeError(
                _("Name the centre (--centre CODE) whose update file to write again.")
            )
        age_identity, _secret = ident.secrets_for(home, _passphrase(args))
        store = _store(args, home, age_identity)
        try:
            atomic_write(output, written_before(store.db, store.keys, args.centre, args.again))
        finally:
            store.close()
        print(_("Update file written again, unchanged."))
        return 0
    requests = _requests(args)
    age_identity, secret = ident.secrets_for(home, _passphrase(args))
    store = _store(args, home, age_identity)
    try:
        written = write_updates(
            store.db,
            store.keys,
            me.code,
            requests,
            secret,
            lambda signed: atomic_write(output, signed),
        )
    finally:
        store.close()
    print(
        # Translators: {number} is the update file's number, {centre} the centre's code.
        ngettext(
            "Update file {number} for {centre} written: {count} update.",
            "Update file {number} for {centre} written: {count} updates.",
            len(written.updates),
        ).format(number=written.sequence, centre=written.centre_code, count=len(written.updates))
    )
    return 0


def add_parser(commands: Any) -> None:
    update = commands.add_parser(
        "update", help=_("write a signed update on reports a centre sent (for that centre)")
    )
    update.add_argument("reference", nargs="?", metavar="REF")
    update.add_argument("--crime-reference", help=_("the force's crime or incident reference"))
    update.add_argument("--recorded-as", choices=RECORDED_AS)
    update.add_argument(
        "--contacted", metavar="YYYY-MM-DD", help=_("when an officer first made contact")
    )
    update.add_argument("--outcome", help=_("the outcome, in a line"))
    update.add_argument("--closed", action="store_true", help=_("the case is closed"))
    update.add_argument(
        "--from",
        dest="from_file",
        metavar="FILE",
        help=_("a JSON list of updates (docs/force.md), all for reports of one centre"),
    )
    update.add_argument("--again", type=int, metavar="N", help=_("write update file N again"))
    update.add_argument("--centre", metavar="CODE", help=_("with --again: the centre's code"))
    update.add_argument("-o", "--output", required=True)
    update.set_defaults(handler=cmd_update)
