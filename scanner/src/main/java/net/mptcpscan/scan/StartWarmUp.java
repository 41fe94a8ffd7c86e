package net.mptcpscan.scan;

/**
 * Loads what a live scan's start needs on the second core while the main thread parses the command
 * line, checks the configuration and plans the targets: the native bindings of the raw socket
 * (jnr-ffi generates its glue at run time) and of libpcap (JNA), and the JSON serializers of the
 * stored configuration. All are felt as the time to the first probe. Nothing is opened or created:
 * a scan that stops on bad input leaves no socket and no file. (The database itself opens on its
 * own thread: {@link StoreOpening}.)
 */
public final class StartWarmUp {
    private StartWarmUp() {}

    /** The native bindings: begun before the command line is parsed (picocli's 0.1-0.2 s). */
    public static void natives() {
        start(
                "mptcpscan-warmup",
                () -> {
                    net.mptcpscan.send.AfPacketSink.bindLibrary();
                    org.pcap4j.core.Pcaps.libVersion();
                });
    }

    /** The stored configuration's serializers, once the request is known. */
    static void json(ScanRequest request) {
        start("mptcpscan-warmup-json", () -> StoredWalk.warmUp(request));
    }

    private static void start(String name, Runnable work) {
        Thread t =
                new Thread(
                        () -> {
                            try {
                                work.run();
                            } catch (LinkageError | RuntimeException ignored) {
                                // only a warm-up: opening the socket or the capture says why
                            }
                        },
                        name);
        t.setDaemon(true);
        t.start();
    }
}
