-- description: tag sets: line_items.x_TagSetId = hash(Tags) and tag_sets (tag_set_id, Tags), so analyses group by an integer
-- Released: never edit this file (its sha256 is in hashes.json); change the schema in a new migration.

ALTER TABLE line_items ADD COLUMN x_TagSetId UBIGINT;

UPDATE line_items SET x_TagSetId = hash(Tags);

CREATE TABLE tag_sets (tag_set_id UBIGINT NOT NULL, Tags MAP(VARCHAR, VARCHAR) NOT NULL);

INSERT INTO tag_sets SELECT DISTINCT x_TagSetId, Tags FROM line_items;
