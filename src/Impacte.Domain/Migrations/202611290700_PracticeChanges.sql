-- Practice changes (actions): what a club agreed to change, its owner and team, due date, links to the question,
-- appraisal and meeting it came from, its status, and a history row for every edit and move.
CREATE TABLE practice_changes (
    id uuid NOT NULL,
    club_id uuid NOT NULL,
    title character varying(200) NOT NULL,
    description character varying(4000) NOT NULL,
    owner_id uuid NOT NULL,
    due_on date NOT NULL,
    question_id uuid,
    appraisal_id uuid,
    meeting_id uuid,
    status character varying(16) NOT NULL,
    abandon_reason character varying(2000),
    what_did_not_work character varying(4000),
    how_it_made_a_difference character varying(4000),
    created_by_id uuid,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    implemented_at timestamp with time zone,
    CONSTRAINT pk_practice_changes PRIMARY KEY (id),
    CONSTRAINT fk_practice_changes_appraisals_appraisal_id FOREIGN KEY (appraisal_id) REFERENCES appraisals (id) ON DELETE RESTRICT,
    CONSTRAINT fk_practice_changes_clubs_club_id FOREIGN KEY (club_id) REFERENCES clubs (id) ON DELETE RESTRICT,
    CONSTRAINT fk_practice_changes_meetings_meeting_id FOREIGN KEY (meeting_id) REFERENCES meetings (id) ON DELETE RESTRICT,
    CONSTRAINT fk_practice_changes_questions_question_id FOREIGN KEY (question_id) REFERENCES questions (id) ON DELETE RESTRICT,
    CONSTRAINT fk_practice_changes_users_created_by_id FOREIGN KEY (created_by_id) REFERENCES users (id) ON DELETE SET NULL,
    CONSTRAINT fk_practice_changes_users_owner_id FOREIGN KEY (owner_id) REFERENCES users (id) ON DELETE RESTRICT
);

CREATE TABLE practice_change_history (
    id uuid NOT NULL,
    change_id uuid NOT NULL,
    by_id uuid,
    at timestamp with time zone NOT NULL,
    kind character varying(16) NOT NULL,
    from_status character varying(16),
    to_status character varying(16),
    note character varying(4000),
    CONSTRAINT pk_practice_change_history PRIMARY KEY (id),
    CONSTRAINT fk_practice_change_history_practice_changes_change_id FOREIGN KEY (change_id) REFERENCES practice_changes (id) ON DELETE CASCADE,
    CONSTRAINT fk_practice_change_history_users_by_id FOREIGN KEY (by_id) REFERENCES users (id) ON DELETE SET NULL
);

CREATE TABLE practice_change_team (
    change_id uuid NOT NULL,
    user_id uuid NOT NULL,
    CONSTRAINT pk_practice_change_team PRIMARY KEY (change_id, user_id),
    CONSTRAINT fk_practice_change_team_practice_changes_change_id FOREIGN KEY (change_id) REFERENCES practice_changes (id) ON DELETE CASCADE,
    CONSTRAINT fk_practice_change_team_users_user_id FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
);

CREATE INDEX ix_practice_change_history_by_id ON practice_change_history (by_id);
CREATE INDEX ix_practice_change_history_change_id_at ON practice_change_history (change_id, at);
CREATE INDEX ix_practice_change_team_user_id ON practice_change_team (user_id);
CREATE INDEX ix_practice_changes_appraisal_id ON practice_changes (appraisal_id);
CREATE INDEX ix_practice_changes_club_id_status ON practice_changes (club_id, status);
CREATE INDEX ix_practice_changes_created_by_id ON practice_changes (created_by_id);
CREATE INDEX ix_practice_changes_meeting_id ON practice_changes (meeting_id);
CREATE INDEX ix_practice_changes_owner_id ON practice_changes (owner_id);
CREATE INDEX ix_practice_changes_question_id ON practice_changes (question_id);
CREATE INDEX ix_practice_changes_status_updated_at ON practice_changes (status, updated_at);
