"""Reading a backup file back: only the three fixed names, each checked against its SHA-256."""

from __future__ import annotations

import hashlib
import json
import shutil
import zipfile
from pathlib import Path

from intake_app.errors import BackupInvalid
from intake_app.paths import DB_NAME, SLOTS_NAME
from intake_app.storage import keyslots
from intake_app.storage.backup import FORMAT, MANIFEST, MEMBERS, VERSION, file_sha256
from intake_app.storage.files import atomic_write, disk_error, ensure_private_dir, make_private

MAX_DB_BYTES = 64 * 1024**3
INVALID = "That file is not a backup of an intake store, or it has been damaged or altered."


def unpack_backup(source: Path, staging: Path) -> keyslots.SlotFile:
    """Check a backup and unpack it into ``staging`` (a new private folder)."""
    try:
        archive = zipfile.ZipFile(source)
    except FileNotFoundError:
        raise BackupInvalid("There is no file at that path.") from None
    except (zipfile.BadZipFile, OSError):
        raise BackupInvalid(INVALID) from None
    with archive:
        names = sorted(info.filename for info in archive.infolist())
        if names != sorted(MEMBERS):
            raise BackupInvalid(INVALID)
        if archive.getinfo(DB_NAME).file_size > MAX_DB_BYTES:
            raise BackupInvalid(INVALID)
        try:
            manifest = json.loads(archive.read(MANIFEST))
            if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
                raise BackupInvalid(INVALID)
            expected = manifest["sha256"]
            slot_bytes = archive.read(SLOTS_NAME)
            if hashlib.sha256(slot_bytes).hexdigest() != expected[SLOTS_NAME]:
                raise BackupInvalid(INVALID)
            slots = keyslots.parse(slot_bytes)
            if slots.store_id != manifest.get("store_id"):
                raise BackupInvalid(INVALID)
            ensure_private_dir(staging)
            db_target = staging / DB_NAME
            with archive.open(DB_NAME) as src, open(db_target, "wb") as dst:
                shutil.copyfileobj(src, dst, 1 << 20)
            make_private(db_target)
            if file_sha256(db_target) != expected[DB_NAME]:
                raise BackupInvalid(INVALID)
            atomic_write(staging / SLOTS_NAME, slot_bytes)
        except (KeyError, TypeError, ValueError, zipfile.BadZipFile):
            raise BackupInvalid(INVALID) from None
        except OSError as exc:
            raise disk_error(exc) from None
    return slots
