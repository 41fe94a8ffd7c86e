package net.mptcpscan.scan;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import net.mptcpscan.Version;
import net.mptcpscan.classify.ReplyClass;
import net.mptcpscan.io.ReplacingOutput;

/** The -m metadata file, written once at the end (like zmap's summary.c). */
final class ScanSummary {
    private ScanSummary() {}

    private static final ObjectMapper JSON =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * What the summary reports beyond the counters; times in milliseconds since 1970 (0: did not
     * happen).
     */
    record Run(
            ScanPlan plan,
            ScanOptions opt,
            long scanId,
            net.mptcpscan.store.ScanStatus status,
            long started,
            long sendStartNanos,
            long sendEndNanos,
            long sendEnd,
            long recvEnd,
            double hitRate,
            Stage2 stage2) {}

    /**
     * zmap's own -m keys, with zmap's names and meanings, beside ours: scripts written for zmap
     * read them unchanged.
     */
    private static void zmapKeys(ObjectNode m, Run run, Counters c) {
        ScanPlan plan = run.plan();
        ScanConfig cfg = plan.cfg();
        m.put("local_hostname", net.mptcpscan.store.DbLocation.hostName());
        var ports = m.putArray("target_ports");
        for (int p : plan.space().ports()) ports.add(p);
        m.put("max_targets", cfg.maxTargets());
        m.put("max_runtime", (long) cfg.maxRuntime());
        m.put("iface", plan.link().iface());
        m.put("rate", (long) plan.pps());
        // zmap's bandwidth: bits per second asked for, 0 without -B.
        m.put(
                "bandwidth",
                cfg.rate() instanceof ScanConfig.Rate.BitsPerSecond b ? (long) b.bps() : 0);
        // zmap writes whole seconds as an integer.
        if (cfg.cooldown() == Math.rint(cfg.cooldown()))
            m.put("cooldown_secs", (long) cfg.cooldown());
        else m.put("cooldown_secs", cfg.cooldown());
        m.put("senders", cfg.senderThreads());
        m.put("hitrate", run.hitRate());
        m.put("shard_num", cfg.shard().index());
        m.put("total_shards", cfg.shard().total());
        m.put("probe_ttl", cfg.probeTtl());
        m.put("max_results", cfg.maxResults());
        m.put("pcap_recv", c.received() + c.validationFailures() + c.repeats());
        m.put("pcap_drop", c.pcapDrops());
        m.put("pcap_ifdrop", c.interfaceDrops());
        m.put("blocklist_total_allowed", plan.space().addresses().size());
        m.put("validation_passed", c.received() + c.repeats());
        m.put("validation_failed", c.validationFailures());
        m.put("packets_sent", c.sent());
        m.put("send_to_failures", c.sendFailures());
        m.put("max_sendto_failures", run.opt().maxSendtoFailures());
        m.put("targets_scanned", c.done());
        m.put("success_total", c.firstProbeSynAcks());
        m.put("failure_total", c.received() - c.firstProbeSynAcks());
        m.put("packet_streams", cfg.probesPerVersion());
        m.put("send_start_time", zmapTime(run.started()));
        m.put("send_end_time", zmapTime(run.sendEnd()));
        m.put("recv_start_time", zmapTime(run.started()));
        m.put("recv_end_time", zmapTime(run.recvEnd()));
        m.put("gateway_mac", mac(plan.link().gatewayMac()));
        m.put("source_mac", mac(plan.link().sourceMac()));
        var sourceIps = m.putArray("source_ips");
        var sources = plan.sources();
        for (int a : sources.v4()) sourceIps.add(net.mptcpscan.wire.Ipv4.toString(a));
        if (plan.space().addresses6().size() > 0) // IPv6 sources only when they were used
        for (int i = 0; i < sources.v6Count(); i++) sourceIps.add(sources.v6(i).toString());
        m.put("dryrun", cfg.dryrun() ? 1 : 0);
        m.put("quiet", run.opt().quiet() ? 1 : 0);
        zmap21Keys(m, run, c);
        if (run.opt().notes() != null) m.put("notes", run.opt().notes());
        if (run.opt().userMetadata() != null) {
            try {
                m.set("user-metadata", JSON.readTree(run.opt().userMetadata()));
            } catch (IOException checkedBefore) {
            }
        }
    }

    /** zmap 2.1's names for the same values (Debian's zmap): its users' scripts read these. */
    private static void zmap21Keys(ObjectNode m, Run run, Counters c) {
        ScanPlan plan = run.plan();
        ScanConfig cfg = plan.cfg();
        int[] sources = plan.sources().v4();
        m.put("total_sent", c.sent());
        m.put("target_port", plan.space().ports()[0]);
        m.put("source_ip_first", net.mptcpscan.wire.Ipv4.toString(sources[0]));
        m.put("source_ip_last", net.mptcpscan.wire.Ipv4.toString(sources[sources.length - 1]));
        m.put("source_port_first", plan.sourcePorts()[0]);
        m.put("source_port_last", plan.sourcePorts()[1]);
        m.put("blacklist_total_allowed", plan.space().addresses().size());
        m.put("blacklist_total_not_allowed", (1L << 32) - plan.space().addresses().size());
        m.put(
                "blacklist_filename",
                cfg.files().blocklist() == null ? "(built-in)" : cfg.files().blocklist());
        m.put("success_unique", c.successes());
        m.put("min_hitrate", run.opt().minHitrate());
        m.put("log_level", run.opt().verbosity());
        m.put(
                "probe_module",
                cfg.probes().equals(java.util.List.of(net.mptcpscan.probe.ProbeModules.TCP_SYN))
                        ? "tcp_synscan"
                        : "mptcp_synscan");
        m.put("output_module", run.opt().outputFile() == null ? "csv" : run.opt().outputFormat());
        m.put("output_filename", run.opt().outputFile() == null ? "-" : run.opt().outputFile());
        m.put("filter_duplicates", 1);
        m.put(
                "filter_unsuccessful",
                run.opt().outputFile() == null && run.opt().outputFilter() == null ? 1 : 0);
        m.put("full_hostname", net.mptcpscan.store.DbLocation.hostName());
        var dest = m.putArray("cli_cidr_destinations");
        for (String t : cfg.targets()) dest.add(t);
        m.put("syslog", 0);
    }

