"""Putting a restored store in place so that a crash at any moment leaves a store, never none.

Before the first rename, ``restore-journal.json`` names the staging folder (holding the checked,
restored store), the ``replaced-…`` folder the current store moves to, and how to recognise the
restored files (the database's clear-text salt, the slot file's SHA-256, and a fingerprint of the
restored ``workspaces/`` folder: its file names and their clear-text salts). Then:

1. the current slot file is copied into the ``replaced-…`` folder (``keyslots.json`` itself is
   only ever replaced atomically, so the data folder always has one);
2. the current database and its ``-wal``/``-shm`` files move there, and so does the current
   ``workspaces/`` folder (whole, with one rename);
3. the restored database moves in;
4. the restored ``workspaces/`` folder moves in (if the backup had any);
5. the restored slot file replaces the current one;
6. the journal is removed.

A backup of version 1 holds no workspaces: its journal says so (no fingerprint), and the data
folder's ``workspaces/`` is then left where it is, as restores did before (so is it for a journal
written by an earlier version of the app).

The next open of the data folder (any command, the app) calls ``settle``: with the journal still
there it finishes the restore from whatever step was reached, or, if the staged files are gone,
puts the previous store back. Everything is decided from the files present, so running it twice
does no harm. Callers hold the store lock exclusively while anything here moves files.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import secrets
import shutil
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from intake_app.storage.store_lock import StoreLock
from intake_app.support.atomic_files import atomic_write, disk_error, ensure_private_dir, fsync_dir
from intake_app.support.errors import IntakeError, RestoreUnfinished, StoreInUse
from intake_app.support.i18n import N_, _
from intake_app.support.paths import DB_NAME, SLOTS_NAME, WORKSPACES_DIR

JOURNAL_NAME = "restore-journal.json"
FORMAT = "intake-restore-journal"
DB_FILES = (DB_NAME + "-wal", DB_NAME + "-shm", DB_NAME)  # the log files go first
STAGING = re.compile(r"\.restore-[0-9a-f]{12}")
ASIDE = re.compile(r"replaced-[0-9]{8}T[0-9]{6}Z-[0-9a-f]{6}")
HEX = re.compile(r"[0-9a-f]+")
SHA256 = re.compile(r"[0-9a-f]{64}")
# For tests only: the name of a step at which a restore stops and waits to be killed.
PAUSE_VARIABLE = "INTAKE_TEST_RESTORE_PAUSE"

UNREADABLE = N_(
    "A restore into this data folder was interrupted, and its record (restore-journal.json) "
    "cannot be read, so it was left as it is. Nothing was changed. The previous store is kept in "
    "a 'replaced-…' folder inside the data folder; ask for help before changing anything there."
)


def staging_name() -> str:
    return f".restore-{secrets.token_hex(6)}"


@dataclass(frozen=True)
class Journal:
    staging: str
    aside: str
    db_salt: str
    slots_sha256: str
    # The restored workspaces/ folder's fingerprint ("" when the backup had no workspaces), or
    # None when workspaces/ is not part of this restore (a version 1 backup, an older journal).
    workspaces: str | None = None

    def to_bytes(self, step: str) -> bytes:
        document = {
            "format": FORMAT,
            "version": 2,
            "staging": self.staging,
            "aside": self.aside,
            "db_salt": self.db_salt,
            "slots_sha256": self.slots_sha256,
            "workspaces": self.workspaces,
            "step": step,
        }
        return json.dumps(document, indent=1).encode("ascii")

    @classmethod
    def parse(cls, raw: bytes) -> Journal:
        try:
            document = json.loads(raw)
            workspaces = document.get("workspaces")
            journal = cls(
                str(document["staging"]),
                str(document["aside"]),
                str(document["db_salt"]),
                str(document["slots_sha256"]),
                workspaces if isinstance(workspaces, str) else None,
            )
            valid = (
                document.get("format") == FORMAT
                and STAGING.fullmatch(journal.staging)
                and ASIDE.fullmatch(journal.aside)
                and HEX.fullmatch(journal.db_salt)
                and HEX.fullmatch(journal.slots_sha256)
                and (workspaces is None or workspaces == "" or SHA256.fullmatch(workspaces))
            )
        except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
            valid = False
        if not valid:
            raise RestoreUnfinished(_(UNREADABLE))
        return journal


class _CannotFinish(Exception):
    """The staged files needed to finish are gone: put the previous store back instead."""


def _pause_for_tests(step: str) -> None:
    if os.environ.get(PAUSE_VARIABLE) == step:
        sys.stderr.write(f"intake-test: restore paused at {step}\n")
        sys.stderr.flush()
        time.sleep(3600)


def _salt_of(path: Path) -> str:
    try:
        with open(path, "rb") as handle:
            return handle.read(16).hex()
    except FileNotFoundError:
        return ""


def _sha256_of(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return ""


def _fingerprint(folder: Path) -> str:
    """Recognises one ``workspaces/`` folder: the names of its files and the clear-text salts of
    its databases (each copy has its own random salt). "" when there is no such folder."""
    if not folder.is_dir():
        return ""
    digest = hashlib.sha256()
    for path in sorted(folder.iterdir()):
        salt = _salt_of(path) if path.suffix == ".db" and path.is_file() else ""
        digest.update(f"{path.name}\0{salt}\n".encode())
    return digest.hexdigest()


def _write(data_dir: Path, journal: Journal, step: str) -> None:
    atomic_write(data_dir / JOURNAL_NAME, journal.to_bytes(step))


def _finish(data_dir: Path, journal: Journal, *, live: bool = False) -> None:
    """Carry the restore forward from wherever it stopped."""
    staging, aside = data_dir / journal.staging, data_dir / journal.aside
    workspaces = data_dir / WORKSPACES_DIR
    new_db_here = _salt_of(data_dir / DB_NAME) == journal.db_salt
    new_slots_here = _sha256_of(data_dir / SLOTS_NAME) == journal.slots_sha256
    new_workspaces_here = (
        journal.workspaces is None or _fingerprint(workspaces) == journal.workspaces
    )
    if not new_db_here and not (staging / DB_NAME).is_file():
        raise _CannotFinish
    if not new_slots_here and not (staging / SLOTS_NAME).is_file():
        raise _CannotFinish
    staged_workspaces = _fingerprint(staging / WORKSPACES_DIR)
    if not new_workspaces_here and journal.workspaces and staged_workspaces != journal.workspaces:
        raise _CannotFinish
    old_slots = data_dir / SLOTS_NAME
    if not new_slots_here and old_slots.exists() and not (aside / SLOTS_NAME).exists():
        ensure_private_dir(aside)
        atomic_write(aside / SLOTS_NAME, old_slots.read_bytes())
    if not new_db_here:
        for name in DB_FILES:
            if (data_dir / name).exists():
                ensure_private_dir(aside)
                if (aside / name).exists():
                    raise _CannotFinish
                (data_dir / name).replace(aside / name)
    if not new_workspaces_here and workspaces.exists():
        ensure_private_dir(aside)
        if (aside / WORKSPACES_DIR).exists():
            raise _CannotFinish
        workspaces.replace(aside / WORKSPACES_DIR)
    if aside.exists():
        fsync_dir(aside)
    fsync_dir(data_dir)
    if not new_db_here:
        if live:
            _write(data_dir, journal, "moving-in")
            _pause_for_tests("between-renames")
        (staging / DB_NAME).replace(data_dir / DB_NAME)
        fsync_dir(data_dir)
    if not new_workspaces_here and journal.workspaces:
        if live:
            _pause_for_tests("before-workspaces")
        (staging / WORKSPACES_DIR).replace(workspaces)
        fsync_dir(data_dir)
    if live:
        _pause_for_tests("before-slots")
    if not new_slots_here:
        (staging / SLOTS_NAME).replace(data_dir / SLOTS_NAME)
        fsync_dir(data_dir)


def _undo(data_dir: Path, journal: Journal) -> None:
    """Put the previous store back where it was (used only when the restore cannot finish)."""
    staging, aside = data_dir / journal.staging, data_dir / journal.aside
    workspaces = data_dir / WORKSPACES_DIR
    if _salt_of(data_dir / DB_NAME) == journal.db_salt:
        ensure_private_dir(staging)
        for name in DB_FILES:
            if (data_dir / name).exists():
                (data_dir / name).replace(staging / name)
    for name in DB_FILES:
        if (aside / name).exists() and not (data_dir / name).exists():
            (aside / name).replace(data_dir / name)
    if journal.workspaces is not None:
        if journal.workspaces and _fingerprint(workspaces) == journal.workspaces:
            ensure_private_dir(staging)
            workspaces.replace(staging / WORKSPACES_DIR)
        if (aside / WORKSPACES_DIR).exists() and not workspaces.exists():
            (aside / WORKSPACES_DIR).replace(workspaces)
    kept_slots = aside / SLOTS_NAME
    if kept_slots.exists():
        if _sha256_of(data_dir / SLOTS_NAME) in ("", journal.slots_sha256):
            kept_slots.replace(data_dir / SLOTS_NAME)
        else:
            kept_slots.unlink()  # a copy of the slot file still in place
    with contextlib.suppress(OSError):
        aside.rmdir()
    fsync_dir(data_dir)


def _clean_up(data_dir: Path, journal: Journal) -> None:
    (data_dir / JOURNAL_NAME).unlink()
    fsync_dir(data_dir)
    shutil.rmtree(data_dir / journal.staging, ignore_errors=True)
    with contextlib.suppress(OSError):
        (data_dir / journal.aside).rmdir()  # only if nothing was there to keep


def _failure(exc: OSError | _CannotFinish) -> IntakeError:
    if isinstance(exc, OSError):
        return disk_error(exc)
    return IntakeError(
        _("The restore could not put the restored store in place. Nothing was changed.")
    )


def swap_in(staging: Path, data_dir: Path, *, workspaces: bool) -> Path | None:
    """Put the checked store in ``staging`` in place of the current one (the caller holds the
    store lock exclusively). With ``workspaces``, the data folder's ``workspaces/`` is replaced
    too (by the staged one, or by none if the backup had none). Returns the ``replaced-…`` folder
    keeping the previous store, or None if there was none."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    journal = Journal(
        staging=staging.name,
        aside=f"replaced-{stamp}-{secrets.token_hex(3)}",
        db_salt=_salt_of(staging / DB_NAME),
        slots_sha256=_sha256_of(staging / SLOTS_NAME),
        workspaces=_fingerprint(staging / WORKSPACES_DIR) if workspaces else None,
    )
    _write(data_dir, journal, "moving-aside")
    _pause_for_tests("moving-aside")
    try:
        _finish(data_dir, journal, live=True)
    except (OSError, IntakeError, _CannotFinish) as exc:
        failure = exc if isinstance(exc, IntakeError) else _failure(exc)
        try:
            _undo(data_dir, journal)
            _clean_up(data_dir, journal)
        except (OSError, IntakeError):
            raise RestoreUnfinished(
                # Translators: {problem} is a sentence or two saying what went wrong (a full
                # disk, a refused permission…).
                _(
                    "The restore could not be finished. {problem} It will be finished, or undone, "
                    "the next time the store is opened; the previous store is kept in the data "
                    "folder either way."
                ).format(problem=failure)
            ) from None
        raise failure from None
    try:
        _clean_up(data_dir, journal)
    except OSError as exc:
        raise disk_error(exc) from None
    aside = data_dir / journal.aside
    return aside if aside.exists() else None


def pending(data_dir: Path) -> bool:
    return (data_dir / JOURNAL_NAME).exists()


def settle_locked(data_dir: Path) -> bool:
    """Finish (or, failing that, undo) an interrupted restore; the caller holds the store lock
    exclusively. Returns True if there was one."""
    try:
        raw = (data_dir / JOURNAL_NAME).read_bytes()
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise disk_error(exc) from None
    journal = Journal.parse(raw)
    try:
        try:
            _finish(data_dir, journal)
        except _CannotFinish:
            _undo(data_dir, journal)
        _clean_up(data_dir, journal)
    except OSError as exc:
        raise RestoreUnfinished(
            # Translators: {problem} is a sentence or two saying what went wrong with the disk.
            _(
                "A restore into this data folder was interrupted and could not be finished now. "
                "{problem}"
            ).format(problem=disk_error(exc))
        ) from None
    return True


def settle(data_dir: Path) -> bool:
    """At the opening of a data folder: put right a restore that was interrupted. Does nothing
    (and returns False) when there is none, or while another process is restoring."""
    if not pending(data_dir):
        return False
    try:
        lock = StoreLock.acquire(data_dir, exclusive=True)
    except StoreInUse:
        return False
    with lock:
        return settle_locked(data_dir)
