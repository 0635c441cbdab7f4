-- Participants first: youth accounts point at them.
-- A participant is a young person whose stories are recorded. No real name in the clear: the
-- pseudonym is random; identifiers and the participant's own age key are sealed.
CREATE TABLE participants (
    id BLOB PRIMARY KEY,
    pseudonym TEXT NOT NULL UNIQUE,
    birth_year INTEGER NOT NULL,
    identifiers_sealed BLOB NOT NULL,
    key_wrapped BLOB NOT NULL,
    created_at INTEGER NOT NULL
) STRICT;

-- Accounts of every role. Usernames may be real names: stored sealed, found by a keyed hash.
-- A youth account belongs to exactly one participant and goes with them on erasure.
CREATE TABLE accounts (
    id BLOB PRIMARY KEY,
    username_index BLOB NOT NULL UNIQUE,
    username_sealed BLOB NOT NULL,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'worker', 'youth', 'peer', 'policy_maker', 'council')),
    disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    participant_id BLOB REFERENCES participants (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    CHECK ((role = 'youth') = (participant_id IS NOT NULL))
) STRICT;
CREATE UNIQUE INDEX accounts_one_per_participant ON accounts (participant_id) WHERE participant_id IS NOT NULL;

-- Sessions: only the SHA-256 of the bearer token is kept.
CREATE TABLE sessions (
    token_hash BLOB PRIMARY KEY,
    account_id BLOB NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
) STRICT;
CREATE INDEX sessions_account ON sessions (account_id);

-- Workers responsible for a participant (need to know).
CREATE TABLE participant_workers (
    participant_id BLOB NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    account_id BLOB NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    PRIMARY KEY (participant_id, account_id)
) STRICT;
CREATE INDEX participant_workers_account ON participant_workers (account_id);

-- At most one live invite per participant: issuing a new one replaces the old. Hashed; deleted
-- when redeemed.
CREATE TABLE invites (
    participant_id BLOB PRIMARY KEY REFERENCES participants (id) ON DELETE CASCADE,
    code_hash BLOB NOT NULL UNIQUE,
    expires_at INTEGER NOT NULL,
    created_at INTEGER NOT NULL
) STRICT;

-- Counters for login and invite attempts, keyed by a keyed hash (never a username or address).
CREATE TABLE rate_limits (
    key BLOB PRIMARY KEY,
    window_start INTEGER NOT NULL,
    failures INTEGER NOT NULL
) STRICT;
