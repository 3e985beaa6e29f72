-- SqlFileTest: blocks that name other blocks.

-- name: columns
a, b,
    c

-- name: moreColumns
{columns}, d

-- name: select
SELECT {moreColumns} FROM t

-- name: returning
UPDATE t x SET a = 1 FROM u RETURNING {columns:x}, u.e
