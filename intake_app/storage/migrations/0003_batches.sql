-- Batches sent to the force, what each carried, and the force's receipts.
CREATE TABLE batches (
    id              TEXT PRIMARY KEY,
    sequence        INTEGER NOT NULL UNIQUE,
    created_at      TEXT NOT NULL,
    created_by      TEXT NOT NULL REFERENCES users (id),
    file_sha256     TEXT NOT NULL,
    previous_sha256 TEXT NOT NULL,
    report_count    INTEGER NOT NULL,
    acknowledged_at TEXT
) STRICT;

CREATE TABLE batch_members (
    batch_id  TEXT NOT NULL REFERENCES batches (id),
    report_id TEXT NOT NULL REFERENCES reports (id),
    outcome   TEXT NOT NULL DEFAULT 'waiting' CHECK (outcome IN ('waiting', 'accepted', 'rejected')),
    reason    TEXT,
    PRIMARY KEY (batch_id, report_id)
) STRICT;
CREATE INDEX batch_members_by_report ON batch_members (report_id);

-- Every copy of a batch file written (a batch not yet acknowledged can be written again).
CREATE TABLE batch_copies (
    batch_id    TEXT NOT NULL REFERENCES batches (id),
    file_sha256 TEXT NOT NULL,
    written_at  TEXT NOT NULL,
    PRIMARY KEY (batch_id, file_sha256)
) STRICT;
