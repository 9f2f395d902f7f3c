-- A lesson image's description, written by the teacher (issue 14): the tablet reads it as the
-- image's alternative text instead of the file name. Empty: none yet.
ALTER TABLE lesson_media ADD COLUMN description TEXT NOT NULL DEFAULT '';
