-- What the force must be told about reports it already holds (batch format 3): a correction
-- (the corrected report goes again, as an amendment) or a withdrawal (an erasure, with no
-- content). A notice waits for the next batch (batch_id NULL), goes in it, and is confirmed or
-- refused by that batch's receipt. At most one of each kind waits per report.
CREATE TABLE notices (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused: a replaced notice is new
    report_id  TEXT NOT NULL REFERENCES reports (id),
    kind       TEXT NOT NULL CHECK (kind IN ('amendment', 'erasure')),
    created_at TEXT NOT NULL,
    batch_id   TEXT REFERENCES batches (id),
    outcome    TEXT NOT NULL DEFAULT 'waiting'
               CHECK (outcome IN ('waiting', 'confirmed', 'refused')),
    reason     TEXT
) STRICT;
CREATE INDEX notices_by_report ON notices (report_id);
CREATE INDEX notices_by_batch ON notices (batch_id);
CREATE UNIQUE INDEX notices_one_waiting ON notices (report_id, kind) WHERE batch_id IS NULL;

-- How many notices each batch carried (0 for every batch written before).
ALTER TABLE batches ADD COLUMN notice_count INTEGER NOT NULL DEFAULT 0;
