-- The installation's service secret, sealed to the master key. Its presence means "data present":
-- with it, the service refuses to start without the master key that opens it.
-- (Version numbers match migrations/sqlite one for one; each folder has its own migrator.)
CREATE TABLE vault_meta (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    service_secret_sealed BYTEA NOT NULL,
    created_at BIGINT NOT NULL
);
