-- Recipients besides the police force (a council's anti-social behaviour team, a housing
-- provider, a school, a support service), each registered from its own profile, with batches,
-- receipts and erasure notices of its own. The police force stays in store_meta and batches.
CREATE TABLE recipients (
    code     TEXT PRIMARY KEY,  -- the profile's code
    profile  TEXT NOT NULL,     -- the profile file as imported (its fingerprint was checked)
    added_at TEXT NOT NULL,
    added_by TEXT NOT NULL REFERENCES users (id)
) STRICT;

-- A recipient's batches: their own sequence numbers and chain of file hashes.
CREATE TABLE recipient_batches (
    id              TEXT PRIMARY KEY,
    recipient       TEXT NOT NULL,  -- kept after the recipient is removed: the record stays
    sequence        INTEGER NOT NULL,
    created_at      TEXT NOT NULL,
    created_by      TEXT NOT NULL REFERENCES users (id),
    file_sha256     TEXT NOT NULL,
    previous_sha256 TEXT NOT NULL,
    report_count    INTEGER NOT NULL,
    notice_count    INTEGER NOT NULL DEFAULT 0,
    audit_head      TEXT,
    acknowledged_at TEXT,
    UNIQUE (recipient, sequence)
) STRICT;

CREATE TABLE recipient_batch_members (
    batch_id  TEXT NOT NULL REFERENCES recipient_batches (id),
    report_id TEXT NOT NULL REFERENCES reports (id),
    outcome   TEXT NOT NULL DEFAULT 'waiting' CHECK (outcome IN ('waiting', 'accepted', 'rejected')),
    reason    TEXT,
    PRIMARY KEY (batch_id, report_id)
) STRICT;
CREATE INDEX recipient_batch_members_by_report ON recipient_batch_members (report_id);

CREATE TABLE recipient_batch_copies (
    batch_id    TEXT NOT NULL REFERENCES recipient_batches (id),
    file_sha256 TEXT NOT NULL,
    written_at  TEXT NOT NULL,
    PRIMARY KEY (batch_id, file_sha256)
) STRICT;

-- A withdrawal of a report a recipient holds: an erasure for that recipient's next batch,
-- confirmed or refused by that batch's receipt.
CREATE TABLE recipient_notices (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    recipient  TEXT NOT NULL,
    report_id  TEXT NOT NULL REFERENCES reports (id),
    kind       TEXT NOT NULL CHECK (kind IN ('erasure')),
    created_at TEXT NOT NULL,
    batch_id   TEXT REFERENCES recipient_batches (id),
    outcome    TEXT NOT NULL DEFAULT 'waiting'
               CHECK (outcome IN ('waiting', 'confirmed', 'refused')),
    reason     TEXT
) STRICT;
CREATE INDEX recipient_notices_by_batch ON recipient_notices (batch_id);
CREATE UNIQUE INDEX recipient_notices_one_waiting
    ON recipient_notices (recipient, report_id, kind) WHERE batch_id IS NULL;
