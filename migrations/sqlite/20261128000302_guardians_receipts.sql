-- Consent terms are fixed when consent is given: its expiry is stored with it, so a later change
-- of `consent.valid_days` neither revives nor shortens a grant. Grants from before this migration
-- get the policy's value at the time (730 days).
ALTER TABLE consents ADD COLUMN expires_at INTEGER NOT NULL DEFAULT 0;
UPDATE consents SET expires_at = granted_at + 730 * 86400000;
ALTER TABLE consent_ledger ADD COLUMN expires_at INTEGER;

-- Guardians of a participant under 16: relation in the clear, the description sealed to the
-- participant's key. The invite code is kept only as a hash until redeemed into an account.
CREATE TABLE guardians (
    id BLOB PRIMARY KEY,
    participant_id BLOB NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    relation TEXT NOT NULL CHECK (relation IN ('parent', 'guardian', 'organisation')),
    description_sealed BLOB NOT NULL,
    invite_hash BLOB UNIQUE,
    invite_expires_at INTEGER,
    account_id BLOB UNIQUE REFERENCES accounts (id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX guardians_participant ON guardians (participant_id);

-- A guardian's live yes per (excerpt, audience), beside the young person's in `consents`.
CREATE TABLE guardian_consents (
    excerpt_id BLOB NOT NULL REFERENCES excerpts (id) ON DELETE CASCADE,
    audience TEXT NOT NULL CHECK (audience IN ('peers', 'policy_makers', 'council')),
    version INTEGER NOT NULL,
    granted_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    text_sha256 TEXT NOT NULL,
    consent_text_version INTEGER NOT NULL,
    guardian_id BLOB NOT NULL REFERENCES guardians (id) ON DELETE CASCADE,
    PRIMARY KEY (excerpt_id, audience)
) STRICT;

-- Signed consent receipts: one per consent change, the canonical JSON body and its Ed25519
-- signature. They go with their excerpt (erasure overrides keeping evidence).
CREATE TABLE consent_receipts (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    excerpt_id BLOB NOT NULL REFERENCES excerpts (id) ON DELETE CASCADE,
    body TEXT NOT NULL,
    signature TEXT NOT NULL,
    created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX consent_receipts_excerpt ON consent_receipts (excerpt_id, seq);

-- The receipt signing key (Ed25519 seed), sealed to the master key like the service secret.
ALTER TABLE vault_meta ADD COLUMN receipt_key_sealed BLOB;
