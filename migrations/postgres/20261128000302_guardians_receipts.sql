-- Consent terms are fixed when consent is given: its expiry is stored with it, so a later change
-- of `consent.valid_days` neither revives nor shortens a grant. Grants from before this migration
-- get the policy's value at the time (730 days).
ALTER TABLE consents ADD COLUMN expires_at BIGINT NOT NULL DEFAULT 0;
UPDATE consents SET expires_at = granted_at + 730 * 86400000::BIGINT;
ALTER TABLE consent_ledger ADD COLUMN expires_at BIGINT;

-- Guardians of a participant under 16: relation in the clear, the description sealed to the
-- participant's key. The invite code is kept only as a hash until redeemed into an account.
CREATE TABLE guardians (
    id UUID PRIMARY KEY,
    participant_id UUID NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    relation TEXT NOT NULL CHECK (relation IN ('parent', 'guardian', 'organisation')),
    description_sealed BYTEA NOT NULL,
    invite_hash BYTEA UNIQUE,
    invite_expires_at BIGINT,
    account_id UUID UNIQUE REFERENCES accounts (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX guardians_participant ON guardians (participant_id);

-- A guardian's live yes per (excerpt, audience), beside the young person's in `consents`.
CREATE TABLE guardian_consents (
    excerpt_id UUID NOT NULL REFERENCES excerpts (id) ON DELETE CASCADE,
    audience TEXT NOT NULL CHECK (audience IN ('peers', 'policy_makers', 'council')),
    version BIGINT NOT NULL,
    granted_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    text_sha256 TEXT NOT NULL,
    consent_text_version BIGINT NOT NULL,
    guardian_id UUID NOT NULL REFERENCES guardians (id) ON DELETE CASCADE,
    PRIMARY KEY (excerpt_id, audience)
);

-- Signed consent receipts: one per consent change, the canonical JSON body and its Ed25519
-- signature. They go with their excerpt (erasure overrides keeping evidence).
CREATE TABLE consent_receipts (
    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    excerpt_id UUID NOT NULL REFERENCES excerpts (id) ON DELETE CASCADE,
    body TEXT NOT NULL,
    signature TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX consent_receipts_excerpt ON consent_receipts (excerpt_id, seq);

-- The receipt signing key (Ed25519 seed), sealed to the master key like the service secret.
ALTER TABLE vault_meta ADD COLUMN receipt_key_sealed BYTEA;
