-- Kept in step with PostgreSQL's 004 so that both dialects share one schema version
-- (admin migrate-to-postgres compares them). SQLite runs one process, whose rate limits stay
-- in memory: this table stays empty here. On PostgreSQL it holds the counters every server
-- process shares (server/cluster/pg-rate-limit-store.ts).
CREATE TABLE rate_limits (
  key TEXT PRIMARY KEY,
  hits INTEGER NOT NULL,
  window_ends INTEGER NOT NULL
);
CREATE INDEX rate_limits_window_ends ON rate_limits (window_ends);
