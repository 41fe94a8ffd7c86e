package net.mptcpscan.report;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import net.mptcpscan.wire.DecodedPacket;
import net.mptcpscan.wire.IcmpUnreachable;
import net.mptcpscan.wire.IpAddress;
import net.mptcpscan.wire.Ipv4Header;
import net.mptcpscan.wire.TcpOption;
import net.mptcpscan.wire.TcpSegment;

/**
 * zmap's output fields of its tcp_synscan module, its IP fields and its system fields, with zmap's
 * names, types and meanings (zmap 4.3 probe_modules/module_tcp_synscan.c, probe_modules.c,
 * packet.h), read from a reply as it arrives. They exist on the live -o stream only: the database
 * keeps the classified reply, not every header field.
 */
public final class ZmapFields {
    private ZmapFields() {}

    /** Name -> zmap's type (int, bool, string): what --output-filter compares them as. */
    public static final Map<String, String> TYPES = new LinkedHashMap<>();

    static {
        for (String f :
                new String[] {
                    "saddr_raw",
                    "daddr_raw",
                    "ipid",
                    "seqnum",
                    "acknum",
                    "tcpopt_mss",
                    "tcpopt_wscale",
                    "tcpopt_sack_perm",
                    "tcpopt_ts_val",
                    "tcpopt_ts_ecr",
                    "icmp_type",
                    "icmp_code",
                    "timestamp_ts",
                    "timestamp_us"
                }) TYPES.put(f, "int");
        for (String f : new String[] {"success", "repeat", "cooldown"}) TYPES.put(f, "bool");
        for (String f :
                new String[] {
                    "daddr", "classification", "icmp_responder", "icmp_unreach_str", "timestamp_str"
                }) TYPES.put(f, "string");
    }

    /** zmap's strings for ICMP unreachable codes (packet.c), by code. */
    private static final String[] UNREACH = {
        "network unreachable",
        "host unreachable",
        "protocol unreachable",
        "port unreachable",
        "fragments required",
        "source route failed",
        "network unknown",
        "host unknown",
        "source host isolated",
        "network admin. prohibited",
        "host admin. prohibited",
        "network unreachable TOS",
        "host unreachable TOS",
        "communication admin. prohibited",
        "host presdence violation",
        "precedence cutoff"
    };

    /**
     * zmap's timestamp_str: local time, milliseconds, numeric zone ("%Y-%m-%dT%H:%M:%S.%03d%z").
     */
    private static final class TimeStr {
        // In a holder: the zone rules load on first use (15 ms), not at a scan's start.
        static final DateTimeFormatter FORMAT =
                DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxx")
                        .withZone(ZoneId.systemDefault());
    }

    /** True when the reply is a success in zmap's sense: a SYN-ACK. */
    public static boolean success(DecodedPacket p) {
        return p.tcp() != null && p.tcp().isSynAck();
    }

    /**
     * One zmap field of a reply (null where zmap writes null: TCP fields of an ICMP reply, an
     * option the reply lacks). repeat: the target already answered; cooldown: it came after the
     * last probe was sent; micros: when it arrived.
     */
    private static Long raw(IpAddress a) {
        return a.v6() ? null : Integer.toUnsignedLong(Integer.reverseBytes(a.v4()));
    }

    public static Object get(
            String field, DecodedPacket p, boolean repeat, boolean cooldown, long micros) {
        TcpSegment t = p.tcp();
        IcmpUnreachable icmp = p.icmp();
        return switch (field) {
            case "success" -> success(p);
            case "classification" -> t != null ? (t.isRst() ? "rst" : "synack") : "icmp";
            case "repeat" -> repeat;
            case "cooldown" -> cooldown;
            case "daddr" -> p.ip().destination().toString();
            // zmap prints the address's network-order bytes as a host (little-endian) integer;
            // an IPv6 address has no such number (zmap's IPv6 fork writes null too).
            case "saddr_raw" -> raw(icmp != null ? icmp.quotedDst() : p.ip().source());
            case "daddr_raw" -> raw(p.ip().destination());
            case "ipid" -> p.ip() instanceof Ipv4Header h ? h.identification() : null;
            case "seqnum" -> t == null ? null : t.seq();
            case "acknum" -> t == null ? null : t.ack();
            case "tcpopt_mss" ->
                    t == null || t.option(TcpOption.Mss.class) == null
                            ? null
                            : t.option(TcpOption.Mss.class).mss();
            // zmap writes the window scale as the factor, 2^shift, not the shift.
            case "tcpopt_wscale" ->
                    t == null || t.option(TcpOption.WindowScale.class) == null
                            ? null
                            : 1L << Math.min(62, t.option(TcpOption.WindowScale.class).shift());
            case "tcpopt_sack_perm" ->
                    t == null || t.option(TcpOption.SackPermitted.class) == null ? null : 1;
            case "tcpopt_ts_val" ->
                    t == null || t.option(TcpOption.Timestamps.class) == null
                            ? null
                            : t.option(TcpOption.Timestamps.class).tsval();
            case "tcpopt_ts_ecr" ->
                    t == null || t.option(TcpOption.Timestamps.class) == null
                            ? null
                            : t.option(TcpOption.Timestamps.class).tsecr();
            case "icmp_responder" -> icmp == null ? null : p.ip().source().toString();
            case "icmp_type" -> icmp == null ? null : icmp.type();
            case "icmp_code" -> icmp == null ? null : icmp.code();
            case "icmp_unreach_str" ->
                    icmp == null
                            ? null
                            : icmp.code() < UNREACH.length ? UNREACH[icmp.code()] : "unknown";
            case "timestamp_str" ->
                    TimeStr.FORMAT.format(
                            Instant.ofEpochSecond(micros / 1_000_000, (micros % 1_000_000) * 1000));
            case "timestamp_ts" -> micros / 1_000_000;
            case "timestamp_us" -> micros % 1_000_000;
            default -> throw new IllegalArgumentException("not a zmap field: " + field);
        };
    }
}
