"""The force's database on a PostgreSQL server (psycopg 3), for a force that has outgrown one
analyst's PC: several importers and readers at once, on several machines.

The address is a libpq one (``postgresql://user@host/dbname?sslmode=verify-full``); a password
is best kept in ``~/.pgpass`` or a service file rather than in the address, which other users of
the machine can see in the list of processes. Every statement runs in a transaction at READ
COMMITTED; what must not interleave takes a row lock (``backend.lock_centre``). A transaction
that loses a race anyway (a deadlock, a serialisation failure, a report id two centres sent at
once) is rolled back and run again from the start by ``retrying``.
"""

from __future__ import annotations

import contextlib
import random
import re
import time
from collections.abc import Callable, Iterator, Sequence
from functools import lru_cache
from typing import Any, TypeVar

import psycopg
from psycopg import errors

from intake_app.force.backend import POSTGRESQL, Row
from intake_app.support.errors import IntakeError
from intake_app.support.i18n import N_, _
from intake_app.support.untrusted import one_line

T = TypeVar("T")
SCHEMES = ("postgresql://", "postgres://")
ATTEMPTS = 8  # a transaction that lost a race this many times running is given up
_RETRY = (errors.SerializationFailure, errors.DeadlockDetected, errors.UniqueViolation)
_PLACEHOLDER = re.compile(r"\?")


NOT_THE_OWNER = N_(
    "The force's database needs upgrading for this version of intake-force, and this database "
    "role may not change it. Run intake-force once as the database's owner (for example "
    "'intake-force database grant'). Nothing has been changed."
)


KEYS_NEED_THE_OWNER = N_(
    "The force's keys have changed, and the database's content keys are to be sealed under the "
    "new one, which this database role may not do. Run the command as the database's owner. "
    "Nothing has been changed."
)


@contextlib.contextmanager
def upgraded_by_its_owner(message: str = NOT_THE_OWNER) -> Iterator[None]:
    """The owner's work (an upgrade of the schema, by default) refused to a role that may not
    do it, said plainly."""
    try:
        yield
    except errors.InsufficientPrivilege:
        raise IntakeError(_(message)) from None


def is_address(text: str) -> bool:
    return text.startswith(SCHEMES)


@lru_cache(maxsize=256)
def _sql(statement: str) -> str:
    """The force's ``?`` placeholders as psycopg's; its SQL holds no other ``?`` or ``%``."""
    return _PLACEHOLDER.sub("%s", statement)


class PostgresDatabase:
    dialect = POSTGRESQL

    def __init__(self, address: str) -> None:
        if not is_address(address):  # the command line says so before it comes here
            raise ValueError("not a PostgreSQL address")
        try:
            self.conn = psycopg.connect(
                address, autocommit=True, connect_timeout=15, application_name="intake-force"
            )
        except psycopg.Error as exc:
            # libpq's reason names the server, the user or the missing database, never the
            # password; the address itself is not repeated.
            raise IntakeError(
                # Translators: {reason} is the database server's own explanation, in English.
                _("The force's PostgreSQL database cannot be opened: {reason}").format(
                    reason=one_line(str(exc).strip().splitlines()[0] if str(exc) else "?")
                )
            ) from None
        self._in_transaction = False

    def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        with self.conn.cursor() as cursor:
            cursor.execute(_sql(sql), tuple(params), prepare=False)
            return max(cursor.rowcount, 0)

    def one(self, sql: str, params: Sequence[Any] = ()) -> Row | None:
        with self.conn.cursor() as cursor:
            cursor.execute(_sql(sql), tuple(params))
            row = cursor.fetchone()
            return tuple(row) if row is not None else None

    def all(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        with self.conn.cursor() as cursor:
            cursor.execute(_sql(sql), tuple(params))
            return [tuple(r) for r in cursor.fetchall()]

    def scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        row = self.one(sql, params)
        return row[0] if row else None

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        """One statement for many rows, sent in a pipeline (one round trip, not one a row)."""
        if rows:
            with self.conn.cursor() as cursor:
                cursor.executemany(_sql(sql), [tuple(r) for r in rows])

    @contextlib.contextmanager
    def transaction(self) -> Iterator[PostgresDatabase]:
        """BEGIN … COMMIT, rolled back on any error. Not re-entrant."""
        if self._in_transaction:
            raise RuntimeError("transactions do not nest")
        self._in_transaction = True
        try:
            with self.conn.transaction():
                yield self
        finally:
            self._in_transaction = False

    def retrying(self, work: Callable[[], T]) -> T:
        """``work`` in a transaction, run again (after a short, random wait) when it lost a race
        to another importer; anything else is raised as it is."""
        for attempt in range(1, ATTEMPTS + 1):
            try:
                with self.transaction():
                    return work()
            except _RETRY:
                if attempt == ATTEMPTS:
                    raise
                time.sleep(random.uniform(0, 0.02 * attempt))  # noqa: S311 - not a secret
        raise AssertionError("unreachable")

    def close(self) -> None:
        self.conn.close()
