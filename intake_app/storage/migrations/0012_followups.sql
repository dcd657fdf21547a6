-- intake: foreign keys off while applied
-- Follow-ups after the hand-off, and caseworkers who work the cases assigned to them.
--
-- The users table is rebuilt to widen its role CHECK (SQLite cannot change a CHECK in place):
-- foreign keys are off while this file runs (reports, attachments and batches refer to users),
-- and the runner checks them all before it commits.
CREATE TABLE users_widened (
    id             TEXT PRIMARY KEY,
    name           TEXT NOT NULL,
    name_key       TEXT NOT NULL UNIQUE,
    role           TEXT NOT NULL CHECK (role IN ('coordinator', 'volunteer', 'caseworker')),
    active         INTEGER NOT NULL DEFAULT 1,
    slot_id        TEXT UNIQUE,
    created_at     TEXT NOT NULL,
    deactivated_at TEXT,
    recipient      TEXT,
    signing_public TEXT,
    workspace_id   TEXT,
    writer         INTEGER NOT NULL DEFAULT 0
) STRICT;
INSERT INTO users_widened (id, name, name_key, role, active, slot_id, created_at, deactivated_at,
                           recipient, signing_public, workspace_id, writer)
    SELECT id, name, name_key, role, active, slot_id, created_at, deactivated_at,
           recipient, signing_public, workspace_id, writer
    FROM users;
DROP TABLE users;
ALTER TABLE users_widened RENAME TO users;

-- Which caseworker works a case (a report): at most one at a time.
CREATE TABLE case_assignments (
    report_id     TEXT PRIMARY KEY REFERENCES reports (id) ON DELETE CASCADE,
    caseworker_id TEXT NOT NULL REFERENCES users (id),
    assigned_at   TEXT NOT NULL,
    assigned_by   TEXT NOT NULL
) STRICT;
CREATE INDEX case_assignments_by_caseworker ON case_assignments (caseworker_id);

-- What was done for the person after the hand-off: a contact, a referral or a note, each with
-- an optional next action and its due date (YYYY-MM-DD, the centre's local date). The text is
-- in ``details`` (JSON), inside the encrypted store like everything else.
CREATE TABLE follow_ups (
    id          TEXT PRIMARY KEY,
    report_id   TEXT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind IN ('contact', 'referral', 'note')),
    created_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    details     TEXT NOT NULL,
    next_action TEXT,
    due_on      TEXT,
    done_at     TEXT
) STRICT;
CREATE INDEX follow_ups_by_report ON follow_ups (report_id, created_at);
CREATE INDEX follow_ups_due ON follow_ups (due_on) WHERE due_on IS NOT NULL AND done_at IS NULL;
