-- Questions that mark themselves (issue 13). Each assignment says when pupils see the automatic
-- result: 'on_return' (default: the answer keys stay on the server until the work is returned)
-- or 'immediate' (the keys travel to the tablets, which show the result offline). A handed-in
-- revision keeps the automatic points it earned at hand-in (JSON [{"questionId","points","max",
-- "right","of"}]; NULL: drafts and revisions from before), so a later edit of the key never
-- changes a mark silently; the teacher's points in the feedback override them. Same in both dialects.
ALTER TABLE assignments ADD COLUMN result_policy TEXT NOT NULL DEFAULT 'on_return';
ALTER TABLE submission_revisions ADD COLUMN auto_marks_json TEXT;
