package net.mptcpscan.report;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.mptcpscan.classify.Classification;
import net.mptcpscan.classify.Evidence;
import net.mptcpscan.classify.TargetVerdict;
import net.mptcpscan.store.ReplyRecord;

/**
 * Result rows with the field names of results-schema/ (reply.schema.json and target.schema.json):
 * the one place that maps the model to the public names.
 */
public final class ExportRows {
    private ExportRows() {}

    public static final List<String> REPLY_FIELDS =
            List.of(
                    "scan_id",
                    "saddr",
                    "sport",
                    "dport",
                    "probe_version",
                    "class",
                    "reason",
                    "mptcp_version",
                    "mpc_flags",
                    "c_bit",
                    "a_bit",
                    "h_bit",
                    "mptcp_key",
                    "evidence",
                    "ttl",
                    "window",
                    "tcp_flags",
                    "timestamp");

    /**
     * The reply fields' types (zmap's int, bool, string): what --output-filter compares them as.
     */
    public static final Map<String, String> REPLY_TYPES = new LinkedHashMap<>();

    static {
        for (String f : REPLY_FIELDS) REPLY_TYPES.put(f, "string");
        for (String f :
                List.of(
                        "scan_id",
                        "sport",
                        "dport",
                        "probe_version",
                        "mptcp_version",
                        "ttl",
                        "window")) REPLY_TYPES.put(f, "int");
        for (String f : List.of("c_bit", "a_bit", "h_bit")) REPLY_TYPES.put(f, "bool");
    }

    /**
     * The live -o stream's fields: every reply field, then zmap's (read from the packet as it
     * arrives, not stored).
     */
    public static final List<String> LIVE_FIELDS;

    public static final Map<String, String> LIVE_TYPES = new LinkedHashMap<>(REPLY_TYPES);

    static {
        LIVE_TYPES.putAll(ZmapFields.TYPES);
        LIVE_FIELDS = List.copyOf(LIVE_TYPES.keySet());
    }

    /**
     * The live fields with zmap 2.1's hyphenated spellings of zmap's (timestamp-str, saddr-raw...)
     * as aliases: for --output-filter.
     */
    public static final Map<String, String> LIVE_TYPES_AND_ALIASES =
            new LinkedHashMap<>(LIVE_TYPES);

    static {
        for (var e : ZmapFields.TYPES.entrySet())
            if (e.getKey().contains("_"))
                LIVE_TYPES_AND_ALIASES.put(e.getKey().replace('_', '-'), e.getValue());
    }

    /**
     * A live field by its name or its zmap 2.1 spelling (timestamp-str for timestamp_str); null
     * when there is none.
     */
    public static String liveField(String name) {
        if (LIVE_TYPES.containsKey(name)) return name;
        String u = name.replace('-', '_');
        return ZmapFields.TYPES.containsKey(u) ? u : null;
    }

    /**
     * Reply timestamps: UTC, always six decimals (Instant.toString drops trailing zeros, so widths
     * varied).
     */
    private static final class Micros {
        // In a holder: only years outside 0-9999 need it, and building it costs a scan's start.
        static final java.time.format.DateTimeFormatter FORMAT =
                java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
                        .withZone(java.time.ZoneOffset.UTC);
    }

