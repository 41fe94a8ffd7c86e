package net.mptcpscan.cli;

import sun.misc.Signal;

/** Ctrl-C and SIGTERM stop a scan gracefully instead of killing the JVM at once. */
final class Signals {
    private Signals() {}

    static void onInterrupt(Runnable r) {
        for (String name : new String[] {"INT", "TERM"}) {
            try { Signal.handle(new Signal(name), s -> r.run()); } catch (IllegalArgumentException ignored) { }
        }
    }
}
