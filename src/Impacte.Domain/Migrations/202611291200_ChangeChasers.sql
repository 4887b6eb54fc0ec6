-- The Worker's chasers: a key per change that signs the links in its chasers, and an index to find open changes by
-- due date. Existing changes get a random key (two random UUIDs' bytes: 244 random bits).
ALTER TABLE practice_changes ADD COLUMN chase_key bytea;
UPDATE practice_changes SET chase_key = uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid());
ALTER TABLE practice_changes ALTER COLUMN chase_key SET NOT NULL;

CREATE INDEX ix_practice_changes_status_due_on ON practice_changes (status, due_on);