    /**
     * A reply's time as text, by arithmetic on the date (Howard Hinnant's civil_from_days): the
     * formatter took a microsecond and a half a reply, a third of an export of replies in address
     * order (where times come in no order, so keeping the last second's text did not help). Years
     * outside 0000-9999 go to the formatter.
     */
    public static String timestamp(long micros) {
        if (micros <= 0) return null;
        long second = Math.floorDiv(micros, 1_000_000L);
        int frac = (int) Math.floorMod(micros, 1_000_000L);
        long days = Math.floorDiv(second, 86_400L);
        int inDay = (int) Math.floorMod(second, 86_400L);
        long z = days + 719_468;
        long era = (z >= 0 ? z : z - 146_096) / 146_097;
        long doe = z - era * 146_097;
        long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        int d = (int) (doy - (153 * mp + 2) / 5 + 1);
        int m = (int) (mp < 10 ? mp + 3 : mp - 9);
        long y = yoe + era * 400 + (m <= 2 ? 1 : 0);
        if (y < 0 || y > 9999)
            return Micros.FORMAT.format(Instant.ofEpochSecond(second, frac * 1000L));
        char[] c = "0000-00-00T00:00:00.000000Z".toCharArray();
        digits(c, 0, 4, (int) y);
        digits(c, 5, 2, m);
        digits(c, 8, 2, d);
        digits(c, 11, 2, inDay / 3600);
        digits(c, 14, 2, inDay / 60 % 60);
        digits(c, 17, 2, inDay % 60);
        digits(c, 20, 6, frac);
        return new String(c);
    }

    /** v in n decimal digits, zero-padded, at c[at]. */
    private static void digits(char[] c, int at, int n, int v) {
        for (int i = at + n - 1; i >= at; i--) {
            c[i] = (char) ('0' + v % 10);
            v /= 10;
        }
    }

    public static final List<String> TARGET_FIELDS =
            List.of(
                    "scan_id",
                    "saddr",
                    "sport",
                    "class",
                    "versions",
                    "c_bit",
                    "a_bit",
                    "replies",
                    "evidence",
                    "handshake",
                    "handshake_events",
                    "announced",
                    "inference");

    /**
     * A target's MPTCP versions as a list of numbers ([], [1], [0, 1]): one type whatever the row,
     * where "1" then "0,1" made a typed loader give up at the first dual server (JSON writes the
     * array; CSV "[0,1]", which DuckDB casts to INTEGER[]).
     */
    static List<Integer> versionList(String versions) {
        List<Integer> out = new java.util.ArrayList<>(2);
        if (!versions.isEmpty()) for (String v : versions.split(",")) out.add(Integer.valueOf(v));
        return out;
    }

    private static final FieldRow.Fields REPLY_ROW = FieldRow.Fields.of(REPLY_FIELDS);

    /**
     * A stored reply as a row of REPLY_FIELDS, in their order. Made directly, not field by field
     * through replyField: its switch on the name, per field and per row, was a tenth of an export
     * of 50M replies (ExportRowsTest holds the two to the same values).
     */
    public static Map<String, Object> reply(long scanId, ReplyRecord r) {
        Classification c = r.classification();
        Integer flags = c.mpcFlags();
        String key = c.keyHex();
        return new FieldRow(
                REPLY_ROW,
                new Object[] {
                    scanId,
                    r.target().toString(),
                    r.targetPort(),
                    r.ourPort(),
                    r.probeVersion(),
                    c.replyClass().wireName,
                    c.reason(),
                    c.mptcpVersion(),
                    flags == null ? null : mpcFlagsText(flags),
                    c.cBit(),
                    c.aBit(),
                    c.hBit(),
                    key == null ? null : "0x" + key,
                    c.evidenceText(),
                    r.ttl(),
                    r.window(),
                    r.tcpFlags(),
                    timestamp(r.receivedMicros())
                });
    }

    /**
     * The places in REPLY_FIELDS of fields, or null when one is not a reply field (asn): what
     * putReply takes.
     */
    public static int[] replyFieldIndices(List<String> fields) {
        int[] at = new int[fields.size()];
        for (int i = 0; i < at.length; i++)
            if ((at[i] = REPLY_FIELDS.indexOf(fields.get(i))) < 0) return null;
        return at;
    }

