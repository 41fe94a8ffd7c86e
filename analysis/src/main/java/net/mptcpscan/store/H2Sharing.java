package net.mptcpscan.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.Properties;
import org.h2.tools.Server;

/**
 * Lets read commands in on an H2 file while a scan writes it. The embedded file takes one process
 * at a time, so the process that has it open for writing also serves it: an H2 TCP server bound to
 * the loopback address only (never another interface: a scanning host exposes nothing), reachable
 * only with a random key written, owner-readable only, beside the database ("NAME.serving"), and
 * removed when the writer closes. A reader that finds the file in use connects through it.
 */
public final class H2Sharing implements AutoCloseable {
    /** The only address the server may listen on. */
    static final String LOOPBACK = "127.0.0.1";

    /**
     * H2 reads its bind address once, when its first class is used: Main and DbOpener call this
     * before anything of H2's runs. serve() checks what H2 took, so a late call serves nothing
     * rather than something on every interface.
     */
    public static void loopbackOnly() {
        if (System.getProperty("h2.bindAddress") == null)
            System.setProperty("h2.bindAddress", LOOPBACK);
    }

    /** Where a serving writer can be reached: port, key, and the writer's pid. */
    record Serving(int port, String key, long pid) {
        boolean alive() {
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        }
    }

    private final Server server;
    private final Path file;

    private H2Sharing(Server server, Path file) {
        this.server = server;
        this.file = file;
    }

    static Path servingFile(Path base) {
        return Path.of(base + ".serving");
    }

    /**
     * Serves the open database at base (url: its embedded URL) to readers, or returns null when it
     * cannot be done safely (H2 would bind another address than loopback, or the folder is not
     * writable): readers then get "in use", as without sharing.
     */
    static H2Sharing serve(Path base, String url) {
        if (!LOOPBACK.equals(org.h2.engine.SysProperties.BIND_ADDRESS)) return null;
        String key = HexFormat.of().formatHex(new java.security.SecureRandom().generateSeed(16));
        String name = url.substring("jdbc:h2:".length());
        int semi = name.indexOf(';');
        if (semi >= 0) name = name.substring(0, semi);
        Server s = null;
        Path tmp = null;
        try {
            s = Server.createTcpServer("-tcpPort", "0", "-tcpDaemon", "-key", key, name);
            s.start();
            Path f = servingFile(base);
            tmp = Files.createTempFile(f.toAbsolutePath().getParent(), ".serving", ".tmp");
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            Files.writeString(
                    tmp,
                    "port="
                            + s.getPort()
                            + "\nkey="
                            + key
                            + "\npid="
                            + ProcessHandle.current().pid()
                            + "\n",
                    StandardCharsets.UTF_8);
            Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return new H2Sharing(s, f);
        } catch (SQLException | IOException | RuntimeException e) {
            if (s != null) s.stop();
            if (tmp != null)
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                }
            return null;
        }
    }

    /** The writer serving the database at base, or null when none is (or its file is stale). */
    static Serving serving(Path base) {
        Path f = servingFile(base);
        if (!Files.isRegularFile(f)) return null;
        try {
            Properties p = new Properties();
            try (var in = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
                p.load(in);
            }
            Serving s =
                    new Serving(
                            Integer.parseInt(p.getProperty("port")),
                            p.getProperty("key"),
                            Long.parseLong(p.getProperty("pid")));
            return s.key() != null && s.alive() ? s : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** A connection through a serving writer. */
    static Connection connect(Serving s) throws SQLException {
        return DbOpener.connect("jdbc:h2:tcp://" + LOOPBACK + ":" + s.port() + "/" + s.key());
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
        }
        server.stop();
    }
}
