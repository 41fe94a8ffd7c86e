package net.mptcpscan.report.output;

import static org.junit.jupiter.api.Assertions.*;

import java.util.HashMap;
import java.util.Map;
import net.mptcpscan.report.ExportRows;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * zmap's --output-filter syntax: what passes, what does not, and what is refused with its reason.
 */
class OutputFilterTest {
    /** A SYN-ACK from 198.18.1.1:443, the first of its target, with the MPTCP verdict. */
    static Map<String, Object> row() {
        Map<String, Object> r = new HashMap<>();
        r.put("saddr", "198.18.1.1");
        r.put("sport", 443);
        r.put("success", true);
        r.put("repeat", false);
        r.put("classification", "synack");
        r.put("class", "mptcp");
        r.put("ttl", 64);
        r.put("c_bit", false);
        r.put("tcpopt_mss", null);
        return r;
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(
            delimiter = ';',
            value = {
                "success = 1 && repeat = 0;true",
                "success = 0;false",
                "success=1&&repeat=0;true",
                "repeat = 1 || success = 1;true",
                "repeat = 1 || success = 0;false",
                "repeat = 1 && success = 1 || ttl = 64;true",
                "repeat = 1 && (success = 1 || ttl = 64);false",
                "classification = synack;true",
                "classification != synack;false",
                "class = mptcp && c_bit = 0;true",
                "saddr = 198.18.1.1;true",
                "saddr = \"198.18.1.2\";false",
                "ttl > 63 && ttl < 65 && ttl >= 64 && ttl <= 64;true",
                "ttl != 64;false",
                "sport = 80 || sport = 443;true",
                "tcpopt_mss = 1460;false",
                "tcpopt_mss != 1460;false",
            })
    void evaluatesAsZmapDoes(String filter, boolean passes) {
        OutputFilter f = OutputFilterParser.parse(filter, ExportRows.LIVE_TYPES);
        assertEquals(passes, f.test(row()::get));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(
            delimiter = ';',
            value = {
                "sucess = 1;no field 'sucess'",
                "success;a comparison",
                "success = ;a value after success = is missing",
                "success == 1;not '='",
                "saddr > 198.18.1.1;strings compare only with = and !=",
                "saddr = 5;is a string",
                "ttl = abc;is a number",
                "repeat = yes;is a bool",
                "(success = 1;')' is missing",
                "success = 1 repeat = 0;unexpected 'repeat'",
                "success = 1 & repeat = 0;unexpected character '&'",
                "saddr = \"198.18;closing quote",
                "ttl = 99999999999999999999;too large",
                "= 1;is not a field name",
            })
    void refusesWithItsReason(String filter, String reason) {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> OutputFilterParser.parse(filter, ExportRows.LIVE_TYPES));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(
            delimiter = ';',
            value = {
                "success = 1 && repeat = 0;true",
                "repeat = 0;true",
                "repeat != 1;true",
                "repeat < 1;true",
                "success = 1;false",
                "repeat = 0 || success = 1;false",
                "repeat = 0 || repeat != 1;true",
                "repeat = 1;false",
            })
    void knowsWhenRepeatsCannotPass(String filter, boolean excludes) {
        assertEquals(
                excludes,
                OutputFilterParser.parse(filter, ExportRows.LIVE_TYPES).excludesRepeats());
    }

    @ParameterizedTest(name = "[{index}] ''{0}''")
    @CsvSource(value = {"''", "'   '"})
    void anEmptyFilterLetsEverythingThrough(String filter) {
        assertNull(OutputFilterParser.parse(filter, ExportRows.LIVE_TYPES));
    }
}
