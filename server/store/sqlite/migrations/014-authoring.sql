-- Authoring (issue 13). `publish_at`: a draft the server publishes at this instant (ISO-8601
-- UTC text, like every instant here). The publish is a real write done by the server's
-- publish scheduler (server/content/publish-scheduler.ts) when the time comes — status,
-- published_at and the change log entry together — so a tablet whose cursor is already past
-- the assignment's creation still receives it; nothing becomes visible by the clock alone.
-- Cleared when it is published (by the scheduler or « Publier maintenant ») or unscheduled.
-- `lesson_id`: the lesson of the same class the assignment revises (« Revoir la leçon »).
ALTER TABLE assignments ADD COLUMN publish_at TEXT;
ALTER TABLE assignments ADD COLUMN lesson_id TEXT REFERENCES lessons(id);
CREATE INDEX assignments_publish_at ON assignments(publish_at) WHERE publish_at IS NOT NULL;
-- Images and sounds attached to an assignment's instructions or to one of its questions live
-- with the lesson media (same upload checks, content-addressed bytes, /media/:id route, offline
-- cache on the tablets): `assignment_id` names the assignment (lesson_id is then NULL),
-- `question_id` the question they go with (NULL: the instructions). No foreign key on
-- assignment_id: lesson_media is copied before assignments (store/sqlite/sqlite-export.ts).
ALTER TABLE lesson_media ADD COLUMN assignment_id TEXT;
ALTER TABLE lesson_media ADD COLUMN question_id TEXT;
CREATE INDEX lesson_media_assignment ON lesson_media(assignment_id) WHERE assignment_id IS NOT NULL;
