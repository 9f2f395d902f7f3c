-- Cartable school server on PostgreSQL, schema version 1: the same tables, columns and
-- constraints as SQLite's 001-initial.sql, so the repositories return identical records.
-- Integers a tablet sends (its seq, sizes, versions) are BIGINT, as SQLite's INTEGER is 64-bit.
-- Ids are opaque random strings (UUID), never sequences. Instants are ISO-8601 UTC text
-- (as in SQLite: compared and ordered as text, returned exactly as written).
-- Text that is ordered or compared for uniqueness is COLLATE "C": byte order, as SQLite's
-- BINARY, whatever locale the cluster was created with; lower() under "C" folds ASCII only,
-- as SQLite's NOCASE does.

CREATE TABLE schools (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  created_at TEXT NOT NULL
);

-- Teachers and IT referents (people who sign in with a password).
CREATE TABLE users (
  id TEXT PRIMARY KEY,
  school_id TEXT NOT NULL REFERENCES schools(id),
  role TEXT NOT NULL CHECK (role IN ('teacher', 'it')),
  login TEXT COLLATE "C" NOT NULL,
  display_name TEXT COLLATE "C" NOT NULL,
  password_hash TEXT NOT NULL,
  archived BOOLEAN NOT NULL DEFAULT FALSE,
  created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX users_login ON users (lower(login));

CREATE TABLE classes (
  id TEXT PRIMARY KEY,
  school_id TEXT NOT NULL REFERENCES schools(id),
  name TEXT COLLATE "C" NOT NULL,
  archived BOOLEAN NOT NULL DEFAULT FALSE,
  created_at TEXT NOT NULL,
  UNIQUE (school_id, name)
);

CREATE TABLE class_teachers (
  class_id TEXT COLLATE "C" NOT NULL REFERENCES classes(id),
  user_id TEXT COLLATE "C" NOT NULL REFERENCES users(id),
  PRIMARY KEY (class_id, user_id)
);

CREATE TABLE students (
  id TEXT PRIMARY KEY,
  school_id TEXT NOT NULL REFERENCES schools(id),
  class_id TEXT NOT NULL REFERENCES classes(id),
  last_name TEXT COLLATE "C" NOT NULL,
  first_name TEXT COLLATE "C" NOT NULL,
  -- scrypt hash of the short secret chosen by the school (PIN or picture code)
  secret_hash TEXT NOT NULL,
  archived BOOLEAN NOT NULL DEFAULT FALSE,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX students_class ON students(class_id);

CREATE TABLE groups (
  id TEXT PRIMARY KEY,
  class_id TEXT NOT NULL REFERENCES classes(id),
  name TEXT COLLATE "C" NOT NULL,
  archived BOOLEAN NOT NULL DEFAULT FALSE,
  created_at TEXT NOT NULL
);
CREATE TABLE group_members (
  group_id TEXT NOT NULL REFERENCES groups(id),
  student_id TEXT COLLATE "C" NOT NULL REFERENCES students(id),
  PRIMARY KEY (group_id, student_id)
);
CREATE INDEX group_members_student ON group_members(student_id);

-- Enrolled tablets and browsers.
CREATE TABLE devices (
  id TEXT PRIMARY KEY,
  school_id TEXT NOT NULL REFERENCES schools(id),
  class_id TEXT REFERENCES classes(id),
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  enrolled_by TEXT REFERENCES users(id),
  enrolled_at TEXT COLLATE "C" NOT NULL,
  revoked_at TEXT,
  last_seen_at TEXT,
  last_sync_at TEXT,
  app_version TEXT,
  pending_count BIGINT,
  pending_bytes BIGINT,
  storage_usage BIGINT,
  storage_quota BIGINT
);

-- One-time enrolment codes, shown by a teacher or the IT referent.
CREATE TABLE enrolment_codes (
  code_hash TEXT PRIMARY KEY,
  school_id TEXT NOT NULL REFERENCES schools(id),
  class_id TEXT REFERENCES classes(id),
  created_by TEXT NOT NULL REFERENCES users(id),
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  uses_left INTEGER NOT NULL DEFAULT 30
);

-- Opaque session tokens, stored hashed (sha-256), with expiry and revocation.
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('user', 'student')),
  user_id TEXT REFERENCES users(id),
  student_id TEXT REFERENCES students(id),
  device_id TEXT REFERENCES devices(id),
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  revoked_at TEXT
);
CREATE INDEX sessions_user ON sessions(user_id);
CREATE INDEX sessions_student ON sessions(student_id);
CREATE INDEX sessions_device ON sessions(device_id);

