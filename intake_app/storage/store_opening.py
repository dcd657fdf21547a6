"""Opening one store with the key its slot-file entry gave: the right file, the right salt,
and the current copy (the head the slot file recorded must be in its audit chain). Its
write-ahead log is checked first, before SQLite replays it."""

from __future__ import annotations

from pathlib import Path

from intake_app.storage import keyslots, wal_check
from intake_app.storage.database import FOREIGN, Database
from intake_app.storage.file_lock import held_exclusively
from intake_app.storage.key_bundle import KeyBundle
from intake_app.storage.keyslots import SlotFile, StoreEntry
from intake_app.storage.migrations import migrate
from intake_app.support.errors import AccountInactive, DatabaseDamaged, ForeignDatabase
from intake_app.support.i18n import N_, _
from intake_app.support.paths import DB_NAME, SLOTS_LOCK, SLOTS_NAME

KEY_DOES_NOT_OPEN = N_(
    "The store's database cannot be opened with the key in keyslots.json. Either keyslots.json "
    "is an older copy, put back after a user was removed or a passphrase changed, or the "
    "database is damaged. Nothing has been changed. Put back the newest keyslots.json, or "
    "restore the newest backup."
)
ROLLED_BACK = N_(
    "The store's database does not reach the point this data folder last recorded: an older "
    "copy has been put back, or entries were cut from its audit log, so reports or changes made "
    "since would be missing. Nothing has been changed. Put the newest copy back, or restore the "
    "newest backup."
)


def open_database(
    data_dir: Path,
    slots: SlotFile,
    entry: StoreEntry,
    key: bytes,
    bundle: KeyBundle | None = None,
) -> tuple[Database, bytes]:
    """Open one store with its key: the right file, the right salt, the current copy. Returns
    the database and the key that opened it (the next one, when a re-key did not finish)."""
    if entry.store_id != keyslots.CENTRE and not (data_dir / entry.file).exists():
        raise AccountInactive(
            _(
                "This account's workspace is not in the data folder: the account has been "
                "deactivated, or its files were removed. Ask a coordinator."
            )
        )
    # SQLite would silently drop every change after a damaged frame of the log: refuse first.
    wal_check.refuse_if_damaged(data_dir / entry.file, f"{entry.file}-wal")
    try:
        db = Database(data_dir / entry.file, key, expected_salt=entry.db_salt, data_dir=data_dir)
    except DatabaseDamaged:
        next_key = slots.next_key(entry, bundle)
        if next_key is None:
            raise DatabaseDamaged(_(KEY_DOES_NOT_OPEN)) from None
        db = Database(
            data_dir / entry.file, next_key, expected_salt=entry.db_salt, data_dir=data_dir
        )
        slots.promote_next(entry.store_id, next_key)
        key = next_key
        # The re-key had finished but for the slot file: finish that now, so nothing else
        # reads the old entry again.
        with held_exclusively(data_dir / SLOTS_LOCK):
            slots.save(data_dir / SLOTS_NAME)
    try:
        store_id = db.scalar("SELECT value FROM store_meta WHERE key = 'store_id'")
        if store_id != slots.store_id:
            raise ForeignDatabase(_(FOREIGN))
        if slots.version == 1:
            slots.verify_legacy_mac(key)
        check_head(db, entry.head)
        migrate(db)
    except BaseException:
        db.close()
        raise
    return db, key


def check_head(db: Database, head: str) -> None:
    """The audit entry the slot file last recorded must be in this database's chain."""
    if not head or head == "0:":
        return
    seq_text, _colon, digest = head.partition(":")
    try:
        seq = int(seq_text)
    except ValueError:
        raise DatabaseDamaged(_(keyslots.DAMAGED)) from None
    found = db.scalar("SELECT hash FROM audit_log WHERE seq = ?", (seq,))
    if found is None:
        raise DatabaseDamaged(_(ROLLED_BACK))
    if found != digest:
        raise DatabaseDamaged(
            _(
                "The store's database does not match this data folder's key file: it is a "
                "different copy, or its audit log has been rewritten. Nothing has been changed. "
                "Restore the newest backup."
            )
        )


def check_journals(data_dir: Path) -> list[tuple[str, wal_check.JournalReport]]:
    """Every store's write-ahead log in the data folder (``centre.db`` and each workspace),
    checked without a key and without opening anything. Names are relative to the folder."""
    names = {DB_NAME}
    workspaces = data_dir / "workspaces"
    if workspaces.is_dir():
        for path in workspaces.iterdir():
            if path.name.endswith((".db", ".db-wal")):
                names.add(f"workspaces/{path.name.removesuffix('-wal')}")
    return [(name, wal_check.examine(data_dir / name)) for name in sorted(names)]
