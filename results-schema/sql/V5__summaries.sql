-- mptcpscan results schema, version 5: per-scan verdict summaries (target counts per class rank),
-- written when a scan or an import ends, and on the first read of an ended scan that has none
-- (one killed with -9). Listing scans then reads a few rows instead of aggregating every reply.
-- A resumed scan's summary is dropped when it reopens and written again when it ends.
CREATE TABLE scan_summaries (
    scan_id BIGINT NOT NULL,
    class_rank SMALLINT NOT NULL,
    targets BIGINT NOT NULL,
    PRIMARY KEY (scan_id, class_rank)
);

INSERT INTO mps_schema (version) VALUES (5);