    /** zmap's time format: 2026-11-25T21:58:45+0000. */
    private static String zmapTime(long millis) {
        if (millis <= 0) return null;
        return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssZ")
                .withZone(java.time.ZoneOffset.UTC)
                .format(Instant.ofEpochMilli(millis));
    }

    static String mac(byte[] b) {
        return b == null
                ? null
                : String.format(
                        "%02x:%02x:%02x:%02x:%02x:%02x", b[0], b[1], b[2], b[3], b[4], b[5]);
    }

    /** file null: stdout (-m -). */
    static void write(ReplacingOutput file, Run run, Counters c) throws IOException {
        ObjectNode m = JSON.createObjectNode();
        m.put("tool", "mptcpscan");
        m.put("tool_version", Version.VERSION);
        m.put("scan_id", run.scanId());
        m.put("status", run.status().wireName);
        ScanConfig config = run.plan().cfg();
        ObjectNode cfg = JSON.valueToTree(config.asGiven());
        cfg.remove("secret0");
        cfg.remove("secret1");
        m.set("configuration", cfg);
        m.put("seed", config.seed());
        m.put("seed_text", Long.toString(config.seed())); // jq and JavaScript round 64-bit numbers
        m.put("targets", run.plan().total());
        zmapKeys(m, run, c);
        m.put("sent", c.sent());
        m.put("received", c.received());
        // Per family: the scan's addresses of each (the whole space, all shards), SYNs and replies
        m.put("addresses_ipv4", run.plan().space().addresses().size());
        m.put("addresses_ipv6", run.plan().space().addresses6().size());
        m.put("sent_ipv6", c.sent6());
        m.put("received_ipv6", c.received6());
        m.put("dropped", c.drops());
        m.put("interface_drop", c.interfaceDrops());
        m.put("validation_failures", c.validationFailures());
        m.put("repeats", c.repeats());
        m.put("hit_rate", run.hitRate());
        // Sending time to the microsecond (zmap's send times are whole seconds): what a rate is
        // computed over.
        m.put("send_seconds", Math.max(0, run.sendEndNanos() - run.sendStartNanos()) / 1e9);
        if (run.stage2() != null) {
            // Stage 2: handshakes with genuine MPTCP servers, how they ended, what was announced.
            Stage2 st = run.stage2();
            ObjectNode s2 = m.putObject("stage2");
            s2.put("handshakes", st.acksSent);
            s2.put("completed", st.completed);
            s2.put("reset_by_server", st.serverResets);
            s2.put("timeout", st.timeouts);
            s2.put("not_tried", st.skipped);
            s2.put("announcements", st.announced);
            // Copies a server resent before our echo reached it: echoed again, stored once.
            s2.put("announcements_resent", st.announcedAgain);
            s2.put("resets_sent", st.resets);
            s2.put("skipped_over_rate", st.skipped);
            s2.put("syn_acks_reset", st.refused);
            s2.put("stale_connections_reset", st.staleReset);
            s2.put("stale_acks_ignored", st.staleAcksIgnored);
            s2.put("records_lost", st.lostRecords);
            s2.put("handshake_rate", run.opt().handshakeRate());
            s2.put("window_seconds", run.opt().handshakeWindow());
            s2.put("first_to_last_handshake_seconds", st.handshakeSpanSeconds());
            ObjectNode byHmac = s2.putObject("hmac");
            for (var v : net.mptcpscan.classify.AddAddrHmac.Verdict.values())
                if (st.byHmac[v.ordinal()] > 0) byHmac.put(v.wireName, st.byHmac[v.ordinal()]);
        }
        m.put("store_stalls", c.stalls());
        ObjectNode classes = m.putObject("reply_classes");
        for (ReplyClass rc : ReplyClass.values())
            classes.put(rc.wireName, c.replyClasses()[rc.rank()]);
        ObjectNode verdicts = m.putObject("verdicts");
        for (ReplyClass rc : ReplyClass.values())
            verdicts.put(rc.wireName, c.verdicts()[rc.rank()]);
        m.put("start_time", Instant.ofEpochMilli(run.started()).toString());
        m.put("end_time", Instant.now().toString());
        byte[] text = (JSON.writeValueAsString(m) + "\n").getBytes(StandardCharsets.UTF_8);
        if (file == null) {
            System.out.write(text);
            System.out.flush();
        } else {
            file.write(text);
            file.commit();
        }
    }
}
