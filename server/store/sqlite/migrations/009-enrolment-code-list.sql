-- The IT referent lists the live enrolment codes and revokes one (issue 19): a code gets a
-- public id (the console names it by that, never by its hash, which a guess could be checked
-- against) and a revocation time (a revoked code admits no tablet, and is kept for the list).
ALTER TABLE enrolment_codes ADD COLUMN id TEXT;
ALTER TABLE enrolment_codes ADD COLUMN revoked_at TEXT;
UPDATE enrolment_codes SET id = lower(hex(randomblob(16))) WHERE id IS NULL;
CREATE UNIQUE INDEX enrolment_codes_id ON enrolment_codes (id);
CREATE INDEX enrolment_codes_school ON enrolment_codes (school_id, expires_at);