    /**
     * A stored reply straight into a Parquet row, the fields at (replyFieldIndices) in order: the
     * values reply() gives, typed (the address, the time and the flags as numbers). An export of
     * 50M replies spent a third of its main thread making rows the writer then parsed back.
     */
    public static void putReply(
            net.mptcpscan.report.output.parquet.ParquetWriter.TypedRow row,
            int[] at,
            long scanId,
            ReplyRecord r)
            throws java.io.IOException {
        Classification c = r.classification();
        for (int field : at) {
            switch (field) {
                case 0 -> row.putLong(scanId);
                case 1 -> row.putAddress(r.target());
                case 2 -> row.putInt(r.targetPort());
                case 3 -> row.putInt(r.ourPort());
                case 4 -> row.putInt(r.probeVersion());
                case 5 -> row.putText(c.replyClass().wireName);
                case 6 -> row.putText(c.reason());
                case 7 -> {
                    if (c.mptcpVersion() == null) row.putNull();
                    else row.putInt(c.mptcpVersion());
                }
                case 8 -> {
                    if (c.mpcFlags() == null) row.putNull();
                    else row.putInt(c.mpcFlags());
                }
                case 9 -> row.putBoolean(c.cBit());
                case 10 -> row.putBoolean(c.aBit());
                case 11 -> row.putBoolean(c.hBit());
                case 12 -> {
                    if (c.key() == null) row.putNull();
                    else row.putLong(c.key());
                }
                case 13 -> row.putText(c.evidenceText());
                case 14 -> row.putInt(r.ttl());
                case 15 -> row.putInt(r.window());
                case 16 -> row.putText(r.tcpFlags());
                case 17 -> row.putMicros(r.receivedMicros(), ExportRows::timestamp);
                default -> throw new IllegalArgumentException("not a reply field: " + field);
            }
        }
        row.end();
    }

    /**
     * MP_CAPABLE flags as 0x-prefixed hex of two digits ("0x81"); String.format per reply was slow.
     */
    static String mpcFlagsText(int flags) {
        return flags >= 0 && flags <= 0xFF ? MPC_FLAGS_TEXT[flags] : String.format("0x%02x", flags);
    }

    private static final String[] MPC_FLAGS_TEXT = new String[256];

    static {
        // HexFormat, not String.format: 256 formats cost a scan's start 10 ms.
        java.util.HexFormat hex = java.util.HexFormat.of();
        for (int i = 0; i < 256; i++) MPC_FLAGS_TEXT[i] = "0x" + hex.toHexDigits((byte) i);
    }

    /** One field of a stored reply, by its public name. */
    public static Object replyField(String field, long scanId, ReplyRecord r) {
        Classification c = r.classification();
        return switch (field) {
            case "scan_id" -> scanId;
            case "saddr" -> r.target().toString();
            case "sport" -> r.targetPort();
            case "dport" -> r.ourPort();
            case "probe_version" -> r.probeVersion();
            case "class" -> c.replyClass().wireName;
            case "reason" -> c.reason();
            case "mptcp_version" -> c.mptcpVersion();
            case "mpc_flags" -> c.mpcFlags() == null ? null : mpcFlagsText(c.mpcFlags());
            case "c_bit" -> c.cBit();
            case "a_bit" -> c.aBit();
            case "h_bit" -> c.hBit();
            // 0x always: a key of only decimal digits would read as a number to a typed loader
            case "mptcp_key" -> c.keyHex() == null ? null : "0x" + c.keyHex();
            case "evidence" -> c.evidenceText();
            case "ttl" -> r.ttl();
            case "window" -> r.window();
            case "tcp_flags" -> r.tcpFlags();
            case "timestamp" -> timestamp(r.receivedMicros());
            default -> throw new IllegalArgumentException("not a reply field: " + field);
        };
    }

    /** Stage 2: an address a target announced after the handshake (announcement.schema.json). */
    public static final List<String> ANNOUNCEMENT_FIELDS =
            List.of(
                    "scan_id",
                    "saddr",
                    "sport",
                    "address",
                    "address_id",
                    "port",
                    "echo",
                    "hmac",
                    "timestamp");

    private static final FieldRow.Fields ANNOUNCEMENT_ROW = FieldRow.Fields.of(ANNOUNCEMENT_FIELDS);

