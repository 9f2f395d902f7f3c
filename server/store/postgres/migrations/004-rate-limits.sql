-- The counters of @fastify/rate-limit shared by every server process (server/cluster/pg-rate-limit-store.ts);
-- SQLite has the same table, unused (one process: rate limits in memory), to keep one schema version.
-- One row per (route, client address); window_ends is milliseconds since the epoch on the
-- database's clock. Rows of ended windows are deleted hourly by the leader process.
CREATE TABLE rate_limits (
  key TEXT COLLATE "C" PRIMARY KEY,
  hits INTEGER NOT NULL,
  window_ends BIGINT NOT NULL
);
CREATE INDEX rate_limits_window_ends ON rate_limits (window_ends);
