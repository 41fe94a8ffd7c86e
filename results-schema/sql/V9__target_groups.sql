-- mptcpscan results schema, version 9: an ended scan's targets packed in blocks (scan_targets was
-- a row per target), counted by what a report groups them by (family, port, verdict, versions,
-- flags, evidence: everything but the address), and its genuine MPTCP targets apart, so a report
-- reads a few hundred rows and the 0.5% of targets stage 2 looks at, and a compare or an export
-- decodes a block at a time. All are made from the replies in one pass when a scan ends: they
-- are emptied here and each ended scan gets them again on its first read (as in version 8).
DROP TABLE scan_targets;
DELETE FROM scan_targets_done;
DELETE FROM scan_reasons;
-- the targets packed 1,024 to a row, in key order (TargetBlock): a database decodes one value per
-- block instead of eleven per target. Each target: 8 bytes of v6 (bit 0), port (1-16), class rank
-- (17-19), versions (20-34), C bit (35), A bit (36), evidence bits (37-); 4 of its reply count;
-- then its address, 4 bytes (IPv4) or 16 (IPv6); big-endian.
CREATE TABLE scan_target_blocks (
    id BIGINT PRIMARY KEY,                    -- scan_id * 2^40 + the block's place in key order
    targets INTEGER NOT NULL,
    data BYTEA NOT NULL
);
-- the targets whose verdict is mptcp, one a row, id = scan_id * 2^40 + the target's place
CREATE TABLE scan_mptcp_targets (
    id BIGINT PRIMARY KEY,
    v6 BOOLEAN NOT NULL,
    addr_hi BIGINT NOT NULL,
    addr_lo BIGINT NOT NULL,
    sport INTEGER NOT NULL,
    class_rank SMALLINT NOT NULL,
    versions SMALLINT NOT NULL,
    c_bit BOOLEAN NOT NULL,
    a_bit BOOLEAN NOT NULL,
    replies INTEGER NOT NULL,
    evidence INTEGER NOT NULL
);
CREATE TABLE scan_target_groups (
    scan_id BIGINT NOT NULL,
    v6 BOOLEAN NOT NULL,
    sport INTEGER NOT NULL,
    class_rank SMALLINT NOT NULL,
    versions SMALLINT NOT NULL,
    c_bit BOOLEAN NOT NULL,
    a_bit BOOLEAN NOT NULL,
    evidence INTEGER NOT NULL,
    targets BIGINT NOT NULL,
    PRIMARY KEY (scan_id, v6, sport, class_rank, versions, c_bit, a_bit, evidence)
);

INSERT INTO mps_schema (version) VALUES (9);
