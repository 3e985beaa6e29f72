-- SqlFileTest: a block naming one that does not exist.

-- name: select
SELECT {nothing} FROM t
