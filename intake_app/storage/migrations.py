"""Numbered schema migrations, applied in order, each in its own transaction.

Files in ``migrations/`` are named ``NNNN_what.sql``; ``PRAGMA user_version`` records the last one
applied. A migration that has shipped is never edited: add a new one. They are numbered 1, 2,
3… without gaps, so a store's version says exactly which have been applied.

A migration whose first line is ``-- intake: foreign keys off while applied`` rebuilds a table
that others refer to: it runs with foreign keys off (as SQLite's own procedure for changing a
table asks), and every foreign key is checked before its transaction commits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources

from intake_app.storage.database import NEWER, Database
from intake_app.support.errors import IntakeError
from intake_app.support.i18n import _

_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


def all_migrations() -> list[Migration]:
    folder = resources.files("intake_app.storage") / "migrations"
    found = []
    for entry in folder.iterdir():
        match = _NAME.match(entry.name)
        if match:
            found.append(Migration(int(match.group(1)), entry.name, entry.read_text("utf-8")))
    found.sort(key=lambda m: m.version)
    versions = [m.version for m in found]
    if versions != list(range(1, len(found) + 1)):
        names = ", ".join(m.name for m in found)
        raise RuntimeError(f"schema migrations are not numbered 1, 2, 3… each once: {names}")
    return found


LATEST = all_migrations()[-1].version
_FOREIGN_KEYS_OFF = "-- intake: foreign keys off while applied"


def current_version(db: Database) -> int:
    return int(db.scalar("PRAGMA user_version") or 0)


def migrate(db: Database, target: int | None = None) -> int:
    """Bring the schema up to ``target`` (default: latest). Returns the version reached."""
    migrations = all_migrations()
    target = LATEST if target is None else target
    version = current_version(db)
    if version > LATEST:
        raise IntakeError(_(NEWER))
    for migration in migrations:
        if version < migration.version <= target:
            _apply(db, migration)
    return current_version(db)


def _apply(db: Database, migration: Migration) -> None:
    rebuilds = migration.sql.startswith(_FOREIGN_KEYS_OFF)
    if rebuilds:  # only outside a transaction does this pragma take effect
        db.execute("PRAGMA foreign_keys = OFF")
    try:
        with db.transaction():
            db.script_in_transaction(migration.sql)
            if rebuilds and db.all("PRAGMA foreign_key_check"):
                raise RuntimeError("a rebuilt table broke a foreign key")
            # An integer from our own file list, never user input.
            db.execute(f"PRAGMA user_version = {migration.version:d}")
    finally:
        if rebuilds:
            db.execute("PRAGMA foreign_keys = ON")
