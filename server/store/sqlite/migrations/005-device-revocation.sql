-- Revoking a tablet never strands work (issue 19): a tablet can be withdrawn (revoked_at) and
-- given back (revoked_at NULL again, same id and sessions), or declared lost or stolen
-- (lost_at: its pupils' sessions end and it erases their data at its next contact). Its report
-- names whose work is waiting (JSON [{"studentId","works"}]), so the console can say so before
-- anyone revokes it. (004 is left to a branch in flight: versions may have gaps.)
ALTER TABLE devices ADD COLUMN lost_at TEXT;
ALTER TABLE devices ADD COLUMN pending_students TEXT;
