-- mptcpscan results schema, version 4: IPv6 targets in the same tables and columns. An IPv4
-- target's rows are unchanged: saddr holds its unsigned address and saddr_hi is NULL, so existing
-- databases, their queries and their scans' comparisons stay as they were. An IPv6 target's address
-- is (saddr_hi, saddr): its high and low 64 bits, as signed 64-bit values. Readers order by
-- (saddr_hi NULLS FIRST, saddr): IPv4 first, then IPv6.
ALTER TABLE replies ADD COLUMN saddr_hi BIGINT;
ALTER TABLE announcements ADD COLUMN saddr_hi BIGINT;
ALTER TABLE handshakes ADD COLUMN saddr_hi BIGINT;

INSERT INTO mps_schema (version) VALUES (4);
