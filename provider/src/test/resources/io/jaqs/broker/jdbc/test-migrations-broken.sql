-- A step whose second statement fails (SchemaUpgradeTest: a failed upgrade changes nothing on PostgreSQL).

-- name: nextStep
ALTER TABLE jaqs_queue ADD COLUMN note VARCHAR(100) DEFAULT 'upgraded' NOT NULL;
ALTER TABLE jaqs_no_such_table ADD COLUMN x INT
