package net.mptcpscan.cli;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import net.mptcpscan.send.LibC;
import net.mptcpscan.targets.TargetParser;
import net.mptcpscan.testbed.Listeners;
import net.mptcpscan.testbed.Role;
import net.mptcpscan.testbed.TestbedServer;
import net.mptcpscan.wire.AddressParser;
import net.mptcpscan.wire.IpAddress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The testbed's hosts inside one namespace (started by scripts/testbed, never by users directly).
 */
@Command(
        name = "testbed-serve",
        mixinStandardHelpOptions = true,
        hidden = true,
        description = "Serve testbed hosts in the current network namespace until killed.")
public final class TestbedServeCommand implements Callable<Integer> {
    @Option(names = "--mptcp-listen", description = "ports with kernel MPTCP listeners")
    String mptcpPorts;

    @Option(names = "--tcp-listen", description = "ports with plain TCP listeners")
    String tcpPorts;

    @Option(names = "--emulate-on", description = "interface whose SYNs the emulated hosts answer")
    String iface;

    @Option(
            names = "--host",
            description =
                    "emulated host as ADDRESS=ROLE (roles: v0, dual, echo-all, echo-mpc,"
                            + " malformed-b, malformed-zero-key, malformed-length, malformed-no-h)")
    List<String> hosts = List.of();

    @Option(
            names = "--emulate-ports",
            defaultValue = "443,80",
            description = "open ports of emulated hosts; others answer RST")
    String emulatePorts;

    @Option(
            names = "--on-path",
            description =
                    "a middlebox on the path: answer the hosts' open ports only, leave the rest to"
                            + " the hosts behind")
    boolean onPath;

    @Override
    public Integer call() throws Exception {
        if (mptcpPorts != null)
            Listeners.open(LibC.IPPROTO_MPTCP, TargetParser.parsePorts(mptcpPorts));
        if (tcpPorts != null) Listeners.open(0, TargetParser.parsePorts(tcpPorts));
        if (iface == null || hosts.isEmpty()) {
            System.err.println("testbed-serve: listening");
            Thread.sleep(Long.MAX_VALUE);
            return 0;
        }
        Map<IpAddress, Role> roles = new HashMap<>();
        for (String h : hosts) {
            int eq = h.indexOf('=');
            if (eq < 0)
                throw new IllegalArgumentException("--host takes ADDRESS=ROLE, not '" + h + "'");
            roles.put(AddressParser.parse(h.substring(0, eq)), Role.parse(h.substring(eq + 1)));
        }
        Set<Integer> open = new HashSet<>();
        for (int p : TargetParser.parsePorts(emulatePorts)) open.add(p);
        TestbedServer.emulate(iface, roles, open, onPath);
        return 0;
    }
}
