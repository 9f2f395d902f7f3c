-- The tablet's PIN pad shows how many digits a pupil's secret code has (one box per digit) and
-- enables « Valider » when it is complete (issue 14). Only the length is kept, beside the hash;
-- docs/SECURITY.md says why revealing it is acceptable. As SQLite's 007.
ALTER TABLE students ADD COLUMN secret_length INTEGER;
