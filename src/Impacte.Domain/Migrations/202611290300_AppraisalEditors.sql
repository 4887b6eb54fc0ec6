-- Everyone who wrote or changed an appraisal, so the two-person rule can refuse them as its checker (an admin who
-- edited a librarian's draft included). Existing appraisals start with their author and whoever uploaded the document.
CREATE TABLE appraisal_editors (
    appraisal_id uuid NOT NULL,
    user_id uuid NOT NULL,
    first_edited_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_appraisal_editors PRIMARY KEY (appraisal_id, user_id),
    CONSTRAINT fk_appraisal_editors_appraisals_appraisal_id FOREIGN KEY (appraisal_id) REFERENCES appraisals (id) ON DELETE CASCADE,
    CONSTRAINT fk_appraisal_editors_users_user_id FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE RESTRICT
);

CREATE INDEX ix_appraisal_editors_user_id ON appraisal_editors (user_id);

INSERT INTO appraisal_editors (appraisal_id, user_id, first_edited_at)
SELECT id, author_id, created_at FROM appraisals;

INSERT INTO appraisal_editors (appraisal_id, user_id, first_edited_at)
SELECT appraisal_id, uploaded_by_id, uploaded_at FROM appraisal_documents WHERE uploaded_by_id IS NOT NULL
ON CONFLICT DO NOTHING;
