-- A schema step only SchemaUpgradeTest applies (to the version after this code's), to prove the
-- upgrade path on a real store of the first release. Deliberately not re-runnable (no IF NOT EXISTS): two nodes that both
-- ran it would fail, so the concurrent-open test sees whether the upgrade is serialised.

-- name: nextStep
ALTER TABLE jaqs_queue ADD COLUMN note VARCHAR(100) DEFAULT 'upgraded' NOT NULL;
CREATE INDEX jaqs_message_seq ON jaqs_message (queue_id, seq)
