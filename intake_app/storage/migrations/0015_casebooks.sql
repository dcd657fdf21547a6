-- A caseworker's casebook is their own store (a workspace: same schema, its own key, sealed to
-- them and to the centre identity) holding copies of the cases assigned to them, and nothing
-- else. The centre writes each case's copy there; this table, in the casebook, says when, with
-- a fingerprint of what was copied (so an unchanged case is not copied again) and the case's
-- timeline as the centre's store had it (the batches, receipts and the force's updates it is
-- made from stay at the centre). Empty in the centre's own store.
CREATE TABLE case_copies (
    report_id   TEXT PRIMARY KEY REFERENCES reports (id) ON DELETE CASCADE,
    copied_at   TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    timeline    TEXT NOT NULL      -- JSON: the timeline's events and the facts promises are judged on
) STRICT;
