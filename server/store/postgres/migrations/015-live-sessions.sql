-- The live class (issue 17), as SQLite's 015: a lesson session a teacher runs for a class or one of its groups.
-- Its state (what was pushed, « Regardez le tableau », the last « Tout récupérer ») is a row, so
-- tablets that lost the live channel, or reach another server process, read the same truth;
-- presence (who is online, on which question) is not stored: it lives in the processes' memory.
CREATE TABLE live_sessions (
  id TEXT PRIMARY KEY,
  school_id TEXT NOT NULL REFERENCES schools(id),
  class_id TEXT NOT NULL REFERENCES classes(id),
  group_id TEXT REFERENCES groups(id),
  teacher_id TEXT NOT NULL REFERENCES users(id),
  started_at TEXT COLLATE "C" NOT NULL,
  ended_at TEXT,
  activity_kind TEXT CHECK (activity_kind IN ('assignment', 'lesson')),
  activity_id TEXT,
  activity_title TEXT,
  activity_at TEXT,
  attention_since TEXT,
  collect_at TEXT,
  version INTEGER NOT NULL DEFAULT 1
);
-- The running sessions of a class (one per class or group at a time; the tablets' and the console's read).
CREATE INDEX live_sessions_class_open ON live_sessions (class_id, ended_at);
-- When a tablet's last item reached the server (« Tout récupérer » shows it per tablet).
CREATE INDEX device_mutations_device_applied ON device_mutations (device_id, applied_at);
