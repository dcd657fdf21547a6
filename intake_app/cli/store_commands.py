"""``init``, ``audit verify``, ``check``, ``backup``, ``restore`` and ``demo``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from intake_app.app import restoring
from intake_app.app.session import create_store
from intake_app.cli import prompts
from intake_app.cli.common import open_data_dir, open_session
from intake_app.storage import device_secret, wal_check
from intake_app.storage.store_opening import check_journals
from intake_app.support.errors import IntakeError, JournalDamaged
from intake_app.support.i18n import _, ngettext, number
from intake_app.support.paths import resolve_data_dir


def register(commands: Any) -> None:
    init = commands.add_parser("init", help=_("set up a new store with its first coordinator"))
    init.add_argument("--centre-name", required=True)
    init.add_argument("--centre-code", required=True, help=_("2-8 capitals/digits, e.g. LEIC1"))
    init.add_argument("--force", default="", help=_("force vocabulary to use (e.g. west-mercia)"))
    binding = init.add_mutually_exclusive_group()
    binding.add_argument("--keyring", dest="keyring", action="store_true", default=None,
                         help=_("require binding to this computer's keyring"))  # fmt: skip
    binding.add_argument("--no-keyring", dest="keyring", action="store_false",
                         help=_("passphrases only, even if a keyring exists"))  # fmt: skip
    init.set_defaults(handler=cmd_init)

    audit = commands.add_parser("audit", help=_("the audit log"))
    audit_commands = audit.add_subparsers(dest="audit_command", required=True, metavar="ACTION")
    verify = audit_commands.add_parser("verify", help=_("check the audit log's hash chain"))
    verify.set_defaults(handler=cmd_audit_verify)

    check = commands.add_parser(
        "check", help=_("check each store's journal file, then every page of the store")
    )
    check.set_defaults(handler=cmd_check)

    backup = commands.add_parser("backup", help=_("write an encrypted backup file"))
    backup.add_argument("out")
    backup.set_defaults(handler=cmd_backup)

    restore = commands.add_parser(
        "restore", help=_("restore a backup (the current store is moved aside, not deleted)")
    )
    restore.add_argument("source")
    restore.add_argument("--recovery-key", action="store_true",
                         help=_("prove it with the recovery key instead of a passphrase"))  # fmt: skip
    restore.add_argument("--recovery-key-file")
    restore.set_defaults(handler=cmd_restore)

    purge = commands.add_parser("purge", help=_("erase personal data past its retention period"))
    purge.set_defaults(handler=cmd_purge)

    demo_parser = commands.add_parser("demo", help=_("add synthetic demo reports"))
    demo_parser.add_argument("--reports", type=int, default=200)
    demo_parser.add_argument("--seed", type=int, default=1)
    demo_parser.set_defaults(handler=cmd_demo)


def cmd_init(args: argparse.Namespace) -> int:
    data_dir = open_data_dir(args)
    name = prompts.user_name(args.user)
    passphrase = prompts.new_passphrase(args.passphrase_file, name)
    session, recovery = create_store(
        data_dir,
        centre_name=args.centre_name,
        centre_code=args.centre_code,
        user_name=name,
        passphrase=passphrase,
        force_code=args.force,
        device_binding=args.keyring,
    )
    bound = session.keyring_bound
    session.close()
    # Translators: {centre} is the centre's name, {folder} the data folder.
    print(_("The store for {centre} is ready in {folder}.").format(
        centre=args.centre_name, folder=data_dir))  # fmt: skip
    print(_("{name} is its first coordinator.").format(name=name))
    if bound:
        print(_("Key slots are bound to this computer's keyring."))
    else:
        print(device_secret.status().reason if args.keyring is None else
              _("Key slots are protected by passphrases alone."))  # fmt: skip
    print()
    print(_("RECOVERY KEY (shown once; write it down or print it, and keep it locked away):"))
    print()
    print(f"    {recovery}")
    print()
    # Translators: printed on two lines, cut at the line break.
    for line in _(
        "With it a coordinator can reset any forgotten passphrase. Without it, and without\n"
        "every passphrase, the reports cannot be recovered by anyone."
    ).splitlines():
        print(line)
    return 0


def cmd_audit_verify(args: argparse.Namespace) -> int:
    with open_session(args) as session:
        verdict = session.verify_audit()
    if not verdict.ok:
        raise IntakeError(verdict.message)
    print(verdict.message)
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    # Each store's log is read before anything is opened: opening replays it.
    journals = check_journals(resolve_data_dir(args.data_dir))
    for name, report in journals:
        if report.state is not wal_check.JournalState.ABSENT:
            print(f"{name}-wal: {wal_check.describe(report)}")
    damaged = [f"{name}-wal" for name, report in journals if report.damaged]
    if damaged:
        raise JournalDamaged(wal_check.damaged_message(damaged))
    with open_session(args) as session:
        problems = session.integrity_problems()
    if problems:
        raise IntakeError(
            ngettext(
                "The store failed its integrity check ({count} problem). Restore it from a backup "
                "with 'intake restore'.",
                "The store failed its integrity check ({count} problems). Restore it from a backup "
                "with 'intake restore'.",
                len(problems),
            ).format(count=len(problems))
        )
    print(_("Every page of the store is intact."))
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    with open_session(args) as session:
        size = session.backups.backup(Path(args.out))
    # Translators: {size} is a number of megabytes. Printed on two lines, cut at the line break.
    text = _(
        "Backup written ({size} MB). It is encrypted; it opens with the same\n"
        "passphrases, or the recovery key."
    ).format(size=f"{size / 1048576:.1f}")
    for line in text.splitlines():
        print(line)
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    data_dir = resolve_data_dir(args.data_dir)
    if args.recovery_key or args.recovery_key_file:
        aside = restoring.restore(
            data_dir, Path(args.source), recovery_text=prompts.recovery_key(args.recovery_key_file)
        )
    else:
        name = prompts.user_name(args.user)
        passphrase = prompts.existing_passphrase(args.passphrase_file)
        aside = restoring.restore(
            data_dir, Path(args.source), user_name=name, passphrase=passphrase
        )
    print(_("The backup has been restored."))
    if aside:
        print(
            # Translators: {folder} is a folder's name.
            _("The store it replaced was kept in {folder} inside the data folder.").format(
                folder=aside.name
            )
        )
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    if args.reports < 1 or args.reports > 1_000_000:
        raise IntakeError(_("Choose from 1 to 1,000,000 demo reports."))
    with open_session(args) as session:
        session.demo.generate(
            args.reports,
            seed=args.seed,
            progress=lambda n: print(
                "  "
                + ngettext("{count} demo report…", "{count} demo reports…", n).format(
                    count=number(n)
                ),
                file=sys.stderr,
            ),
        )
    print(
        ngettext(
            "Added {count} demo report (marked as demo data).",
            "Added {count} demo reports (marked as demo data).",
            args.reports,
        ).format(count=number(args.reports))
    )
    return 0


def cmd_purge(args: argparse.Namespace) -> int:
    with open_session(args) as session:  # unlocking purges already; this says what was done
        result = session.retention.purge()
        session.retention.compact()
        days = (session.retention.after_acknowledged_days, session.retention.monitoring_only_days)
    print(
        ngettext(
            "Personal data erased from {count} report past its retention period.",
            "Personal data erased from {count} reports past their retention period.",
            result.total,
        ).format(count=result.total)
    )
    print(
        # Translators: {acknowledged} and {monitoring} are numbers of days.
        _(
            "(Kept {acknowledged} days after the force acknowledges a report, {monitoring} days "
            "for monitoring-only reports.)"
        ).format(acknowledged=days[0], monitoring=days[1])
    )
    return 0
