"""``profile import|show``, ``centre-key`` and ``export``: sending reports to the force."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from intake_app.cli.common import open_session
from intake_app.domain.report_notice import notices_line
from intake_app.exchange.force_profile_format import MAX_PROFILE_BYTES, ProfileInvalid
from intake_app.exchange.receipts import MAX_RECEIPT_BYTES, ReceiptInvalid
from intake_app.support.atomic_files import atomic_write
from intake_app.support.errors import IntakeError
from intake_app.support.i18n import _, ngettext, pgettext
from intake_app.support.untrusted import read_file


def register(commands: Any) -> None:
    profile = commands.add_parser("profile", help=_("the force's profile (its keys and details)"))
    actions = profile.add_subparsers(dest="profile_command", required=True, metavar="ACTION")
    do_import = actions.add_parser("import", help=_("import a force profile (coordinators)"))
    do_import.add_argument("file")
    do_import.add_argument(
        "--fingerprint", help=_("the fingerprint the force gave you by phone or letter")
    )
    do_import.add_argument(
        "--yes", action="store_true", help=_("do not ask: the fingerprint was checked")
    )
    do_import.set_defaults(handler=cmd_profile_import)
    # The same, under the name the force's letter uses: intake force-profile import FILE [--yes]
    force_profile = commands.add_parser(
        "force-profile", help=_("the force's profile (same as 'profile')")
    )
    fp_actions = force_profile.add_subparsers(dest="fp_command", required=True, metavar="ACTION")
    fp_import = fp_actions.add_parser("import", help=_("import a force profile (coordinators)"))
    fp_import.add_argument("file")
    fp_import.add_argument("--fingerprint")
    fp_import.add_argument("--yes", action="store_true")
    fp_import.set_defaults(handler=cmd_profile_import)
    show = actions.add_parser("show", help=_("show the imported profile and its fingerprint"))
    show.set_defaults(handler=cmd_profile_show)

    key = commands.add_parser("centre-key", help=_("write the centre's public key for the force"))
    key.add_argument("-o", "--output", required=True)
    key.set_defaults(handler=cmd_centre_key)
    key_group = commands.add_parser("key", help=_("the centre's signing key"))
    key_actions = key_group.add_subparsers(dest="key_command", required=True, metavar="ACTION")
    key_export = key_actions.add_parser(
        "export", help=_("write the centre's public key for the force")
    )
    key_export.add_argument("-o", "--output", required=True)
    key_export.set_defaults(handler=cmd_centre_key)

    receipt = commands.add_parser("receipt", help=_("the force's receipts"))
    receipt_actions = receipt.add_subparsers(
        dest="receipt_command", required=True, metavar="ACTION"
    )
    receipt_import = receipt_actions.add_parser("import", help=_("import a receipt from the force"))
    receipt_import.add_argument("file")
    receipt_import.set_defaults(handler=cmd_receipt_import)

    export = commands.add_parser(
        "export", help=_("write ready reports to one encrypted batch file")
    )
    export.add_argument("-o", "--out", "--output", dest="output", required=True, metavar="DIR")
    export.add_argument(
        "--report", action="append", metavar="REF", help=_("only these (repeatable)")
    )
    export.add_argument("--plan", action="store_true", help=_("only say what would go, and why"))
    export.add_argument("--rewrite", type=int, metavar="N",
                        help=_("write batch N again (not yet acknowledged; same batch id)"))  # fmt: skip
    export.set_defaults(handler=cmd_export)


def cmd_profile_import(args: argparse.Namespace) -> int:
    raw = read_file(Path(args.file), MAX_PROFILE_BYTES, _("The force profile"), ProfileInvalid)
    with open_session(args) as session:
        profile = session.exports.read_profile(raw)
        print(
            # Translators: {force} is the police force's name, {code} its short code.
            _("Profile of {force} ({code})").format(
                force=profile.force_name, code=profile.force_code
            )
        )
        print(_("Fingerprint: {fingerprint}").format(fingerprint=profile.fingerprint))
        if args.fingerprint:
            typed = "".join(args.fingerprint.split()).upper()
            if typed != "".join(profile.fingerprint.split()):
                raise IntakeError(
                    _(
                        "The fingerprint does not match ({fingerprint}). Do not import this "
                        "profile: ask the force to confirm it."
                    ).format(fingerprint=profile.fingerprint)
                )
        elif not args.yes:
            if not sys.stdin.isatty():
                raise IntakeError(
                    _("Compare the fingerprint with the force's, then run again with --yes.")
                )
            # Translators: a question on the command line; the answer is typed as y or yes (in
            # English, whatever the language), so keep "[y/N]".
            answer = input(_("Is this exactly the fingerprint the force gave you? [y/N] "))
            if answer.strip().lower() not in ("y", "yes"):
                raise IntakeError(_("The profile was not imported."))
        session.exports.import_profile(raw)
    print(_("Imported the profile of {force}.").format(force=profile.force_name))
    return 0


def cmd_profile_show(args: argparse.Namespace) -> int:
    with open_session(args) as session:
        profile = session.exports.profile()
    if profile is None:
        raise IntakeError(_("No force profile has been imported yet."))
    print(f"{profile.force_name} ({profile.force_code})")
    print(_("Fingerprint: {fingerprint}").format(fingerprint=profile.fingerprint))
    return 0


def cmd_centre_key(args: argparse.Namespace) -> int:
    with open_session(args) as session:
        text = session.exports.centre_public_key()
    atomic_write(Path(args.output), text.encode("ascii"))
    print(_("The centre's public key is written. Give it to the force with the centre code."))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    with open_session(args) as session:
        if args.rewrite:
            result = session.exports.rewrite(args.rewrite, Path(args.output))
            print(
                # Translators: {number} is the batch's number, {file} its file name.
                ngettext(
                    "Batch {number} written again: {file}, {count} report.",
                    "Batch {number} written again: {file}, {count} reports.",
                    result.report_count,
                ).format(number=result.sequence, file=result.path.name, count=result.report_count)
            )
            return 0
        if args.plan:
            for planned in session.exports.plan(args.report):
                verdict = (
                    pgettext("export plan", "goes")
                    if planned.goes
                    else pgettext("export plan", "stays")
                )
                print(f"{planned.reference}\t{verdict}\t{planned.why}")
            for notice in session.exports.waiting_notices():
                if notice.kind == "amendment":
                    verdict = pgettext("export plan", "correction")
                    why = _("The corrected report goes, as the person's consent allows.")
                else:
                    verdict = pgettext("export plan", "erasure")
                    why = _("Withdrawn: the force is asked to erase its copy.")
                print(f"{notice.reference}\t{verdict}\t{why}")
            return 0
        result = session.exports.export(
            Path(args.output), args.report,
            progress=lambda done, total: print(f"  {done}/{total}", file=sys.stderr) if done % 500 == 0 else None,
        )  # fmt: skip
    print(result.path)
    print(
        ngettext(
            "Batch {number}: {count} report.",
            "Batch {number}: {count} reports.",
            result.report_count,
        ).format(number=result.sequence, count=result.report_count),
        file=sys.stderr,
    )
    if result.notice_count:
        print(notices_line(result.notice_count), file=sys.stderr)
    if result.report_count:
        print(
            _(
                "They are marked exported; they become acknowledged when the force's receipt is imported."
            ),
            file=sys.stderr,
        )
    return 0


def cmd_receipt_import(args: argparse.Namespace) -> int:
    raw = read_file(Path(args.file), MAX_RECEIPT_BYTES, _("The receipt"), ReceiptInvalid)
    with open_session(args) as session:
        counts = session.exports.import_receipt(raw)
    print(
        # Translators: {accepted} and {rejected} are numbers of reports.
        ngettext(
            "Receipt imported: {accepted} report acknowledged, {rejected} returned as ready.",
            "Receipt imported: {accepted} reports acknowledged, {rejected} returned as ready.",
            counts.accepted,
        ).format(accepted=counts.accepted, rejected=counts.rejected)
    )
    if counts.confirmed or counts.refused:
        print(
            # Translators: {confirmed} and {refused} are numbers of corrections and erasures.
            _(
                "Corrections and erasures: {confirmed} confirmed, {refused} refused by the force."
            ).format(confirmed=counts.confirmed, refused=counts.refused)
        )
    return 0
