"""``intake report link REF OTHER --reason …`` and ``intake report unlink REF OTHER``: linking two
reports (the same person, place or offender, or another reason with a note). Links stay at the
centre."""

from __future__ import annotations

import argparse
from typing import Any

from intake_app.cli.common import open_session
from intake_app.domain.report_links import LINK_REASONS, OTHER, ReportLink
from intake_app.support.i18n import _, ngettext


def register(actions: Any) -> None:
    link = actions.add_parser(
        "link",
        help=_("link two reports: the same person, the same place, the same offender, or another "
               "reason (links stay at the centre)"),
    )  # fmt: skip
    link.add_argument("reference")
    link.add_argument("other", metavar="OTHER", help=_("the other report's reference"))
    link.add_argument("--reason", required=True, choices=list(LINK_REASONS))
    link.add_argument(
        "--note", default="", metavar="TEXT", help=_("a few words; needed with --reason other")
    )
    link.set_defaults(handler=cmd_link)
    unlink = actions.add_parser("unlink", help=_("remove the links between two reports"))
    unlink.add_argument("reference")
    unlink.add_argument("other", metavar="OTHER", help=_("the other report's reference"))
    unlink.set_defaults(handler=cmd_unlink)


def link_line(link: ReportLink) -> str:
    """ "linked to RIVA-2026-00002-7: The same person", with a note after "another reason"."""
    reason = _(LINK_REASONS.get(link.reason, link.reason))
    if link.reason == OTHER and link.note:
        # Translators: why two reports are linked ("Another reason") and the note given.
        reason = _("{reason} ({note})").format(reason=reason, note=link.note)
    # Translators: {reference} is the other report's reference; {reason} why they are linked.
    return _("linked to {reference}: {reason}").format(
        reference=link.other_reference, reason=reason
    )


def link_json(link: ReportLink) -> dict[str, str]:
    return {
        "reference": link.other_reference,
        "reason": link.reason,
        "note": link.note,
        "linked_at": link.created_at,
    }


def cmd_link(args: argparse.Namespace) -> int:
    with open_session(args) as session:
        record = session.reports.visible(args.reference)
        link = session.links.add(args.reference, args.other, args.reason, args.note)
    # Translators: {reference} is a report's reference; the rest says which report it is now
    # linked to, and why ("linked to RIVA-2026-00002-7: The same person").
    print(_("{reference} {line}").format(reference=record.reference, line=link_line(link)))
    return 0


def cmd_unlink(args: argparse.Namespace) -> int:
    with open_session(args) as session:
        removed = session.links.remove(args.reference, args.other)
        first = session.reports.visible(args.reference).reference
        second = session.reports.visible(args.other).reference
    print(
        # Translators: {count} links (for different reasons) between two reports were removed.
        ngettext(
            "Removed {count} link between {reference} and {other}.",
            "Removed {count} links between {reference} and {other}.",
            removed,
        ).format(count=removed, reference=first, other=second)
    )
    return 0