-- Failed sign-ins, for rate limiting and lock-out (key: 'user:<login>' or 'student:<id>').
CREATE TABLE login_failures (
  key TEXT PRIMARY KEY,
  failures INTEGER NOT NULL,
  last_failure_at TEXT NOT NULL,
  locked_until TEXT
);

-- Content-addressed media (lesson images/audio, student photos/recordings): one file per sha256.
CREATE TABLE blobs (
  sha256 TEXT PRIMARY KEY,
  size BIGINT NOT NULL,
  mime TEXT NOT NULL,
  created_at TEXT NOT NULL
);

CREATE TABLE lessons (
  id TEXT PRIMARY KEY,
  school_id TEXT NOT NULL REFERENCES schools(id),
  class_id TEXT NOT NULL REFERENCES classes(id),
  group_id TEXT REFERENCES groups(id),
  author_id TEXT NOT NULL REFERENCES users(id),
  title TEXT NOT NULL,
  body_md TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('draft', 'published')),
  version INTEGER NOT NULL DEFAULT 1,
  published_at TEXT,
  created_at TEXT COLLATE "C" NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
);
CREATE INDEX lessons_class ON lessons(class_id);
CREATE INDEX lessons_group ON lessons(group_id);

-- Media attached to lessons by teachers.
CREATE TABLE lesson_media (
  id TEXT PRIMARY KEY,
  school_id TEXT NOT NULL REFERENCES schools(id),
  lesson_id TEXT REFERENCES lessons(id),
  sha256 TEXT NOT NULL REFERENCES blobs(sha256),
  kind TEXT NOT NULL CHECK (kind IN ('image', 'audio')),
  mime TEXT NOT NULL,
  size BIGINT NOT NULL,
  name TEXT NOT NULL,
  position INTEGER NOT NULL DEFAULT 0,
  created_by TEXT REFERENCES users(id),
  created_at TEXT COLLATE "C" NOT NULL
);
CREATE INDEX lesson_media_lesson ON lesson_media(lesson_id);
CREATE INDEX lesson_media_sha256 ON lesson_media(sha256);

CREATE TABLE assignments (
  id TEXT PRIMARY KEY,
  school_id TEXT NOT NULL REFERENCES schools(id),
  class_id TEXT NOT NULL REFERENCES classes(id),
  group_id TEXT REFERENCES groups(id),
  author_id TEXT NOT NULL REFERENCES users(id),
  title TEXT NOT NULL,
  instructions_md TEXT NOT NULL,
  questions_json TEXT NOT NULL,
  due_at TEXT,
  status TEXT NOT NULL CHECK (status IN ('draft', 'published')),
  version INTEGER NOT NULL DEFAULT 1,
  published_at TEXT,
  created_at TEXT COLLATE "C" NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
);
CREATE INDEX assignments_class ON assignments(class_id);
CREATE INDEX assignments_group ON assignments(group_id);

-- One row per (assignment, student): the current state of that student's work.
CREATE TABLE submissions (
  id TEXT PRIMARY KEY,
  assignment_id TEXT NOT NULL REFERENCES assignments(id),
  student_id TEXT NOT NULL REFERENCES students(id),
  state TEXT NOT NULL CHECK (state IN ('draft', 'submitted', 'returned')),
  latest_revision_id TEXT,
  submitted_revision_id TEXT,
  submitted_at TEXT,
  late BOOLEAN NOT NULL DEFAULT FALSE,
  resubmitted BOOLEAN NOT NULL DEFAULT FALSE,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (assignment_id, student_id)
);
CREATE INDEX submissions_student ON submissions(student_id);

