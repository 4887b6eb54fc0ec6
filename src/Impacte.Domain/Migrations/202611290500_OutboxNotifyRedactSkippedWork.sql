-- The outbox dispatcher LISTENs on channel "email_outbox": a committed insert (one notification per statement, so a
-- fan-out chunk of hundreds of rows wakes it once) or a failed email put back to pending wakes it at once, instead of
-- at its next poll. Notifications are delivered on commit only, so the dispatcher never sees a row before it exists.
CREATE FUNCTION email_outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('email_outbox', '');
    RETURN NULL;
END
$$;

CREATE TRIGGER email_outbox_inserted AFTER INSERT ON email_outbox
    FOR EACH STATEMENT EXECUTE FUNCTION email_outbox_notify();

CREATE TRIGGER email_outbox_pending_again AFTER UPDATE OF status ON email_outbox
    FOR EACH ROW WHEN (NEW.status = 'Pending' AND OLD.status <> 'Pending') EXECUTE FUNCTION email_outbox_notify();

-- The secret (an invitation or reset token) in a row's bodies, replaced there once the email is sent or failed for good.
ALTER TABLE email_outbox ADD redact text;

-- Items a fan-out skipped because their own data broke them, with the reason, for the ops page.
CREATE TABLE skipped_work (
    id uuid NOT NULL,
    kind character varying(40) NOT NULL,
    item character varying(200) NOT NULL,
    reason character varying(1000) NOT NULL,
    first_at timestamp with time zone NOT NULL,
    last_at timestamp with time zone NOT NULL,
    times integer NOT NULL,
    CONSTRAINT pk_skipped_work PRIMARY KEY (id)
);

CREATE UNIQUE INDEX ix_skipped_work_kind_item ON skipped_work (kind, item);
