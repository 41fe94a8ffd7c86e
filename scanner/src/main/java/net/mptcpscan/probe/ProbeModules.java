package net.mptcpscan.probe;

import java.util.List;

/**
 * The probe modules by name, as zmap's probe_modules.c: each builds its SYN template from the
 * scan's constants. A new kind of probe (stage 2, IPv6) is a new entry here, not a new branch in
 * the scan service. `--mptcp-versions` names them by version: 1, 0, none.
 */
public enum ProbeModules {
    MPTCP_V1("mptcp-v1", "1", "SYN with MP_CAPABLE v1 (RFC 8684), no key: what Linux 5.6+ sends"),
    MPTCP_V0(
            "mptcp-v0",
            "0",
            "SYN with MP_CAPABLE v0 (RFC 6824) and a key derived per target, so an echoed key is"
                    + " recognised"),
    TCP_SYN("tcp-syn", "none", "the same SYN without MP_CAPABLE, as zmap's tcp_synscan");
    public final String moduleName, versionToken, description;

    ProbeModules(String moduleName, String versionToken, String description) {
        this.moduleName = moduleName;
        this.versionToken = versionToken;
        this.description = description;
    }

    public ProbeModule build(ProbeContext ctx) {
        return switch (this) {
            case MPTCP_V1 -> SynProbe.mptcpV1(ctx);
            case MPTCP_V0 -> SynProbe.mptcpV0(ctx);
            case TCP_SYN -> SynProbe.plain(ctx);
        };
    }

    /** The module --mptcp-versions names by 1, 0 or none; IllegalArgumentException otherwise. */
    public static ProbeModules byVersion(String token) {
        for (ProbeModules m : values()) if (m.versionToken.equals(token.trim())) return m;
        throw new IllegalArgumentException(
                "takes 1, 0 and none (a plain SYN), comma-separated, not "
                        + net.mptcpscan.io.Text.quote(token.trim()));
    }

    /** The modules of a --mptcp-versions list, in its order, each once. */
    public static List<ProbeModules> listed(String versions) {
        java.util.List<ProbeModules> out = new java.util.ArrayList<>();
        for (String t : versions.split(",", -1)) {
            if (t.isBlank() && versions.isBlank()) break;
            ProbeModules m = byVersion(t);
            if (!out.contains(m)) out.add(m);
        }
        if (out.isEmpty()) throw new IllegalArgumentException("the list is empty");
        return List.copyOf(out);
    }
}
