-- no-transaction
-- Accounts gain the role `guardian` (a parent or legal guardian of one participant under 16).
-- SQLite cannot change a CHECK constraint in place, so the table is rebuilt (the documented
-- twelve-step procedure): foreign keys off for the copy, so that dropping the old table does not
-- cascade into sessions and worker assignments, then checked before commit.
-- A later migration that adds columns to `accounts` must come after this one.
PRAGMA foreign_keys = OFF;
BEGIN;
CREATE TABLE accounts_new (
    id BLOB PRIMARY KEY,
    username_index BLOB NOT NULL UNIQUE,
    username_sealed BLOB NOT NULL,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'worker', 'youth', 'guardian', 'peer', 'policy_maker', 'council')),
    disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    participant_id BLOB REFERENCES participants (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    CHECK ((role = 'youth') = (participant_id IS NOT NULL))
) STRICT;
INSERT INTO accounts_new (id, username_index, username_sealed, password_hash, role, disabled, participant_id, created_at)
    SELECT id, username_index, username_sealed, password_hash, role, disabled, participant_id, created_at FROM accounts;
DROP TABLE accounts;
ALTER TABLE accounts_new RENAME TO accounts;
CREATE UNIQUE INDEX accounts_one_per_participant ON accounts (participant_id) WHERE participant_id IS NOT NULL;
COMMIT;
PRAGMA foreign_keys = ON;
