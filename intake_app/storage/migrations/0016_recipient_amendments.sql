-- A correction of a report that a recipient besides the police holds reaches that recipient as it
-- reaches the force: a recipient's notices are amendments as well as erasures. The table is made
-- again with the wider check (SQLite cannot change a check in place), its rows and ids kept (ids
-- are never reused: the AUTOINCREMENT counter moves with them). No other table refers to it.
CREATE TABLE recipient_notices_widened (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    recipient  TEXT NOT NULL,
    report_id  TEXT NOT NULL REFERENCES reports (id),
    kind       TEXT NOT NULL CHECK (kind IN ('amendment', 'erasure')),
    created_at TEXT NOT NULL,
    batch_id   TEXT REFERENCES recipient_batches (id),
    outcome    TEXT NOT NULL DEFAULT 'waiting'
               CHECK (outcome IN ('waiting', 'confirmed', 'refused')),
    reason     TEXT
) STRICT;
INSERT INTO recipient_notices_widened
    (id, recipient, report_id, kind, created_at, batch_id, outcome, reason)
SELECT id, recipient, report_id, kind, created_at, batch_id, outcome, reason
    FROM recipient_notices;
DROP TABLE recipient_notices;
ALTER TABLE recipient_notices_widened RENAME TO recipient_notices;
CREATE INDEX recipient_notices_by_batch ON recipient_notices (batch_id);
CREATE UNIQUE INDEX recipient_notices_one_waiting
    ON recipient_notices (recipient, report_id, kind) WHERE batch_id IS NULL;
