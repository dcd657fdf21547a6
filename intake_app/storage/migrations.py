"""Numbered schema migrations, applied in order, each in its own transaction.

Files in ``migrations/`` are named ``NNNN_what.sql``; ``PRAGMA user_version`` records the last one
applied. A migration that has shipped is never edited: add a new one.
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
    expected = list(range(1, len(found) + 1))
    if [m.version for m in found] != expected:
        raise RuntimeError("schema migrations are not numbered 1, 2, 3… without gaps")
    return found


LATEST = len(all_migrations())


def current_version(db: Database) -> int:
    return int(db.scalar("PRAGMA user_version") or 0)


def migrate(db: Database, target: int | None = None) -> int:
    """Bring the schema up to ``target`` (default: latest). Returns the version reached."""
    migrations = all_migrations()
    target = len(migrations) if target is None else target
    version = current_version(db)
    if version > len(migrations):
        raise IntakeError(_(NEWER))
    for migration in migrations[version:target]:
        with db.transaction():
            db.script_in_transaction(migration.sql)
            # An integer from our own file list, never user input.
            db.execute(f"PRAGMA user_version = {migration.version:d}")
    return current_version(db)
