package net.mptcpscan.testbed;

import com.sun.jna.Memory;
import java.util.ArrayList;
import java.util.List;
import net.mptcpscan.send.LibC;

/**
 * Listening sockets for the testbed's kernel-served hosts: IPPROTO_MPTCP (the kernel's own MPTCP v1
 * stack, what a real deployment runs) or plain TCP. Like a real server they accept and close what
 * completes the handshake (stage 2): a full accept queue would make the kernel drop new SYNs.
 */
public final class Listeners {
    private Listeners() {}

    /**
     * Listens on every port over IPv4 and, where the namespace has IPv6, over IPv6 too (a second,
     * IPv6-only socket: the IPv4 one stays exactly as before).
     */
    public static List<Integer> open(int protocol, int[] ports) {
        List<Integer> fds = new ArrayList<>();
        for (int port : ports) {
            fds.add(listen(LibC.AF_INET, protocol, port));
            try {
                fds.add(listen(LibC.AF_INET6, protocol, port));
            } catch (IllegalStateException noIpv6) {
                System.err.println("testbed-serve: no IPv6 listener: " + noIpv6.getMessage());
            }
        }
        return fds;
    }

    private static int listen(int family, int protocol, int port) {
        int fd = LibC.socket(family, LibC.SOCK_STREAM, protocol);
        if (fd < 0)
            throw new IllegalStateException(
                    "socket("
                            + (family == LibC.AF_INET6 ? "AF_INET6, " : "")
                            + (protocol == LibC.IPPROTO_MPTCP ? "IPPROTO_MPTCP" : "TCP")
                            + ") failed: "
                            + LibC.error()
                            + (protocol == LibC.IPPROTO_MPTCP ? " (is net.mptcp.enabled 1?)" : ""));
        Memory one = new Memory(4);
        one.setInt(0, 1);
        LibC.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_REUSEADDR, one, 4);
        Memory sa;
        int len;
        if (family == LibC.AF_INET6) {
            LibC.setsockopt(fd, LibC.IPPROTO_IPV6, LibC.IPV6_V6ONLY, one, 4);
            // sockaddr_in6: family, port, flow info, :: (zeros), scope id
            len = 28;
        } else {
            len = 16;
        }
        sa = new Memory(len);
        sa.clear();
        sa.setShort(0, (short) family);
        sa.setShort(2, Short.reverseBytes((short) port));
        if (LibC.bind(fd, sa, len) < 0) {
            String why = LibC.error();
            LibC.close(fd);
            throw new IllegalStateException("bind to port " + port + " failed: " + why);
        }
        if (LibC.listen(fd, 4096) < 0)
            throw new IllegalStateException("listen on port " + port + " failed: " + LibC.error());
        Thread t = new Thread(() -> acceptAndClose(fd), "testbed-accept-" + port);
        t.setDaemon(true);
        t.start();
        return fd;
    }

    private static void acceptAndClose(int fd) {
        while (true) {
            int conn = LibC.accept(fd, null, null);
            if (conn >= 0) LibC.close(conn);
            else if (LibC.errno() != LibC.EINTR) {
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }
}
