-- Account hardening (issue 8): revocable invitations, a sign-in audit that keeps no unknown address as typed,
-- and single-use API refresh tokens in families.
ALTER TABLE invitations ADD revoked_at timestamp with time zone;

-- Attempts on no account kept the text typed as email (often a password): drop it, keep a keyed hash from now on.
DROP INDEX ix_sign_in_attempts_email_at;
ALTER TABLE sign_in_attempts ALTER COLUMN email DROP NOT NULL;
UPDATE sign_in_attempts SET email = NULL WHERE user_id IS NULL;
ALTER TABLE sign_in_attempts ADD email_hash character varying(64) NOT NULL DEFAULT '';
ALTER TABLE sign_in_attempts ALTER COLUMN email_hash DROP DEFAULT;
CREATE INDEX ix_sign_in_attempts_email_hash_at ON sign_in_attempts (email_hash, at);

CREATE TABLE refresh_tokens (
    id uuid NOT NULL,
    family_id uuid NOT NULL,
    user_id uuid NOT NULL,
    created_at timestamp with time zone NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    used_at timestamp with time zone,
    revoked_at timestamp with time zone,
    CONSTRAINT pk_refresh_tokens PRIMARY KEY (id),
    CONSTRAINT fk_refresh_tokens_users_user_id FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
);
CREATE INDEX ix_refresh_tokens_family_id ON refresh_tokens (family_id);
CREATE INDEX ix_refresh_tokens_user_id ON refresh_tokens (user_id);
