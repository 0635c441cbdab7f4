-- Reads by audiences (peers, policy makers, council) kept as counts per excerpt, role and day
-- (DESIGN invariant 7): a busy feed adds one row per excerpt, role and day, not one per read.
-- Reads by workers stay individual in access_log. `day` is the UTC midnight of the day, in ms.
-- The excerpt id is not a foreign key, like access_log.object_id: a read stays on the young
-- person's log after the excerpt is deleted, and goes with the participant.
CREATE TABLE audience_reads (
    participant_id BLOB NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    excerpt_id BLOB NOT NULL,
    actor_role TEXT NOT NULL CHECK (actor_role IN ('peer', 'policy_maker', 'council')),
    day INTEGER NOT NULL,
    count INTEGER NOT NULL CHECK (count >= 1),
    PRIMARY KEY (participant_id, excerpt_id, actor_role, day)
) STRICT;
