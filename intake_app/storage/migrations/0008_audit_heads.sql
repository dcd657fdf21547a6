-- The audit head each batch carried (the force's receipt echoes it), and the head of the
-- volunteer's workspace log that came with each deposit.
ALTER TABLE batches ADD COLUMN audit_head TEXT;
ALTER TABLE deposits_received ADD COLUMN workspace_head TEXT;