-- Append-only revisions of a submission.
CREATE TABLE submission_revisions (
  id TEXT PRIMARY KEY,
  submission_id TEXT NOT NULL REFERENCES submissions(id),
  number INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('draft', 'submit')),
  answers_json TEXT NOT NULL,
  assignment_version BIGINT NOT NULL,
  device_id TEXT,
  created_at TEXT NOT NULL,
  UNIQUE (submission_id, number)
);

-- A student's photo or recording; complete once its bytes are on the server and the checksum matches.
CREATE TABLE attachments (
  id TEXT PRIMARY KEY,
  school_id TEXT NOT NULL REFERENCES schools(id),
  student_id TEXT NOT NULL REFERENCES students(id),
  kind TEXT NOT NULL CHECK (kind IN ('photo', 'audio')),
  mime TEXT NOT NULL,
  size BIGINT NOT NULL,
  sha256 TEXT NOT NULL,
  complete BOOLEAN NOT NULL DEFAULT FALSE,
  upload_id TEXT,
  created_at TEXT NOT NULL,
  completed_at TEXT
);
CREATE INDEX attachments_student ON attachments(student_id);
CREATE INDEX attachments_upload ON attachments(upload_id);
CREATE INDEX attachments_sha256 ON attachments(sha256);

CREATE TABLE feedback (
  id TEXT PRIMARY KEY,
  submission_id TEXT NOT NULL UNIQUE REFERENCES submissions(id),
  teacher_id TEXT NOT NULL REFERENCES users(id),
  per_question_json TEXT NOT NULL,
  comment TEXT NOT NULL,
  mark DOUBLE PRECISION,
  max_mark DOUBLE PRECISION NOT NULL,
  returned_at TEXT,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

-- The change log the sync reads: one row per (entity, scope), re-stamped with a new seq on
-- every change (so a pull returns each changed entity once, at its latest state), and a
-- tombstone (op 'delete') when an entity leaves a scope. scope: 'class:<id>',
-- 'group:<id>' or 'student:<id>'.
-- seq is NOT a sequence: a sequence number is taken at insert, not at commit, so a pull could
-- serve seq 2 while seq 1 is still uncommitted and move the cursor past it for good. It comes
-- from change_log_head (below), taken at commit time under that row's lock (postgres-database.ts).
CREATE TABLE changes (
  seq BIGINT NOT NULL UNIQUE,
  scope TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  op TEXT NOT NULL CHECK (op IN ('put', 'delete')),
  at TEXT NOT NULL,
  PRIMARY KEY (scope, entity, entity_id)
);
CREATE INDEX changes_scope_seq ON changes(scope, seq);
CREATE INDEX changes_at ON changes(at);

-- The highest seq ever issued (one row): the change log's seq generator and its write lock.
CREATE TABLE change_log_head (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  seq BIGINT NOT NULL
);
INSERT INTO change_log_head (id, seq) VALUES (1, 0);

-- Tombstones older than this seq were purged: a cursor below it must resync (HTTP 410).
CREATE TABLE sync_meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

-- Per-device mutation log: the last seq applied and the stored result of each mutation,
-- so a retried or duplicated mutation returns its first result (exactly once).
CREATE TABLE device_mutations (
  device_id TEXT NOT NULL REFERENCES devices(id),
  seq BIGINT NOT NULL,
  mutation_id TEXT NOT NULL,
  result_json TEXT NOT NULL,
  applied_at TEXT NOT NULL,
  PRIMARY KEY (device_id, seq)
);
CREATE UNIQUE INDEX device_mutations_id ON device_mutations(mutation_id);
