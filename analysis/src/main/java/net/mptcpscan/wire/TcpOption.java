package net.mptcpscan.wire;

import java.util.Arrays;

/** One TCP option as found in a segment: immutable, with the kinds a scanner meets named. */
public sealed interface TcpOption
        permits TcpOption.EndOfList,
                TcpOption.Nop,
                TcpOption.Mss,
                TcpOption.WindowScale,
                TcpOption.SackPermitted,
                TcpOption.Sack,
                TcpOption.Timestamps,
                TcpOption.Unknown,
                MptcpOption {

    int KIND_EOL = 0,
            KIND_NOP = 1,
            KIND_MSS = 2,
            KIND_WSCALE = 3,
            KIND_SACK_PERM = 4,
            KIND_SACK = 5,
            KIND_TIMESTAMPS = 8,
            KIND_MPTCP = 30;

    int kind();

    /** Bytes the option occupies on the wire, kind and length bytes included. */
    int length();

    record EndOfList() implements TcpOption {
        public int kind() {
            return KIND_EOL;
        }

        public int length() {
            return 1;
        }
    }

    record Nop() implements TcpOption {
        public int kind() {
            return KIND_NOP;
        }

        public int length() {
            return 1;
        }
    }

    record Mss(int mss) implements TcpOption {
        public int kind() {
            return KIND_MSS;
        }

        public int length() {
            return 4;
        }
    }

    record WindowScale(int shift) implements TcpOption {
        public int kind() {
            return KIND_WSCALE;
        }

        public int length() {
            return 3;
        }
    }

    record SackPermitted() implements TcpOption {
        public int kind() {
            return KIND_SACK_PERM;
        }

        public int length() {
            return 2;
        }
    }

    /** SACK blocks as (left, right) pairs of unsigned 32-bit edges. */
    record Sack(long[] edges) implements TcpOption {
        public Sack {
            edges = edges.clone();
        }

        public long[] edges() {
            return edges.clone();
        }

        public int kind() {
            return KIND_SACK;
        }

        public int length() {
            return 2 + edges.length * 4;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Sack s && Arrays.equals(edges, s.edges);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(edges);
        }
    }

    record Timestamps(long tsval, long tsecr) implements TcpOption {
        public int kind() {
            return KIND_TIMESTAMPS;
        }

        public int length() {
            return 10;
        }
    }

    /** Any other kind, its payload kept verbatim (an echoed experimental option is evidence). */
    record Unknown(int kind, byte[] data) implements TcpOption {
        public Unknown {
            data = data.clone();
        }

        public byte[] data() {
            return data.clone();
        }

        public int length() {
            return 2 + data.length;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Unknown u && u.kind == kind && Arrays.equals(data, u.data);
        }

        @Override
        public int hashCode() {
            return kind * 31 + Arrays.hashCode(data);
        }
    }
}