    public static Map<String, Object> announcement(
            long scanId, net.mptcpscan.store.AnnouncementRecord a) {
        return new FieldRow(
                ANNOUNCEMENT_ROW,
                new Object[] {
                    scanId,
                    a.target().toString(),
                    a.targetPort(),
                    a.address(),
                    a.addressId(),
                    a.port() < 0 ? null : a.port(),
                    a.echo(),
                    a.hmac(),
                    timestamp(a.receivedMicros())
                });
    }

    private static final FieldRow.Fields TARGET_ROW = FieldRow.Fields.of(TARGET_FIELDS);

    /** A version list per versions text ("0,1"), made once: there are a handful. */
    private static final Map<String, List<Integer>> VERSION_LISTS =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** Evidence names sorted and joined ("mpc-echo,tsval-echo"); most targets have none. */
    static String evidenceText(java.util.Set<Evidence> evidence) {
        if (evidence.isEmpty()) return "";
        return evidence.stream()
                .map(Evidence::toString)
                .sorted()
                .reduce((a, b) -> a + "," + b)
                .orElse("");
    }

    public static Map<String, Object> target(long scanId, TargetVerdict v, Stage2Targets s2) {
        // Stage 2: always text, empty when it does not apply, so every row has the same types.
        var status = s2.status(v);
        return new FieldRow(
                TARGET_ROW,
                new Object[] {
                    scanId,
                    v.address().toString(),
                    v.port(),
                    v.verdict().wireName,
                    VERSION_LISTS.computeIfAbsent(v.versions(), t -> List.copyOf(versionList(t))),
                    v.cBit(),
                    v.aBit(),
                    v.replies(),
                    evidenceText(v.evidence()),
                    status == null ? "" : status.wireName,
                    s2.events(v),
                    s2.announcedText(v),
                    String.join(",", s2.inference(v))
                });
    }

    /** Checks a --fields list against the view's fields; returns the list to use. */
    public static List<String> fields(String view, String requested) {
        List<String> all =
                "targets".equals(view)
                        ? TARGET_FIELDS
                        : "live".equals(view)
                                ? LIVE_FIELDS
                                : "announcements".equals(view) ? ANNOUNCEMENT_FIELDS : REPLY_FIELDS;
        if (requested == null) return "live".equals(view) ? REPLY_FIELDS : all;
        if (requested.isBlank())
            throw new IllegalArgumentException(
                    "the field list is empty (fields: " + String.join(",", all) + ")");
        List<String> out = new java.util.ArrayList<>();
        for (String f : requested.split(",", -1)) {
            String t = f.trim();
            if (!all.contains(t) && !("live".equals(view) && liveField(t) != null))
                throw new IllegalArgumentException(
                        "unknown field "
                                + net.mptcpscan.io.Text.quote(t)
                                + " for the "
                                + view
                                + " view (fields: "
                                + String.join(",", all)
                                + ")");
            out.add(t);
        }
        return out;
    }

    /**
     * Each field of a view with what it means, from results-schema/ (the public contract): for
     * --list-output-fields.
     */
    public static Map<String, String> describeFields(String view) {
        Map<String, String> out = new LinkedHashMap<>();
        String schema =
                "targets".equals(view)
                        ? "/results-schema/target.schema.json"
                        : "/results-schema/reply.schema.json";
        try (var in = ExportRows.class.getResourceAsStream(schema)) {
            var props =
                    new com.fasterxml.jackson.databind.ObjectMapper()
                            .readTree(in)
                            .get("properties");
            for (String f :
                    "targets".equals(view)
                            ? TARGET_FIELDS
                            : "live".equals(view) ? LIVE_FIELDS : REPLY_FIELDS) {
                var p = props.get(f);
                String d =
                        p == null
                                ? ""
                                : p.has("description")
                                        ? p.get("description").asText()
                                        : p.has("$ref")
                                                ? "the verdict class: mptcp, echo, anomalous, tcp,"
                                                        + " closed, unreachable"
                                                : String.valueOf(p.get("type"));
                out.put(f, d);
            }
        } catch (java.io.IOException | NullPointerException e) {
            throw new IllegalStateException("results-schema missing from the build", e);
        }
        return out;
    }
}
