-- mptcpscan results schema, version 9: beside an ended scan's target table, its targets counted by
-- what a report groups them by (family, port, verdict, versions, flags, evidence: everything but
-- the address) and its genuine MPTCP targets apart, so a report reads a few hundred rows and the
-- 0.5% of targets stage 2 looks at instead of every target. All three are made from the replies
-- in one pass when a scan ends: they are emptied here and each ended scan gets them again on its
-- first read (as in version 8).
DROP TABLE scan_targets;
DELETE FROM scan_targets_done;
DELETE FROM scan_reasons;
CREATE TABLE scan_targets (
    id BIGINT PRIMARY KEY,                    -- scan_id * 2^40 + place in (v6, addr_hi, addr_lo, sport) order
    v6 BOOLEAN NOT NULL,
    addr_hi BIGINT NOT NULL,                  -- IPv6: the high half; IPv4: 0
    addr_lo BIGINT NOT NULL,                  -- IPv4 unsigned, or IPv6's low half
    sport INTEGER NOT NULL,
    class_rank SMALLINT NOT NULL,             -- the target's verdict (1 mptcp .. 6 unreachable)
    versions SMALLINT NOT NULL,               -- bit v set: MP_CAPABLE version v in a genuine reply
    c_bit BOOLEAN NOT NULL,
    a_bit BOOLEAN NOT NULL,
    replies INTEGER NOT NULL,
    evidence INTEGER NOT NULL                 -- bit i set: echo evidence i (Evidence's order)
);
-- the rows of scan_targets whose verdict is mptcp, with the same ids
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
