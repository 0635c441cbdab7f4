-- Audience read counts in a WITHOUT ROWID table (SQLite only; PostgreSQL keeps its table): the
-- row lives in its primary key's B-tree, so a new count is one insert into one tree instead of a
-- row appended to the table plus an entry in the key's index, and a further read updates the row
-- where the key finds it instead of following a rowid back to the table. With a million excerpts
-- nearly every read of a feed page is a new row, tens of thousands a second.
CREATE TABLE audience_reads_clustered (
    participant_id BLOB NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    excerpt_id BLOB NOT NULL,
    actor_role TEXT NOT NULL CHECK (actor_role IN ('peer', 'policy_maker', 'council')),
    day INTEGER NOT NULL,
    count INTEGER NOT NULL CHECK (count >= 1),
    PRIMARY KEY (participant_id, excerpt_id, actor_role, day)
) STRICT, WITHOUT ROWID;

INSERT INTO audience_reads_clustered (participant_id, excerpt_id, actor_role, day, count)
SELECT participant_id, excerpt_id, actor_role, day, count FROM audience_reads;

DROP TABLE audience_reads;

ALTER TABLE audience_reads_clustered RENAME TO audience_reads;
