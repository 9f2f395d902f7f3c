-- As SQLite's 006: the audit log of adults' actions (who, what, when, on what). The actor's name
-- is copied; NULL actor_id is the admin command line.
CREATE TABLE audit_log (
  id BIGSERIAL PRIMARY KEY,
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
