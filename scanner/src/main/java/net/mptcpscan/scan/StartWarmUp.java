package net.mptcpscan.scan;

/**
 * Loads what a live scan's start needs on the second core while the main thread checks the
 * configuration and plans the targets: the native bindings of the raw socket and of libpcap (JNA),
 * and the JSON writer of the stored configuration. All are felt as the time to the first probe.
 * Nothing is opened or created: a scan that stops on bad input leaves no socket and no file. (The
 * database itself opens on its own thread: {@link StoreOpening}.)
 */
final class StartWarmUp {
    private StartWarmUp() {}

    static void start(ScanRequest request) {
        Thread t =
                new Thread(
                        () -> {
                            try {
                                net.mptcpscan.send.AfPacketSink.bindLibrary();
                                org.pcap4j.core.Pcaps.libVersion();
                                StoredWalk.warmUp(request);
                            } catch (LinkageError | RuntimeException ignored) {
                                // only a warm-up: opening the socket or the capture says why
                            }
                        },
                        "mptcpscan-warmup");
        t.setDaemon(true);
        t.start();
    }
}
