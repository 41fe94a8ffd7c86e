package net.mptcpscan.send;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.mptcpscan.wire.IpAddress;
import net.mptcpscan.wire.Ipv4;

/**
 * Finds what zmap asks for when it is not given: the interface of the default route, its IPv4
 * address and MAC, and the gateway's MAC from the neighbour table, all from the current network
 * namespace's own /proc/net and /sys tables.
 */
public final class LinkSetup {
    private LinkSetup() {}

    /**
     * The link a scan sends on. sourceIp6 and gatewayMac6 are the IPv6 ones (null when the scan has
     * no IPv6 targets); the IPv6 gateway's MAC may differ from the IPv4 one's.
     */
    public record Link(
            String iface,
            int sourceIp,
            byte[] sourceMac,
            int gateway,
            byte[] gatewayMac,
            IpAddress sourceIp6,
            byte[] gatewayMac6) {
        public Link(String iface, int sourceIp, byte[] sourceMac, int gateway, byte[] gatewayMac) {
            this(iface, sourceIp, sourceMac, gateway, gatewayMac, null, null);
        }

        public Link withV6(IpAddress source, byte[] mac) {
            return new Link(iface, sourceIp, sourceMac, gateway, gatewayMac, source, mac);
        }
    }

    /** Interface and gateway of the default route, or null when there is none. */
    public static String[] defaultRoute() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("/proc/net/route"));
        for (String l : lines.subList(Math.min(1, lines.size()), lines.size())) {
            String[] f = l.trim().split("\\s+");
            if (f.length > 7 && f[1].equals("00000000") && f[7].equals("00000000"))
                return new String[] {f[0], f[2]};
        }
        return null;
    }

    public static boolean interfaceExists(String iface) {
        return Files.exists(Path.of("/sys/class/net", iface));
    }

    /**
     * Resolves everything not given (null / 0 arguments), or throws with one line saying what is
     * missing.
     */
    public static Link resolve(
            String iface, Integer sourceIp, byte[] gatewayMac, IpAddress sourceIp6, boolean v6)
            throws SendException {
        Link l = resolve(iface, sourceIp, gatewayMac);
        if (!v6) return l;
        try {
            IpAddress src = sourceIp6 != null ? sourceIp6 : preferredSource6(l.iface());
            if (src == null) src = globalAddress(l.iface());
            if (src == null)
                throw new SendException(
                        l.iface()
                                + " has no global IPv6 address: give one with -S (the scan has"
                                + " IPv6 targets)");
            byte[] mac = gatewayMac;
            if (mac == null) {
                String gw = ipv6Gateway(l.iface());
                if (gw == null)
                    throw new SendException(
                            "no IPv6 default route via "
                                    + l.iface()
                                    + ": give the gateway MAC with -G (the scan has IPv6 targets)");
                String on = l.iface();
                mac = awaitNeighbour(() -> neighbour6(gw, on), () -> poke6(gw, on));
                if (mac == null)
                    throw new SendException(
                            "IPv6 gateway "
                                    + gw
                                    + " did not answer neighbour discovery on "
                                    + l.iface()
                                    + ": give its MAC with -G");
            }
            return l.withV6(src, mac);
        } catch (IOException e) {
            throw new SendException("cannot read the IPv6 routing tables: " + e.getMessage());
        }
    }

    /**
     * The source the kernel picks for global IPv6 traffic (a UDP socket connected to a
     * documentation address sends nothing), when it is one of iface's addresses; or null.
     */
    static IpAddress preferredSource6(String iface) {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getByName("::"))) {
            s.connect(InetAddress.getByName("2001:db8::1"), 9);
            InetAddress a = s.getLocalAddress();
            if (!(a instanceof java.net.Inet6Address) || a.isAnyLocalAddress()) return null;
            NetworkInterface ni = NetworkInterface.getByName(iface);
            if (ni == null) return null;
            for (InterfaceAddress ia : ni.getInterfaceAddresses())
                if (java.util.Arrays.equals(ia.getAddress().getAddress(), a.getAddress()))
                    return IpAddress.of(a.getAddress());
            return null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The interface's first global IPv6 address that is neither tentative nor deprecated
     * (/proc/net/if_inet6: address, index, prefix length, scope, flags, name), or null.
     */
    static IpAddress globalAddress(String iface) throws IOException {
        Path p = Path.of("/proc/net/if_inet6");
        if (!Files.exists(p)) return null;
        for (String l : Files.readAllLines(p)) {
            String[] f = l.trim().split("\\s+");
            if (f.length < 6 || !f[5].equals(iface) || !f[3].equals("00")) continue;
            int flags = Integer.parseInt(f[4], 16);
            if ((flags & 0x60) != 0) continue; // IFA_F_DEPRECATED, IFA_F_TENTATIVE
            return hex6(f[0]);
        }
        return null;
    }

    private static IpAddress hex6(String h) {
        return IpAddress.v6(
                Long.parseUnsignedLong(h.substring(0, 16), 16),
                Long.parseUnsignedLong(h.substring(16, 32), 16));
    }

    /** The next hop of the IPv6 default route via iface (/proc/net/ipv6_route), or null. */
    static String ipv6Gateway(String iface) throws IOException {
        Path p = Path.of("/proc/net/ipv6_route");
        if (!Files.exists(p)) return null;
        String zero = "0".repeat(32);
        for (String l : Files.readAllLines(p)) {
            String[] f = l.trim().split("\\s+");
            if (f.length >= 10
                    && f[0].equals(zero)
                    && f[1].equals("00")
                    && f[9].equals(iface)
                    && !f[4].equals(zero)) return hex6(f[4]).toString();
        }
        return null;
    }

    /** The MAC of an IPv6 neighbour (ip -6 neigh: the kernel keeps no /proc table of them). */
    static byte[] neighbour6(String addr, String iface) throws IOException {
        Process p =
                new ProcessBuilder("ip", "-6", "neigh", "show", addr, "dev", iface)
                        .redirectErrorStream(true)
                        .start();
        String out =
                new String(
                        p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        try {
            p.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String[] w = out.trim().split("\\s+");
        for (int i = 0; i + 1 < w.length; i++)
            if (w[i].equals("lladdr") && !out.contains("FAILED") && !out.contains("INCOMPLETE"))
                return parseMac(w[i + 1]);
        return null;
    }

    /** A datagram to the IPv6 gateway makes the kernel run neighbour discovery. */
    private static void poke6(String gw, String iface) {
        try (DatagramSocket s = new DatagramSocket(null)) {
            InetAddress a = InetAddress.getByName(gw);
            if (a.isLinkLocalAddress())
                a =
                        java.net.Inet6Address.getByAddress(
                                null, a.getAddress(), NetworkInterface.getByName(iface));
            s.send(new DatagramPacket(new byte[1], 1, a, 9));
        } catch (IOException ignored) {
        }
    }

    public static Link resolve(String iface, Integer sourceIp, byte[] gatewayMac)
            throws SendException {
        try {
            String[] route = defaultRoute();
            if (iface == null) {
                if (route == null)
                    throw new SendException(
                            "no default route: name the interface with -i and the gateway MAC with"
                                    + " -G");
                iface = route[0];
            }
            if (!interfaceExists(iface)) throw new SendException("no such interface: " + iface);
            NetworkInterface ni = NetworkInterface.getByName(iface);
            byte[] mac = ni == null ? null : ni.getHardwareAddress();
            if (mac == null || mac.length != 6) mac = new byte[6];
            if (sourceIp == null && route != null && route[0].equals(iface)) {
                // The kernel's own choice towards the gateway: the interface's primary address, as
                // zmap takes it (Java lists an interface's addresses in no useful order).
                sourceIp =
                        preferredSource(Integer.reverseBytes((int) Long.parseLong(route[1], 16)));
            }
            if (sourceIp == null) {
                for (InterfaceAddress a : ni.getInterfaceAddresses())
                    if (a.getAddress() instanceof Inet4Address v4) {
                        sourceIp = Ipv4.parse(v4.getHostAddress());
                        break;
                    }
                if (sourceIp == null)
                    throw new SendException(iface + " has no IPv4 address: give one with -S");
            }
            int gw = 0;
            if (gatewayMac == null) {
                if (route == null || !route[0].equals(iface))
                    throw new SendException(
                            "no default route via " + iface + ": give the gateway MAC with -G");
                gw = Integer.reverseBytes((int) Long.parseLong(route[1], 16));
                int gateway = gw;
                String on = iface;
                gatewayMac = awaitNeighbour(() -> neighbour(gateway, on), () -> poke(gateway));
                if (gatewayMac == null)
                    throw new SendException(
                            "gateway "
                                    + Ipv4.toString(gw)
                                    + " did not answer ARP on "
                                    + iface
                                    + ": give its MAC with -G");
            }
            return new Link(iface, sourceIp, mac, gw, gatewayMac);
        } catch (IOException e) {
            throw new SendException("cannot read the routing tables: " + e.getMessage());
        }
    }

    /** The MAC of addr in /proc/net/arp, or null. */
    static byte[] neighbour(int addr, String iface) throws IOException {
        String a = Ipv4.toString(addr);
        for (String l : Files.readAllLines(Path.of("/proc/net/arp"))) {
            String[] f = l.trim().split("\\s+");
            if (f.length >= 6
                    && f[0].equals(a)
                    && f[5].equals(iface)
                    && !f[3].equals("00:00:00:00:00:00")) return parseMac(f[3]);
        }
        return null;
    }

    /**
     * The source address the kernel picks for traffic to addr (a connected UDP socket sends
     * nothing), or null.
     */
    private static Integer preferredSource(int addr) {
        try (DatagramSocket s = new DatagramSocket()) {
            s.connect(InetAddress.getByName(Ipv4.toString(addr)), 9);
            return s.getLocalAddress() instanceof Inet4Address v4 && !v4.isAnyLocalAddress()
                    ? Ipv4.parse(v4.getHostAddress())
                    : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Reads a neighbour table entry (null: none yet). */
    private interface NeighbourLookup {
        byte[] mac() throws IOException;
    }

    /**
     * The neighbour's MAC, poking it (ARP or neighbour discovery) until the kernel has it: polled
     * every 5 ms for up to a second, as a link's neighbour answers in well under a millisecond.
     */
    private static byte[] awaitNeighbour(NeighbourLookup lookup, Runnable poke) throws IOException {
        byte[] mac = lookup.mac();
        for (int i = 0; i < 200 && mac == null; i++) {
            if (i % 20 == 0) poke.run();
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            mac = lookup.mac();
        }
        return mac;
    }

    /** A datagram to the gateway's discard port makes the kernel resolve its MAC. */
    private static void poke(int gw) {
        try (DatagramSocket s = new DatagramSocket()) {
            s.send(new DatagramPacket(new byte[1], 1, InetAddress.getByName(Ipv4.toString(gw)), 9));
        } catch (IOException ignored) {
        }
    }

    /** Six hex bytes separated by ':' or '-' (02:00:5e:00:53:01). */
    public static byte[] parseMac(String text) {
        String t = text.trim();
        if (!t.matches("[0-9A-Fa-f]{1,2}([:-][0-9A-Fa-f]{1,2}){5}"))
            throw new IllegalArgumentException(
                    "not a MAC address: " + net.mptcpscan.io.Text.quote(text));
        String[] p = t.split("[:-]");
        byte[] m = new byte[6];
        for (int i = 0; i < 6; i++) m[i] = (byte) Integer.parseInt(p[i], 16);
        return m;
    }
}
