-- The installation's service secret, sealed to the master key. Its presence means "data present":
-- with it, the service refuses to start without the master key that opens it.
CREATE TABLE vault_meta (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    service_secret_sealed BLOB NOT NULL,
    created_at INTEGER NOT NULL
) STRICT;
