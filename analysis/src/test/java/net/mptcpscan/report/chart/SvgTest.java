package net.mptcpscan.report.chart;

import static org.junit.jupiter.api.Assertions.*;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Axis ticks people can read, and text that cannot break out of the markup. */
class SvgTest {
    @ParameterizedTest(name = "max {0} in about {1} steps: step {2}")
    @CsvSource({
        "100, 5, 20",
        "7, 5, 2",
        "0.37, 5, 0.1",
        "3300000, 5, 1000000",
        "1, 4, 0.5",
        "12, 5, 5",
    })
    void stepsAreOneTwoOrFiveTimesAPowerOfTen(double max, int n, double step) {
        assertEquals(step, Svg.niceStep(max, n), step * 1e-9);
    }

    @Test
    void ticksStartAtZeroAndReachTheMaximum() {
        assertEquals(List.of(0.0, 20.0, 40.0, 60.0, 80.0, 100.0), Svg.ticks(93, 5));
    }

    @Test
    void logTicksArePowersOfTenAroundTheData() {
        assertEquals(List.of(1.0, 10.0, 100.0, 1000.0), Svg.logTicks(3, 540));
    }

    @Test
    void textIsEscaped() {
        assertEquals("a&lt;b&gt; &amp; &quot;c&quot;", Svg.esc("a<b> & \"c\""));
        String svg = Svg.bars("<script>", List.of("x<y"), List.of(5L), "#000");
        assertFalse(svg.contains("<script>"));
        assertFalse(svg.contains("x<y"));
    }

    @Test
    void aLogChartLeavesOutZerosInsteadOfDrawingMinusInfinity() {
        Map<String, double[]> s = new LinkedHashMap<>();
        s.put("mptcp", new double[] {0, 10, 1000});
        String svg = Svg.lines("t", new long[] {0, 86_400_000L, 2 * 86_400_000L}, s, true, "");
        assertEquals(2, svg.split("<circle").length - 1, "two points drawn: " + svg);
        assertFalse(svg.contains("Infinity") || svg.contains("NaN"));
    }
}
