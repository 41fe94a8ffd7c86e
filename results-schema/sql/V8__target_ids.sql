-- mptcpscan results schema, version 8: scan_targets keyed by one number, id = scan_id * 2^40 + the
-- target's place in key order (as replies are keyed), so a scan's targets are one range of the
-- primary key, stored in the readers' order. Keyed by (scan_id, v6, addr_hi, addr_lo, sport), H2
-- read them through a second index and looked every row up again: a third of a compare. The
-- tables are made from the replies: they are emptied here and each ended scan gets them again on
-- its first read.
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

INSERT INTO mps_schema (version) VALUES (8);
