package net.mptcpscan.classify;

/** Signs, beside the class, that something on the path reflected our probe. Names are public. */
public enum Evidence {
    /** MP_CAPABLE identical to the one we sent. */
    MPC_ECHO("mpc-echo"),
    /** Our key came back with other bytes changed (flags, version or length). */
    PARTIAL_ECHO("partial-echo"),
    /** The peer's TSval equals the TSval we sent. */
    TSVAL_ECHO("tsval-echo"),
    /** The whole option area came back byte for byte. */
    ALL_OPTIONS_ECHO("all-options-echo"),
    /** An option kind no stack answers with (experimental, unknown) came back unchanged. */
    UNKNOWN_OPTION_ECHO("unknown-option-echo"),
    /** A v1 probe answered with a genuine v0 MP_CAPABLE: the server negotiated down. */
    VERSION_DOWNGRADE("version-downgrade");

    public final String wireName;

    Evidence(String wireName) {
        this.wireName = wireName;
    }

    /** Evidence names as stored ("mpc-echo,tsval-echo"); unknown names are skipped. */
    public static java.util.EnumSet<Evidence> parseList(String text) {
        java.util.EnumSet<Evidence> ev = java.util.EnumSet.noneOf(Evidence.class);
        for (String name : text.split(","))
            for (Evidence e : values()) if (e.wireName.equals(name)) ev.add(e);
        return ev;
    }

    @Override
    public String toString() {
        return wireName;
    }
}
