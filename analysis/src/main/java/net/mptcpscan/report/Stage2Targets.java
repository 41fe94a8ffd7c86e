package net.mptcpscan.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.mptcpscan.classify.HandshakeEvent;
import net.mptcpscan.classify.HandshakeStatus;
import net.mptcpscan.classify.ReplyClass;
import net.mptcpscan.classify.TargetVerdict;
import net.mptcpscan.store.AnnouncementRecord;
import net.mptcpscan.store.HandshakeRecord;
import net.mptcpscan.store.ResultStore;
import net.mptcpscan.store.StoreException;
import net.mptcpscan.wire.IpAddress;

/**
 * Stage 2 of one scan, per target: its handshake, what it announced, and what that says of its
 * deployment. Held in memory: only genuine MPTCP targets have rows (about 0.5% of the replies of an
 * Internet scan).
 */
public final class Stage2Targets {
    /** The load-balancer design of the seed documents: the C bit, and a proven direct address. */
    public static final String LB_BYPASS = "lb-bypass";

    /** A proven announcement of another address, without the C bit. */
    public static final String ANNOUNCES = "announces";

    /** The C bit, a completed handshake, and nothing announced. */
    public static final String C_ONLY = "c-only";

    /** An address announced with id 0 (the documents say Apple does: measured, not assumed). */
    public static final String ID0 = "id0";

    /** A target: its address and port. */
    private record Key(IpAddress address, int port) {}

    private final Map<Key, HandshakeRecord> handshakes = new HashMap<>();
    private final Map<Key, List<AnnouncementRecord>> announced = new HashMap<>();

    private static Key key(IpAddress address, int port) {
        return new Key(address, port);
    }

    public static Stage2Targets load(ResultStore store, long scanId) throws StoreException {
        return load(store, List.of(scanId));
    }

    /** Stage 2 of several scans read as one (a campaign's shards). */
    public static Stage2Targets load(ResultStore store, List<Long> scanIds) throws StoreException {
        Stage2Targets t = new Stage2Targets();
        for (HandshakeRecord h : store.handshakes(scanIds))
            t.handshakes.put(key(h.target(), h.targetPort()), h);
        for (AnnouncementRecord a : store.announcements(scanIds))
            t.announced
                    .computeIfAbsent(key(a.target(), a.targetPort()), k -> new ArrayList<>())
                    .add(a);
        return t;
    }

    /** Whether the scan ran stage 2 at all (any handshake or announcement stored). */
    public boolean any() {
        return !handshakes.isEmpty() || !announced.isEmpty();
    }

    public HandshakeRecord handshake(IpAddress address, int port) {
        return handshakes.get(key(address, port));
    }

    public List<AnnouncementRecord> announced(IpAddress address, int port) {
        return announced.getOrDefault(key(address, port), List.of());
    }

    /** A genuine target's handshake status (not-tried without one); null for other verdicts. */
    public HandshakeStatus status(TargetVerdict v) {
        if (v.verdict() != ReplyClass.MPTCP) return null;
        HandshakeRecord h = handshake(v.address(), v.port());
        return h == null ? HandshakeStatus.NOT_TRIED : h.status();
    }

    public String events(TargetVerdict v) {
        HandshakeRecord h = handshake(v.address(), v.port());
        return h == null ? "" : HandshakeEvent.names(h.events());
    }

    /** The announced addresses (not echoes), "address[:port]/id/hmac" each, comma-joined. */
    public String announcedText(TargetVerdict v) {
        List<String> out = new ArrayList<>();
        for (AnnouncementRecord a : announced(v.address(), v.port())) {
            if (a.echo()) continue;
            out.add(
                    a.address()
                            + (a.port() >= 0 ? ":" + a.port() : "")
                            + "/"
                            + a.addressId()
                            + "/"
                            + a.hmac());
        }
        return String.join(",", out);
    }

    /** What stage 2 says of the target: lb-bypass, announces, c-only, id0 (in that order). */
    public List<String> inference(TargetVerdict v) {
        List<String> out = new ArrayList<>(2);
        if (v.verdict() != ReplyClass.MPTCP) return out;
        boolean proven = false, any = false, id0 = false;
        String self = v.address().toString();
        for (AnnouncementRecord a : announced(v.address(), v.port())) {
            if (a.echo()) continue;
            any = true;
            if (a.addressId() == 0) id0 = true;
            if ((a.hmac().equals("valid") || a.hmac().equals("valid-legacy"))
                    && !a.address().equals(self)) proven = true;
        }
        if (proven) out.add(v.cBit() ? LB_BYPASS : ANNOUNCES);
        else if (v.cBit() && !any && status(v) == HandshakeStatus.COMPLETED) out.add(C_ONLY);
        if (id0) out.add(ID0);
        return out;
    }
}
