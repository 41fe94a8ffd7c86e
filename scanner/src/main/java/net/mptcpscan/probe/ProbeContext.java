package net.mptcpscan.probe;

import net.mptcpscan.wire.MptcpOption;

/** The per-scan constants every probe shares: link addresses, our address, TTL, TSval, MSS. */
public record ProbeContext(
        byte[] srcMac,
        byte[] gatewayMac,
        int srcIp,
        int ttl,
        long tsval,
        int mss,
        int windowScale,
        int window,
        int mpcFlags,
        byte[] gatewayMac6) {
    public ProbeContext {
        srcMac = srcMac.clone();
        gatewayMac = gatewayMac.clone();
        gatewayMac6 = gatewayMac6 == null ? gatewayMac.clone() : gatewayMac6.clone();
        if (srcMac.length != 6 || gatewayMac.length != 6 || gatewayMac6.length != 6)
            throw new IllegalArgumentException("MAC addresses have 6 bytes");
    }

    /** The IPv6 next hop's MAC (the IPv6 default route's gateway may be another router). */
    public byte[] gatewayMac6() {
        return gatewayMac6.clone();
    }

    /** The same constants with the IPv6 gateway's MAC. */
    public ProbeContext withGateway6(byte[] mac) {
        return new ProbeContext(
                srcMac, gatewayMac, srcIp, ttl, tsval, mss, windowScale, window, mpcFlags, mac);
    }

    public byte[] srcMac() {
        return srcMac.clone();
    }

    public byte[] gatewayMac() {
        return gatewayMac.clone();
    }

    /** The same constants with another IP TTL (--probe-ttl). */
    public ProbeContext withTtl(int t) {
        return new ProbeContext(
                srcMac,
                gatewayMac,
                srcIp,
                t,
                tsval,
                mss,
                windowScale,
                window,
                mpcFlags,
                gatewayMac6);
    }

    /** Defaults like a current Linux client's SYN, MP_CAPABLE flags H only. */
    public static ProbeContext defaults(byte[] srcMac, byte[] gatewayMac, int srcIp, long tsval) {
        return new ProbeContext(
                srcMac, gatewayMac, srcIp, 64, tsval, 1460, 7, 64240, MptcpOption.FLAG_H, null);
    }
}
