package net.mptcpscan.report;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.mptcpscan.TestSupport;
import net.mptcpscan.classify.Classification;
import net.mptcpscan.classify.ReplyClass;
import net.mptcpscan.store.JdbcResultStore;
import net.mptcpscan.store.ReplyRecord;
import net.mptcpscan.store.ScanRecord;
import net.mptcpscan.store.ScanSource;
import net.mptcpscan.wire.AddressParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * report --html: a page that renders in a real browser (headless Chromium: a screenshot that is not
 * blank, the headings and figures in the DOM) and holds the report's figures.
 */
class HtmlReportTest {
    @TempDir static Path dir;
    static String html;

    static ReplyRecord reply(String a, int port, ReplyClass c, Integer version) {
        Classification cl =
                version == null
                        ? Classification.of(c)
                        : new Classification(
                                c, null, version, version == 1 ? 0x81 : 0xa1, 1L, Set.of());
        return new ReplyRecord(
                AddressParser.parse(a),
                port,
                40000,
                version == null ? 1 : version,
                cl,
                60,
                1,
                "SA",
                1);
    }

    static long scan(JdbcResultStore s, long startMillis, List<ReplyRecord> rows) throws Exception {
        long id =
                s.beginScan(
                        ScanRecord.starting(
                                new ScanRecord.Header(
                                        "census", ScanSource.SCAN, 1, 0, 1, "lab", "t"),
                                startMillis,
                                10,
                                "{}"));
        s.append(id, rows);
        return id;
    }

    @BeforeAll
    static void twoScansOfALabel() throws Exception {
        try (JdbcResultStore s = JdbcResultStore.open(dir.resolve("db").toString())) {
            scan(
                    s,
                    1_764_000_000_000L,
                    List.of(
                            reply("198.18.1.1", 443, ReplyClass.TCP, null),
                            reply("198.18.1.2", 443, ReplyClass.MPTCP, 1),
                            reply("2001:2::1", 443, ReplyClass.TCP, null)));
            long b =
                    scan(
                            s,
                            1_766_600_000_000L,
                            List.of(
                                    reply("198.18.1.1", 443, ReplyClass.MPTCP, 1),
                                    reply("198.18.1.2", 443, ReplyClass.MPTCP, 1),
                                    reply("198.18.1.3", 80, ReplyClass.ECHO, null),
                                    reply("2001:2::1", 443, ReplyClass.MPTCP, 0),
                                    reply("2001:2::1", 443, ReplyClass.MPTCP, 1)));
            ScanReport r = ReportService.build(s, s.scan(String.valueOf(b)), null);
            html = ReportService.html(s, r, null);
        }
    }

    @Test
    void thePageHoldsTheReportsFigures() {
        assertTrue(html.startsWith("<!DOCTYPE html>"));
        assertTrue(html.contains("id=\"verdict-mptcp\">3<"), "3 genuine targets");
        assertTrue(html.contains("id=\"version-v0,1\">1<"), "one dual-version server");
        assertTrue(html.contains("id=\"ipv6-mptcp\">1<"), "per family");
        assertTrue(
                html.contains("id=\"gained\">2<"),
                "198.18.1.1 and 2001:2::1 became MPTCP since scan 1");
        assertTrue(html.contains("<h2>Compared with scan 1</h2>"));
        assertTrue(html.contains("<h2>Trend</h2>") && html.contains("share of the targets"));
        assertFalse(html.contains("<script"), "no JavaScript");
        assertFalse(html.matches("(?s).*(src|href)=\"https?:.*"), "nothing fetched");
    }

    @Test
    void headlessChromiumRendersIt() throws Exception {
        TestSupport.requireTool("chromium");
        Path page = dir.resolve("report.html"), png = dir.resolve("shot.png");
        Files.writeString(page, html, StandardCharsets.UTF_8);
        String dom =
                TestSupport.run(
                        "chromium",
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--dump-dom",
                        page.toUri().toString());
        for (String heading :
                List.of(
                        "Verdicts",
                        "IPv4 and IPv6",
                        "MPTCP servers by version",
                        "Per port",
                        "Trend"))
            assertTrue(dom.contains("<h2>" + heading), heading + " in the rendered DOM");
        assertTrue(dom.contains("id=\"verdict-mptcp\">3<"), "the figure in the DOM");
        TestSupport.run(
                "chromium",
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                "--window-size=1100,1600",
                "--screenshot=" + png,
                page.toUri().toString());
        BufferedImage img = javax.imageio.ImageIO.read(png.toFile());
        assertNotNull(img, "a PNG screenshot");
        Set<Integer> colors = new HashSet<>();
        long ink = 0;
        for (int y = 0; y < img.getHeight(); y += 2)
            for (int x = 0; x < img.getWidth(); x += 2) {
                int rgb = img.getRGB(x, y) & 0xFFFFFF;
                colors.add(rgb);
                if (rgb != 0xFFFFFF) ink++;
            }
        assertTrue(ink > 5_000, "not blank: " + ink + " non-white samples");
        assertTrue(colors.size() > 20, "text and coloured charts: " + colors.size() + " colours");
    }
}
