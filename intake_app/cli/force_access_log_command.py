"""``intake-force access-log [--report REF] [--limit N]``: who opened what at the force, newest
first (on PostgreSQL, for the database's owner: readers add entries but cannot read them)."""

from __future__ import annotations

import argparse
from typing import Any

from intake_app.cli.force_common import opened_store
from intake_app.cli.force_reading_commands import positive, received_label
from intake_app.force import access_log, finding
from intake_app.support.errors import IntakeError
from intake_app.support.i18n import _, ngettext, pgettext
from intake_app.support.untrusted import quoted, visible


def action_label(action: str) -> str:
    labels = {
        access_log.LIST: pgettext("access log", "listed"),
        access_log.SEARCH: pgettext("access log", "searched"),
        access_log.SHOW: pgettext("access log", "opened"),
        access_log.SAVED: pgettext("access log", "saved attachments"),
        access_log.EXPORT: pgettext("access log", "exported"),
    }
    return labels.get(action, action)


def cmd_access_log(args: argparse.Namespace) -> int:
    with opened_store(args) as store:
        report_id = None
        if args.report:
            found = finding.by_reference(store.db, args.report.strip().upper())
            if found is None:
                raise IntakeError(
                    # Translators: {reference} is what was typed as a report's reference.
                    _("The force holds no report {reference}.").format(
                        reference=quoted(args.report)
                    )
                )
            report_id = found.report_id
        entries = access_log.entries(store.db, report_id=report_id, limit=args.limit)
    if not entries:
        print(
            _("Nobody has opened that report, found it in a search or exported it.")
            if args.report
            else _("Nothing in the access log yet.")
        )
        return 0
    for entry in entries:
        who = visible(entry.account, 40) + (f" ({visible(entry.role, 40)})" if entry.role else "")
        parts = [received_label(entry.at), who, action_label(entry.action)]
        if entry.reference:
            parts.append(entry.reference)
        elif entry.reports > 1:
            parts.append(
                ngettext("{count} report", "{count} reports", entry.reports).format(
                    count=entry.reports
                )
            )
        if entry.detail:
            parts.append(visible(entry.detail, 200))
        print("  ".join(parts))
    return 0


def add_parser(commands: Any) -> None:
    command = commands.add_parser(
        "access-log", help=_("who listed, searched, opened or exported reports, newest first")
    )
    command.add_argument("--report", metavar="REF", help=_("only about this report"))
    command.add_argument("--limit", type=positive, default=100, help=_("how many entries"))
    command.set_defaults(handler=cmd_access_log)
