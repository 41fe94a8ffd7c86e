package net.mptcpscan.targets;

import net.mptcpscan.wire.Divisor;

/**
 * The (address, port) pairs of a scan: every allowed address times every target port, walked
 * through a seeded permutation. Index i of the permutation's image decodes as address rank i /
 * ports, port i % ports; ranks below the IPv4 count are IPv4 addresses, the rest IPv6 ones, so both
 * families share one walk (and its shards, threads and resume points).
 */
public final class TargetSpace {
    private final AddressSource addresses;
    private final Ipv6Targets addresses6;
    private final long v4Count;
    private final int[] ports;
    private final Divisor byPorts;
    private final long size;
    private final Permutation permutation;

    public TargetSpace(AddressSource addresses, int[] ports, long seed) {
        this(addresses, Ipv6Targets.NONE, ports, seed);
    }

    public TargetSpace(AddressSource addresses, Ipv6Targets addresses6, int[] ports, long seed) {
        if (ports.length == 0) throw new IllegalArgumentException("no target ports");
        this.addresses = addresses;
        this.addresses6 = addresses6;
        this.v4Count = addresses.size();
        this.ports = ports.clone();
        this.byPorts = new Divisor(ports.length);
        this.size = (v4Count + addresses6.size()) * ports.length;
        this.permutation = size == 0 ? null : new Permutation(size, seed);
    }

    public long size() {
        return size;
    }

    public AddressSource addresses() {
        return addresses;
    }

    public Ipv6Targets addresses6() {
        return addresses6;
    }

    /** Whether the target (an index of the walk's image) is an IPv6 one. */
    public boolean isV6(long target) {
        return isV6Rank(rank(target));
    }

    /** An IPv6 target's address into out[0] (high half) and out[1] (low half). */
    public void address6(long target, long[] out) {
        address6OfRank(rank(target), out);
    }

    /**
     * A target's address rank (target / ports): the sender divides once per target and passes the
     * rank to the *Rank methods below.
     */
    public long rank(long target) {
        return byPorts.quotient(target);
    }

    /** The port of a target whose rank is rank(target). */
    public int port(long target, long rank) {
        return ports[(int) (target - rank * ports.length)];
    }

    public boolean isV6Rank(long rank) {
        return rank >= v4Count;
    }

    public int addressOfRank(long rank) {
        return addresses.addressAt(rank);
    }

    public void address6OfRank(long rank, long[] out) {
        addresses6.addressAt(rank - v4Count, out);
    }

    public int[] ports() {
        return ports.clone();
    }

    /** The permuted target index for position x of the walk. */
    public long targetAt(long x) {
        return permutation.map(x);
    }

    public int address(long target) {
        return addressOfRank(rank(target));
    }

    public int port(long target) {
        return port(target, rank(target));
    }

    /**
     * The walk of one sender thread of one shard: positions shard + shards * (thread + threads * k)
     * for k = 0, 1, ... below size(). All (shard, thread) walks are disjoint and together cover
     * every position, hence (the permutation being a bijection) every target.
     */
    public final class Walk {
        private final long first, stride, limit;
        private long k;

        Walk(int shard, int shards, int thread, int threads, long startK, long maxTargets) {
            first = shard + (long) shards * thread;
            stride = (long) shards * threads;
            k = startK;
            limit = maxTargets;
        }

        /** The next target index, or -1 when this walk is done. */
        public long next() {
            if (k >= limit) return -1;
            long x = first + stride * k;
            if (x >= size()) return -1;
            k++;
            return targetAt(x);
        }

        public TargetSpace space() {
            return TargetSpace.this;
        }

        /** How many targets this walk has handed out so far (its resume point). */
        public long position() {
            return k;
        }

        /** The number of targets this walk hands out in all. */
        public long total() {
            long n = size() <= first ? 0 : (size() - first + stride - 1) / stride;
            return Math.min(n, limit);
        }
    }

    /** maxTargets is this walk's own cap (Long.MAX_VALUE for none). */
    public Walk walk(int shard, int shards, int thread, int threads, long startK, long maxTargets) {
        if (shards < 1 || shard < 0 || shard >= shards)
            throw new IllegalArgumentException("shard " + shard + " of " + shards);
        if (threads < 1 || thread < 0 || thread >= threads)
            throw new IllegalArgumentException("thread " + thread + " of " + threads);
        return new Walk(shard, shards, thread, threads, startK, maxTargets);
    }
}
