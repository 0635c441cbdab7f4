-- Approvals given in the days after a staff reset wait here, like held grants, until the young
-- person confirms them from a session opened with their own new password.
CREATE TABLE held_approvals (
    excerpt_id UUID PRIMARY KEY REFERENCES excerpts (id) ON DELETE CASCADE,
    version BIGINT NOT NULL,
    comment_sealed BYTEA,
    account_id UUID NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    at BIGINT NOT NULL
);
