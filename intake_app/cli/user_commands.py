"""``user add|list|passwd|remove|reset``."""

from __future__ import annotations

import argparse
from typing import Any

from intake_app.app.session import unlock_with_recovery
from intake_app.cli import prompts
from intake_app.cli.common import open_data_dir, open_session
from intake_app.services.users import ROLES
from intake_app.support.i18n import _, pgettext


def register(commands: Any) -> None:
    user = commands.add_parser("user", help=_("volunteers and coordinators"))
    actions = user.add_subparsers(dest="user_command", required=True, metavar="ACTION")

    add = actions.add_parser("add", help=_("add a user (coordinators only)"))
    add.add_argument("name")
    add.add_argument("--role", choices=ROLES, default="volunteer")
    add.add_argument("--new-passphrase-file", help=_("the new user's passphrase, from a file"))
    add.set_defaults(handler=cmd_add)

    listing = actions.add_parser("list", help=_("list users (coordinators only)"))
    listing.set_defaults(handler=cmd_list)

    passwd = actions.add_parser("passwd", help=_("change your own passphrase"))
    passwd.add_argument("--new-passphrase-file")
    passwd.set_defaults(handler=cmd_passwd)

    remove = actions.add_parser("remove", help=_("deactivate a user (coordinators only)"))
    remove.add_argument("name")
    remove.set_defaults(handler=cmd_remove)

    reset = actions.add_parser(
        "reset", help=_("reset a forgotten passphrase with the recovery key")
    )
    reset.add_argument("name")
    reset.add_argument("--recovery-key-file")
    reset.add_argument("--new-passphrase-file")
    reset.set_defaults(handler=cmd_reset)


def cmd_add(args: argparse.Namespace) -> int:
    with open_session(args) as session:
        passphrase = prompts.new_passphrase(args.new_passphrase_file, args.name)
        user = session.users.add(args.name, args.role, passphrase)
    # Translators: {name} is a user's name, {role} the role's code (volunteer or coordinator).
    print(_("Added {name} as a {role}.").format(name=user.name, role=user.role))
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    with open_session(args) as session:
        users = session.users.list()
    for user in users:
        state = pgettext("user", "active") if user.active else pgettext("user", "deactivated")
        print(f"{user.name}\t{user.role}\t{state}")
    return 0


def cmd_passwd(args: argparse.Namespace) -> int:
    with open_session(args) as session:
        current = prompts.existing_passphrase(args.passphrase_file, _("Current passphrase: "))
        new = prompts.new_passphrase(args.new_passphrase_file, session.user.name)
        session.users.change_own_passphrase(current, new)
        replaced = session.users.new_recovery_key
    print(_("Your passphrase has been changed."))
    _show_new_recovery_key(replaced)
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    with open_session(args) as session:
        user = session.users.deactivate(args.name)
        replaced = session.users.new_recovery_key
    print(
        _(
            "{name} has been deactivated and can no longer unlock the store. The store has a "
            "new key, so no copy of their old key file opens it."
        ).format(name=user.name)
    )
    _show_new_recovery_key(replaced)
    return 0


def cmd_reset(args: argparse.Namespace) -> int:
    data_dir = open_data_dir(args)
    recovery = prompts.recovery_key(args.recovery_key_file)
    with unlock_with_recovery(data_dir, recovery) as session:
        passphrase = prompts.new_passphrase(args.new_passphrase_file, args.name)
        session.users.reset_passphrase(args.name, passphrase)
        replaced = session.users.new_recovery_key
    print(_("The passphrase for {name} has been reset.").format(name=args.name))
    _show_new_recovery_key(replaced)
    return 0


def _show_new_recovery_key(key: str | None) -> None:
    """A store set up by an earlier version gets a new recovery key at its first re-key."""
    if key:
        print()
        print(
            _(
                "The recovery key printed when this store was set up no longer works. This is the "
                "new one; it is shown once. Print it or write it down, keep it locked away, and "
                "destroy the old sheet:"
            )
        )
        print()
        print("    " + key)
        print()
