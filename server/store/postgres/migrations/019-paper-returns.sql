-- Paper homework coming back (issue 15).
-- paper_packs.layout_json: what was printed for the pupil at layout_version — per page, the
-- boxes to tick (mm) and the questions answered on it — so a returned sheet is read against
-- the pages the family really had, even after the assignment was edited.
-- paper_pages: every returned page kept, once. A page whose QR code was read names its pupil
-- and page (one row per pupil and page: a second copy of the same page is not kept); a page
-- whose code could not be read waits in the tray « À attribuer » (student_id and page NULL)
-- until the teacher assigns it. The same bytes twice for an assignment are kept once too.
-- boxes_json: the boxes of the page as read ([{questionId, choiceId, state, by}]; state
-- ticked | empty | unsure | unread; by reader | teacher); attachment_id: the page as the
-- pupil's photo attachment, on the question it answers (NULL while in the tray).
ALTER TABLE paper_packs ADD COLUMN layout_json TEXT;

CREATE TABLE paper_pages (
  id TEXT PRIMARY KEY,
  assignment_id TEXT NOT NULL REFERENCES assignments(id),
  student_id TEXT REFERENCES students(id),
  page INTEGER,
  sha256 TEXT NOT NULL,
  mime TEXT NOT NULL,
  size INTEGER NOT NULL,
  attachment_id TEXT REFERENCES attachments(id),
  boxes_json TEXT,
  received_at TEXT COLLATE "C" NOT NULL,
  received_by TEXT NOT NULL REFERENCES users(id)
);
CREATE UNIQUE INDEX paper_pages_by_page ON paper_pages (assignment_id, student_id, page) WHERE student_id IS NOT NULL;
CREATE UNIQUE INDEX paper_pages_by_bytes ON paper_pages (assignment_id, sha256);
