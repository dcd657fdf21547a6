"""What the force's code asks of its database, whichever back end holds it.

The force's SQL is written once, with ``?`` placeholders and the SQL both SQLite and PostgreSQL
read (``INSERT … ON CONFLICT DO NOTHING``, no ``INSERT OR IGNORE``). Where they differ, the back
end says how (``Dialect``): the name of the binary type, how a transaction takes the lock on
one centre's sequence, and how opening the database keeps two programs from upgrading it at
once. The SQLite back end is the SQLCipher ``force.db`` (``storage.database``), whose
transactions already hold the whole file; the PostgreSQL one is ``force.postgres``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from intake_app.storage.database import Database

Row = tuple[Any, ...]
T = TypeVar("T")


@dataclass(frozen=True)
class Dialect:
    name: str
    blob: str  # the type of a column of bytes
    lock_centre: str | None  # takes the row lock on one centre, inside a transaction
    lock_schema: str | None  # serialises upgrades, inside a transaction
    has_table: str  # one row when the table named exists
    # Held by every transaction that seals, for its length (shared), and by the one that removes
    # content keys no longer needed (alone): neither goes on while the other runs. SQLite has
    # one writer at a time already.
    hold_keys: str | None = None
    retire_keys: str | None = None
    current_role: str | None = None  # the database role this program signed in as


SQLITE = Dialect(
    "sqlite",
    "BLOB",
    None,
    None,
    "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
)
_KEYS_LOCK = 7311900418  # any fixed number, other than the schema's
POSTGRESQL = Dialect(
    "postgresql",
    "BYTEA",
    "SELECT centre_code FROM centre_locks WHERE centre_code = ? FOR UPDATE",
    # Any fixed number: every intake-force holds the same one while it upgrades the schema.
    "SELECT pg_advisory_xact_lock(7311900417)",
    # Found through the search path, as the force's own statements find their tables.
    "SELECT 1 WHERE to_regclass(?) IS NOT NULL",
    f"SELECT pg_advisory_xact_lock_shared({_KEYS_LOCK})",
    f"SELECT pg_advisory_xact_lock({_KEYS_LOCK})",
    "SELECT session_user",
)


class ForceDatabase(Protocol):
    dialect: Dialect

    def execute(self, sql: str, params: Sequence[Any] = ()) -> int: ...
    def one(self, sql: str, params: Sequence[Any] = ()) -> Row | None: ...
    def all(self, sql: str, params: Sequence[Any] = ()) -> list[Row]: ...
    def scalar(self, sql: str, params: Sequence[Any] = ()) -> Any: ...
    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None: ...
    def transaction(self) -> contextlib.AbstractContextManager[Any]: ...
    def retrying(self, work: Callable[[], T]) -> T: ...
    def close(self) -> None: ...


class SqliteForceDatabase:
    """``force.db``: a transaction holds the whole file (BEGIN IMMEDIATE), so two importers
    never interleave and nothing needs retrying."""

    dialect = SQLITE

    def __init__(self, db: Database) -> None:
        self.db = db

    def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        return self.db.execute(sql, params)

    def one(self, sql: str, params: Sequence[Any] = ()) -> Row | None:
        return self.db.one(sql, params)

    def all(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        return self.db.all(sql, params)

    def scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self.db.scalar(sql, params)

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        self.db.executemany(sql, rows)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[SqliteForceDatabase]:
        with self.db.transaction():
            yield self

    def retrying(self, work: Callable[[], T]) -> T:
        with self.transaction():
            return work()

    def close(self) -> None:
        self.db.close()


def lock_centre(db: ForceDatabase, centre: str) -> None:
    """Inside a transaction: wait for, then hold until it ends, the lock on ``centre``'s batches
    and update files, so two importers of the same centre take turns."""
    if db.dialect.lock_centre is None:
        return
    db.execute("INSERT INTO centre_locks VALUES (?) ON CONFLICT DO NOTHING", (centre,))
    db.one(db.dialect.lock_centre, (centre,))
