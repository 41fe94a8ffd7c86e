package net.mptcpscan.store;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The versioned schema of results-schema/sql, applied in order when a database is opened (H2 and
 * PostgreSQL alike).
 */
final class Migrations {
    private Migrations() {}

    /** Schema versions, in order; each is results-schema/sql/V{n}__*.sql. */
    private static final String[] VERSIONS = {
        "V1__init.sql",
        "V2__announcements.sql",
        "V3__handshakes.sql",
        "V4__ipv6.sql",
        "V5__summaries.sql",
        "V6__campaigns.sql",
        "V7__targets.sql",
        "V8__target_ids.sql",
        "V9__target_groups.sql",
        "V10__reply_blocks.sql"
    };

    /** The schema version this mptcpscan writes. */
    static int latest() {
        return VERSIONS.length;
    }

    /** The advisory lock every mptcpscan migrating a PostgreSQL database takes ("mptc"). */
    static final long PG_LOCK = 0x6d707463L;

    static void apply(Db db) throws SQLException, StoreException {
        if (db.url.startsWith("jdbc:postgresql:")) {
            applyLocked(db);
            return;
        }
        int have = 0;
        // Asked, not tried: a failed query on a new file leaves H2's trace file beside it.
        try (Statement st = db.conn.createStatement()) {
            boolean exists;
            try (ResultSet rs =
                    st.executeQuery(
                            "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES"
                                    + " WHERE TABLE_NAME = 'MPS_SCHEMA'")) {
                exists = rs.next() && rs.getInt(1) > 0;
            }
            if (exists)
                try (ResultSet rs = st.executeQuery("SELECT MAX(version) FROM mps_schema")) {
                    if (rs.next()) have = rs.getInt(1);
                }
        }
        if (have > VERSIONS.length)
            throw new StoreException(
                    "database schema version "
                            + have
                            + " is newer than this mptcpscan understands ("
                            + VERSIONS.length
                            + ")");
        if (have == VERSIONS.length) return;
        // H2 commits each DDL statement, and with the URL's WRITE_DELAY=0 each commit writes a
        // chunk: a new file took about 40 of them. A delay while the schema is made lets them
        // reach the file together; 0 again before anything is stored in it.
        boolean delayed = DbLocation.isH2File(db.url) && setWriteDelay(db, 1000);
        try {
            for (int v = have; v < VERSIONS.length; v++) {
                List<String> sql = statements(VERSIONS[v]);
                db.transaction(
                        c -> {
                            try (Statement st = c.createStatement()) {
                                for (String s : sql) st.execute(s);
                            }
                            return null;
                        });
            }
        } catch (SQLException | StoreException | RuntimeException e) {
            if (delayed) setWriteDelay(db, 0);
            throw e;
        }
        if (delayed && !setWriteDelay(db, 0))
            throw new StoreException("cannot set the database's WRITE_DELAY back to 0");
    }

    /** Whether SET WRITE_DELAY took (it needs the database's admin rights). */
    private static boolean setWriteDelay(Db db, int millis) {
        try (Statement st = db.conn.createStatement()) {
            st.execute("SET WRITE_DELAY " + millis);
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    /**
     * Of the tables a database should have (tables()), one it lacks, or null. A flipped byte in
     * H2's own catalogue can hide a table from a file that still opens: that file is damaged, and
     * it is named so before anything is written to it.
     */
    static String missingTable(java.sql.Connection conn, java.util.Set<String> expected)
            throws SQLException {
        java.util.Set<String> have = new java.util.HashSet<>();
        try (Statement st = conn.createStatement();
                ResultSet rs =
                        st.executeQuery(
                                "SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE"
                                        + " TABLE_SCHEMA = 'PUBLIC'")) {
            while (rs.next()) have.add(rs.getString(1).toLowerCase(java.util.Locale.ROOT));
        }
        for (String t : expected) if (!have.contains(t)) return t;
        return null;
    }

    /** The tables a database of this schema version has, from the migrations' CREATE and DROP. */
    static java.util.Set<String> tables(int version) throws StoreException {
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        for (int v = 0; v < Math.min(version, VERSIONS.length); v++)
            for (String sql : statements(VERSIONS[v])) {
                java.util.regex.Matcher m = TABLE.matcher(sql);
                if (!m.find()) continue;
                String t = m.group(2).toLowerCase(java.util.Locale.ROOT);
                if (m.group(1).equalsIgnoreCase("CREATE")) out.add(t);
                else out.remove(t);
            }
        return out;
    }

    private static final java.util.regex.Pattern TABLE =
            java.util.regex.Pattern.compile(
                    "^\\s*(CREATE|DROP)\\s+TABLE\\s+(\\w+)",
                    java.util.regex.Pattern.CASE_INSENSITIVE);

    /**
     * PostgreSQL, shared by scanners on several machines that may start at the same moment: the
     * check and every migration run in one transaction holding an advisory lock, so one scanner
     * migrates and the others wait, then find the schema current (DDL is transactional there).
     * Without it two fresh scanners both created mps_schema and one failed.
     */
    private static void applyLocked(Db db) throws SQLException, StoreException {
        List<List<String>> all = new ArrayList<>();
        for (String v : VERSIONS) all.add(statements(v));
        String newer =
                db.transaction(
                        c -> {
                            try (Statement st = c.createStatement()) {
                                st.execute("SELECT pg_advisory_xact_lock(" + PG_LOCK + ")");
                                int have = 0;
                                boolean exists;
                                try (ResultSet rs =
                                        st.executeQuery(
                                                "SELECT to_regclass('mps_schema') IS NOT NULL")) {
                                    rs.next();
                                    exists = rs.getBoolean(1);
                                }
                                if (exists)
                                    try (ResultSet rs =
                                            st.executeQuery(
                                                    "SELECT MAX(version) FROM mps_schema")) {
                                        if (rs.next()) have = rs.getInt(1);
                                    }
                                if (have > VERSIONS.length) return String.valueOf(have);
                                for (int v = have; v < VERSIONS.length; v++)
                                    for (String sql : all.get(v)) st.execute(sql);
                            }
                            return null;
                        });
        if (newer != null)
            throw new StoreException(
                    "database schema version "
                            + newer
                            + " is newer than this mptcpscan understands ("
                            + VERSIONS.length
                            + ")");
    }

    private static List<String> statements(String name) throws StoreException {
        try (InputStream in = Migrations.class.getResourceAsStream("/results-schema/sql/" + name)) {
            if (in == null)
                throw new StoreException("schema file " + name + " missing from the build");
            String text =
                    new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))
                            .lines()
                            .map(l -> l.replaceAll("--.*$", ""))
                            .collect(Collectors.joining("\n"));
            List<String> out = new ArrayList<>();
            for (String s : text.split(";")) if (!s.isBlank()) out.add(s.trim());
            return out;
        } catch (IOException e) {
            throw new StoreException("cannot read schema file " + name + ": " + e.getMessage(), e);
        }
    }
}
