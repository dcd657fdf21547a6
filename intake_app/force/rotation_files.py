"""The files of a change of the force's keys (``key_rotation``), put in place all or nothing.

The new files are written first into ``rotating/`` in the force's folder, each synced, then
``rotating/ready`` (holding how many earlier identities there now are) is written: that file is
the moment the keys change. ``finish`` moves
every file still in ``rotating/`` into place, then removes the folder, and runs before anything
reads the force's keys, so a change stopped half-way (a crash, a full disk, a power cut) is
either finished by the next command, or, without ``ready``, never happened.

The earlier identities go to ``retired/`` (each sealed with age to the current identity), so a
batch a centre encrypted to an earlier key before it had the new profile still opens.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pyrage

from intake_app.support.atomic_files import ensure_private_dir, fsync_dir
from intake_app.support.errors import IntakeError
from intake_app.support.i18n import _

STAGING = "rotating"
READY = "ready"
RETIRED = "retired"
MOVED = (  # in this order
    "force-db-previous.key", "force-db.key", "signing.key", "identity.age", "force.json",
)  # fmt: skip
_RETIRED_PREFIX = "retired-"  # in rotating/: retired-<n>.age becomes retired/identity-<n>.age


def finish(home: Path) -> None:
    """Finish a change of keys left half-way, or drop one that never reached its ``ready``."""
    staging = home / STAGING
    if not staging.is_dir():
        return
    try:
        if not (staging / READY).exists():
            shutil.rmtree(staging)  # written before the change: nothing of it was ever used
            return
        count = int((staging / READY).read_text(encoding="ascii") or 0)
        retired = ensure_private_dir(home / RETIRED)
        for path in sorted(staging.glob(f"{_RETIRED_PREFIX}*.age")):
            os.replace(path, retired / f"identity-{path.name.removeprefix(_RETIRED_PREFIX)}")
        kept = {f"identity-{number}.age" for number in range(1, count + 1)}
        for path in retired.glob("identity-*.age"):
            if path.name not in kept:  # sealed to the identity before: replaced by the above
                path.unlink()
        fsync_dir(retired)
        for name in MOVED:
            if (staging / name).exists():
                os.replace(staging / name, home / name)
        fsync_dir(home)
        (staging / READY).unlink()
        staging.rmdir()
        fsync_dir(home)
    except (OSError, ValueError):
        raise IntakeError(
            _(
                "The change of the force's keys could not be finished: the force's folder "
                "cannot be written. Make it writable and run the command again; nothing is lost."
            )
        ) from None


def retired_name(number: int) -> str:
    return f"{_RETIRED_PREFIX}{number}.age"


def earlier_identities(
    home: Path, identity: pyrage.x25519.Identity
) -> list[pyrage.x25519.Identity]:
    """The force's earlier identities, newest first, opened with the current one."""
    folder = home / RETIRED
    if not folder.is_dir():
        return []
    found: list[tuple[int, pyrage.x25519.Identity]] = []
    for path in folder.glob("identity-*.age"):
        number = path.stem.removeprefix("identity-")
        try:
            raw = path.read_bytes()
            earlier = pyrage.x25519.Identity.from_str(pyrage.decrypt(raw, [identity]).decode())
            found.append((int(number), earlier))
        except Exception:  # pyrage, decoding and file errors alike: the file is not usable
            raise IntakeError(
                # Translators: {name} is a file's name, such as identity-1.age; retired/ is a
                # folder's name, typed as it is.
                _(
                    "The force's earlier key {name} (in retired/) does not open with the "
                    "force's key: it is damaged, or belongs to another force. Restore the "
                    "force's folder from a backup."
                ).format(name=path.name)
            ) from None
    return [earlier for _number, earlier in sorted(found, key=lambda f: -f[0])]
