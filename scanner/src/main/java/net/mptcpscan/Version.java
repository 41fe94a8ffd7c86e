package net.mptcpscan;

/** The version of this build (from the Maven project, filtered into version.properties). */
public final class Version {
    private Version() {}

    public static final String VERSION = load();

    private static String load() {
        try (var in = Version.class.getResourceAsStream("/mptcpscan-version.properties")) {
            var p = new java.util.Properties();
            if (in != null) p.load(in);
            return p.getProperty("version", "dev");
        } catch (java.io.IOException e) {
            return "dev";
        }
    }
}
