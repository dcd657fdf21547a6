"""``intake-force export --format csv|json -o FILE``: the reports received, for the force's
records system (docs/force-export.md is the mapping), written a report at a time. The file
appears whole or not at all; one already there is replaced only with --force."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from intake_app.cli.force_common import home as _home
from intake_app.cli.force_common import opened_store
from intake_app.cli.force_reading_commands import add_filters, chosen_filters
from intake_app.force import access_log, finding, records_export
from intake_app.force import identity as ident
from intake_app.force.finding import Received
from intake_app.support.atomic_files import check_chosen_folder, write_streamed
from intake_app.support.errors import AlreadyThere, IntakeError
from intake_app.support.i18n import _, ngettext


def cmd_export(args: argparse.Namespace) -> int:
    output = Path(args.output)
    check_chosen_folder(output.parent)
    if output.is_dir():
        raise IntakeError(_("-o names a folder: give the name of the file to write."))
    if (output.exists() or output.is_symlink()) and not args.force:
        raise IntakeError(
            # Translators: keep "--force" as it is.
            _(
                "That file is already there. Nothing was written: choose another name, or add "
                "--force to replace it."
            )
        )
    me = ident.load(_home(args))
    chosen = chosen_filters(args)

    with opened_store(args) as store:

        def write(out: BinaryIO) -> int:
            written: list[str] = []
            rows = records_export.opened(
                _noted(finding.every(store.db, chosen), written), store.report
            )
            if args.format == "csv":
                count = records_export.write_csv(rows, out)
            else:
                count = records_export.write_json(rows, me.code, chosen, out)
            # Before the file is put in place: no log entry, no file.
            detail = f"{args.format}; {access_log.filters_text(chosen)}"
            access_log.record(store.db, access_log.EXPORT, reports=written, detail=detail)
            return count

        try:
            count = write_streamed(output, write, replace=args.force)
        except AlreadyThere:
            raise IntakeError(
                _(
                    "That file is already there. Nothing was written: choose another name, or "
                    "add --force to replace it."
                )
            ) from None
    print(
        ngettext(
            "{count} report written. The file holds what the reports say: keep it as the "
            "force's records are kept.",
            "{count} reports written. The file holds what the reports say: keep it as the "
            "force's records are kept.",
            count,
        ).format(count=count)
    )
    return 0


def _noted(reports: Iterator[Received], into: list[str]) -> Iterator[Received]:
    """The reports, each one's id noted as it goes (for the access log)."""
    for received in reports:
        into.append(received.report_id)
        yield received


def add_parser(commands: Any) -> None:
    export = commands.add_parser(
        "export", help=_("write the reports received as CSV or JSON for the force's records system")
    )
    export.add_argument("--format", choices=("csv", "json"), required=True)
    export.add_argument("-o", "--output", required=True, metavar="FILE")
    export.add_argument(
        "--force", action="store_true", help=_("replace the file if it is already there")
    )
    add_filters(export)
    export.set_defaults(handler=cmd_export)
