"""``intake-force rotate-keys``: new keys for the force (``force/key_rotation.py``), the database
re-keyed and its content keys sealed under them at once."""

from __future__ import annotations

import argparse
from typing import Any

from intake_app.cli import prompts
from intake_app.cli.force_common import home as _home
from intake_app.cli.force_common import open_store as _store
from intake_app.cli.force_common import passphrase as _passphrase
from intake_app.force import key_rotation
from intake_app.support.i18n import _


def cmd_rotate_keys(args: argparse.Namespace) -> int:
    home = _home(args)
    passphrase = _passphrase(args)
    new = (
        # Translators: fills {who} in "New passphrase for {who}: ".
        prompts.new_passphrase(args.new_passphrase_file, _("the force's keys"))
        if args.new_passphrase or args.new_passphrase_file
        else None
    )
    made, age_identity = key_rotation.rotate(home, passphrase, new)
    store = _store(args, home, age_identity)
    try:
        store.rewrap()
    finally:
        store.close()
    print(
        # Translators: {force} is the force's name, {code} its short code. "intake-force profile
        # -o {code}.json" is a command to type: keep it as it is; retired/ is a folder's name.
        _(
            "New keys made for {force}. Batches encrypted to the earlier key still open: it is "
            "kept, sealed to the new one, in retired/. Next: intake-force profile -o "
            "{code}.json, and give the new profile to every centre. Receipts and update files "
            "are signed with the new key from now on: a centre can check them once it has "
            "imported the new profile."
        ).format(force=made.name, code=made.code)
    )
    print(
        # Translators: the commands are typed as they are.
        _(
            "If the earlier keys may have been disclosed, run 'intake-force database "
            "new-content-key' and then 'intake-force database reseal' too."
        )
    )
    return 0


def add_parser(commands: Any) -> None:
    rotate = commands.add_parser(
        "rotate-keys",
        help=_("replace the force's keys (the earlier ones still open batches made before)"),
        description=_(
            "Make a new age key (centres encrypt batches to it) and a new signing key (receipts "
            "and update files), re-key the force's database under them, and keep the earlier "
            "age key in retired/ for batches already on their way. Then give every centre the "
            "new profile (intake-force profile). If the earlier keys may have been disclosed, "
            "run 'database new-content-key' and 'database reseal' after."
        ),
    )
    rotate.add_argument(
        "--new-passphrase", action="store_true",
        help=_("protect the new keys with a new passphrase (asked for twice)"),
    )  # fmt: skip
    rotate.add_argument(
        "--new-passphrase-file", metavar="FILE",
        help=_("protect the new keys with the passphrase in this file"),
    )  # fmt: skip
    rotate.set_defaults(handler=cmd_rotate_keys)
