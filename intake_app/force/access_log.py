"""Who opened what at the force: an entry for every list, search, report shown, attachments
saved and export, with when, the computer account and the database role that did it.

An entry is written before anything is shown or saved, in a transaction of its own: a program
that cannot write it shows nothing. It has a row for each report whose text it showed or wrote
(a report opened, each match a search printed, each report an export wrote) and says what was
done in codes and counts only: never the words searched for, never anything a report says. On
PostgreSQL the reader roles may add entries and nothing else (not read them, not change them);
the database's owner reads them (``intake-force access-log``).
"""

from __future__ import annotations

import getpass
import os
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import psycopg

from intake_app.force.backend import ForceDatabase
from intake_app.force.finding import Filters
from intake_app.force.postgres import upgraded_by_its_owner
from intake_app.support.errors import IntakeError
from intake_app.support.i18n import N_, _

LIST, SEARCH, SHOW, SAVED, EXPORT = "list", "search", "show", "attachments_saved", "export"
NOT_WRITTEN = N_(
    "The force's access log cannot be written, so nothing was shown. Ask the database's owner "
    "to run 'intake-force database grant' again for this role."
)
NOT_READ = N_("Only the database's owner reads the force's access log.")
_MAX_DETAIL = 200


@dataclass(frozen=True)
class Entry:
    at: str
    account: str
    role: str
    action: str
    reports: int  # how many reports' text it showed or wrote
    reference: str | None  # the report's, when it was one
    detail: str


def account() -> str:
    """The computer account running this program: as the system knows it (not what the
    environment says, which anyone can set), where the system says."""
    try:
        import pwd

        return pwd.getpwuid(os.getuid()).pw_name[:80] or "?"
    except (ImportError, KeyError, OSError):
        pass
    try:
        return getpass.getuser()[:80] or "?"  # Windows: the signed-in user
    except (OSError, KeyError, ImportError):  # no such account known: said, not guessed
        return "?"


def record(
    db: ForceDatabase,
    action: str,
    *,
    reports: Sequence[str] = (),
    detail: str = "",
) -> None:
    """Write one entry, with a row for each report whose text it showed or wrote (``reports``,
    their ids), committed before the caller shows or places anything."""
    at = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    entry = secrets.token_hex(16)
    who = account()
    try:
        with upgraded_by_its_owner(NOT_WRITTEN), db.transaction():
            role = str(db.scalar(db.dialect.current_role)) if db.dialect.current_role else ""
            shown: Sequence[str | None] = reports or [None]  # an entry has a row, at least
            rows = [(entry, at, who, role, action, report_id, detail[:_MAX_DETAIL])
                    for report_id in shown]  # fmt: skip
            db.executemany("INSERT INTO access_log VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
    except psycopg.Error:  # another refusal of the server's: nothing is shown either
        raise IntakeError(_(NOT_WRITTEN)) from None


def filters_text(chosen: Filters) -> str:
    """The filters a list, search or export was given, as codes and days (never words)."""
    given = [
        ("centre", chosen.centre),
        ("from", chosen.since.isoformat() if chosen.since else None),
        ("to", chosen.until.isoformat() if chosen.until else None),
        ("strand", chosen.strand),
        ("status", chosen.status),
    ]
    return " ".join(f"{name}={value}" for name, value in given if value) or "all"


def entries(db: ForceDatabase, *, report_id: str | None = None, limit: int = 100) -> list[Entry]:
    """The latest entries, newest first: every one, or those that showed one report."""
    where, params = ("WHERE a.report_id = ? ", (report_id,)) if report_id else ("", ())
    with upgraded_by_its_owner(NOT_READ):
        rows = db.all(
            "SELECT max(a.at), max(a.account), max(a.role), max(a.action), count(a.report_id), "  # noqa: S608
            f"max(r.reference), max(a.detail) FROM access_log a "
            f"LEFT JOIN reports r ON r.id = a.report_id {where}"
            f"GROUP BY a.entry_id ORDER BY max(a.at) DESC LIMIT {int(limit)}",
            params,
        )
    return [
        Entry(str(r[0]), str(r[1]), str(r[2]), str(r[3]), int(r[4]),
              str(r[5]) if r[4] == 1 and r[5] is not None else None, str(r[6]))
        for r in rows
    ]  # fmt: skip
