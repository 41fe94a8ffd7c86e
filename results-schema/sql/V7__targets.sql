-- mptcpscan results schema, version 7: an ended scan's target verdicts, one row per (address,
-- port), written once when the scan or import ends (with its summary; on the first read of an
-- ended scan without them) and dropped when it resumes. report, export --view targets and compare
-- read them in key order instead of sorting every reply again. The key orders IPv4 before IPv6
-- and addresses as the replies' readers do.
CREATE TABLE scan_targets (
    scan_id BIGINT NOT NULL,
    v6 BOOLEAN NOT NULL,
    addr_hi BIGINT NOT NULL,                  -- IPv6: the high half; IPv4: 0
    addr_lo BIGINT NOT NULL,                  -- IPv4 unsigned, or IPv6's low half
    sport INTEGER NOT NULL,
    class_rank SMALLINT NOT NULL,             -- the target's verdict (1 mptcp .. 6 unreachable)
    versions SMALLINT NOT NULL,               -- bit v set: MP_CAPABLE version v in a genuine reply
    c_bit BOOLEAN NOT NULL,
    a_bit BOOLEAN NOT NULL,
    replies INTEGER NOT NULL,
    evidence INTEGER NOT NULL,                -- bit i set: echo evidence i (Evidence's order)
    PRIMARY KEY (scan_id, v6, addr_hi, addr_lo, sport)
);

-- Anomalous replies per reason (a target can show several), counted with the targets: the
-- report's anomaly table without reading every reply again.
CREATE TABLE scan_reasons (
    scan_id BIGINT NOT NULL,
    reason VARCHAR(200) NOT NULL,
    replies BIGINT NOT NULL,
    PRIMARY KEY (scan_id, reason)
);

-- A scan whose scan_targets and scan_reasons are whole (written in batches: a crash half-way leaves no mark).
CREATE TABLE scan_targets_done (
    scan_id BIGINT PRIMARY KEY
);

INSERT INTO mps_schema (version) VALUES (7);
