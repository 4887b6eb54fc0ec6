-- Attachments (a meeting's ICS invitation) travel in the outbox row itself, as jsonb.
ALTER TABLE email_outbox ADD attachments jsonb NOT NULL DEFAULT '[]';
ALTER TABLE email_outbox ALTER COLUMN attachments DROP DEFAULT;
