package net.mptcpscan.testbed;

import java.util.ArrayList;
import java.util.List;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import net.mptcpscan.send.LibC;

/**
 * Listening sockets for the testbed's kernel-served hosts: IPPROTO_MPTCP (the kernel's own MPTCP v1
 * stack, what a real deployment runs) or plain TCP. Like a real server they accept and close what
 * completes the handshake (stage 2): a full accept queue would make the kernel drop new SYNs.
 */
public final class Listeners {
    private Listeners() {}

    public static List<Integer> open(int protocol, int[] ports) {
        LibC c = LibC.get();
        List<Integer> fds = new ArrayList<>();
        for (int port : ports) {
            int fd = c.socket(LibC.AF_INET, LibC.SOCK_STREAM, protocol);
            if (fd < 0)
                throw new IllegalStateException(
                        "socket("
                                + (protocol == LibC.IPPROTO_MPTCP ? "IPPROTO_MPTCP" : "TCP")
                                + ") failed: "
                                + LibC.error()
                                + (protocol == LibC.IPPROTO_MPTCP
                                        ? " (is net.mptcp.enabled 1?)"
                                        : ""));
            Pointer one = Memory.allocateDirect(LibC.runtime(), 4, true);
            one.putInt(0, 1);
            c.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_REUSEADDR, one, 4);
            Pointer sin = Memory.allocateDirect(LibC.runtime(), 16, true);
            sin.putShort(0, (short) LibC.AF_INET);
            sin.putShort(2, Short.reverseBytes((short) port));
            if (c.bind(fd, sin, 16) < 0)
                throw new IllegalStateException(
                        "bind to port " + port + " failed: " + LibC.error());
            if (c.listen(fd, 4096) < 0)
                throw new IllegalStateException(
                        "listen on port " + port + " failed: " + LibC.error());
            fds.add(fd);
            Thread t = new Thread(() -> acceptAndClose(fd), "testbed-accept-" + port);
            t.setDaemon(true);
            t.start();
        }
        return fds;
    }

    private static void acceptAndClose(int fd) {
        LibC c = LibC.get();
        while (true) {
            int conn = c.accept(fd, null, null);
            if (conn >= 0) c.close(conn);
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
