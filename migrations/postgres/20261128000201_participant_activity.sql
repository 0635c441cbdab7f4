-- When a young person last signed in, for the inactivity rule of retention (policies/rules.toml).
-- Sessions are swept soon after they end, so they cannot tell; this keeps the time only.
CREATE TABLE participant_activity (
    participant_id UUID PRIMARY KEY REFERENCES participants (id) ON DELETE CASCADE,
    last_active_at BIGINT NOT NULL
);
