package net.mptcpscan.classify;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import net.mptcpscan.wire.MptcpOption;

/**
 * The class of one reply with what a researcher wants kept: for MP_CAPABLE replies the version,
 * flag byte and key (null otherwise), for anomalous ones the reason.
 */
public record Classification(
        ReplyClass replyClass,
        String reason,
        Integer mptcpVersion,
        Integer mpcFlags,
        Long key,
        Set<Evidence> evidence) {
    public Classification {
        evidence = evidence.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(evidence));
    }

    public static Classification of(ReplyClass c) {
        return new Classification(c, null, null, null, null, Set.of());
    }

    public boolean cBit() {
        return mpcFlags != null
                && mptcpVersion != null
                && mptcpVersion >= 1
                && (mpcFlags & MptcpOption.FLAG_C) != 0;
    }

    public boolean aBit() {
        return mpcFlags != null && (mpcFlags & MptcpOption.FLAG_A) != 0;
    }

    public boolean hBit() {
        return mpcFlags != null && (mpcFlags & MptcpOption.FLAG_H) != 0;
    }

    /**
     * The MPTCP key as 16 hex digits (null without one); not String.format, which costs a
     * microsecond per stored row.
     */
    public String keyHex() {
        if (key == null) return null;
        String h = Long.toHexString(key);
        return h.length() == 16 ? h : "0".repeat(16 - h.length()) + h;
    }

    /** Evidence names joined by commas, in declaration order ("" when none). */
    public String evidenceText() {
        return evidence.isEmpty()
                ? ""
                : EnumSet.copyOf(evidence).stream()
                        .map(e -> e.wireName)
                        .collect(Collectors.joining(","));
    }
}
