-- A schema step only SchemaUpgradeTest applies (to the version after this code's), to prove the
-- upgrade path on a real store of the first release. H2 steps must be re-runnable (H2 commits at each DDL statement).

-- name: nextStep
ALTER TABLE jaqs_queue ADD COLUMN IF NOT EXISTS note VARCHAR(100) DEFAULT 'upgraded' NOT NULL;
CREATE INDEX IF NOT EXISTS jaqs_message_seq ON jaqs_message (queue_id, seq)
