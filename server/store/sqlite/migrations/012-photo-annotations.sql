-- The teacher's annotations over a pupil's photo (issue 13): one vector layer per (copy, photo),
-- JSON in coordinates normalised to the upright photo — the photo's bytes are never touched.
-- marks_json is the teacher's current layer; returned_marks_json the one the pupil received at
-- the last « Rendre la copie » (NULL: never returned), so an edit after the return reaches the
-- tablet at the next return only, as the comment and the mark do. Same in both dialects.
CREATE TABLE photo_annotations (
  submission_id TEXT NOT NULL REFERENCES submissions(id),
  attachment_id TEXT NOT NULL REFERENCES attachments(id),
  teacher_id TEXT NOT NULL REFERENCES users(id),
  marks_json TEXT NOT NULL,
  returned_marks_json TEXT,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  returned_at TEXT,
  PRIMARY KEY (submission_id, attachment_id)
);
