"""The database roles of a force's PostgreSQL database: the owner, importers and readers.

The owner (the role that first opened the database with intake-force, or the administrator's)
makes and upgrades the schema. ``grant`` gives the others only what their work needs:

- an importer imports batches and writes receipts: it reads everything but the access log, adds
  and changes
  reports, attachments, batches and their outcomes, but never the schema or the content keys;
- a reader finds, counts and reads reports and writes the force's update files to centres: it
  reads everything but the access log, adds update files and entries to the access log (each
  list, search, report shown and export: ``access_log``), but changes no report and no entry.

Both take the lock on a centre (``centre_locks``). Neither can read a report without the force's
passphrase: what they read is sealed (``content_keys``). The roles themselves, with their
logins, are made by the database's administrator (``CREATE ROLE … LOGIN``).
"""

from __future__ import annotations

from psycopg import sql

from intake_app.force.postgres import PostgresDatabase

EVERY_TABLE = (
    "attachments", "batch_audit_heads", "batches", "centre_locks", "content_keys",
    "force_schema", "notice_outcomes", "outcomes", "report_changes", "report_strands",
    "reports", "update_files",
)  # fmt: skip
IMPORTED = (
    "attachments", "batch_audit_heads", "batches", "notice_outcomes", "outcomes",
    "report_changes", "report_strands", "reports",
)  # fmt: skip


def grant(db: PostgresDatabase, *, importers: tuple[str, ...], readers: tuple[str, ...]) -> None:
    """Give each role its privileges on the force's tables (run by the owner)."""
    with db.transaction():
        for role in (*importers, *readers):
            who = sql.Identifier(role)
            db.conn.execute(sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(who))
            for table in EVERY_TABLE:
                db.conn.execute(
                    sql.SQL("GRANT SELECT ON {} TO {}").format(sql.Identifier(table), who)
                )
            db.conn.execute(sql.SQL("GRANT INSERT, UPDATE ON centre_locks TO {}").format(who))
        for role in importers:
            for table in IMPORTED:
                db.conn.execute(
                    sql.SQL("GRANT INSERT, UPDATE, DELETE ON {} TO {}").format(
                        sql.Identifier(table), sql.Identifier(role)
                    )
                )
        for role in readers:
            for table in ("update_files", "access_log"):  # access_log: added to, never read
                db.conn.execute(
                    sql.SQL("GRANT INSERT ON {} TO {}").format(
                        sql.Identifier(table), sql.Identifier(role)
                    )
                )
