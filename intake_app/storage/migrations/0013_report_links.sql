-- Reports linked to each other by a volunteer or coordinator: the same person, the same place,
-- the same offender, or another reason with a short note. A link is stored once, with the two
-- report ids in order (first < second), so it reads the same from either side and cannot be
-- made twice; two reports may be linked for more than one reason. Links never leave the centre.
CREATE TABLE report_links (
    first_id   TEXT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    second_id  TEXT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    reason     TEXT NOT NULL
               CHECK (reason IN ('same_person', 'same_place', 'same_offender', 'other')),
    note       TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    PRIMARY KEY (first_id, second_id, reason),
    CHECK (first_id < second_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX report_links_by_second ON report_links (second_id);

-- Statistics count repeat victimisation: every report counted before had no link.
INSERT OR IGNORE INTO statistics_entries (report_id, month, is_demo, dimension, value)
SELECT DISTINCT report_id, month, is_demo, 'repeat', 'none' FROM statistics_entries
WHERE dimension = 'consent';
