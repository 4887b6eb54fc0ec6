-- CPD evidence: an attendee's reflection on a meeting (what I learned, what I will change), one per person and
-- meeting, read and written by its author only.
CREATE TABLE meeting_reflections (
    meeting_id uuid NOT NULL,
    user_id uuid NOT NULL,
    what_i_learned character varying(2000),
    what_i_will_change character varying(2000),
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_meeting_reflections PRIMARY KEY (meeting_id, user_id),
    CONSTRAINT fk_meeting_reflections_meetings_meeting_id FOREIGN KEY (meeting_id) REFERENCES meetings (id) ON DELETE CASCADE,
    CONSTRAINT fk_meeting_reflections_users_user_id FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
);

CREATE INDEX ix_meeting_reflections_user_id ON meeting_reflections (user_id);
