-- Meetings: club cadences, meetings (with their ICS sequence and what members were told), agenda items,
-- RSVPs and attendance, and the admins' job requests.
CREATE TABLE club_cadences (
    club_id uuid NOT NULL,
    rule character varying(200) NOT NULL,
    starts_on date NOT NULL,
    start_time time without time zone NOT NULL,
    duration_minutes integer NOT NULL,
    lead_time_days integer NOT NULL,
    time_zone character varying(64) NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_club_cadences PRIMARY KEY (club_id),
    CONSTRAINT fk_club_cadences_clubs_club_id FOREIGN KEY (club_id) REFERENCES clubs (id) ON DELETE CASCADE
);


CREATE TABLE meetings (
    id uuid NOT NULL,
    club_id uuid NOT NULL,
    starts_at timestamp with time zone NOT NULL,
    ends_at timestamp with time zone NOT NULL,
    location character varying(200),
    online_url character varying(500),
    status character varying(16) NOT NULL,
    sequence integer NOT NULL,
    occurrence_date date,
    pack_sent_at timestamp with time zone,
    notified_sequence integer,
    reminder_sent_at timestamp with time zone,
    minutes text,
    rsvp_key bytea NOT NULL,
    created_at timestamp with time zone NOT NULL,
    cancelled_at timestamp with time zone,
    CONSTRAINT pk_meetings PRIMARY KEY (id),
    CONSTRAINT fk_meetings_clubs_club_id FOREIGN KEY (club_id) REFERENCES clubs (id) ON DELETE CASCADE
);
CREATE TABLE agenda_items (
    id uuid NOT NULL,
    meeting_id uuid NOT NULL,
    position integer NOT NULL,
    question_id uuid NOT NULL,
    presenter_id uuid,
    outcome text,
    CONSTRAINT pk_agenda_items PRIMARY KEY (id),
    CONSTRAINT fk_agenda_items_meetings_meeting_id FOREIGN KEY (meeting_id) REFERENCES meetings (id) ON DELETE CASCADE,
    CONSTRAINT fk_agenda_items_questions_question_id FOREIGN KEY (question_id) REFERENCES questions (id) ON DELETE RESTRICT,
    CONSTRAINT fk_agenda_items_users_presenter_id FOREIGN KEY (presenter_id) REFERENCES users (id) ON DELETE SET NULL
);


CREATE TABLE meeting_attendance (
    meeting_id uuid NOT NULL,
    user_id uuid NOT NULL,
    recorded_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_meeting_attendance PRIMARY KEY (meeting_id, user_id),
    CONSTRAINT fk_meeting_attendance_meetings_meeting_id FOREIGN KEY (meeting_id) REFERENCES meetings (id) ON DELETE CASCADE,
    CONSTRAINT fk_meeting_attendance_users_user_id FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
);


CREATE TABLE meeting_rsvps (
    meeting_id uuid NOT NULL,
    user_id uuid NOT NULL,
    response character varying(8) NOT NULL,
    responded_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_meeting_rsvps PRIMARY KEY (meeting_id, user_id),
    CONSTRAINT fk_meeting_rsvps_meetings_meeting_id FOREIGN KEY (meeting_id) REFERENCES meetings (id) ON DELETE CASCADE,
    CONSTRAINT fk_meeting_rsvps_users_user_id FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
);

CREATE UNIQUE INDEX ix_agenda_items_meeting_id_question_id ON agenda_items (meeting_id, question_id);


CREATE INDEX ix_agenda_items_presenter_id ON agenda_items (presenter_id);


CREATE INDEX ix_agenda_items_question_id ON agenda_items (question_id);

CREATE INDEX ix_meeting_attendance_user_id ON meeting_attendance (user_id);


CREATE INDEX ix_meeting_rsvps_user_id ON meeting_rsvps (user_id);


CREATE UNIQUE INDEX ix_meetings_club_id_occurrence_date ON meetings (club_id, occurrence_date);


CREATE INDEX ix_meetings_club_id_starts_at ON meetings (club_id, starts_at);



-- An admin's "run this job now": the Api writes it, a Worker fires the job through its Quartz cluster.
CREATE TABLE job_requests (
    id uuid NOT NULL,
    job_name character varying(80) NOT NULL,
    requested_by uuid NOT NULL,
    requested_at timestamp with time zone NOT NULL,
    handled_at timestamp with time zone,
    CONSTRAINT pk_job_requests PRIMARY KEY (id)
);


CREATE INDEX ix_job_requests_handled_at ON job_requests (handled_at);
