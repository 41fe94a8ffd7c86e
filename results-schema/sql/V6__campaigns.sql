-- mptcpscan results schema, version 6: campaigns. A campaign is a named set of scans: the shards
-- of one scan run on several machines with the same seed, and the same targets scanned from
-- several vantages. NULL means the scan named none: its campaign is its label.
ALTER TABLE scans ADD COLUMN campaign VARCHAR(200);

INSERT INTO mps_schema (version) VALUES (6);
