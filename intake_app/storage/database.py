"""The SQLCipher connection: keyed with a raw 256-bit key, hardened pragmas, plain-English errors."""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import sqlcipher3

from intake_app.storage import restore_journal
from intake_app.storage.engine import require_sqlcipher
from intake_app.storage.failures import DAMAGED, is_damage, sqlite_failure
from intake_app.storage.store_lock import BEING_RESTORED, StoreLock
from intake_app.support.atomic_files import disk_error, make_private, touch_private
from intake_app.support.errors import (
    DatabaseDamaged,
    ForeignDatabase,
    IntakeError,
    StoreInUse,
    StoreLocked,
)
from intake_app.support.i18n import N_, _

# Opening waits this long for another process's brief exclusive hold (finishing a restore).
LOCK_WAIT_SECONDS = 2.0

FOREIGN = N_(
    "This database does not belong to this data folder's key slots (it may be another "
    "centre's store, or a different copy). Nothing has been changed."
)
RESTORE_FINISHED = N_(
    "A restore into this data folder had been interrupted; it has now been finished. Open the "
    "store again."
)
MISSING = N_("The store's database file is missing from the data folder.")
NEWER = N_("This store was written by a newer version of the app. Update the app to open it.")

Row = tuple[Any, ...]


def read_db_salt(path: Path) -> bytes:
    """SQLCipher keeps a random 16-byte salt in clear at the start of the file."""
    with open(path, "rb") as handle:
        return handle.read(16)


@contextlib.contextmanager
def plain_errors(folder: Path | None = None) -> Iterator[None]:
    """Translate SQLite errors into messages a person can act on (never with SQL or content).

    ``folder`` is the data folder, looked at to say why a file could not be opened."""
    try:
        yield
    except sqlcipher3.DatabaseError as exc:
        failure = sqlite_failure(exc, folder)
        if failure is None:
            raise
        raise failure from None


def split_statements(sql: str) -> list[str]:
    statements: list[str] = []
    pending = ""
    for piece in sql.split(";"):
        pending += piece + ";"
        if sqlcipher3.complete_statement(pending):
            text = "\n".join(
                line for line in pending.splitlines() if not line.strip().startswith("--")
            ).strip()
            if text.rstrip(";").strip():
                statements.append(text)
            pending = ""
    return statements


