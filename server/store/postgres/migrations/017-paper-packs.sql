-- Paper homework by post (issue 15): one row per pupil who was given an assignment's paper
-- pack. `code` is the unguessable id printed in every page's QR code (it names the pupil
-- and the assignment without showing either); it stays when the pack is printed again, so
-- sheets from an earlier print still find their pupil. `layout_version` is the assignment
-- version the pages were laid out from (the boxes to read on a returned sheet).
-- printed_at: the PDF was made; sent_at: the teacher says it went out; received_at: the
-- first returned sheet was attached.
CREATE TABLE paper_packs (
  assignment_id TEXT NOT NULL REFERENCES assignments(id),
  student_id TEXT NOT NULL REFERENCES students(id),
  code TEXT NOT NULL UNIQUE,
  layout_version INTEGER NOT NULL,
  printed_at TEXT COLLATE "C" NOT NULL,
  printed_by TEXT NOT NULL REFERENCES users(id),
  sent_at TEXT COLLATE "C",
  received_at TEXT COLLATE "C",
  PRIMARY KEY (assignment_id, student_id)
);
