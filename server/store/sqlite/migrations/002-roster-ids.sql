-- Roster imports that update instead of refusing (issue: class kit and IT referent):
-- a pupil may carry the id of the school's administration software (SIECLE's ELEVE_ID, or
-- an "identifiant" column of a CSV), unique in the school, so later imports find them again
-- after a name fix or a class move; the school may record its UAI (a SIECLE export names it).
ALTER TABLE students ADD COLUMN external_id TEXT;
CREATE UNIQUE INDEX students_school_external ON students(school_id, external_id) WHERE external_id IS NOT NULL;
ALTER TABLE schools ADD COLUMN uai TEXT;
