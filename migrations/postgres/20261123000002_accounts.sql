-- Participants first: youth accounts point at them.
-- A participant is a young person whose stories are recorded. No real name in the clear: the
-- pseudonym is random; identifiers and the participant's own age key are sealed.
-- Times are Unix milliseconds (BIGINT), as on SQLite, so the shared SQL compares them the same way.
CREATE TABLE participants (
    id UUID PRIMARY KEY,
    pseudonym TEXT NOT NULL UNIQUE,
    birth_year BIGINT NOT NULL,
    identifiers_sealed BYTEA NOT NULL,
    key_wrapped BYTEA NOT NULL,
    created_at BIGINT NOT NULL
);

-- Accounts of every role. Usernames may be real names: stored sealed, found by a keyed hash.
-- A youth account belongs to exactly one participant and goes with them on erasure.
CREATE TABLE accounts (
    id UUID PRIMARY KEY,
    username_index BYTEA NOT NULL UNIQUE,
    username_sealed BYTEA NOT NULL,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'worker', 'youth', 'peer', 'policy_maker', 'council')),
    disabled BOOLEAN NOT NULL DEFAULT FALSE,
    participant_id UUID REFERENCES participants (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    CHECK ((role = 'youth') = (participant_id IS NOT NULL))
);
CREATE UNIQUE INDEX accounts_one_per_participant ON accounts (participant_id) WHERE participant_id IS NOT NULL;

-- Sessions: only the SHA-256 of the bearer token is kept.
CREATE TABLE sessions (
    token_hash BYTEA PRIMARY KEY,
    account_id UUID NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_account ON sessions (account_id);

-- Workers responsible for a participant (need to know).
CREATE TABLE participant_workers (
    participant_id UUID NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    account_id UUID NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    PRIMARY KEY (participant_id, account_id)
);
CREATE INDEX participant_workers_account ON participant_workers (account_id);

-- At most one live invite per participant: issuing a new one replaces the old. Hashed; deleted
-- when redeemed.
CREATE TABLE invites (
    participant_id UUID PRIMARY KEY REFERENCES participants (id) ON DELETE CASCADE,
    code_hash BYTEA NOT NULL UNIQUE,
    expires_at BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);

-- Counters for login and invite attempts, keyed by a keyed hash (never a username or address).
CREATE TABLE rate_limits (
    key BYTEA PRIMARY KEY,
    window_start BIGINT NOT NULL,
    failures BIGINT NOT NULL
);
