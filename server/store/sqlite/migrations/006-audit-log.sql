-- The audit log of adults' actions (publish, return, revoke, import, backup, restore, password
-- reset, enrolment codes, settings): who, what, when, on what. The actor's name is copied (an
-- archived or renamed account still reads as it was); NULL actor_id is the admin command line.
-- (004 and 005 are taken by branches in flight: versions may have gaps.)
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  school_id TEXT,
  at TEXT NOT NULL,
  actor_id TEXT,
  actor_name TEXT NOT NULL,
  action TEXT NOT NULL,
  target_type TEXT,
  target_id TEXT,
  target_label TEXT,
  details_json TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_school_at ON audit_log(school_id, at);
