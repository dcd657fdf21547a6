"""Every sealed value in the force's database sealed again under the newest content key, then
the content keys nothing is sealed under any more removed: the second half of rotating a content
key (``content_keys.rotate`` is the first). Once done, an earlier key that was disclosed opens
nothing in the database or in a dump made from then on.

Resealing goes a few rows at a time, each few in a transaction of its own, so importers and
readers carry on meanwhile; a value changed while it was being resealed (a correction, an
erasure) is left as the other writer left it, sealed under the key that writer used. It can be
stopped and run again: what is already under the newest key is passed over. Removing keys holds
the keys' lock alone (every transaction that seals holds it shared, ``content_keys.hold``), and
removes a key only when no value in the database names it, so a value sealed meanwhile under an
earlier key keeps that key until the next run.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from intake_app.force import content_keys
from intake_app.force.backend import ForceDatabase
from intake_app.force.content_keys import ContentKeys
from intake_app.support.errors import IntakeError
from intake_app.support.i18n import _


@dataclass(frozen=True)
class _Sealed:
    table: str
    column: str
    key: tuple[str, ...]  # the primary key's columns, in order
    context: Callable[[tuple[Any, ...]], bytes]  # the authenticated data, from the primary key


SEALED = (
    _Sealed("reports", "sealed", ("id",), lambda k: content_keys.report_context(str(k[0]))),
    _Sealed(
        "attachments", "sealed", ("report_id", "member"),
        lambda k: content_keys.attachment_context(str(k[0]), str(k[1])),
    ),
    _Sealed(
        "update_files", "signed", ("centre_code", "sequence"),
        lambda k: content_keys.update_file_context(str(k[0]), int(k[1])),
    ),
)  # fmt: skip
CHUNK = 100  # rows read, and sealed again, per transaction


@dataclass
class Resealed:
    done: dict[str, int] = field(default_factory=dict)  # table: values sealed again
    already: int = 0  # values already under the newest key
    removed: list[int] = field(default_factory=list)  # content keys removed
    kept: list[int] = field(default_factory=list)  # earlier keys something still names


def reseal(db: ForceDatabase, keys: ContentKeys, chunk: int = CHUNK) -> Resealed:
    """Seal every value again under ``keys.current`` (the newest key), then remove the keys
    nothing names any more."""
    newest = int(db.scalar("SELECT max(key_id) FROM content_keys") or 0)
    if keys.current != newest:
        raise IntakeError(_(content_keys.KEYS_CHANGED))
    result = Resealed()
    for sealed in SEALED:
        result.done[sealed.table] = 0
        after: tuple[Any, ...] | None = None
        while True:
            rows, done, already = db.retrying(
                lambda table=sealed, start=after: _chunk(db, keys, table, start, chunk)  # type: ignore[misc]
            )
            result.done[sealed.table] += done
            result.already += already
            if not rows:
                break
            after = rows[-1]
    db.retrying(lambda: _remove_unused(db, result))
    return result


def _chunk(
    db: ForceDatabase,
    keys: ContentKeys,
    sealed: _Sealed,
    after: tuple[Any, ...] | None,
    chunk: int,
) -> tuple[list[tuple[Any, ...]], int, int]:
    """One transaction: the next ``chunk`` rows after ``after`` sealed again. Their primary
    keys, how many were sealed again, and how many were under the newest key already."""
    content_keys.hold(db, keys)
    names = ", ".join(sealed.key)
    marks = ", ".join("?" for _name in sealed.key)
    since = f"({names}) > ({marks}) AND " if after is not None else ""
    rows = db.all(
        f"SELECT {names}, {sealed.column} FROM {sealed.table} "  # noqa: S608 - fixed names
        f"WHERE {since}{sealed.column} IS NOT NULL ORDER BY {names} LIMIT {int(chunk)}",
        after or (),
    )
    done = already = 0
    for row in rows:
        key, value = tuple(row[:-1]), bytes(row[-1])
        if content_keys.key_id_of(value) == keys.current:
            already += 1
            continue
        context = sealed.context(key)
        try:
            plain = keys.open(value, context)
        except IntakeError:
            raise IntakeError(
                # Translators: {table} is a table of the force's database (reports,
                # attachments, update_files).
                _(
                    "A value in the {table} table does not open with the force's keys: it was "
                    "changed outside intake-force, or is damaged. Resealing stopped there; what "
                    "was sealed again before it stays so. Nothing else has been changed."
                ).format(table=sealed.table)
            ) from None
        where = " AND ".join(f"{name} = ?" for name in sealed.key)
        done += db.execute(
            f"UPDATE {sealed.table} SET {sealed.column} = ? "  # noqa: S608 - fixed names
            f"WHERE {where} AND {sealed.column} = ?",  # as read: another writer's change stays
            (keys.seal(plain, context), *key, value),
        )
    return [tuple(row[:-1]) for row in rows], done, already


def _remove_unused(db: ForceDatabase, result: Resealed) -> None:
    """One transaction, holding the keys' lock alone: remove every key but the newest that no
    sealed value names."""
    if db.dialect.retire_keys is not None:
        db.one(db.dialect.retire_keys)
    named: set[int] = set()
    for sealed in SEALED:
        for (head,) in db.all(
            f"SELECT DISTINCT substr({sealed.column}, 1, 5) FROM {sealed.table} "  # noqa: S608
            f"WHERE {sealed.column} IS NOT NULL"
        ):
            key_id = content_keys.key_id_of(bytes(head))
            if key_id is not None:
                named.add(key_id)
    every = [int(r[0]) for r in db.all("SELECT key_id FROM content_keys ORDER BY key_id")]
    newest = max(every, default=0)
    result.removed = [k for k in every if k != newest and k not in named]
    result.kept = [k for k in every if k != newest and k in named]
    for key_id in result.removed:
        db.execute("DELETE FROM content_keys WHERE key_id = ?", (key_id,))
