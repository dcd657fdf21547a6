"""What every ``intake-force`` command needs: the force's folder, its passphrase, its database
(``force.db`` in the folder, or a PostgreSQL database named by --database)."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import platformdirs
import pyrage

from intake_app.cli import prompts
from intake_app.force import identity as ident
from intake_app.force.postgres import is_address
from intake_app.force.store import ForceStore
from intake_app.support.errors import IntakeError
from intake_app.support.i18n import _


def home(args: argparse.Namespace) -> Path:
    chosen = args.home or os.environ.get("INTAKE_FORCE_HOME")
    return (
        Path(chosen)
        if chosen
        else Path(platformdirs.user_data_dir("intake-force", appauthor=False))
    )


def passphrase(args: argparse.Namespace, new: bool = False) -> str:
    if new:
        # Translators: fills {who} in "New passphrase for {who}: ".
        return prompts.new_passphrase(args.passphrase_file, _("the force's keys"))
    return prompts.existing_passphrase(args.passphrase_file)


def database(args: argparse.Namespace) -> str | None:
    """The PostgreSQL database chosen (--database, else $INTAKE_FORCE_DATABASE); None for the
    default, force.db in the force's folder."""
    chosen = getattr(args, "database", None) or os.environ.get("INTAKE_FORCE_DATABASE")
    if not chosen:
        return None
    if not is_address(chosen):
        raise IntakeError(
            # Translators: keep "postgresql://" and "--database" as they are.
            _(
                "--database takes a PostgreSQL address, starting with postgresql://. Leave it "
                "out to use the force's database in the force's folder."
            )
        )
    return chosen


def open_store(
    args: argparse.Namespace, home: Path, age_identity: pyrage.x25519.Identity
) -> ForceStore:
    """The force's database, opened; says so if opening it encrypted an old unencrypted one."""
    store = ForceStore(home, age_identity, database(args))
    for note in store.notes:
        print(_("Note: {note}").format(note=note), file=sys.stderr)
    return store


@contextmanager
def opened_store(args: argparse.Namespace) -> Iterator[ForceStore]:
    """The force's database, opened with the force's keys (the passphrase asked for), closed
    after."""
    chosen = home(args)
    age_identity, _secret = ident.secrets_for(chosen, passphrase(args))
    store = open_store(args, chosen, age_identity)
    try:
        yield store
    finally:
        store.close()
