-- Approvals given in the days after a staff reset wait here, like held grants, until the young
-- person confirms them from a session opened with their own new password.
CREATE TABLE held_approvals (
    excerpt_id BLOB PRIMARY KEY REFERENCES excerpts (id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    comment_sealed BLOB,
    account_id BLOB NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    at INTEGER NOT NULL
) STRICT;
