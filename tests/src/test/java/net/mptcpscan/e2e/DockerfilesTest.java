package net.mptcpscan.e2e;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Dockerfiles checked against the repository (no container engine runs here): what they run
 * exists and is executable, and the scanning image installs every package scripts/setup says
 * running needs, so the two cannot drift apart.
 */
class DockerfilesTest {
    static final Path DIR = Testbed.HOME.resolve("scripts/docker");

    static String read(String name) throws Exception {
        return Files.readString(DIR.resolve(name));
    }

    /** scripts/setup's packages=(...) list: what running needs. */
    static List<String> setupPackages() throws Exception {
        Matcher m =
                Pattern.compile("(?m)^packages=\\(([^)]*)\\)")
                        .matcher(Files.readString(Testbed.HOME.resolve("scripts/setup")));
        assertTrue(m.find(), "scripts/setup lists its packages");
        return Arrays.asList(m.group(1).trim().split("\\s+"));
    }

    @Test
    void theScanImageInstallsWhatSetupSaysRunningNeeds() throws Exception {
        String f = read("scan.Dockerfile");
        List<String> missing = new ArrayList<>();
        for (String p : setupPackages())
            if (!f.matches("(?s).*\\b" + Pattern.quote(p) + "\\b.*")) missing.add(p);
        assertEquals(List.of(), missing, "packages scripts/setup installs but the image does not");
    }

    @Test
    void theScanImageRunsTheDemoAfterSetup() throws Exception {
        String f = read("scan.Dockerfile");
        assertTrue(f.contains("RUN SKIP_APT=1 scripts/setup"), f);
        assertTrue(f.contains("ENTRYPOINT [\"scripts/demo\"]"), f);
        assertTrue(
                Files.isExecutable(Testbed.HOME.resolve("scripts/demo"))
                        && Files.isExecutable(Testbed.HOME.resolve("scripts/setup")));
    }

    @Test
    void theAnalyzeImageRunsUnprivilegedWhatTheBuildMade() throws Exception {
        String f = read("analyze.Dockerfile");
        assertTrue(f.contains("USER nobody"), "no root in the analysis image");
        Matcher m = Pattern.compile("COPY --from=build /opt/mptcpscan/(\\S+) ").matcher(f);
        int n = 0;
        while (m.find()) {
            n++;
            String path = m.group(1);
            assertTrue(
                    path.equals("scanner/target/mptcpscan.jar")
                            || Files.isExecutable(Testbed.HOME.resolve(path)),
                    "copied from the build: " + path);
        }
        assertEquals(2, n, "the jar and its wrapper");
        assertTrue(
                Files.exists(Testbed.HOME.resolve("scanner/target/mptcpscan.jar")),
                "the build makes the jar the image copies");
    }
}
