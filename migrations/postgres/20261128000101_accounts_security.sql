-- How each session was created (`password`, `recovery_code`, `staff_reset`), and whether it is an
-- enrolment-only session of a staff member who must still set up a second factor.
ALTER TABLE sessions ADD COLUMN origin TEXT NOT NULL DEFAULT 'password'
    CHECK (origin IN ('password', 'recovery_code', 'staff_reset'));
ALTER TABLE sessions ADD COLUMN enrolment_only BOOLEAN NOT NULL DEFAULT FALSE;

-- Every ledger entry names how the acting session was created.
ALTER TABLE consent_ledger ADD COLUMN session_origin TEXT NOT NULL DEFAULT 'password';

-- Login limits back off instead of locking: the delay until the next attempt is allowed.
ALTER TABLE rate_limits ADD COLUMN next_allowed_at BIGINT NOT NULL DEFAULT 0;

-- A staff member's TOTP secret (sealed to the master key, bound to the account), confirmed once
-- a first code matched; `last_step` is the last time step accepted, so no code works twice.
CREATE TABLE totp_secrets (
    account_id UUID PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    secret_sealed BYTEA NOT NULL,
    confirmed BOOLEAN NOT NULL DEFAULT FALSE,
    last_step BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL
);

-- One-time recovery codes, hashed: `account` codes let a young person reset their own password,
-- `totp` codes stand in for a staff member's second factor once each.
CREATE TABLE recovery_codes (
    account_id UUID NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    purpose TEXT NOT NULL CHECK (purpose IN ('account', 'totp')),
    code_hash BYTEA NOT NULL,
    used_at BIGINT,
    PRIMARY KEY (account_id, purpose, code_hash)
);

-- A password reset by staff: the responsible worker asks, an admin approves (which yields a
-- one-time code, hashed), the young person sets a new password with it.
CREATE TABLE reset_requests (
    id UUID PRIMARY KEY,
    participant_id UUID NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    account_id UUID NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    requested_by UUID NOT NULL,
    requested_at BIGINT NOT NULL,
    approved_by UUID,
    approved_at BIGINT,
    code_hash BYTEA UNIQUE,
    code_expires_at BIGINT,
    completed_at BIGINT
);
CREATE INDEX reset_requests_account ON reset_requests (account_id);

-- What happened to a young person's account (resets, recovery), shown to them on their home page.
CREATE TABLE security_events (
    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id UUID NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    at BIGINT NOT NULL,
    kind TEXT NOT NULL,
    actor_role TEXT NOT NULL
);
CREATE INDEX security_events_account ON security_events (account_id, seq);

-- Grants given in the days after a staff reset wait here until the young person confirms them
-- from a session opened with their own new password.
CREATE TABLE held_grants (
    excerpt_id UUID NOT NULL REFERENCES excerpts (id) ON DELETE CASCADE,
    audience TEXT NOT NULL,
    version BIGINT NOT NULL,
    account_id UUID NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    at BIGINT NOT NULL,
    PRIMARY KEY (excerpt_id, audience)
);
