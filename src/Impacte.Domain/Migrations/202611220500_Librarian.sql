-- The librarian's work: papers (imported once for the whole network, unique DOI and PMID) and the papers found
-- for each question, the record of each question's search, critical appraisals with their papers, checklist
-- answers and key results, and the uploaded appraisal documents (bytea).
CREATE TABLE papers (
    id uuid NOT NULL,
    title character varying(2000) NOT NULL,
    authors text[] NOT NULL,
    journal character varying(500),
    year integer,
    volume character varying(100),
    issue character varying(100),
    pages character varying(100),
    doi character varying(300),
    pmid character varying(12),
    abstract text,
    url character varying(2000),
    publication_type character varying(100),
    title_key character varying(2008) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    created_by_id uuid,
    CONSTRAINT pk_papers PRIMARY KEY (id),
    CONSTRAINT fk_papers_users_created_by_id FOREIGN KEY (created_by_id) REFERENCES users (id) ON DELETE SET NULL
);

CREATE TABLE appraisals (
    id uuid NOT NULL,
    question_id uuid NOT NULL,
    study_design character varying(32) NOT NULL,
    status character varying(16) NOT NULL,
    author_id uuid NOT NULL,
    evidence_level integer,
    grade character varying(16),
    bottom_line character varying(2000),
    review_by date,
    narrative character varying(50000),
    checked_by_id uuid,
    return_comment character varying(2000),
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    submitted_at timestamp with time zone,
    published_at timestamp with time zone,
    CONSTRAINT pk_appraisals PRIMARY KEY (id),
    CONSTRAINT fk_appraisals_questions_question_id FOREIGN KEY (question_id) REFERENCES questions (id) ON DELETE RESTRICT,
    CONSTRAINT fk_appraisals_users_author_id FOREIGN KEY (author_id) REFERENCES users (id) ON DELETE RESTRICT,
    CONSTRAINT fk_appraisals_users_checked_by_id FOREIGN KEY (checked_by_id) REFERENCES users (id) ON DELETE SET NULL
);

CREATE TABLE question_papers (
    question_id uuid NOT NULL,
    paper_id uuid NOT NULL,
    added_by_id uuid,
    added_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_question_papers PRIMARY KEY (question_id, paper_id),
    CONSTRAINT fk_question_papers_papers_paper_id FOREIGN KEY (paper_id) REFERENCES papers (id) ON DELETE CASCADE,
    CONSTRAINT fk_question_papers_questions_question_id FOREIGN KEY (question_id) REFERENCES questions (id) ON DELETE CASCADE,
    CONSTRAINT fk_question_papers_users_added_by_id FOREIGN KEY (added_by_id) REFERENCES users (id) ON DELETE SET NULL
);

CREATE TABLE question_searches (
    question_id uuid NOT NULL,
    sources text[] NOT NULL,
    strategy character varying(10000) NOT NULL,
    searched_on date NOT NULL,
    found integer,
    relevant integer,
    insufficient_quality integer,
    notes character varying(2000),
    updated_at timestamp with time zone NOT NULL,
    updated_by_id uuid,
    CONSTRAINT pk_question_searches PRIMARY KEY (question_id),
    CONSTRAINT fk_question_searches_questions_question_id FOREIGN KEY (question_id) REFERENCES questions (id) ON DELETE CASCADE,
    CONSTRAINT fk_question_searches_users_updated_by_id FOREIGN KEY (updated_by_id) REFERENCES users (id) ON DELETE SET NULL
);

CREATE TABLE appraisal_answers (
    appraisal_id uuid NOT NULL,
    question_key character varying(64) NOT NULL,
    answer character varying(16) NOT NULL,
    comment character varying(1000),
    CONSTRAINT pk_appraisal_answers PRIMARY KEY (appraisal_id, question_key),
    CONSTRAINT fk_appraisal_answers_appraisals_appraisal_id FOREIGN KEY (appraisal_id) REFERENCES appraisals (id) ON DELETE CASCADE
);

CREATE TABLE appraisal_documents (
    appraisal_id uuid NOT NULL,
    file_name character varying(200) NOT NULL,
    content_type character varying(100) NOT NULL,
    length bigint NOT NULL,
    content bytea NOT NULL,
    uploaded_at timestamp with time zone NOT NULL,
    uploaded_by_id uuid,
    CONSTRAINT pk_appraisal_documents PRIMARY KEY (appraisal_id),
    CONSTRAINT fk_appraisal_documents_appraisals_appraisal_id FOREIGN KEY (appraisal_id) REFERENCES appraisals (id) ON DELETE CASCADE,
    CONSTRAINT fk_appraisal_documents_users_uploaded_by_id FOREIGN KEY (uploaded_by_id) REFERENCES users (id) ON DELETE SET NULL
);

CREATE TABLE appraisal_papers (
    appraisal_id uuid NOT NULL,
    paper_id uuid NOT NULL,
    position integer NOT NULL,
    study_type character varying(1000),
    population character varying(1000),
    weaknesses character varying(1000),
    CONSTRAINT pk_appraisal_papers PRIMARY KEY (appraisal_id, paper_id),
    CONSTRAINT fk_appraisal_papers_appraisals_appraisal_id FOREIGN KEY (appraisal_id) REFERENCES appraisals (id) ON DELETE CASCADE,
    CONSTRAINT fk_appraisal_papers_papers_paper_id FOREIGN KEY (paper_id) REFERENCES papers (id) ON DELETE RESTRICT
);

CREATE TABLE appraisal_results (
    appraisal_id uuid NOT NULL,
    position integer NOT NULL,
    paper_id uuid,
    outcome character varying(300) NOT NULL,
    measure character varying(64),
    value numeric(12,4),
    ci_lower numeric(12,4),
    ci_upper numeric(12,4),
    nnt integer,
    nnh integer,
    note character varying(1000),
    CONSTRAINT pk_appraisal_results PRIMARY KEY (appraisal_id, position),
    CONSTRAINT fk_appraisal_results_appraisals_appraisal_id FOREIGN KEY (appraisal_id) REFERENCES appraisals (id) ON DELETE CASCADE
);

CREATE INDEX ix_appraisal_documents_uploaded_by_id ON appraisal_documents (uploaded_by_id);

CREATE INDEX ix_appraisal_papers_paper_id ON appraisal_papers (paper_id);

CREATE INDEX ix_appraisals_author_id ON appraisals (author_id);

CREATE INDEX ix_appraisals_checked_by_id ON appraisals (checked_by_id);

CREATE INDEX ix_appraisals_question_id ON appraisals (question_id);

CREATE INDEX ix_appraisals_status ON appraisals (status);

CREATE INDEX ix_papers_created_by_id ON papers (created_by_id);

CREATE UNIQUE INDEX ix_papers_doi ON papers (doi);

CREATE UNIQUE INDEX ix_papers_pmid ON papers (pmid);

CREATE INDEX ix_papers_title_key ON papers (title_key);

CREATE INDEX ix_question_papers_added_by_id ON question_papers (added_by_id);

CREATE INDEX ix_question_papers_paper_id ON question_papers (paper_id);

CREATE INDEX ix_question_searches_updated_by_id ON question_searches (updated_by_id);
