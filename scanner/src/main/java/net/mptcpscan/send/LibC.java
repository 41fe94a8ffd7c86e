package net.mptcpscan.send;

import jnr.ffi.LastError;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.SaveError;

/** The few libc calls raw sending and the testbed need, bound through jnr-ffi. */
public interface LibC {
    int AF_INET = 2,
            AF_INET6 = 10,
            IPPROTO_IPV6 = 41,
            IPV6_V6ONLY = 26,
            AF_PACKET = 17,
            SOCK_STREAM = 1,
            SOCK_RAW = 3,
            IPPROTO_MPTCP = 262;
    int SOL_SOCKET = 1,
            SO_SNDBUF = 7,
            SO_REUSEADDR = 2,
            SO_SNDBUFFORCE = 32,
            SOL_PACKET = 263,
            PACKET_QDISC_BYPASS = 20;
    int EPERM = 1, EINTR = 4, EAGAIN = 11, ENOBUFS = 105, EACCES = 13, ENODEV = 19;

    @SaveError
    int socket(int domain, int type, int protocol);

    @SaveError
    int bind(int fd, Pointer addr, int len);

    @SaveError
    int listen(int fd, int backlog);

    @SaveError
    int sendmmsg(int fd, Pointer msgvec, int vlen, int flags);

    @SaveError
    int setsockopt(int fd, int level, int optname, Pointer optval, int optlen);

    @SaveError
    int close(int fd);

    @SaveError
    int accept(int fd, Pointer addr, Pointer addrlen);

    @SaveError
    int if_nametoindex(String name);

    String strerror(int errnum);

    final class Holder {
        private Holder() {}

        static final LibC LIBC = LibraryLoader.create(LibC.class).load("c");
        static final Runtime RUNTIME = Runtime.getRuntime(LIBC);
    }

    static LibC get() {
        return Holder.LIBC;
    }

    static Runtime runtime() {
        return Holder.RUNTIME;
    }

    static int errno() {
        return LastError.getLastError(Holder.RUNTIME);
    }

    static String error() {
        int e = errno();
        return Holder.LIBC.strerror(e) + " (errno " + e + ")";
    }
}
