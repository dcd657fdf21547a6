"""``followup add|list|due|done`` and ``case assign|unassign|list``: work on a case after the
hand-off."""

from __future__ import annotations

import argparse
from typing import Any

from intake_app.cli.common import open_session
from intake_app.domain.follow_up import (
    CONTACT,
    KINDS,
    METHODS,
    NOTE,
    REFERRAL,
    REFERRAL_STATES,
    FollowUp,
    FollowUpEntry,
    parse_due,
)
from intake_app.support.i18n import _


def register(commands: Any) -> None:
    followup = commands.add_parser(
        "followup", help=_("contacts, referrals and notes on a case after the hand-off")
    )
    actions = followup.add_subparsers(dest="followup_command", required=True, metavar="ACTION")

    add = actions.add_parser("add", help=_("add a contact, referral or note to a case"))
    add.add_argument("reference")
    add.add_argument("--kind", choices=KINDS, default=NOTE)
    add.add_argument("--note", default="", help=_("the note, or how it went"))
    add.add_argument("--method", choices=METHODS, help=_("a contact's: how"))
    add.add_argument("--to", default="", dest="agency", help=_("a referral's: to whom"))
    add.add_argument("--referral", choices=REFERRAL_STATES, help=_("where a referral stands"))
    add.add_argument("--next", default="", dest="next_action", help=_("the next action"))
    add.add_argument("--due", help=_("when the next action is due (YYYY-MM-DD)"))
    add.set_defaults(handler=cmd_add)

    listing = actions.add_parser("list", help=_("a case's follow-ups"))
    listing.add_argument("reference")
    listing.set_defaults(handler=cmd_list)

    due = actions.add_parser("due", help=_("next actions due today or overdue"))
    due.add_argument("--on", help=_("another day than today (YYYY-MM-DD)"))
    due.set_defaults(handler=cmd_due)

    done = actions.add_parser("done", help=_("mark a follow-up's next action done"))
    done.add_argument("id")
    done.set_defaults(handler=cmd_done)

    case = commands.add_parser("case", help=_("assign cases to caseworkers"))
    case_actions = case.add_subparsers(dest="case_command", required=True, metavar="ACTION")
    assign = case_actions.add_parser("assign", help=_("assign a case (coordinators only)"))
    assign.add_argument("reference")
    assign.add_argument("caseworker")
    assign.set_defaults(handler=cmd_assign)
    unassign = case_actions.add_parser("unassign", help=_("take a case from its caseworker"))
    unassign.add_argument("reference")
    unassign.set_defaults(handler=cmd_unassign)
    mine = case_actions.add_parser("list", help=_("the cases you may work"))
    mine.set_defaults(handler=cmd_cases)


def _kind(args: argparse.Namespace) -> str:
    """The kind asked for, or the one its options imply."""
    if args.kind != NOTE:
        return str(args.kind)
    if args.referral or args.agency:
        return REFERRAL
    if args.method:
        return CONTACT
    return NOTE


def _line(item: FollowUp) -> str:
    due = item.due_on.isoformat() if item.due_on else "-"
    return "\t".join((item.id, item.created_at[:10], due, item.summary(), item.next_action))


def cmd_add(args: argparse.Namespace) -> int:
    due = parse_due(args.due) if args.due else None
    entry = FollowUpEntry(
        kind=_kind(args),
        text=args.note,
        method=args.method or "",
        agency=args.agency,
        referral_state=args.referral or "",
        next_action=args.next_action,
        due_on=due,
    )
    with open_session(args) as session:
        added = session.follow_ups.add(args.reference, entry)
    # Translators: {reference} is a report's reference number.
    print(_("Follow-up added to {reference}.").format(reference=added.reference))
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    with open_session(args) as session:
        found = session.follow_ups.of_case(args.reference)
    for item in found:
        print(_line(item))
    if not found:
        print(_("No follow-ups yet."))
    return 0


def cmd_due(args: argparse.Namespace) -> int:
    on = parse_due(args.on) if args.on else None
    with open_session(args) as session:
        found = session.follow_ups.due(on)
        today = on or session.follow_ups.today()
    for item in found:
        assert item.due_on is not None
        # Translators: beside a next action due before today.
        when = _("overdue") if item.due_on < today else _("today")
        print("\t".join((item.reference, item.due_on.isoformat(), when, item.due_text(), item.id)))
    if not found:
        print(_("Nothing is due."))
    return 0


def cmd_done(args: argparse.Namespace) -> int:
    with open_session(args) as session:
        session.follow_ups.mark_done(args.id)
    print(_("Marked done."))
    return 0


def cmd_assign(args: argparse.Namespace) -> int:
    with open_session(args) as session:
        worker = session.cases.assign(args.reference, args.caseworker)
    # Translators: {reference} is a report's reference number, {name} a caseworker's name.
    print(
        _("{reference} is assigned to {name}.").format(reference=args.reference, name=worker.name)
    )
    return 0


def cmd_unassign(args: argparse.Namespace) -> int:
    with open_session(args) as session:
        session.cases.unassign(args.reference)
    print(_("The case is no longer assigned to anyone."))
    return 0


def cmd_cases(args: argparse.Namespace) -> int:
    with open_session(args) as session:
        cases = session.cases.mine()
    for case in cases:
        print(f"{case.reference}\t{case.status}")
    if not cases:
        print(_("No cases are assigned."))
    return 0
