-- mptcpscan results schema, version 3: how stage 2's handshake with each genuine MPTCP target
-- ended. Targets a resumed scan probed twice may have two rows: readers keep the better status.
CREATE TABLE handshakes (
    scan_id BIGINT NOT NULL,
    saddr BIGINT NOT NULL,                    -- the target, unsigned
    sport INTEGER NOT NULL,                   -- the target's port
    mptcp_version SMALLINT NOT NULL,          -- of the handshake (the SYN-ACK's MP_CAPABLE)
    status VARCHAR(16) NOT NULL,              -- completed | reset | timeout | not-tried
    events VARCHAR(200) NOT NULL,             -- what the server sent in the window: ack,dss,add_addr,...
    started_at BIGINT                         -- our third ACK, microseconds since the epoch
);

CREATE INDEX handshakes_scan ON handshakes (scan_id);

INSERT INTO mps_schema (version) VALUES (3);
