-- A schema step only SchemaUpgradeTest applies (version 1 -> 2), to prove the upgrade path on a real
-- store of the first release. H2 steps must be re-runnable (H2 commits at each DDL statement).

-- name: migrateTo2
ALTER TABLE jaqs_queue ADD COLUMN IF NOT EXISTS note VARCHAR(100) DEFAULT 'upgraded' NOT NULL;
CREATE INDEX IF NOT EXISTS jaqs_message_seq ON jaqs_message (queue_id, seq)
