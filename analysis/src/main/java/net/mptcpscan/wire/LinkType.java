package net.mptcpscan.wire;

/** The pcap link types the decoder understands (numbers from tcpdump.org/linktypes). */
public enum LinkType {
    NULL(0, "BSD loopback"),
    ETHERNET(1, "Ethernet"),
    RAW(101, "raw IP"),
    LINUX_SLL(113, "Linux cooked v1"),
    IPV4(228, "raw IPv4"),
    IPV6(229, "raw IPv6"),
    LINUX_SLL2(276, "Linux cooked v2");

    public final int dlt;
    public final String description;

    LinkType(int dlt, String description) {
        this.dlt = dlt;
        this.description = description;
    }

    /** The link type for a pcap header's number, or null when the decoder cannot read it. */
    public static LinkType of(int dlt) {
        // DLT_RAW is 12 or 14 on some BSDs; pcap files normally store LINKTYPE_RAW (101).
        if (dlt == 12 || dlt == 14) return RAW;
        for (LinkType t : values()) if (t.dlt == dlt) return t;
        return null;
    }

    public static String supportedList() {
        StringBuilder sb = new StringBuilder();
        for (LinkType t : values())
            sb.append(sb.length() == 0 ? "" : ", ")
                    .append(t.description)
                    .append(" (")
                    .append(t.dlt)
                    .append(')');
        return sb.toString();
    }

    /**
     * Offset of the IP header (IPv4 or IPv6) inside a frame of this link type, or -1 when the frame
     * is too short or carries something else (ARP...). Handles one 802.1Q tag.
     */
    public int ipOffset(byte[] b, int off, int len) {
        switch (this) {
            case ETHERNET:
                {
                    if (len < 14) return -1;
                    int type = Bytes.u16(b, off + 12), hdr = 14;
                    if (type == 0x8100 && len >= 18) {
                        type = Bytes.u16(b, off + 16);
                        hdr = 18;
                    }
                    return isIp(type) ? off + hdr : -1;
                }
            case LINUX_SLL:
                if (len < 16) return -1;
                return isIp(Bytes.u16(b, off + 14)) ? off + 16 : -1;
            case LINUX_SLL2:
                if (len < 20) return -1;
                return isIp(Bytes.u16(b, off)) ? off + 20 : -1;
            case NULL:
                {
                    if (len < 4) return -1;
                    // Host byte order family: AF_INET is 2 everywhere; AF_INET6 is 10 (Linux), 24,
                    // 28 or 30 (the BSDs, macOS).
                    int f = b[off] != 0 ? b[off] & 0xFF : b[off + 3] & 0xFF;
                    return f == 2 || f == 10 || f == 24 || f == 28 || f == 30 ? off + 4 : -1;
                }
            case IPV4:
                return len >= 1 && (b[off] & 0xF0) == 0x40 ? off : -1;
            case IPV6:
                return len >= 1 && (b[off] & 0xF0) == 0x60 ? off : -1;
            case RAW:
            default:
                return len >= 1 && ((b[off] & 0xF0) == 0x40 || (b[off] & 0xF0) == 0x60) ? off : -1;
        }
    }

    private static boolean isIp(int ethertype) {
        return ethertype == 0x0800 || ethertype == 0x86DD;
    }
}
