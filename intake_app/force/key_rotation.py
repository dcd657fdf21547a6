"""A new identity for the force: a new age key (centres encrypt batches to it) and a new
minisign key (receipts and update files are signed with it), when the old ones may have been
disclosed, or simply in time.

The new keys and everything sealed under the old identity (the earlier identities kept in
``retired/``; a new key for ``force.db``, with its old key kept beside it until ``ForceStore``
re-keys the database, at once) are written into ``rotating/`` and put in place together
(``rotation_files``). The old identity joins ``retired/``, sealed to the new one: a
batch a centre encrypted before it imported the new profile still opens. The content keys in
the database are then sealed under the new identity by ``ForceStore.rewrap``, which the command
runs at once (as the database's owner); what they seal does not change.
"""

from __future__ import annotations

import json
import secrets
import shutil
from pathlib import Path

import minisign
import pyrage

from intake_app.force import db_key, rotation_files
from intake_app.force import identity as ident
from intake_app.force.identity import ForceIdentity
from intake_app.support.atomic_files import atomic_write, ensure_private_dir
from intake_app.support.errors import IntakeError
from intake_app.support.i18n import _, ngettext


def rotate(
    home: Path, passphrase: str, new_passphrase: str | None = None
) -> tuple[ForceIdentity, pyrage.x25519.Identity]:
    """Replace the force's keys, protected by ``new_passphrase`` (by default the same one): the
    new public identity, and the new age identity."""
    if new_passphrase is not None and len(new_passphrase) < ident.MIN_PASSPHRASE:
        raise IntakeError(
            ngettext(
                "Use a passphrase of at least {count} character to protect the force's keys.",
                "Use a passphrase of at least {count} characters to protect the force's keys.",
                ident.MIN_PASSPHRASE,
            ).format(count=ident.MIN_PASSPHRASE)
        )
    protecting = passphrase if new_passphrase is None else new_passphrase
    me = ident.load(home)  # finishes a change left half-way first
    identity, _secret = ident.secrets_for(home, passphrase)  # the passphrase is the right one
    earlier = rotation_files.earlier_identities(home, identity)
    database_key = db_key.unseal(home, identity) if (home / db_key.FILE_NAME).exists() else None
    new_identity = pyrage.x25519.Identity.generate()
    recipient = new_identity.to_public()
    pair = minisign.KeyPair.generate()
    secret = pair.secret_key
    secret.encrypt(protecting)
    made = ForceIdentity(me.code, me.name, str(recipient), pair.public_key.to_base64().decode())
    staging = home / rotation_files.STAGING
    try:
        if staging.exists():
            shutil.rmtree(staging)
        ensure_private_dir(staging)
        for number, old in enumerate([*reversed(earlier), identity], 1):  # oldest first
            sealed = pyrage.encrypt(str(old).encode("ascii"), [recipient])
            atomic_write(staging / rotation_files.retired_name(number), sealed)
        if database_key is not None and (home / "force.db").exists():
            # force.db gets a new key (the old one opened it with the old identity); the old
            # key stays beside it, sealed to the new identity, until the database is re-keyed.
            db_key.write(staging, new_identity, database_key, db_key.PREVIOUS)
            fresh = db_key.DatabaseKey(
                secrets.token_bytes(len(database_key.key)), database_key.salt
            )
            db_key.write(staging, new_identity, fresh)
        elif database_key is not None:
            db_key.write(staging, new_identity, database_key)
        atomic_write(
            staging / "identity.age",
            pyrage.passphrase.encrypt(str(new_identity).encode("ascii"), protecting),
        )
        atomic_write(staging / "signing.key", secret.to_base64())
        atomic_write(staging / "force.json", json.dumps(made.__dict__, indent=2).encode())
        count = str(len(earlier) + 1).encode("ascii")
        atomic_write(staging / rotation_files.READY, count)  # the keys change here
    except OSError:
        shutil.rmtree(staging, ignore_errors=True)
        raise IntakeError(
            _(
                "The force's new keys could not be written: the force's folder cannot be "
                "written, or the disk is full. Nothing has been changed."
            )
        ) from None
    rotation_files.finish(home)
    return made, new_identity
