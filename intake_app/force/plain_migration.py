"""Encrypting a ``force.db`` left unencrypted by an earlier version of ``intake-force``.

Done once, when the store is next opened: the plain database is copied into a new SQLCipher
database (``sqlcipher_export``), the copy is checked table by table against the original, and
only then does it take the original's place. The plain file is then overwritten with zeros and
removed. A crash at any step leaves either the plain database or the checked encrypted one in
place; the next open finishes the job.

Steps and the files they leave:

1. ``force.db.encrypting`` is written and checked (a leftover from a crash is removed first);
2. ``force.db`` is renamed ``force.db.plain`` (if ``force.db`` is then missing, the next open
   renames it back and starts again);
3. ``force.db.encrypting`` is renamed ``force.db``;
4. ``force.db.plain`` is overwritten and removed (done again by the next open if interrupted,
   once the encrypted ``force.db`` has opened with the force's key).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from pathlib import Path
from typing import Any

import sqlcipher3

from intake_app.storage.database import plain_errors
from intake_app.storage.engine import require_sqlcipher
from intake_app.support.atomic_files import fsync_dir, make_private
from intake_app.support.errors import IntakeError
from intake_app.support.i18n import N_, _

PLAIN_HEADER = b"SQLite format 3\x00"
SIDE_FILES = ("-journal", "-wal", "-shm")

MIGRATED = N_(
    "The force's database was not encrypted (it was made by an earlier version of "
    "intake-force). It is now encrypted, and the unencrypted copy has been overwritten and "
    "removed."
)
COPY_DIFFERS = N_(
    "The force's database could not be encrypted: the encrypted copy did not match the "
    "original, so the original has been kept unchanged. Try again, or ask for help."
)
TWO_PLAIN = N_(
    "The force's folder holds two unencrypted databases (force.db and force.db.plain), which "
    "this tool did not leave that way. Nothing has been changed. Move one of them away and run "
    "the command again."
)


def is_plain(path: Path) -> bool:
    """True if ``path`` is an unencrypted SQLite database (its header is in clear)."""
    try:
        with open(path, "rb") as handle:
            return handle.read(len(PLAIN_HEADER)) == PLAIN_HEADER
    except FileNotFoundError:
        return False


def _encrypting(path: Path) -> Path:
    return path.with_name(path.name + ".encrypting")


def leftover_plain(path: Path) -> Path:
    return path.with_name(path.name + ".plain")


def resume(path: Path) -> None:
    """Undo step 2 if a crash came between steps 2 and 3 (so the plain database is migrated
    again from the start); refuse the one state this tool never leaves behind."""
    old = leftover_plain(path)
    if not old.exists():
        return
    if not path.exists():
        os.replace(old, path)
        fsync_dir(path.parent)
    elif is_plain(path):
        raise IntakeError(_(TWO_PLAIN))


def encrypt(path: Path, raw_key: bytes) -> None:
    """Replace the plain database at ``path`` with an encrypted, checked copy (steps 1 to 4)."""
    new = _encrypting(path)
    for leftover in (new, *(new.with_name(new.name + s) for s in SIDE_FILES)):
        leftover.unlink(missing_ok=True)
    conn = sqlcipher3.connect(str(new), isolation_level=None)
    try:
        require_sqlcipher(conn)
        with plain_errors():
            conn.execute("PRAGMA cipher_log_level = NONE")
            # The key goes to SQLCipher through sqlite3_key(), never through SQL text.
            conn.set_key(b"x'" + raw_key.hex().encode("ascii") + b"'")
            conn.execute("PRAGMA cipher_memory_security = ON")
            conn.execute("PRAGMA temp_store = MEMORY")
            conn.execute("PRAGMA secure_delete = ON")
            # An empty key means "not encrypted": the attached database is the plain original.
            conn.execute("ATTACH DATABASE ? AS plain KEY ''", (str(path),))
            conn.execute("SELECT sqlcipher_export('main', 'plain')").fetchall()
            same = _tables_match(conn)
            problems = [str(r[0]) for r in conn.execute("PRAGMA main.integrity_check")]
            problems += [str(r[0]) for r in conn.execute("PRAGMA cipher_integrity_check")]
            conn.execute("DETACH DATABASE plain")
    finally:
        conn.close()
    if not same or problems != ["ok"]:
        new.unlink(missing_ok=True)
        raise IntakeError(_(COPY_DIFFERS))
    make_private(new)
    with open(new, "rb") as handle:
        os.fsync(handle.fileno())
    # Whatever the plain database left beside it is its own, and as unencrypted as it was.
    for suffix in SIDE_FILES:
        side = path.with_name(path.name + suffix)
        if side.exists():
            overwrite_and_remove(side)
    old = leftover_plain(path)
    os.replace(path, old)
    fsync_dir(path.parent)
    os.replace(new, path)
    fsync_dir(path.parent)
    overwrite_and_remove(old)


def _tables_match(conn: Any) -> bool:
    """Every table of the original is in the copy with the same rows, in the same order."""
    listing = "SELECT name, sql FROM {}.sqlite_master WHERE type = 'table' ORDER BY name"
    tables = conn.execute(listing.format("plain")).fetchall()
    if tables != conn.execute(listing.format("main")).fetchall():
        return False
    return all(_digest(conn, "plain", name) == _digest(conn, "main", name) for name, _sql in tables)


def _digest(conn: Any, schema: str, table: str) -> tuple[int, str]:
    quoted = '"' + table.replace('"', '""') + '"'
    digest, count = hashlib.sha256(), 0
    # The table names come from the force's own database, quoted as identifiers.
    for row in conn.execute(f"SELECT * FROM {schema}.{quoted} ORDER BY rowid"):  # noqa: S608
        digest.update(repr(tuple(row)).encode("utf-8"))
        count += 1
    return count, digest.hexdigest()


def overwrite_and_remove(path: Path) -> None:
    """Overwrite the file's bytes with zeros, sync, and remove it.

    On SSDs and copy-on-write file systems the old blocks may survive elsewhere on the disk;
    this removes the plain copy from the file system, not from every sector.
    """
    with contextlib.suppress(FileNotFoundError), open(path, "r+b") as handle:
        remaining = os.fstat(handle.fileno()).st_size
        zeros = bytes(1024 * 1024)
        while remaining > 0:
            step = min(remaining, len(zeros))
            handle.write(zeros[:step])
            remaining -= step
        handle.flush()
        os.fsync(handle.fileno())
    path.unlink(missing_ok=True)
    fsync_dir(path.parent)
