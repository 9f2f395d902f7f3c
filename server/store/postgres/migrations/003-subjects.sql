-- As SQLite's 003: the subject a class is taught and the one an assignment is set in (NULL: the
-- class's), shown on the pupil's homework diary. Tablets hold their classes and assignments from
-- before: their changes get fresh seqs (same order, above the head) so the next pull brings them
-- again with the subject and the teacher's name.
ALTER TABLE classes ADD COLUMN subject TEXT;
ALTER TABLE assignments ADD COLUMN subject TEXT;

WITH h AS (SELECT seq FROM change_log_head WHERE id = 1),
     r AS (SELECT seq AS old, row_number() OVER (ORDER BY seq) AS n FROM changes WHERE op = 'put' AND entity IN ('class', 'assignment'))
UPDATE changes c SET seq = (SELECT seq FROM h) + r.n FROM r WHERE c.seq = r.old;
UPDATE change_log_head SET seq = (SELECT COALESCE(MAX(seq), 0) FROM changes) WHERE id = 1 AND seq < (SELECT COALESCE(MAX(seq), 0) FROM changes);
