package net.mptcpscan.send;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * JNA is told where versioned libraries live, so its first use runs no ldconfig; a path the user
 * gave is kept.
 */
class JnaSetupTest {
    String before;

    @BeforeEach
    void save() {
        before = System.getProperty(JnaSetup.PLATFORM_PATH);
    }

    @AfterEach
    void restore() {
        if (before == null) System.clearProperty(JnaSetup.PLATFORM_PATH);
        else System.setProperty(JnaSetup.PLATFORM_PATH, before);
    }

    @Test
    void theLoadersOwnDirectoriesAreNamed() {
        System.clearProperty(JnaSetup.PLATFORM_PATH);
        JnaSetup.beforeFirstUse();
        String path = System.getProperty(JnaSetup.PLATFORM_PATH);
        assertNotNull(path, "no path: JNA would run ldconfig");
        String arch = System.getProperty("os.arch");
        assertTrue(
                path.startsWith(
                        "/usr/lib/" + ("amd64".equals(arch) ? "x86_64" : arch) + "-linux-gnu:"),
                path);
        assertTrue(path.endsWith(":/usr/lib:/lib"), path);
    }

    @Test
    void aPathTheUserGaveIsKept() {
        System.setProperty(JnaSetup.PLATFORM_PATH, "/opt/pcap/lib");
        JnaSetup.beforeFirstUse();
        assertEquals("/opt/pcap/lib", System.getProperty(JnaSetup.PLATFORM_PATH));
    }
}
