-- Live consent: one row per (excerpt, audience) while consent is granted; withdrawal deletes it.
-- feed_id is the keyed per-audience id under which the excerpt appears in that audience's feed;
-- the feed pages through (audience, feed_id), so a page costs the same at any size.
CREATE TABLE consents (
    excerpt_id BLOB NOT NULL REFERENCES excerpts (id) ON DELETE CASCADE,
    audience TEXT NOT NULL CHECK (audience IN ('peers', 'policy_makers', 'council')),
    version INTEGER NOT NULL,
    granted_at INTEGER NOT NULL,
    text_sha256 TEXT NOT NULL,
    consent_text_version INTEGER NOT NULL,
    feed_id BLOB NOT NULL,
    PRIMARY KEY (excerpt_id, audience)
) STRICT;
CREATE UNIQUE INDEX consents_feed ON consents (audience, feed_id);

-- The consent ledger: evidence of every change, append-only (updates are refused). Entries go
-- only with their excerpt, when the young person deletes the story or erases themselves.
CREATE TABLE consent_ledger (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    excerpt_id BLOB NOT NULL REFERENCES excerpts (id) ON DELETE CASCADE,
    audience TEXT NOT NULL,
    granted INTEGER NOT NULL CHECK (granted IN (0, 1)),
    at INTEGER NOT NULL,
    by_role TEXT NOT NULL,
    by_account BLOB NOT NULL,
    version INTEGER NOT NULL,
    text_sha256 TEXT NOT NULL,
    consent_text_version INTEGER NOT NULL
) STRICT;
CREATE INDEX consent_ledger_excerpt ON consent_ledger (excerpt_id, seq);
CREATE TRIGGER consent_ledger_append_only BEFORE UPDATE ON consent_ledger
BEGIN
    SELECT RAISE(ABORT, 'consent_ledger is append-only');
END;

-- Every read of story or excerpt text by someone other than its owner. The young person reads it.
CREATE TABLE access_log (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    participant_id BLOB NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    at INTEGER NOT NULL,
    actor_id BLOB NOT NULL,
    actor_role TEXT NOT NULL,
    action TEXT NOT NULL,
    object_type TEXT NOT NULL,
    object_id BLOB NOT NULL
) STRICT;
CREATE INDEX access_log_participant ON access_log (participant_id, seq);
