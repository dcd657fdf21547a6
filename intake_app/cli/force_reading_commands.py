"""``intake-force list|search|show``: the force's staff find and read the reports received.

``list`` reads only the fields kept in clear; ``search`` narrows by them first, then opens the
reports left, in memory, to look for the words; ``show`` opens one report. Each writes only an
entry in the force's access log (``access_log``: what was done, never the words or the text),
before it shows anything, so a reader's role runs them all. What is opened is printed, never written to a
file, a log or a temporary file (``--save-attachments`` writes the attachments asked for)."""

from __future__ import annotations

import argparse
from typing import Any

from intake_app.cli.force_common import opened_store
from intake_app.force import access_log, finding
from intake_app.force.finding import Filters, Received
from intake_app.support.i18n import _, ngettext, pgettext
from intake_app.support.untrusted import visible

DEFAULT_PAGE = 50


def chosen_filters(args: argparse.Namespace) -> Filters:
    return finding.filters(args.centre, args.since, args.until, args.strand, args.status)


def status_label(status: str) -> str:
    labels = {
        "received": pgettext("force report status", "received"),
        # Translators: a report the centre corrected after sending it.
        "amended": pgettext("force report status", "corrected"),
        # Translators: a report the centre asked the force to erase.
        "erased": pgettext("force report status", "erased"),
    }
    return labels.get(status, status)


def consent_label(consent: str | None) -> str:
    labels = {
        "police_with_contact": pgettext("consent, in a list", "with contact"),
        "police_without_details": pgettext("consent, in a list", "without details"),
        "monitoring_only": pgettext("consent, in a list", "monitoring only"),
    }
    return labels.get(consent or "", consent or "—")


def yes_no(value: bool) -> str:
    return pgettext("a report's answer", "yes") if value else pgettext("a report's answer", "no")


def received_label(stamp: str) -> str:
    """``2026-11-21T10:00:00Z`` as ``2026-11-21 10:00 UTC``."""
    return stamp[:10] + " " + stamp[11:16] + " UTC" if len(stamp) >= 16 else stamp


def _table(rows: list[Received]) -> list[str]:
    headings = [
        _("Reference"),
        _("Centre"),
        _("Received"),
        # Translators: a column: the day the incident happened (or began).
        _("Incident"),
        _("Strands"),
        _("Consent"),
        # Translators: a column: whether the person's contact details were passed on.
        _("Identifying"),
        _("Status"),
    ]
    lines = [headings] + [
        [
            r.reference,
            r.centre,
            received_label(r.received_at),
            r.incident_on or "—",
            ", ".join(r.strands) or "—",
            consent_label(r.consent),
            yes_no(r.identifying),
            status_label(r.status),
        ]
        for r in rows
    ]
    widths = [max(len(line[i]) for line in lines) for i in range(len(headings))]
    return ["  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)).rstrip()
            for line in lines]  # fmt: skip


def cmd_list(args: argparse.Namespace) -> int:
    chosen = chosen_filters(args)
    with opened_store(args) as store:
        total = finding.count(store.db, chosen)
        offset = (args.page - 1) * args.limit
        rows = finding.page(store.db, chosen, args.limit, offset)
        detail = f"{len(rows)} of {total}; {access_log.filters_text(chosen)}"
        access_log.record(store.db, access_log.LIST, detail=detail)
    if not rows:
        print(_("No report received matches.") if total == 0 else _("That page is empty."))
        return 0
    for line in _table(rows):
        print(line)
    print(
        # Translators: {first} and {last} number the reports shown, {total} how many match.
        _("Reports {first} to {last} of {total}, newest first.").format(
            first=offset + 1, last=offset + len(rows), total=total
        )
    )
    if offset + len(rows) < total:
        # Translators: keep "--page {page}" as it is: it is typed.
        print(_("Next page: --page {page}").format(page=args.page + 1))
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    words = finding.search_words(args.text)
    chosen = chosen_filters(args)
    with opened_store(args) as store:
        result = finding.search(
            store.db, store.report, words, chosen, limit=args.limit, max_opened=args.max_opened
        )
        detail = (
            f"{len(result.found)} found of {result.opened} read; {len(words)} words; "
            f"{access_log.filters_text(chosen)}"
        )  # how many words, never which
        shown = [found.report.report_id for found in result.found]
        access_log.record(store.db, access_log.SEARCH, reports=shown, detail=detail)
    for found in result.found:
        print(f"{found.report.reference}  {visible(found.snippet, 120)}")
    print(
        # Translators: {opened} is how many reports were opened and read.
        ngettext(
            "{count} report matches, of {opened} read.",
            "{count} reports match, of {opened} read.",
            len(result.found),
        ).format(count=len(result.found), opened=result.opened)
    )
    if result.stopped == "matches":
        print(
            # Translators: keep "--limit" as it is.
            ngettext(
                "Stopped at {count} match: there may be more (raise --limit, or narrow the "
                "search).",
                "Stopped at {count} matches: there may be more (raise --limit, or narrow the "
                "search).",
                len(result.found),
            ).format(count=len(result.found))
        )
    elif result.stopped == "opened":
        print(
            # Translators: keep "--max-read", "--from", "--centre" and "--strand" as they are.
            ngettext(
                "Stopped after reading {count} report: older ones were not searched (narrow it "
                "with --from, --centre or --strand, or raise --max-read).",
                "Stopped after reading {count} reports: older ones were not searched (narrow it "
                "with --from, --centre or --strand, or raise --max-read).",
                result.opened,
            ).format(count=result.opened)
        )
    return 0


def positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 1 <= value <= 1_000_000:
        raise argparse.ArgumentTypeError(_("a whole number from 1 upwards"))
    return value


def add_filters(command: Any) -> None:
    command.add_argument("--centre", metavar="CODE", help=_("only reports from this centre"))
    command.add_argument(
        "--from", dest="since", metavar="YYYY-MM-DD", help=_("received on or after this day")
    )
    command.add_argument(
        "--to", dest="until", metavar="YYYY-MM-DD", help=_("received on or before this day")
    )
    command.add_argument("--strand", metavar="CODE", help=_("only reports of this strand"))
    command.add_argument(
        "--status", choices=finding.STATUSES, help=_("only reports of this status")
    )


def add_parsers(commands: Any) -> None:
    listing = commands.add_parser(
        "list", help=_("list the reports received, newest first (nothing is decrypted)")
    )
    add_filters(listing)
    listing.add_argument(
        "--limit", type=positive, default=DEFAULT_PAGE, metavar="N", help=_("reports a page")
    )
    listing.add_argument("--page", type=positive, default=1, metavar="N", help=_("which page"))
    listing.set_defaults(handler=cmd_list)
    search = commands.add_parser(
        "search", help=_("find the reports that hold every word given (reads the reports)")
    )
    search.add_argument("text", metavar="WORDS")
    add_filters(search)
    search.add_argument(
        "--limit", type=positive, default=DEFAULT_PAGE, metavar="N", help=_("stop at N matches")
    )
    search.add_argument(
        "--max-read", dest="max_opened", type=positive, default=finding.MAX_OPENED, metavar="N",
        help=_("stop after reading N reports"),
    )  # fmt: skip
    search.set_defaults(handler=cmd_search)
