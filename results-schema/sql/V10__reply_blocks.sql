-- mptcpscan results schema, version 10: replies stored up to 1,024 to a row (ReplyBlock), written
-- as they are committed: a database inserts and logs one row per block where it did twenty values
-- per reply (ingest was held at 400,000 replies a second by that). Each block keeps every value a
-- row of the replies table had. Replies stored before stay in the replies table, and are read
-- from it: a scan's replies are its rows there, then its blocks here, in the order stored.
CREATE TABLE reply_blocks (
    id BIGINT PRIMARY KEY,                    -- scan_id * 2^40 + the place of the block's first reply
    replies INTEGER NOT NULL,                 -- how many replies the block holds
    data BYTEA NOT NULL                       -- format byte (1), then each reply: see ReplyBlock
);

INSERT INTO mps_schema (version) VALUES (10);
