package net.mptcpscan.targets;

/**
 * The allowed addresses of a scan, addressable by rank: ranges (CIDRs) or an explicit list (-I).
 */
public interface AddressSource {
    long size();

    /** The address of the given rank, 0 <= rank < size(). */
    int addressAt(long rank);
}
