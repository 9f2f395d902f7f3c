-- As SQLite's 002: a pupil's id in the school's administration software (SIECLE ELEVE_ID, a
-- CSV "identifiant"), unique in the school; the school's UAI.
ALTER TABLE students ADD COLUMN external_id TEXT;
CREATE UNIQUE INDEX students_school_external ON students(school_id, external_id) WHERE external_id IS NOT NULL;
ALTER TABLE schools ADD COLUMN uai TEXT;
