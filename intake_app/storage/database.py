"""The SQLCipher connection: keyed with a raw 256-bit key, hardened pragmas, plain-English errors."""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import sqlcipher3

from intake_app.errors import (
    DatabaseDamaged,
    DiskFull,
    ForeignDatabase,
    IntakeError,
    StoreLocked,
)
from intake_app.storage.engine import require_sqlcipher
from intake_app.storage.files import make_private, touch_private

DAMAGED = (
    "The store's database is damaged (part of it failed its integrity check). Nothing has been "
    "changed. Restore it from a backup with 'intake restore'."
)
FOREIGN = (
    "This database does not belong to this data folder's key slots (it may be another "
    "centre's store, or a different copy). Nothing has been changed."
)
NEWER = "This store was written by a newer version of the app. Update the app to open it."

Row = tuple[Any, ...]


def read_db_salt(path: Path) -> bytes:
    """SQLCipher keeps a random 16-byte salt in clear at the start of the file."""
    with open(path, "rb") as handle:
        return handle.read(16)


@contextlib.contextmanager
def plain_errors() -> Iterator[None]:
    """Translate SQLite errors into messages a person can act on (never with SQL or content)."""
    try:
        yield
    except sqlcipher3.DatabaseError as exc:
        text = str(exc).lower()
        if "full" in text:
            raise DiskFull(
                "The disk is full, so the last change was not saved. Free some space and try again."
            ) from None
        if "malformed" in text or "not a database" in text or "corrupt" in text:
            raise DatabaseDamaged(DAMAGED) from None
        if "locked" in text or "busy" in text:
            raise IntakeError(
                "The store is busy in another window or program. Try again in a moment."
            ) from None
        if "readonly" in text or "read-only" in text:
            raise IntakeError("The store cannot be written to. Check the data folder.") from None
        if "disk i/o" in text:
            raise IntakeError(
                "The disk reported an error while reading or writing the store."
            ) from None
        raise


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
    ) -> None:
        self.path = path
        self._lock = threading.RLock()
        self.closed = False
        if not create:
            if not path.exists():
                raise IntakeError("The store's database file is missing from the data folder.")
            if expected_salt is not None and read_db_salt(path) != expected_salt:
                raise ForeignDatabase(FOREIGN)
        else:
            touch_private(path)  # 0600 from the first byte; the WAL files copy its mode
        self._conn = sqlcipher3.connect(
            str(path), isolation_level=None, check_same_thread=False, timeout=10.0
        )
        try:
            require_sqlcipher(self._conn)
            with plain_errors():
                self._conn.execute("PRAGMA cipher_log_level = NONE")
                # The key is handed to SQLCipher through sqlite3_key(), never through SQL text.
                self._conn.set_key(b"x'" + db_key.hex().encode("ascii") + b"'")
                self._conn.execute("PRAGMA cipher_memory_security = ON")
            try:
                self._conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            except sqlcipher3.DatabaseError:
                # The salt matched (or was not given), so the first page itself is damaged.
                raise (
                    DatabaseDamaged(DAMAGED) if expected_salt else ForeignDatabase(FOREIGN)
                ) from None
            with plain_errors():
                self._conn.execute("PRAGMA journal_mode = WAL").fetchone()
                self._conn.execute("PRAGMA synchronous = FULL")
                self._conn.execute("PRAGMA temp_store = MEMORY")
                self._conn.execute("PRAGMA secure_delete = ON")
                self._conn.execute("PRAGMA foreign_keys = ON")
                # 32 MiB of decrypted pages: fewer decryptions on a large store.
                self._conn.execute("PRAGMA cache_size = -32768")
        except BaseException:
            self._conn.close()
            raise
        make_private(path)

    def close(self) -> None:
        with self._lock, contextlib.suppress(sqlcipher3.Error):
            self.closed = True
            self._conn.close()

    @contextlib.contextmanager
    def _open(self) -> Iterator[None]:
        """Hold the connection for one statement; a closed store says so plainly."""
        with self._lock:
            if self.closed:
                raise StoreLocked()
            with plain_errors():
                yield

    # --- queries ---------------------------------------------------------------------------

    def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        with self._open():
            cursor = self._conn.execute(sql, params)
            return int(cursor.rowcount)

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
            with plain_errors():
                self._conn.execute("COMMIT")

    @property
    def in_transaction(self) -> bool:
        return bool(self._conn.in_transaction)

    # --- maintenance -----------------------------------------------------------------------

    def integrity_problems(self) -> list[str]:
        """Results of SQLCipher's page check and SQLite's structure check; empty when sound."""
        problems: list[str] = []
        with plain_errors():
            problems += [str(r[0]) for r in self._conn.execute("PRAGMA cipher_integrity_check")]
            rows = [str(r[0]) for r in self._conn.execute("PRAGMA integrity_check")]
        problems += [r for r in rows if r != "ok"]
        return problems

    def checkpoint(self) -> None:
        with plain_errors():
            self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()

    def backup_to(self, target: Path, db_key: bytes) -> None:
        """A consistent copy of the live database, encrypted with the same key."""
        touch_private(target)
        copy = sqlcipher3.connect(str(target), isolation_level=None)
        try:
            with plain_errors():
                copy.execute("PRAGMA cipher_log_level = NONE")
                copy.set_key(b"x'" + db_key.hex().encode("ascii") + b"'")
                self._conn.backup(copy)
                copy.execute("PRAGMA journal_mode = DELETE").fetchone()
        finally:
            copy.close()
        make_private(target)
        with open(target, "rb") as handle:
            os.fsync(handle.fileno())
