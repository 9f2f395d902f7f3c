-- The teacher's follow-up of one pupil's work (issue 13): a due date of their own, a copy sent
-- back to redo with a message, reminders to those who have not handed in, and a spoken comment
-- with the feedback. Same tables in both dialects.

-- One row per (assignment, pupil) the teacher acted on. due_at: the pupil's own due date (NULL:
-- the assignment's); sent_back_*: the last « À refaire » (the copy is a draft again until handed in).
CREATE TABLE work_follow_ups (
  assignment_id TEXT NOT NULL REFERENCES assignments(id),
  student_id TEXT NOT NULL REFERENCES students(id),
  due_at TEXT,
  due_set_by TEXT REFERENCES users(id),
  due_set_at TEXT,
  sent_back_at TEXT,
  sent_back_message TEXT,
  sent_back_by TEXT REFERENCES users(id),
  PRIMARY KEY (assignment_id, student_id)
);

-- Every reminder sent (who, when, to whom, with what message): the tablet shows the latest once.
CREATE TABLE reminders (
  id TEXT PRIMARY KEY,
  school_id TEXT NOT NULL REFERENCES schools(id),
  assignment_id TEXT NOT NULL REFERENCES assignments(id),
  student_id TEXT NOT NULL REFERENCES students(id),
  message TEXT NOT NULL,
  sent_by TEXT REFERENCES users(id),
  sent_at TEXT NOT NULL
);
CREATE INDEX reminders_pupil ON reminders(assignment_id, student_id, sent_at);

-- The teacher's spoken comments on a copy (bytes in the blob store). The one with detached_at
-- NULL goes with the feedback; a re-recorded or deleted one is kept detached (a tablet may
-- still play it offline until its next sync).
CREATE TABLE feedback_audio (
  id TEXT PRIMARY KEY,
  school_id TEXT NOT NULL REFERENCES schools(id),
  submission_id TEXT NOT NULL REFERENCES submissions(id),
  sha256 TEXT NOT NULL,
  mime TEXT NOT NULL,
  size INTEGER NOT NULL,
  duration_ms INTEGER NOT NULL,
  created_by TEXT REFERENCES users(id),
  created_at TEXT NOT NULL,
  detached_at TEXT
);
CREATE INDEX feedback_audio_submission ON feedback_audio(submission_id);
CREATE INDEX feedback_audio_sha256 ON feedback_audio(sha256);
