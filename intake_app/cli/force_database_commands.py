"""``intake-force database``: the force's database, run by its owner: the privileges of the
importer and reader roles (PostgreSQL), a new content key, and everything sealed again under it."""

from __future__ import annotations

import argparse
from typing import Any

from intake_app.cli.force_common import database, opened_store
from intake_app.cli.force_common import home as _home
from intake_app.cli.force_common import open_store as _store
from intake_app.cli.force_common import passphrase as _passphrase
from intake_app.force import content_keys, resealing
from intake_app.force import identity as ident
from intake_app.force.postgres import PostgresDatabase
from intake_app.force.postgres_roles import grant
from intake_app.support.errors import IntakeError
from intake_app.support.i18n import _


def cmd_grant(args: argparse.Namespace) -> int:
    address = database(args)
    if address is None:
        raise IntakeError(
            # Translators: keep "--database" and "INTAKE_FORCE_DATABASE" as they are.
            _(
                "Roles are for a PostgreSQL database: name it with --database or INTAKE_FORCE_DATABASE."
            )
        )
    if not (args.importer or args.reader):
        raise IntakeError(_("Name at least one role, with --importer or --reader."))
    home = _home(args)
    age_identity, _secret = ident.secrets_for(home, _passphrase(args))
    _store(args, home, age_identity).close()  # the schema made or upgraded, by its owner
    db = PostgresDatabase(address)
    try:
        grant(db, importers=tuple(args.importer), readers=tuple(args.reader))
    finally:
        db.close()
    print(_("Privileges given."))
    return 0


def cmd_new_key(args: argparse.Namespace) -> int:
    with opened_store(args) as store, store.db.transaction():
        number = content_keys.rotate(store.db, store.identity, store.earlier)
    # Translators: {number} is the new key's number (2, 3, …).
    print(_("Content key {number} made: what is sealed from now on uses it.").format(number=number))
    return 0


def cmd_reseal(args: argparse.Namespace) -> int:
    with opened_store(args) as store:
        store.rewrap()  # content keys still sealed under an earlier identity of the force
        result = resealing.reseal(store.db, store.keys)
    print(
        # Translators: {number} is a content key's number; {reports}, {attachments} and
        # {files} are counts.
        _(
            "Sealed again under content key {number}: {reports} reports, {attachments} "
            "attachments, {files} update files ({already} values were already)."
        ).format(
            number=store.keys.current, reports=result.done["reports"],
            attachments=result.done["attachments"], files=result.done["update_files"],
            already=result.already,
        )
    )  # fmt: skip
    if result.removed:
        # Translators: {numbers} lists content keys' numbers, such as "1, 2".
        print(_("Content keys removed: {numbers}.").format(numbers=_listed(result.removed)))
    if result.kept:
        print(
            # Translators: {numbers} lists content keys' numbers, such as "1, 2".
            _(
                "Content keys {numbers} still seal values written while this ran: run it "
                "again to seal those too."
            ).format(numbers=_listed(result.kept))
        )
    return 0


def _listed(numbers: list[int]) -> str:
    return ", ".join(str(n) for n in numbers)


def add_parser(commands: Any) -> None:
    command = commands.add_parser(
        "database", help=_("the force's database: roles and content keys (for its owner)")
    )
    actions = command.add_subparsers(dest="database_command", required=True, metavar="ACTION")
    roles = actions.add_parser(
        "grant", help=_("give importer and reader roles their privileges (PostgreSQL)")
    )
    roles.add_argument(
        "--importer", action="append", default=[], metavar="ROLE",
        help=_("a role that imports batches and writes receipts (may be repeated)"),
    )  # fmt: skip
    roles.add_argument(
        "--reader", action="append", default=[], metavar="ROLE",
        help=_("a role that reads reports and writes update files (may be repeated)"),
    )  # fmt: skip
    roles.set_defaults(handler=cmd_grant)
    key = actions.add_parser(
        "new-content-key",
        help=_("add a content key, which seals everything from now on"),
        description=_(
            "Add a content key: everything sealed from now on uses it, and the earlier keys "
            "still open what they sealed. Then 'database reseal' seals that again under the new "
            "key and removes the earlier ones."
        ),
    )
    key.set_defaults(handler=cmd_new_key)
    again = actions.add_parser(
        "reseal",
        help=_(
            "seal everything again under the newest content key, then remove the keys nothing "
            "needs any more"
        ),
        description=_(
            "Seal every report, attachment and update file again under the newest content key, "
            "a hundred at a time, while importers and readers carry on; then remove every "
            "earlier content key that nothing is sealed under any more. Stopping half-way loses "
            "nothing: run it again to carry on."
        ),
    )
    again.set_defaults(handler=cmd_reseal)
