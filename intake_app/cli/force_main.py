"""``intake-force``: the force's side. Registers centres, opens and imports their batches into its
own database, and writes signed receipts. No Qt; exit 0 on success, else one line on stderr."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from intake_app import __version__
from intake_app.cli import (
    force_access_log_command,
    force_database_commands,
    force_export_command,
    force_keys_command,
    force_reading_commands,
    force_show_command,
    force_update_commands,
    language_option,
)
from intake_app.cli.argparse_words import speak_argparse
from intake_app.cli.force_common import home as _home
from intake_app.cli.force_common import open_store as _store
from intake_app.cli.force_common import passphrase as _passphrase
from intake_app.domain.case_promises import MAX_DAYS, ServicePromises
from intake_app.domain.force_profile import KINDS, POLICE
from intake_app.domain.vocabulary import read_local_vocabulary
from intake_app.exchange.force_profile_format import parse_profile
from intake_app.exchange.receipts import sign_receipt
from intake_app.force import identity as ident
from intake_app.force.opening import check_signature, open_signed
from intake_app.force.rotation_files import earlier_identities
from intake_app.support import diagnostics
from intake_app.support.atomic_files import atomic_write
from intake_app.support.errors import IntakeError
from intake_app.support.i18n import _, ngettext, pgettext
from intake_app.support.process_hygiene import harden_process
from intake_app.support.untrusted import one_line


def cmd_keygen(args: argparse.Namespace) -> int:
    made = ident.keygen(_home(args), args.name, args.code, _passphrase(args, new=True))
    print(
        # Translators: {force} is the force's name, {code} its short code. "intake-force profile
        # -o {code}.json" is the next command to type: keep it as it is.
        _("Keys made for {force} ({code}). Next: intake-force profile -o {code}.json").format(
            force=made.name, code=made.code
        )
    )
    return 0


def cmd_profile(args: argparse.Namespace) -> int:
    local = read_local_vocabulary(Path(args.vocabulary)) if args.vocabulary else ([], [], [])
    promises = ServicePromises(
        args.first_contact_days, args.enhanced_first_contact_days, args.update_every_days
    )
    if any(d is not None and not 1 <= d <= MAX_DAYS for d in promises.to_json().values()):
        raise IntakeError(_("A promise is a number of days from 1 to 365."))
    profile = ident.load(_home(args)).profile(args.web, local, promises, args.kind)
    parse_profile(profile.to_bytes())  # what a centre will check, checked before it is written
    atomic_write(Path(args.output), profile.to_bytes())
    print(
        _(
            "Profile written. Give it to each centre, and tell them its fingerprint by phone or "
            "letter:"
        )
    )
    print(f"    {profile.fingerprint}")
    return 0


def cmd_centre_add(args: argparse.Namespace) -> int:
    done = ident.add_centre(_home(args), Path(args.pubkey), args.code, replace=args.replace)
    said = {
        # Translators: {code} is the centre's code, such as LEIC1.
        "added": _("Centre {code} registered."),
        # Translators: {code} is the centre's code, such as LEIC1.
        "same": _("Centre {code} was registered with this key already. Nothing was changed."),
        # Translators: {code} is the centre's code, such as LEIC1.
        "replaced": _("Centre {code}'s key replaced: its batches are checked with the new one."),
    }
    print(said[done].format(code=args.code))
    return 0


def _open(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    home = _home(args)
    me = ident.load(home)
    signed = check_signature(home, Path(args.batch))  # before the keys are even unlocked
    age_identity, secret = ident.secrets_for(home, _passphrase(args))
    earlier = earlier_identities(home, age_identity)
    return home, me, (age_identity, secret), open_signed(signed, age_identity, earlier)


def cmd_open(args: argparse.Namespace) -> int:
    _home_dir, _me, _secrets, opened = _open(args)
    m = opened.manifest
    print(
        # Translators: {number} is the batch's number, {centre} the centre's code, {made} when
        # the batch was made (a date and time as the batch has it).
        _("Batch {number} from centre {centre}, made {made}: signature good.").format(
            number=m["sequence"], centre=m["centre_code"], made=m["created_at"]
        )
    )
    reports = ngettext("{count} report", "{count} reports", len(opened.reports)).format(
        count=len(opened.reports)
    )
    attachments = ngettext(
        "{count} attachment", "{count} attachments", len(opened.attachments)
    ).format(count=len(opened.attachments))
    print(
        # Translators: {reports} is "3 reports", {attachments} is "2 attachments".
        _("{reports}, {attachments}, every member checked.").format(
            reports=reports, attachments=attachments
        )
    )
    if opened.amendments or opened.erasures:
        print(
            # Translators: {amendments} and {erasures} are numbers: corrected reports sent again,
            # and reports the centre asks the force to erase.
            _("Corrections: {amendments}. Erasures: {erasures}.").format(
                amendments=len(opened.amendments), erasures=len(opened.erasures)
            )
        )
    for document in opened.reports:
        kind = (
            _("with contact details")
            if document["identifying_details"]
            else _("without identifying details")
        )
        print(f"  {document['reference']}\t{kind}")
    for document in opened.amendments:
        # Translators: beside a report's reference in a list of what a batch holds.
        print(f"  {document['reference']}\t{pgettext('batch content', 'correction')}")
    for document in opened.erasures:
        # Translators: beside a report's reference in a list of what a batch holds.
        print(f"  {document['reference']}\t{pgettext('batch content', 'erasure')}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    home, _me, (age_identity, _secret), opened = _open(args)
    store = _store(args, home, age_identity)
    try:
        result = store.import_batch(opened)
    finally:
        store.close()
    if opened.to_earlier_key:
        result.notes.append(
            # Translators: {centre} is a centre's code; retired/ is a folder's name.
            _(
                "This batch was encrypted to the force's earlier key: centre {centre} has not "
                "imported the force's new profile yet. Keep retired/ until every centre has."
            ).format(centre=opened.centre_code)
        )
    for note in result.notes:
        print(_("Note: {note}").format(note=note), file=sys.stderr)
    if not result.already_imported:
        print(
            # Translators: {duplicates} is a number of reports.
            ngettext(
                "Imported {count} new report ({duplicates} received before).",
                "Imported {count} new reports ({duplicates} received before).",
                result.new_reports,
            ).format(count=result.new_reports, duplicates=result.duplicates)
        )
    if result.notices:
        applied = [n for n in result.notices if n.outcome == "applied"]
        print(
            # Translators: {amended}, {erased} and {refused} are numbers of corrections and
            # erasures the centre sent.
            _(
                "Corrections applied: {amended}. Erasures applied: {erased}. Refused: {refused}."
            ).format(
                amended=sum(1 for n in applied if n.kind == "amendment"),
                erased=sum(1 for n in applied if n.kind == "erasure"),
                refused=len(result.notices) - len(applied),
            )
        )
    for notice in result.notices:
        if notice.outcome == "applied":
            continue
        # Translators: {reference} is a report's reference; {reason} why, as the receipt says.
        said = (
            _("Note: the correction of {reference} was refused: {reason}")
            if notice.kind == "amendment"
            else _("Note: the erasure of {reference} was refused: {reason}")
        )
        print(said.format(reference=notice.reference, reason=notice.said), file=sys.stderr)
    return 0


def cmd_receipt(args: argparse.Namespace) -> int:
    home, me, (age_identity, secret), opened = _open(args)
    store = _store(args, home, age_identity)
    try:
        try:
            receipt = store.receipt(opened, me.code)
        except LookupError:
            raise IntakeError(
                _("Import the batch first ('intake-force import'), then write its receipt.")
            ) from None
    finally:
        store.close()
    atomic_write(Path(args.output), sign_receipt(receipt, secret))
    accepted = sum(1 for r in receipt["reports"] if r["outcome"] == "accepted")
    print(
        # Translators: {accepted} and {rejected} are numbers of reports.
        _("Receipt written: {accepted} accepted, {rejected} rejected.").format(
            accepted=accepted, rejected=len(receipt["reports"]) - accepted
        )
    )
    notices = receipt.get("notices", [])
    if notices:
        applied = sum(1 for n in notices if n["outcome"] == "applied")
        print(
            # Translators: {applied} and {refused} are numbers of corrections and erasures.
            _("Corrections and erasures: {applied} applied, {refused} refused.").format(
                applied=applied, refused=len(notices) - applied
            )
        )
    return 0


VALUE_OPTIONS = (
    "--home",
    "--passphrase-file",
    "--database",
    "--lang",
)  # the options before the command that take a value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="intake-force", description=_("Receive batches of reports from centres.")
    )
    parser.add_argument("--version", action="version", version=f"intake-force {__version__}")
    language_option.add_option(parser)
    parser.add_argument(
        "--home", help=_("the force's folder (default: $INTAKE_FORCE_HOME, else your data folder)")
    )
    parser.add_argument(
        "--passphrase-file", help=_("read the passphrase from the first line of this file")
    )
    parser.add_argument(
        "--database",
        metavar="ADDRESS",
        # Translators: keep "postgresql://…", "$INTAKE_FORCE_DATABASE" and "force.db" as they are.
        help=_(
            "the force's PostgreSQL database, as postgresql://… (default: "
            "$INTAKE_FORCE_DATABASE, else force.db in the force's folder)"
        ),
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    keygen = commands.add_parser("keygen", help=_("make the force's keys"))
    keygen.add_argument("--name", required=True)
    keygen.add_argument(
        "--code", required=True,
        help=_("the force's short code: lower-case letters, digits and dashes, e.g. leicestershire"),
    )  # fmt: skip
    keygen.set_defaults(handler=cmd_keygen)
    force_keys_command.add_parser(commands)
    profile = commands.add_parser("profile", help=_("write the force profile for centres"))
    profile.add_argument("-o", "--output", required=True)
    profile.add_argument(
        "--web", default="https://www.report-it.org.uk", help=_("hate crime web address")
    )
    profile.add_argument(
        "--vocabulary",
        metavar="FILE",
        # Translators: keep "strands", "incident_types" and "place_types" (names in the file).
        help=_(
            "the force's own strands, kinds of incident and kinds of place (JSON with strands, "
            "incident_types and place_types lists)"
        ),
    )
    for option, text in (
        ("--first-contact-days", _("promise: first contact within N working days of receipt")),
        (
            "--enhanced-first-contact-days",
            _("promise: first contact within N working days for victims with enhanced rights"),
        ),
        ("--update-every-days", _("promise: an update at least every N days until closed")),
    ):
        profile.add_argument(option, type=int, metavar="N", help=text)
    profile.add_argument(
        "--kind",
        choices=KINDS,
        default=POLICE,
        # Translators: keep the words in brackets as they are: they are typed.
        help=_(
            "who the keys belong to (police, council, housing, school or support; default: police)"
        ),
    )
    profile.set_defaults(handler=cmd_profile)
    centre = commands.add_parser("centre", help=_("centres"))
    centre_actions = centre.add_subparsers(dest="centre_command", required=True, metavar="ACTION")
    add = centre_actions.add_parser("add", help=_("register a centre's public key"))
    add.add_argument("pubkey")
    add.add_argument("--code", required=True)
    add.add_argument(
        "--replace", action="store_true",
        help=_("replace the key of a centre already registered (after checking it with them)"),
    )  # fmt: skip
    add.set_defaults(handler=cmd_centre_add)
    for name, handler, text in (("open", cmd_open, _("check and summarise a batch (writes nothing)")),
                                ("import", cmd_import, _("import a batch into the force's database"))):  # fmt: skip
        command = commands.add_parser(name, help=text)
        command.add_argument("batch")
        command.set_defaults(handler=handler)
    receipt = commands.add_parser(
        "receipt", help=_("write the signed receipt for an imported batch")
    )
    receipt.add_argument("batch")
    receipt.add_argument("-o", "--output", required=True)
    receipt.set_defaults(handler=cmd_receipt)
    force_update_commands.add_parser(commands)
    force_database_commands.add_parser(commands)
    force_reading_commands.add_parsers(commands)
    force_show_command.add_parser(commands)
    force_export_command.add_parser(commands)
    force_access_log_command.add_parser(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    harden_process()  # before anything else: no core dumps, private files
    language_option.speak(sys.argv[1:] if argv is None else argv, VALUE_OPTIONS)
    speak_argparse()
    args = build_parser().parse_args(argv)
    home = _home(args)
    if home.is_dir():
        diagnostics.start(home, "intake-force")
    diagnostics.event("command", command=args.command)
    try:
        return int(args.handler(args))
    except IntakeError as exc:
        diagnostics.refused(exc, args.command)
        print(one_line(f"intake-force: {exc}"), file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        if os.environ.get("INTAKE_DEBUG") == "1":
            raise
        code = diagnostics.failure(exc, args.command)
        print(
            "intake-force: "
            # Translators: {error} is a Python error's name (ValueError), {code} a short code
            # to quote, {log} a file's name.
            + _(
                "an unexpected error happened ({error}, code {code}). {log} in the force's folder "
                "says where in the program."
            ).format(error=type(exc).__name__, code=code, log=diagnostics.LOG_NAME),
            file=sys.stderr,
        )
        return 70


if __name__ == "__main__":
    sys.exit(main())
