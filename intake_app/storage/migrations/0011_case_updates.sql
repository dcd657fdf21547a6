-- What the force says became of reports the centre sent: signed update files, applied in the
-- order of their numbers (one after the other, none skipped, none twice), and each update in
-- them. A report's timeline and whether the force kept its promises are read from these.
CREATE TABLE case_update_files (
    sequence     INTEGER PRIMARY KEY,           -- the force's number for this centre, from 1
    file_sha256  TEXT NOT NULL UNIQUE,
    force_code   TEXT NOT NULL,
    created_at   TEXT NOT NULL,                 -- as the force wrote it
    imported_at  TEXT NOT NULL,
    update_count INTEGER NOT NULL
) STRICT;
CREATE TABLE case_updates (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    report_id       TEXT NOT NULL REFERENCES reports (id),
    file_sequence   INTEGER NOT NULL REFERENCES case_update_files (sequence),
    updated_on      TEXT NOT NULL,              -- YYYY-MM-DD, the force's day
    crime_reference TEXT NOT NULL,
    recorded_as     TEXT NOT NULL
                    CHECK (recorded_as IN ('crime', 'incident', 'no-record', 'referred-elsewhere')),
    contacted_on    TEXT,                       -- YYYY-MM-DD, first contact by an officer
    outcome         TEXT NOT NULL,
    closed          INTEGER NOT NULL CHECK (closed IN (0, 1))
) STRICT;
CREATE INDEX case_updates_by_report ON case_updates (report_id, updated_on);

-- When the force wrote its receipt (the receipt's created_at): the day it received the batch,
-- from which its promises are counted. NULL for batches acknowledged before this.
ALTER TABLE batches ADD COLUMN received_at TEXT;
