-- The feed, one row per (audience, excerpt) that may be shown: everything a feed page needs, kept
-- in the order pages are read (audience, feed_id), so a page is one range read instead of ~8
-- random B-tree reads per item across consents, excerpts, stories and participants.
--
-- Rows are derived, never edited by hand: the store rewrites an excerpt's rows in the same
-- transaction that grants or withdraws consent (young person or guardian), edits, approves or
-- re-seals it, with `domain::visibility::may_be_visible` deciding which belong; deleting the
-- young person's consent (withdrawal, a lapse swept by retention, journal replay, erasure of the
-- story or participant) removes the row by cascade. What changes with time (a lapse, turning 16)
-- or with the policy (a new consent text) is kept in the row and decided at read time by
-- `is_visible`. Not part of backups: a restore rebuilds it.
CREATE TABLE feed_items (
    audience TEXT NOT NULL,
    feed_id BLOB NOT NULL,
    excerpt_id BLOB NOT NULL,
    participant_id BLOB NOT NULL,
    story_id BLOB NOT NULL,
    content_sealed BLOB NOT NULL,
    status TEXT NOT NULL,
    version INTEGER NOT NULL,
    consent_version INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    consent_text_version INTEGER NOT NULL,
    guardian_version INTEGER,
    guardian_expires_at INTEGER,
    guardian_consent_text_version INTEGER,
    birth_year INTEGER NOT NULL,
    text_sha256 TEXT NOT NULL,
    themes TEXT NOT NULL,
    recorded_on TEXT NOT NULL,
    PRIMARY KEY (audience, feed_id),
    FOREIGN KEY (excerpt_id, audience) REFERENCES consents (excerpt_id, audience) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;
CREATE INDEX feed_items_excerpt ON feed_items (excerpt_id, audience);

-- Existing installations: the rows `may_be_visible` admits (approved, the young person's yes for
-- the current version).
INSERT INTO feed_items (audience, feed_id, excerpt_id, participant_id, story_id, content_sealed,
    status, version, consent_version, expires_at, consent_text_version, guardian_version,
    guardian_expires_at, guardian_consent_text_version, birth_year, text_sha256, themes, recorded_on)
SELECT c.audience, c.feed_id, e.id, e.participant_id, e.story_id, e.content_sealed, e.status,
    e.version, c.version, c.expires_at, c.consent_text_version, g.version, g.expires_at,
    g.consent_text_version, p.birth_year, c.text_sha256, s.themes, s.recorded_on
FROM consents c JOIN excerpts e ON e.id = c.excerpt_id JOIN stories s ON s.id = e.story_id
JOIN participants p ON p.id = e.participant_id
LEFT JOIN guardian_consents g ON g.excerpt_id = c.excerpt_id AND g.audience = c.audience
WHERE e.status = 'approved' AND c.version = e.version;
