-- Store identity, users, reports and the audit log.
CREATE TABLE store_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE users (
    id             TEXT PRIMARY KEY,
    name           TEXT NOT NULL,
    name_key       TEXT NOT NULL UNIQUE,
    role           TEXT NOT NULL CHECK (role IN ('coordinator', 'volunteer')),
    active         INTEGER NOT NULL DEFAULT 1,
    slot_id        TEXT UNIQUE,
    created_at     TEXT NOT NULL,
    deactivated_at TEXT
) STRICT;

CREATE TABLE reference_counters (
    year INTEGER PRIMARY KEY,
    last INTEGER NOT NULL
) STRICT;

CREATE TABLE reports (
    id            TEXT PRIMARY KEY,
    reference     TEXT NOT NULL UNIQUE,
    status        TEXT NOT NULL,
    created_by    TEXT NOT NULL REFERENCES users (id),
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    is_demo       INTEGER NOT NULL DEFAULT 0,
    consent       TEXT,
    reporter_type TEXT,
    occurred_on   TEXT,
    place_type    TEXT,
    data          TEXT NOT NULL
) STRICT;
CREATE INDEX reports_by_status ON reports (status, updated_at);
CREATE INDEX reports_by_author ON reports (created_by, updated_at);
CREATE INDEX reports_by_update ON reports (updated_at);
CREATE INDEX reports_by_occurrence ON reports (occurred_on);

CREATE TABLE report_strands (
    report_id    TEXT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    strand       TEXT NOT NULL,
    sub_category TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (report_id, strand, sub_category)
) STRICT;
CREATE INDEX report_strands_by_strand ON report_strands (strand);

CREATE TABLE audit_log (
    seq       INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,
    action    TEXT NOT NULL,
    target    TEXT,
    detail    TEXT,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
) STRICT;

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
