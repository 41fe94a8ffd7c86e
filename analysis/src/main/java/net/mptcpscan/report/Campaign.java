package net.mptcpscan.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import net.mptcpscan.store.ScanRecord;
import net.mptcpscan.store.ScanStatus;

/**
 * One vantage's view of a campaign: which of its shards are there, which are missing or not
 * finished, and the scans it reads. A campaign is the scans naming it (or, naming none, having it
 * as their label); shards of one scan share a seed, and the same scan from another vantage is kept
 * apart (echoes and strippers depend on the path).
 */
public record Campaign(
        String name,
        String vantage,
        int shards,
        List<String> vantages,
        List<ScanRecord> used,
        List<Integer> missing,
        List<ScanRecord> unfinished,
        List<ScanRecord> superseded,
        boolean seedsDiffer) {

    /** Whether every shard is there and complete. */
    public boolean whole() {
        return missing.isEmpty() && unfinished.isEmpty() && !seedsDiffer;
    }

    /** One line on what is there: "3 of 3 shards, complete" or what is missing. */
    public String state() {
        StringBuilder b =
                new StringBuilder()
                        .append(shards - missing.size())
                        .append(" of ")
                        .append(shards)
                        .append(shards == 1 ? " shard" : " shards");
        if (whole()) return b.append(", complete").toString();
        if (!missing.isEmpty())
            b.append("; missing shard")
                    .append(missing.size() == 1 ? " " : "s ")
                    .append(join(missing));
        for (ScanRecord s : unfinished)
            b.append("; shard ")
                    .append(s.shard())
                    .append(' ')
                    .append(s.status().wireName)
                    .append(" (scan ")
                    .append(s.id())
                    .append(')');
        if (seedsDiffer)
            b.append(
                    "; shards scanned with different seeds (their targets may overlap or leave"
                            + " gaps)");
        return b.toString();
    }

    private static String join(List<Integer> xs) {
        return String.join(", ", xs.stream().map(String::valueOf).toList());
    }

    /**
     * The vantages that scanned a campaign, by name (none, null, first): the same order whichever
     * scanner started first.
     */
    public static List<String> vantages(List<ScanRecord> all, String name) {
        Set<String> v = new java.util.TreeSet<>(Comparator.nullsFirst(Comparator.naturalOrder()));
        for (ScanRecord s : all) if (name.equals(s.campaign())) v.add(s.vantage());
        return new ArrayList<>(v);
    }

    /**
     * The scans a campaign is read from, from one vantage: for each shard the newest scan (a shard
     * scanned again supersedes its earlier scan). Throws IllegalArgumentException, worded for the
     * user, when there is no such campaign or it needs a vantage named.
     */
    public static ScanSet select(List<ScanRecord> all, String name, String vantage) {
        List<String> vantages = vantages(all, name);
        if (vantages.isEmpty()) throw new IllegalArgumentException("no campaign '" + name + "'");
        if (vantage == null && vantages.size() > 1)
            throw new IllegalArgumentException(
                    "campaign '"
                            + name
                            + "' was scanned from "
                            + vantages.size()
                            + " vantages ("
                            + String.join(
                                    ", ", vantages.stream().map(Campaign::vantageName).toList())
                            + "): name one with --vantage, or compare them with compare"
                            + " --by-vantage");
        if (vantage != null && !vantages.contains(vantage))
            throw new IllegalArgumentException(
                    "campaign '" + name + "' has no scan from vantage '" + vantage + "'");
        return ofVantage(all, name, vantage != null ? vantage : vantages.get(0));
    }

    /** The campaign as seen from exactly this vantage (null: the scans that named none). */
    public static ScanSet ofVantage(List<ScanRecord> all, String name, String v) {
        List<String> vantages = vantages(all, name);
        List<ScanRecord> mine =
                all.stream()
                        .filter(s -> name.equals(s.campaign()) && Objects.equals(v, s.vantage()))
                        .sorted(Comparator.comparingLong(ScanRecord::id))
                        .toList();
        if (mine.isEmpty())
            throw new IllegalArgumentException(
                    "campaign '" + name + "' has no scan from " + vantageName(v));
        // The newest scan decides how many shards the campaign has.
        int shards = mine.get(mine.size() - 1).shards();
        Map<Integer, ScanRecord> byShard = new TreeMap<>();
        List<ScanRecord> superseded = new ArrayList<>();
        for (ScanRecord s : mine) {
            if (s.shards() != shards) {
                superseded.add(s);
                continue;
            }
            ScanRecord before = byShard.put(s.shard(), s);
            if (before != null) superseded.add(before);
        }
        List<Integer> missing = new ArrayList<>();
        for (int i = 0; i < shards; i++) if (!byShard.containsKey(i)) missing.add(i);
        List<ScanRecord> used = new ArrayList<>(byShard.values());
        List<ScanRecord> unfinished =
                used.stream().filter(s -> s.status() != ScanStatus.COMPLETE).toList();
        boolean seedsDiffer = used.stream().mapToLong(ScanRecord::seed).distinct().count() > 1;
        Campaign c =
                new Campaign(
                        name,
                        v,
                        shards,
                        vantages,
                        used,
                        missing,
                        unfinished,
                        superseded,
                        seedsDiffer);
        return new ScanSet(used, c);
    }

    static String vantageName(String v) {
        return v == null ? "no vantage named" : v;
    }
}
