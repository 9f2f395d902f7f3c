-- The IT referent sets a temporary password that the teacher must change at the next sign-in
-- (issue 19): until then every other call of that session is refused password_change_required. As SQLite's 010.
ALTER TABLE users ADD COLUMN must_change_password BOOLEAN NOT NULL DEFAULT FALSE;
