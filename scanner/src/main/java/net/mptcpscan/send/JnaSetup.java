package net.mptcpscan.send;

/**
 * JNA's first use runs {@code ldconfig -p} in a child process to learn where versioned libraries
 * live (NativeLibrary's static initializer), unless {@code jna.platform.library.path} names those
 * directories: about 17 ms on a scan's way to its first probe, on the thread that binds libc and
 * libpcap while the main one waits for them. The directories given are the ones JNA searches first
 * on Linux; libc is found by JNA's own name for it and libpcap by the dynamic loader
 * (scripts/mptcpscan names its file when only a versioned one is installed).
 */
public final class JnaSetup {
    static final String PLATFORM_PATH = "jna.platform.library.path";

    private JnaSetup() {}

    /** Before JNA's first use; a path the user gave wins. */
    public static void beforeFirstUse() {
        if (System.getProperty(PLATFORM_PATH) != null) return;
        if (!"Linux".equals(System.getProperty("os.name"))) return;
        String arch = System.getProperty("os.arch");
        String multiarch = ("amd64".equals(arch) ? "x86_64" : arch) + "-linux-gnu";
        System.setProperty(
                PLATFORM_PATH,
                String.join(
                        ":",
                        "/usr/lib/" + multiarch,
                        "/lib/" + multiarch,
                        "/usr/lib64",
                        "/lib64",
                        "/usr/lib",
                        "/lib"));
    }
}
