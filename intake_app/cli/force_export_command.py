"""``intake-force export --format csv|json -o FILE``: the reports received, for the force's
records system (docs/force-export.md is the mapping). The file appears whole or not at all; one
already there is replaced only with --force."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from intake_app.cli.force_common import home as _home
from intake_app.cli.force_reading_commands import add_filters, chosen_filters, opened_store
from intake_app.force import finding, records_export
from intake_app.force import identity as ident
from intake_app.support.atomic_files import check_chosen_folder, write_files_together
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
        received = list(finding.every(store.db, chosen))
        rows = list(records_export.opened(received, store.report))
    data = (
        records_export.to_csv(rows)
        if args.format == "csv"
        else records_export.to_json(rows, me.code, chosen)
    )
    try:
        write_files_together(output.parent, {output.name: data}, replace=args.force)
    except AlreadyThere:
        raise IntakeError(
            _(
                "That file is already there. Nothing was written: choose another name, or add "
                "--force to replace it."
            )
        ) from None
    print(
        ngettext(
            "{count} report written. The file holds what the reports say: keep it as the "
            "force's records are kept.",
            "{count} reports written. The file holds what the reports say: keep it as the "
            "force's records are kept.",
            len(rows),
        ).format(count=len(rows))
    )
    return 0


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
