package net.mptcpscan.classify;

import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import net.mptcpscan.wire.MptcpOption.AddAddr;

/**
 * Proof that an ADD_ADDR came from the host that owns the connection's keys (RFC 8684 3.4.1):
 * HMAC-SHA256 with key = the sender's key || the receiver's key (network order) over address id ||
 * address || port (0 without one); the option carries the rightmost 64 bits. Linux before mid-2020
 * sent the leftmost 64 bits: told apart as {@link Verdict#VALID_LEGACY}. An HMAC that matches
 * neither is evidence of a middlebox forging or rewriting announcements.
 */
public final class AddAddrHmac {
    private AddAddrHmac() {}

    /** The HMAC verdict of one announcement; wireName is the public name (results-schema). */
    public enum Verdict {
        VALID("valid"),
        VALID_LEGACY("valid-legacy"),
        INVALID("invalid"),
        /** Nothing to check: a v0 ADD_ADDR, the echo form, or keys the capture did not show. */
        NONE("none");

        public final String wireName;

        Verdict(String wireName) {
            this.wireName = wireName;
        }

        @Override
        public String toString() {
            return wireName;
        }
    }

    /** The full 32-byte HMAC of an announcement by the host whose key is senderKey. */
    public static byte[] hmac(
            long senderKey, long receiverKey, int addressId, byte[] address, int port) {
        byte[] key = new byte[16];
        for (int i = 0; i < 8; i++) {
            key[i] = (byte) (senderKey >>> (56 - 8 * i));
            key[8 + i] = (byte) (receiverKey >>> (56 - 8 * i));
        }
        byte[] msg = new byte[1 + address.length + 2];
        msg[0] = (byte) addressId;
        System.arraycopy(address, 0, msg, 1, address.length);
        msg[msg.length - 2] = (byte) (port >>> 8);
        msg[msg.length - 1] = (byte) port;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(msg);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    /** The verdict for an ADD_ADDR sent by the host with senderKey; null keys give NONE. */
    public static Verdict verify(AddAddr a, Long senderKey, Long receiverKey) {
        if (a.version() < 1
                || a.echo()
                || a.hmac() == null
                || senderKey == null
                || receiverKey == null) return Verdict.NONE;
        byte[] h =
                hmac(
                        senderKey,
                        receiverKey,
                        a.addressId(),
                        a.address().getAddress(),
                        Math.max(0, a.port()));
        long right = 0, left = 0;
        for (int i = 0; i < 8; i++) {
            left = (left << 8) | (h[i] & 0xFF);
            right = (right << 8) | (h[24 + i] & 0xFF);
        }
        long carried = a.hmac();
        return carried == right
                ? Verdict.VALID
                : carried == left ? Verdict.VALID_LEGACY : Verdict.INVALID;
    }
}
