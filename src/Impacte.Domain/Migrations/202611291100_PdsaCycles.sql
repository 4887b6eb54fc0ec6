-- PDSA cycles on a practice change: the plan (what, who, when, where, prediction), what happened, the study
-- against the prediction and the decision (adopt, adapt, abandon), each part dated; numbered within the change.
CREATE TABLE pdsa_cycles (
    id uuid NOT NULL,
    change_id uuid NOT NULL,
    ordinal integer NOT NULL,
    plan_what character varying(4000) NOT NULL,
    plan_who character varying(200),
    plan_when character varying(200),
    plan_where character varying(200),
    prediction character varying(4000) NOT NULL,
    planned_on date NOT NULL,
    what_happened character varying(4000),
    done_on date,
    study character varying(4000),
    studied_on date,
    act character varying(8),
    act_note character varying(4000),
    acted_on date,
    created_by_id uuid,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_pdsa_cycles PRIMARY KEY (id),
    CONSTRAINT fk_pdsa_cycles_practice_changes_change_id FOREIGN KEY (change_id) REFERENCES practice_changes (id) ON DELETE CASCADE,
    CONSTRAINT fk_pdsa_cycles_users_created_by_id FOREIGN KEY (created_by_id) REFERENCES users (id) ON DELETE SET NULL
);

CREATE UNIQUE INDEX ix_pdsa_cycles_change_id_ordinal ON pdsa_cycles (change_id, ordinal);
CREATE INDEX ix_pdsa_cycles_created_by_id ON pdsa_cycles (created_by_id);
