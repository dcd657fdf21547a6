-- Encrypted attachments inside the store, full-text search, and the withdrawal date.
-- report_search rows are re-inserted on every change, so a higher rowid is a more recent change.
CREATE TABLE attachments (
    id                TEXT PRIMARY KEY,
    report_id         TEXT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    label             TEXT NOT NULL,
    media_type        TEXT NOT NULL,
    size              INTEGER NOT NULL,
    sha256            TEXT NOT NULL,
    share_with_police INTEGER NOT NULL DEFAULT 0,
    added_at          TEXT NOT NULL,
    added_by          TEXT NOT NULL REFERENCES users (id),
    content           BLOB NOT NULL
) STRICT;
CREATE INDEX attachments_by_report ON attachments (report_id);

CREATE VIRTUAL TABLE report_search USING fts5 (
    report_id UNINDEXED,
    body,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'
);
-- Deleted text leaves no trace in the index.
INSERT INTO report_search (report_search, rank) VALUES ('secure-delete', 1);

ALTER TABLE reports ADD COLUMN withdrawn_at TEXT;
-- The report's row in report_search, so re-indexing deletes by rowid instead of scanning.
ALTER TABLE reports ADD COLUMN search_rowid INTEGER;
