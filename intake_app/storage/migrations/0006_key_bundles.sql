-- Each user's public keys: the age recipient the store key is sealed to, and their signing key.
ALTER TABLE users ADD COLUMN recipient TEXT;
ALTER TABLE users ADD COLUMN signing_public TEXT;
