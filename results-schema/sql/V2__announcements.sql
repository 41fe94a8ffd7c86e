-- mptcpscan results schema, version 2: what targets announce after the handshake (stage 2).
CREATE TABLE announcements (
    scan_id BIGINT NOT NULL,
    saddr BIGINT NOT NULL,                    -- the target that announced, unsigned
    sport INTEGER NOT NULL,                   -- the target's port
    address VARCHAR(45) NOT NULL,             -- the announced address (IPv4 or IPv6 text)
    address_id SMALLINT NOT NULL,
    port INTEGER,                             -- the announced port; NULL without one
    echo BOOLEAN NOT NULL,                    -- the echo form (an acknowledgement, no HMAC)
    hmac VARCHAR(16) NOT NULL,                -- valid | valid-legacy | invalid | none
    received_at BIGINT                        -- microseconds since the epoch
);

CREATE INDEX announcements_scan ON announcements (scan_id);

INSERT INTO mps_schema (version) VALUES (2);
