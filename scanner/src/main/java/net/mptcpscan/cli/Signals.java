package net.mptcpscan.cli;

import sun.misc.Signal;

/** Ctrl-C and SIGTERM stop a scan gracefully instead of killing the JVM at once. */
final class Signals {
    private Signals() {}

    /** zmap's SIGUSR1 and SIGUSR2: the send rate up or down by 5% while the scan runs. */
    static void onRateChange(java.util.function.DoubleConsumer factor) {
        try {
            Signal.handle(new Signal("USR1"), s -> factor.accept(1.05));
        } catch (IllegalArgumentException ignored) {
        }
        try {
            Signal.handle(new Signal("USR2"), s -> factor.accept(1 / 1.05));
        } catch (IllegalArgumentException ignored) {
        }
    }

    static void onInterrupt(Runnable r) {
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                Signal.handle(new Signal(name), s -> r.run());
            } catch (IllegalArgumentException ignored) {
            }
        }
    }
}
