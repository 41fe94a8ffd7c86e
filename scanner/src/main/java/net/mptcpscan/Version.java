package net.mptcpscan;

/** The version of this build (from the Maven project, filtered into version.properties). */
public final class Version {
    private Version() {}

    public static final String VERSION = load("version", "dev");

    /** The git commit the jar was built from ("unknown" when built outside scripts/). */
    public static final String COMMIT = load("commit", "unknown");

    private static String load(String key, String otherwise) {
        try (var in = Version.class.getResourceAsStream("/mptcpscan-version.properties")) {
            var p = new java.util.Properties();
            if (in != null) p.load(in);
            return p.getProperty(key, otherwise);
        } catch (java.io.IOException e) {
            return otherwise;
        }
    }
}
