-- Volunteers' workspaces and the reports they hand over to the centre by deposit.
ALTER TABLE users ADD COLUMN workspace_id TEXT;
ALTER TABLE users ADD COLUMN writer INTEGER NOT NULL DEFAULT 0;

-- At the centre: every deposit taken in, so a replayed one changes nothing.
CREATE TABLE deposits_received (
    deposit_id  TEXT PRIMARY KEY,
    user_id     TEXT NOT NULL,
    report_id   TEXT NOT NULL,
    received_at TEXT NOT NULL
) STRICT;

-- In a workspace: what is left of a report once handed over (no personal data).
CREATE TABLE handed_over (
    report_id      TEXT PRIMARY KEY,
    reference      TEXT NOT NULL,
    consent        TEXT,
    handed_over_at TEXT NOT NULL
) STRICT;
