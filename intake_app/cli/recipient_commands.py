"""``recipient add|list|remove|export|receipt``: recipients besides the police force (a council's
anti-social behaviour team, a housing provider, a school, a support service)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from intake_app.cli.common import open_session
from intake_app.domain.force_profile import KIND_LABELS
from intake_app.domain.report_notice import notices_line
from intake_app.exchange.force_profile_format import MAX_PROFILE_BYTES, ProfileInvalid
from intake_app.exchange.receipts import MAX_RECEIPT_BYTES, ReceiptInvalid
from intake_app.support.i18n import _, ngettext
from intake_app.support.untrusted import read_file


def register(commands: Any) -> None:
    group = commands.add_parser(
        "recipient", help=_("recipients besides the police (councils, housing, schools, support)")
    )
    actions = group.add_subparsers(dest="recipient_command", required=True, metavar="ACTION")
    add = actions.add_parser("add", help=_("register a recipient from its profile (coordinators)"))
    add.add_argument("file")
    add.add_argument(
        "--fingerprint",
        required=True,
        help=_("the fingerprint the recipient gave you by phone or letter"),
    )
    add.set_defaults(handler=cmd_add)
    actions.add_parser("list", help=_("list the registered recipients")).set_defaults(
        handler=cmd_list
    )
    remove = actions.add_parser("remove", help=_("remove a recipient: no more batches for it"))
    remove.add_argument("code")
    remove.set_defaults(handler=cmd_remove)
    export = actions.add_parser(
        "export", help=_("write the reports a recipient may have to its own batch file")
    )
    export.add_argument("code")
    export.add_argument("-o", "--out", "--output", dest="output", required=True, metavar="DIR")
    export.add_argument("--rewrite", type=int, metavar="N",
                        help=_("write batch N again (not yet acknowledged; same batch id)"))  # fmt: skip
    export.set_defaults(handler=cmd_export)
    receipt = actions.add_parser("receipt", help=_("import a receipt from a recipient"))
    receipt.add_argument("file")
    receipt.set_defaults(handler=cmd_receipt)


def cmd_add(args: argparse.Namespace) -> int:
    raw = read_file(Path(args.file), MAX_PROFILE_BYTES, _("The profile"), ProfileInvalid)
    with open_session(args) as session:
        recipient = session.recipients.add(raw, args.fingerprint)
    # Translators: {name} is a recipient's name, {code} its short code.
    print(_("Registered {name} ({code}).").format(name=recipient.name, code=recipient.code))
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    with open_session(args) as session:
        found = session.recipients.all()
    if not found:
        print(_("No recipients besides the police are registered."))
    for recipient in found:
        kind = _(KIND_LABELS[recipient.kind])
        print(f"{recipient.code}\t{kind}\t{recipient.name}\t{recipient.fingerprint}")
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    with open_session(args) as session:
        session.recipients.remove(args.code)
    # Translators: {code} is a recipient's short code.
    print(_("Removed {code}: no more batches go to it.").format(code=args.code))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    with open_session(args) as session:
        if args.rewrite:
            result = session.recipient_batches.rewrite(args.code, args.rewrite, Path(args.output))
        else:
            result = session.recipient_batches.export(args.code, Path(args.output))
    print(result.path)
    print(
        # Translators: {number} is the batch's number.
        ngettext(
            "Batch {number}: {count} report.",
            "Batch {number}: {count} reports.",
            result.report_count,
        ).format(number=result.sequence, count=result.report_count)
    )
    if result.notice_count:
        print(notices_line(result.notice_count, to_force=False))
    return 0


def cmd_receipt(args: argparse.Namespace) -> int:
    raw = read_file(Path(args.file), MAX_RECEIPT_BYTES, _("The receipt"), ReceiptInvalid)
    with open_session(args) as session:
        recipient, counts = session.recipient_batches.import_receipt(raw)
    # Translators: {name} is a recipient's name.
    print(_("Receipt from {name} imported.").format(name=recipient.name))
    print(
        ngettext("{count} report accepted.", "{count} reports accepted.", counts.accepted).format(
            count=counts.accepted
        )
    )
    if counts.rejected:
        print(
            ngettext("{count} report sent back.", "{count} reports sent back.",
                     counts.rejected).format(count=counts.rejected)
        )  # fmt: skip
    if counts.confirmed or counts.refused:
        # Translators: {confirmed} and {refused} are numbers of corrections and erasures sent to
        # a recipient besides the police.
        told = _("Corrections and erasures: {confirmed} confirmed, {refused} refused.")
        print(told.format(confirmed=counts.confirmed, refused=counts.refused))
    return 0
