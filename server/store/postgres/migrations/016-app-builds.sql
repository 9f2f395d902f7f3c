-- As SQLite's 016.
-- Software updates piloted by the school server (issue 16). A build is an immutable set of
-- files (the app, its service worker and precache list) kept under DATA_DIR/builds/<files>,
-- where <files> is the SHA-256 of its content: a rollback is a NEW build row (new id, new
-- number) over the same files, so the tablets' service workers see it as an update.
CREATE TABLE app_builds (
  id TEXT PRIMARY KEY,
  number INTEGER NOT NULL UNIQUE,
  version TEXT NOT NULL,
  release_note TEXT NOT NULL DEFAULT '',
  files TEXT NOT NULL,
  rollback_of TEXT REFERENCES app_builds(id),
  registered_at TEXT NOT NULL,
  registered_by TEXT
);

-- Who runs what: the school's build, a class's, a tablet's (the most precise one wins).
-- A pinned class keeps its build when the school moves on.
CREATE TABLE app_rollouts (
  school_id TEXT NOT NULL REFERENCES schools(id),
  scope TEXT NOT NULL CHECK (scope IN ('school', 'class', 'device')),
  target_id TEXT NOT NULL,
  build_id TEXT NOT NULL REFERENCES app_builds(id),
  pinned INTEGER NOT NULL DEFAULT 0,
  assigned_at TEXT NOT NULL,
  assigned_by TEXT,
  PRIMARY KEY (school_id, scope, target_id)
);

-- The school's update policy: the minimum version, the window (JSON: closed hours on school
-- days, time zone) and a halted rollout (every tablet keeps the build it was last served).
CREATE TABLE app_update_settings (
  school_id TEXT PRIMARY KEY REFERENCES schools(id),
  minimum_version TEXT,
  window_json TEXT NOT NULL,
  halted_at TEXT,
  updated_at TEXT NOT NULL
);

-- What each tablet was served (its shell, by its device cookie) and what it reports running,
-- with the errors counted since it started that build (failed starts, uncaught errors).
CREATE TABLE device_app_status (
  device_id TEXT PRIMARY KEY REFERENCES devices(id),
  served_build_id TEXT,
  served_at TEXT,
  running_version TEXT,
  running_build_id TEXT,
  failed_starts INTEGER NOT NULL DEFAULT 0,
  app_errors INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  reported_at TEXT
);
