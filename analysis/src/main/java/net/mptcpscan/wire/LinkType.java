package net.mptcpscan.wire;

/** The pcap link types the decoder understands (numbers from tcpdump.org/linktypes). */
public enum LinkType {
    NULL(0, "BSD loopback"),
    ETHERNET(1, "Ethernet"),
    RAW(101, "raw IP"),
    LINUX_SLL(113, "Linux cooked v1"),
    IPV4(228, "raw IPv4"),
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
     * Offset of the IPv4 header inside a frame of this link type, or -1 when the frame is too short
     * or does not carry IPv4 (ARP, IPv6...). Handles one 802.1Q tag.
     */
    public int ipv4Offset(byte[] b, int off, int len) {
        switch (this) {
            case ETHERNET:
                {
                    if (len < 14) return -1;
                    int type = Bytes.u16(b, off + 12), hdr = 14;
                    if (type == 0x8100 && len >= 18) {
                        type = Bytes.u16(b, off + 16);
                        hdr = 18;
                    }
                    return type == 0x0800 ? off + hdr : -1;
                }
            case LINUX_SLL:
                if (len < 16) return -1;
                return Bytes.u16(b, off + 14) == 0x0800 ? off + 16 : -1;
            case LINUX_SLL2:
                if (len < 20) return -1;
                return Bytes.u16(b, off) == 0x0800 ? off + 20 : -1;
            case NULL:
                if (len < 4) return -1;
                // Host byte order family: AF_INET is 2 either way round.
                return (b[off] == 2 || b[off + 3] == 2) ? off + 4 : -1;
            case RAW:
            case IPV4:
            default:
                return len >= 1 && (b[off] & 0xF0) == 0x40 ? off : -1;
        }
    }
}
