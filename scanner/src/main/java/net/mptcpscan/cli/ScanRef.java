package net.mptcpscan.cli;

import net.mptcpscan.io.Text;
import picocli.CommandLine;

/**
 * A scan as the user names it: its number, "latest", or a campaign ("campaign:NAME": the campaign's
 * shards read as one scan). Parsed strictly, so a typo is bad input, not "no such scan".
 */
public record ScanRef(long id, String campaign) {
    public static final ScanRef LATEST = new ScanRef(0, null);

    /** The prefix naming a campaign where a scan is expected. */
    public static final String CAMPAIGN = "campaign:";

    public boolean latest() {
        return id == 0 && campaign == null;
    }

    public boolean isCampaign() {
        return campaign != null;
    }

    /** The form the store takes (scans only). */
    public String text() {
        return latest() ? "latest" : Long.toString(id);
    }

    @Override
    public String toString() {
        return isCampaign() ? CAMPAIGN + campaign : text();
    }

    public static ScanRef parse(String s) {
        if (s.equals("latest")) return LATEST;
        if (s.startsWith(CAMPAIGN)) {
            String name = s.substring(CAMPAIGN.length());
            Text.requireName("the campaign", name);
            return new ScanRef(0, name);
        }
        if (s.matches("[0-9]{1,18}")) {
            long id = Long.parseLong(s);
            if (id > 0) return new ScanRef(id, null);
        }
        throw new IllegalArgumentException(
                "a scan is its number (1, 2, ...; see 'mptcpscan scans'), 'latest' or"
                        + " 'campaign:NAME', not "
                        + Text.quote(s));
    }

    /** For picocli: the message becomes "Invalid value for option '--scan': ...". */
    public static final class Converter implements CommandLine.ITypeConverter<ScanRef> {
        @Override
        public ScanRef convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
