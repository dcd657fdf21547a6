"""Moving a report (its row, strands, attachments and search entry) from one store to another:
a volunteer's drafts into the centre when they leave, or out of the centre into a new workspace.

Both databases are open and keyed; the caller holds the transaction on the target.
"""

from __future__ import annotations

import json

from intake_app.domain.report import Report
from intake_app.services.report_storage import index
from intake_app.storage.database import Database

_COPIED = ("reports", "attachments")  # strands and the search entry are made again
_KEY = {"reports": "id", "attachments": "report_id"}
_NOT_COPIED = frozenset({"search_rowid"})


def _columns(db: Database, table: str) -> list[str]:
    return [str(r[1]) for r in db.all(f"PRAGMA table_info({table})")]  # fixed table names


def copy_report(source: Database, target: Database, report_id: str) -> None:
    """Copy every row of the report into ``target`` (inside the caller's transaction there)."""
    for table in _COPIED:
        wanted = set(_columns(target, table)) - _NOT_COPIED
        names = [c for c in _columns(source, table) if c in wanted]
        listed = ", ".join(names)
        rows = source.all(
            f"SELECT {listed} FROM {table} WHERE {_KEY[table]} = ?",  # noqa: S608 - fixed names
            (report_id,),
        )
        marks = ", ".join("?" for _name in names)
        for row in rows:
            target.execute(
                f"INSERT OR REPLACE INTO {table} ({listed}) VALUES ({marks})",  # noqa: S608
                row,
            )
    data = source.scalar("SELECT data FROM reports WHERE id = ?", (report_id,))
    if data is not None:
        report, _problems = Report.from_dict(json.loads(str(data)))
        index(target, report_id, report)


def delete_report(db: Database, report_id: str) -> None:
    """Remove the report from ``db`` (inside the caller's transaction)."""
    db.execute("DELETE FROM attachments WHERE report_id = ?", (report_id,))
    db.execute("DELETE FROM report_strands WHERE report_id = ?", (report_id,))
    index(db, report_id, None)
    db.execute("DELETE FROM reports WHERE id = ?", (report_id,))
