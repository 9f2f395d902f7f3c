-- The subject a class is taught (its default: « Mathématiques » for a teacher's 5e B) and the
-- one an assignment is set in (NULL: the class's). Both free text chosen by the school, shown
-- on the pupil's homework diary. (002 is reserved by a branch in flight: versions may have gaps.)
ALTER TABLE classes ADD COLUMN subject TEXT;
ALTER TABLE assignments ADD COLUMN subject TEXT;

-- Tablets hold their classes and assignments from before this version: re-stamp those changes
-- (a fresh seq each, same order) so the next pull brings them again, with the subject and the
-- teacher's name.
CREATE TEMP TABLE restamp AS
  SELECT seq, scope, entity, entity_id, op, at FROM changes WHERE op = 'put' AND entity IN ('class', 'assignment');
DELETE FROM changes WHERE seq IN (SELECT seq FROM restamp);
INSERT INTO changes (scope, entity, entity_id, op, at) SELECT scope, entity, entity_id, op, at FROM restamp ORDER BY seq;
DROP TABLE restamp;
