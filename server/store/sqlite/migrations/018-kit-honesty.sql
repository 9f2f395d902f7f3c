-- The class kit tells the truth (issue 19).
-- 1. A class's tablets screen also lists the tablets where its pupils hold a live session (a
--    school-wide tablet, another class's): sessions are looked up by tablet (PostgreSQL has had
--    this index since 001).
-- 2. Groups a SIECLE import manages: their members are the export's, so a pupil who left a `G`
--    structure in the file leaves the group; groups made by hand (siecle = 0) are never touched.
CREATE INDEX IF NOT EXISTS sessions_device ON sessions(device_id);
ALTER TABLE groups ADD COLUMN siecle INTEGER NOT NULL DEFAULT 0;
