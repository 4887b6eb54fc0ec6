-- Measures of practice changes (audit criteria), their measurements with every correction kept, baselines
-- (the original and re-baselines with their reasons, frozen once complete) and the audit cycle (baseline audit,
-- re-audits with due dates and results).
CREATE TABLE measures (
    id uuid NOT NULL,
    change_id uuid NOT NULL,
    name character varying(200) NOT NULL,
    numerator_definition character varying(1000) NOT NULL,
    denominator_definition character varying(1000),
    standard_percent numeric(5,2),
    data_source character varying(500),
    period character varying(8) NOT NULL,
    direction character varying(8) NOT NULL,
    baseline_points integer NOT NULL,
    chart_preference character varying(16) NOT NULL,
    created_by_id uuid,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_measures PRIMARY KEY (id),
    CONSTRAINT ck_measures_baseline_points CHECK (baseline_points >= 6 AND baseline_points <= 52),
    CONSTRAINT ck_measures_standard_percent CHECK (standard_percent >= 0 AND standard_percent <= 100),
    CONSTRAINT fk_measures_practice_changes_change_id FOREIGN KEY (change_id) REFERENCES practice_changes (id) ON DELETE CASCADE,
    CONSTRAINT fk_measures_users_created_by_id FOREIGN KEY (created_by_id) REFERENCES users (id) ON DELETE SET NULL
);

CREATE TABLE measure_audits (
    id uuid NOT NULL,
    measure_id uuid NOT NULL,
    kind character varying(16) NOT NULL,
    due_on date,
    period character varying(8),
    ordinal integer,
    months_after_implementation integer,
    created_by_id uuid,
    created_at timestamp with time zone NOT NULL,
    value numeric(14,4),
    standard_met boolean,
    baseline_centre numeric(14,4),
    against_baseline character varying(8),
    result_note character varying(2000),
    recorded_by_id uuid,
    recorded_at timestamp with time zone,
    CONSTRAINT pk_measure_audits PRIMARY KEY (id),
    CONSTRAINT fk_measure_audits_measures_measure_id FOREIGN KEY (measure_id) REFERENCES measures (id) ON DELETE CASCADE,
    CONSTRAINT fk_measure_audits_users_created_by_id FOREIGN KEY (created_by_id) REFERENCES users (id) ON DELETE SET NULL,
    CONSTRAINT fk_measure_audits_users_recorded_by_id FOREIGN KEY (recorded_by_id) REFERENCES users (id) ON DELETE SET NULL
);

CREATE TABLE measure_baselines (
    id uuid NOT NULL,
    measure_id uuid NOT NULL,
    from_period character varying(8),
    from_ordinal integer,
    points integer NOT NULL,
    reason character varying(2000),
    by_id uuid,
    at timestamp with time zone NOT NULL,
    frozen_through character varying(8),
    frozen_through_ordinal integer,
    frozen_at timestamp with time zone,
    CONSTRAINT pk_measure_baselines PRIMARY KEY (id),
    CONSTRAINT fk_measure_baselines_measures_measure_id FOREIGN KEY (measure_id) REFERENCES measures (id) ON DELETE CASCADE,
    CONSTRAINT fk_measure_baselines_users_by_id FOREIGN KEY (by_id) REFERENCES users (id) ON DELETE SET NULL
);

CREATE TABLE measurements (
    id uuid NOT NULL,
    measure_id uuid NOT NULL,
    period character varying(8) NOT NULL,
    ordinal integer NOT NULL,
    numerator numeric(14,4) NOT NULL,
    denominator numeric(14,4),
    note character varying(2000),
    entered_by_id uuid,
    entered_at timestamp with time zone NOT NULL,
    updated_by_id uuid,
    updated_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_measurements PRIMARY KEY (id),
    CONSTRAINT ck_measurements_numerator CHECK (numerator >= 0 AND (denominator IS NULL OR numerator <= denominator)),
    CONSTRAINT fk_measurements_measures_measure_id FOREIGN KEY (measure_id) REFERENCES measures (id) ON DELETE CASCADE,
    CONSTRAINT fk_measurements_users_entered_by_id FOREIGN KEY (entered_by_id) REFERENCES users (id) ON DELETE SET NULL,
    CONSTRAINT fk_measurements_users_updated_by_id FOREIGN KEY (updated_by_id) REFERENCES users (id) ON DELETE SET NULL
);

CREATE TABLE measurement_revisions (
    id uuid NOT NULL,
    measurement_id uuid NOT NULL,
    numerator numeric(14,4) NOT NULL,
    denominator numeric(14,4),
    note character varying(2000),
    is_correction boolean NOT NULL,
    by_id uuid,
    at timestamp with time zone NOT NULL,
    CONSTRAINT pk_measurement_revisions PRIMARY KEY (id),
    CONSTRAINT fk_measurement_revisions_measurements_measurement_id FOREIGN KEY (measurement_id) REFERENCES measurements (id) ON DELETE CASCADE,
    CONSTRAINT fk_measurement_revisions_users_by_id FOREIGN KEY (by_id) REFERENCES users (id) ON DELETE SET NULL
);

CREATE INDEX ix_measure_audits_created_by_id ON measure_audits (created_by_id);
CREATE INDEX ix_measure_audits_due_on ON measure_audits (due_on) WHERE recorded_at IS NULL;
CREATE INDEX ix_measure_audits_measure_id_due_on ON measure_audits (measure_id, due_on);
CREATE INDEX ix_measure_audits_recorded_by_id ON measure_audits (recorded_by_id);
CREATE INDEX ix_measure_baselines_by_id ON measure_baselines (by_id);
CREATE UNIQUE INDEX ix_measure_baselines_measure_id_from_ordinal ON measure_baselines (measure_id, from_ordinal);
CREATE INDEX ix_measurement_revisions_by_id ON measurement_revisions (by_id);
CREATE INDEX ix_measurement_revisions_measurement_id_at ON measurement_revisions (measurement_id, at);
CREATE INDEX ix_measurements_entered_by_id ON measurements (entered_by_id);
CREATE UNIQUE INDEX ix_measurements_measure_id_ordinal ON measurements (measure_id, ordinal);
CREATE INDEX ix_measurements_updated_by_id ON measurements (updated_by_id);
CREATE INDEX ix_measures_change_id ON measures (change_id);
CREATE INDEX ix_measures_created_by_id ON measures (created_by_id);
