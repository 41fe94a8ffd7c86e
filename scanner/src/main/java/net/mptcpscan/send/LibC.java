package net.mptcpscan.send;

import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * The few libc calls raw sending and the testbed need, bound by JNA's direct mapping (static native
 * methods registered once). JNA is here already for pcap4j; jnr-ffi, used before, generated its
 * glue at run time: 100-140 ms of CPU before each scan's first probe, where registering these
 * methods costs a few ms. A call costs a fraction of a microsecond, once per batch of frames.
 */
public final class LibC {
    private LibC() {}

    public static final int AF_INET = 2,
            AF_INET6 = 10,
            IPPROTO_IPV6 = 41,
            IPV6_V6ONLY = 26,
            AF_PACKET = 17,
            SOCK_STREAM = 1,
            SOCK_RAW = 3,
            IPPROTO_MPTCP = 262;
    public static final int SOL_SOCKET = 1,
            SO_SNDBUF = 7,
            SO_REUSEADDR = 2,
            SO_SNDBUFFORCE = 32,
            SOL_PACKET = 263,
            PACKET_QDISC_BYPASS = 20;
    public static final int EPERM = 1,
            EINTR = 4,
            EAGAIN = 11,
            ENOBUFS = 105,
            EACCES = 13,
            ENODEV = 19;

    static {
        Native.register(LibC.class, "c");
    }

    public static native int socket(int domain, int type, int protocol);

    public static native int bind(int fd, Pointer addr, int len);

    public static native int listen(int fd, int backlog);

    public static native int sendmmsg(int fd, Pointer msgvec, int vlen, int flags);

    public static native int setsockopt(int fd, int level, int optname, Pointer optval, int optlen);

    public static native int close(int fd);

    public static native int accept(int fd, Pointer addr, Pointer addrlen);

    public static native int if_nametoindex(String name);

    public static native String strerror(int errnum);

    /** Registers the methods (no call made): lets a start do it while it does other work. */
    public static void load() {
        // the class's initialisation registers them
    }

    /** errno as the calling thread's last call here left it (JNA keeps it per thread). */
    public static int errno() {
        return Native.getLastError();
    }

    public static String error() {
        int e = errno();
        return strerror(e) + " (errno " + e + ")";
    }
}
