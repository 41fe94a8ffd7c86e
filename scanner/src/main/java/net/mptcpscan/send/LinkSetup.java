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
import net.mptcpscan.wire.Ipv4;

/**
 * Finds what zmap asks for when it is not given: the interface of the default route, its IPv4
 * address and MAC, and the gateway's MAC from the neighbour table, all from the current network
 * namespace's own /proc/net and /sys tables.
 */
public final class LinkSetup {
    private LinkSetup() {}

    public record Link(
            String iface, int sourceIp, byte[] sourceMac, int gateway, byte[] gatewayMac) {}

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
                gatewayMac = neighbour(gw, iface);
                for (int i = 0; i < 10 && gatewayMac == null; i++) {
                    poke(gw);
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                    gatewayMac = neighbour(gw, iface);
                }
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
