-- Stories: title and body sealed to the participant's key. Themes and the recording date are
-- in the clear (they are what an audience may filter on and see as a month). `themes` keeps the
-- ids in order, comma-separated, for reading; `story_themes` indexes them for the feed filter.
CREATE TABLE stories (
    id UUID PRIMARY KEY,
    participant_id UUID NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    title_sealed BYTEA NOT NULL,
    body_sealed BYTEA NOT NULL,
    themes TEXT NOT NULL,
    recorded_on TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX stories_participant ON stories (participant_id, created_at);

CREATE TABLE story_themes (
    story_id UUID NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
    theme TEXT NOT NULL,
    PRIMARY KEY (story_id, theme)
);
CREATE INDEX story_themes_theme ON story_themes (theme, story_id);

-- Excerpts: text and redactions sealed together; the review comment sealed on its own.
-- approved_sha256 is the hash of the text the young person approved (evidence for consent).
CREATE TABLE excerpts (
    id UUID PRIMARY KEY,
    story_id UUID NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
    participant_id UUID NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    content_sealed BYTEA NOT NULL,
    review_comment_sealed BYTEA,
    status TEXT NOT NULL CHECK (status IN ('draft', 'awaiting_review', 'approved', 'rejected')),
    version BIGINT NOT NULL CHECK (version >= 1),
    approved_sha256 TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX excerpts_story ON excerpts (story_id);
CREATE INDEX excerpts_participant ON excerpts (participant_id, created_at);
