-- Live consent: one row per (excerpt, audience) while consent is granted; withdrawal deletes it.
-- feed_id is the keyed per-audience id under which the excerpt appears in that audience's feed;
-- the feed pages through (audience, feed_id), so a page costs the same at any size.
CREATE TABLE consents (
    excerpt_id UUID NOT NULL REFERENCES excerpts (id) ON DELETE CASCADE,
    audience TEXT NOT NULL CHECK (audience IN ('peers', 'policy_makers', 'council')),
    version BIGINT NOT NULL,
    granted_at BIGINT NOT NULL,
    text_sha256 TEXT NOT NULL,
    consent_text_version BIGINT NOT NULL,
    feed_id BYTEA NOT NULL,
    PRIMARY KEY (excerpt_id, audience)
);
CREATE UNIQUE INDEX consents_feed ON consents (audience, feed_id);

-- The consent ledger: evidence of every change, append-only (updates are refused). Entries go
-- only with their excerpt, when the young person deletes the story or erases themselves.
CREATE TABLE consent_ledger (
    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    excerpt_id UUID NOT NULL REFERENCES excerpts (id) ON DELETE CASCADE,
    audience TEXT NOT NULL,
    granted BOOLEAN NOT NULL,
    at BIGINT NOT NULL,
    by_role TEXT NOT NULL,
    by_account UUID NOT NULL,
    version BIGINT NOT NULL,
    text_sha256 TEXT NOT NULL,
    consent_text_version BIGINT NOT NULL
);
CREATE INDEX consent_ledger_excerpt ON consent_ledger (excerpt_id, seq);

CREATE FUNCTION consent_ledger_refuse_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'consent_ledger is append-only';
END;
$$;
CREATE TRIGGER consent_ledger_append_only BEFORE UPDATE ON consent_ledger
    FOR EACH ROW EXECUTE FUNCTION consent_ledger_refuse_update();

-- Every read of story or excerpt text by someone other than its owner. The young person reads it.
CREATE TABLE access_log (
    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    participant_id UUID NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    at BIGINT NOT NULL,
    actor_id UUID NOT NULL,
    actor_role TEXT NOT NULL,
    action TEXT NOT NULL,
    object_type TEXT NOT NULL,
    object_id UUID NOT NULL
);
CREATE INDEX access_log_participant ON access_log (participant_id, seq);
