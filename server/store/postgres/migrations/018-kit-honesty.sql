-- The class kit tells the truth (issue 19).
-- 1. A class's tablets screen also lists the tablets where its pupils hold a live session: the
--    sessions_device index exists since 001 (SQLite gets it here).
-- 2. Groups a SIECLE import manages: their members are the export's, so a pupil who left a `G`
--    structure in the file leaves the group; groups made by hand (siecle = false) are never touched.
ALTER TABLE groups ADD COLUMN siecle BOOLEAN NOT NULL DEFAULT FALSE;
