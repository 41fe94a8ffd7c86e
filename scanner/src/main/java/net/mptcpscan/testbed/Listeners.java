package net.mptcpscan.testbed;

import java.util.ArrayList;
import java.util.List;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import net.mptcpscan.send.LibC;

/**
 * Listening sockets for the testbed's kernel-served hosts: IPPROTO_MPTCP (the kernel's own MPTCP v1
 * stack, what a real deployment runs) or plain TCP. They never accept: a SYN scan only needs the
 * kernel to answer the handshake's first half.
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
        }
        return fds;
    }
}
