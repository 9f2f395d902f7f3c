-- The tablet's PIN pad shows how many digits a pupil's secret code has (one box per digit) and
-- enables « Valider » when it is complete (issue 14). Only the length is kept, beside the hash;
-- docs/SECURITY.md says why revealing it is acceptable. NULL for secrets set before this
-- version (the pad then works as before) until the next reset or import gives one.
ALTER TABLE students ADD COLUMN secret_length INTEGER;