class Database:
    """One open, keyed connection. Autocommit; writes go through ``transaction()``.

    A re-entrant lock makes it safe to share between the GUI thread and a background worker:
    a transaction holds it from BEGIN to COMMIT, so another thread's statements never land
    inside it.
    """

    _lock: threading.RLock

    def __init__(
        self,
        path: Path,
        db_key: bytes,
        *,
        create: bool = False,
        expected_salt: bytes | None = None,
        data_dir: Path | None = None,
    ) -> None:
        """``data_dir`` is the data folder whose store lock and restore journal this database
        belongs with (a workspace's file is in ``workspaces/`` below it); by default the file's
        own folder."""
        self.path = path
        self._lock = threading.RLock()
        self.closed = False
        folder = data_dir if data_dir is not None else path.parent
        finished = False
        if not create:
            # An interrupted restore is put right before anything is read.
            finished = restore_journal.settle(folder)
            if restore_journal.pending(folder):
                raise StoreInUse(_(BEING_RESTORED))
            if not path.exists():
                raise IntakeError(_(MISSING))
        self._store_lock = StoreLock.acquire(folder, exclusive=False, wait=LOCK_WAIT_SECONDS)
        try:
            self._conn = self._connect(path, db_key, create, expected_salt, finished)
        except BaseException:
            self._store_lock.release()
            raise

    def _connect(
        self, path: Path, db_key: bytes, create: bool, expected_salt: bytes | None, finished: bool
    ) -> Any:
        folder = path.parent
        if not create:
            try:
                salt = read_db_salt(path)
            except OSError as exc:
                raise disk_error(exc) from None
            if expected_salt is not None and salt != expected_salt:
                raise IntakeError(_(RESTORE_FINISHED)) if finished else ForeignDatabase(_(FOREIGN))
        else:
            try:
                touch_private(path)  # 0600 from the first byte; the WAL files copy its mode
            except OSError as exc:
                raise disk_error(exc) from None
        conn = sqlcipher3.connect(
            str(path), isolation_level=None, check_same_thread=False, timeout=10.0
        )
        try:
            require_sqlcipher(conn)
            with plain_errors(folder):
                conn.execute("PRAGMA cipher_log_level = NONE")
                # The key is handed to SQLCipher through sqlite3_key(), never through SQL text.
                conn.set_key(b"x'" + db_key.hex().encode("ascii") + b"'")
                conn.execute("PRAGMA cipher_memory_security = ON")
            try:
                conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            except sqlcipher3.DatabaseError as exc:
                if is_damage(exc):
                    # The salt matched (or was not given), so the first page itself is damaged.
                    raise (
                        DatabaseDamaged(_(DAMAGED))
                        if expected_salt
                        else ForeignDatabase(_(FOREIGN))
                    ) from None
                failure = sqlite_failure(exc, folder)
                if failure is None:
                    raise
                raise failure from None
            with plain_errors(folder):
                conn.execute("PRAGMA journal_mode = WAL").fetchone()
                conn.execute("PRAGMA synchronous = FULL")
                conn.execute("PRAGMA temp_store = MEMORY")
                conn.execute("PRAGMA secure_delete = ON")
                conn.execute("PRAGMA foreign_keys = ON")
                # 32 MiB of decrypted pages: fewer decryptions on a large store.
                conn.execute("PRAGMA cache_size = -32768")
            make_private(path)
        except BaseException:
            conn.close()
            raise
        return conn

    def close(self) -> None:
        """Close the connection and let go of the store lock."""
        with self._lock:
            self.closed = True
            with contextlib.suppress(sqlcipher3.Error):
                self._conn.close()
            self._store_lock.release()

    @contextlib.contextmanager
    def _open(self) -> Iterator[None]:
        """Hold the connection for one statement; a closed store says so plainly."""
        with self._lock:
            if self.closed:
                raise StoreLocked()
            with plain_errors(self.path.parent):
                yield

    # --- queries ---------------------------------------------------------------------------

    def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        with self._open():
            cursor = self._conn.execute(sql, params)
            return int(cursor.rowcount)

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        """One statement for many rows, prepared once (thousands of rows in a fraction of the
        time of one ``execute`` each)."""
        with self._open():
            self._conn.executemany(sql, rows)

    def insert(self, sql: str, params: Sequence[Any] = ()) -> int:
        with self._open():
            cursor = self._conn.execute(sql, params)
            return int(cursor.lastrowid or 0)

    def one(self, sql: str, params: Sequence[Any] = ()) -> Row | None:
        with self._open():
            row = self._conn.execute(sql, params).fetchone()
            return tuple(row) if row is not None else None

    def all(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        with self._open():
            return [tuple(r) for r in self._conn.execute(sql, params).fetchall()]

    def scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        row = self.one(sql, params)
        return row[0] if row else None

    def script_in_transaction(self, sql: str) -> None:
        """Run several statements inside the caller's transaction (executescript would commit)."""
        for statement in split_statements(sql):
            self.execute(statement)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Database]:
        """BEGIN IMMEDIATE … COMMIT; rolled back on any error. Not re-entrant."""
        with self._lock:
            with self._open():
                self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self
            except BaseException:
                with contextlib.suppress(sqlcipher3.Error):
                    self._conn.execute("ROLLBACK")
                raise
            with plain_errors(self.path.parent):
                self._conn.execute("COMMIT")

    @property
    def in_transaction(self) -> bool:
        return bool(self._conn.in_transaction)

    # --- maintenance -----------------------------------------------------------------------

    def integrity_problems(self) -> list[str]:
        """Results of SQLCipher's page check and SQLite's structure check; empty when sound."""
        problems: list[str] = []
        with plain_errors(self.path.parent):
            problems += [str(r[0]) for r in self._conn.execute("PRAGMA cipher_integrity_check")]
            rows = [str(r[0]) for r in self._conn.execute("PRAGMA integrity_check")]
        problems += [r for r in rows if r != "ok"]
        return problems

    def rekey(self, new_key: bytes) -> None:
        """Re-encrypt every page under ``new_key`` (SQLCipher's rekey; the key never in SQL)."""
        with self._open():
            self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            self._conn.reset_key(b"x'" + new_key.hex().encode("ascii") + b"'")
            self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()

    def checkpoint(self) -> None:
        with plain_errors(self.path.parent):
            self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()

    def backup_to(self, target: Path, db_key: bytes) -> None:
        """A consistent copy of the live database, encrypted with the same key."""
        touch_private(target)
        copy = sqlcipher3.connect(str(target), isolation_level=None)
        try:
            with plain_errors(target.parent):
                copy.execute("PRAGMA cipher_log_level = NONE")
                copy.set_key(b"x'" + db_key.hex().encode("ascii") + b"'")
                self._conn.backup(copy)
                copy.execute("PRAGMA journal_mode = DELETE").fetchone()
        finally:
            copy.close()
        make_private(target)
        try:
            with open(target, "rb") as handle:
                os.fsync(handle.fileno())
        except OSError as exc:
            raise disk_error(exc) from None
