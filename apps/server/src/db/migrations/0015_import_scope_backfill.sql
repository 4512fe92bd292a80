-- Issue 17 item 14: rows imported before the import had a scope take the authority of the
-- administrator who imported them, so that they reach only that authority's people from now on.
UPDATE "collection_imports" AS ci
SET "authority_id" = s."authority_id", "authority_path" = a."path"
FROM "staff" AS s
JOIN "authorities" AS a ON a."id" = s."authority_id"
WHERE s."id" = ci."imported_by" AND ci."authority_path" IS NULL;
