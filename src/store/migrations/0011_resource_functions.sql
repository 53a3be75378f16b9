-- description: resources: Lambda function configuration (memory_mb, architecture, runtime, timeout_s) from the inventory
-- Released: never edit this file (its sha256 is in hashes.json); change the schema in a new migration.

ALTER TABLE resources ADD COLUMN "memory_mb" INTEGER;

ALTER TABLE resources ADD COLUMN "architecture" VARCHAR;

ALTER TABLE resources ADD COLUMN "runtime" VARCHAR;

ALTER TABLE resources ADD COLUMN "timeout_s" INTEGER;
