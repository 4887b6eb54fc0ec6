-- Clinical questions (issue 3): the questions, their votes, the people asking them, and each question's history.
-- Written to match `db script` for the EF model; every index below is in the model too.

CREATE TABLE questions (
    id uuid NOT NULL,
    club_id uuid NOT NULL,
    proposer_id uuid NOT NULL,
    population character varying(300) NOT NULL,
    intervention character varying(300) NOT NULL,
    comparison character varying(300),
    outcome character varying(300) NOT NULL,
    type character varying(16) NOT NULL,
    urgency character varying(16) NOT NULL,
    trigger character varying(500),
    title character varying(200) NOT NULL,
    sentence character varying(1400) NOT NULL,
    status character varying(16) NOT NULL,
    duplicate_of_id uuid,
    bottom_line character varying(2000),
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    -- Full-text search over the PICO parts and the trigger, kept up to date by PostgreSQL itself.
    search_vector tsvector GENERATED ALWAYS AS (to_tsvector('english', population || ' ' || intervention || ' ' || coalesce(comparison, '') || ' ' || outcome || ' ' || coalesce(trigger, ''))) STORED NOT NULL,
    CONSTRAINT pk_questions PRIMARY KEY (id),
    CONSTRAINT fk_questions_clubs_club_id FOREIGN KEY (club_id) REFERENCES clubs (id) ON DELETE RESTRICT,
    CONSTRAINT fk_questions_questions_duplicate_of_id FOREIGN KEY (duplicate_of_id) REFERENCES questions (id) ON DELETE RESTRICT,
    CONSTRAINT fk_questions_users_proposer_id FOREIGN KEY (proposer_id) REFERENCES users (id) ON DELETE RESTRICT
);


CREATE TABLE question_askers (
    question_id uuid NOT NULL,
    user_id uuid NOT NULL,
    created_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_question_askers PRIMARY KEY (question_id, user_id),
    CONSTRAINT fk_question_askers_questions_question_id FOREIGN KEY (question_id) REFERENCES questions (id) ON DELETE CASCADE,
    CONSTRAINT fk_question_askers_users_user_id FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
);


CREATE TABLE question_transitions (
    id uuid NOT NULL,
    question_id uuid NOT NULL,
    by_id uuid,
    at timestamp with time zone NOT NULL,
    from_status character varying(16) NOT NULL,
    to_status character varying(16) NOT NULL,
    reason character varying(2000),
    CONSTRAINT pk_question_transitions PRIMARY KEY (id),
    CONSTRAINT fk_question_transitions_questions_question_id FOREIGN KEY (question_id) REFERENCES questions (id) ON DELETE CASCADE,
    CONSTRAINT fk_question_transitions_users_by_id FOREIGN KEY (by_id) REFERENCES users (id) ON DELETE SET NULL
);


CREATE TABLE question_votes (
    question_id uuid NOT NULL,
    user_id uuid NOT NULL,
    created_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_question_votes PRIMARY KEY (question_id, user_id),
    CONSTRAINT fk_question_votes_questions_question_id FOREIGN KEY (question_id) REFERENCES questions (id) ON DELETE CASCADE,
    CONSTRAINT fk_question_votes_users_user_id FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
);


CREATE INDEX ix_question_askers_user_id ON question_askers (user_id);

CREATE INDEX ix_question_transitions_by_id ON question_transitions (by_id);

CREATE INDEX ix_question_transitions_question_id_at ON question_transitions (question_id, at);

CREATE INDEX ix_question_votes_user_id ON question_votes (user_id);

CREATE INDEX ix_questions_club_id_status ON questions (club_id, status);

CREATE INDEX ix_questions_duplicate_of_id ON questions (duplicate_of_id);

CREATE INDEX ix_questions_proposer_id ON questions (proposer_id);

CREATE INDEX ix_questions_status_created_at ON questions (status, created_at);

-- Search and similar questions (QuestionQueries): search_vector @@ <tsquery>. pg_trgm was measured and left out:
-- see bench/README.md.
CREATE INDEX ix_questions_search_vector ON questions USING gin (search_vector);
