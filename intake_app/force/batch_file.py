"""The first checks on a batch file, before anything in it is decrypted or parsed: its size, and
the centre's signature over the encrypted bytes.

Only the file's size (from the file system) and its first four lines are looked at before the
signature is known to be good, and those lines only by minisign's fixed-format parser and one
fixed pattern for the trusted comment. The rest of the file is hashed as it streams past, never
held in memory.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import minisign

from intake_app.exchange.batch_format import AGE_MAGIC, MAX_BATCH_BYTES, read_trusted_comment
from intake_app.exchange.signed_file import (
    MAX_SIGNATURE_BYTES,
    HashingReader,
    split_signature,
    verifies,
)
from intake_app.force.identity import centre_key
from intake_app.support.errors import IntakeError
from intake_app.support.i18n import N_, _
from intake_app.support.untrusted import open_file

# Translators: the subject of a sentence such as "… cannot be read: there is no file at that
# path."
WHAT = N_("The batch file")


class BatchRefused(IntakeError):
    pass


@dataclass(frozen=True)
class SignedBatch:
    """A batch file whose outer signature is good: who signed it and what they said."""

    path: Path
    body_offset: int  # where the age-encrypted bytes begin
    sha256: str  # of the whole file, as it was when checked
    batch_id: str
    sequence: int
    centre_code: str
    centre_key: minisign.PublicKey


def check_signature(home: Path, path: Path) -> SignedBatch:
    """Refuse the file unless it is at most 1 GiB and signed by a registered centre."""
    with open_file(path, MAX_BATCH_BYTES, _(WHAT), BatchRefused) as handle:
        try:
            head = handle.read(MAX_SIGNATURE_BYTES)
        except OSError:
            raise BatchRefused(_("The batch file cannot be read.")) from None
        if head.startswith(AGE_MAGIC):
            raise BatchRefused(
                _(
                    "This batch was written by an older version of Intake, without the centre's "
                    "signature on the outside. Ask the centre to update Intake and write it again."
                )
            )
        found = split_signature(head)
        said = read_trusted_comment(found[0].trusted_comment) if found else None
        if found is None or said is None:
            raise BatchRefused(
                _(
                    "The file does not begin with a centre's signature: it is not an Intake "
                    "batch, or it is damaged."
                )
            )
        signature, offset = found
        batch_id, sequence, centre = said
        key = centre_key(home, centre)
        if key is None:
            raise BatchRefused(
                # Translators: {centre} is a centre's code, such as RIVER; 'intake-force centre
                # add' is a command, typed as it is.
                _(
                    "The batch comes from centre {centre}, which is not registered. Register its "
                    "public key with 'intake-force centre add'."
                ).format(centre=centre)
            )
        handle.seek(offset)
        reader = HashingReader(handle, head[:offset])
        try:
            good = verifies(key, signature, reader)
            digest = reader.drain()
        except OSError:
            raise BatchRefused(_("The batch file cannot be read.")) from None
    if not good:
        raise BatchRefused(_("The batch's signature does not match the registered centre's key."))
    return SignedBatch(path, offset, digest, batch_id, sequence, centre, key)
