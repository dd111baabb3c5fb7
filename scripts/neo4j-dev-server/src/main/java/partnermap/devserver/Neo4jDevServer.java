package partnermap.devserver;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.io.ByteUnit;

/**
 * A small Neo4j Community dev server: embedded DBMS with only the Bolt connector,
 * listening on 127.0.0.1.
 *
 * <pre>
 *   Neo4jDevServer --data DIR [--port 7687] [--password PW] [--pagecache 128m]
 * </pre>
 *
 * DIR is the Neo4j home: the stores go to DIR/data, logs to DIR/logs. Existing data is
 * reused. Without --password auth is disabled; with it auth is enabled and the
 * {@code neo4j} user's password is set to PW (no change required).
 *
 * Prints exactly one line containing "ready" to stdout once Bolt accepts TCP connections.
 * SIGTERM/SIGINT shut the DBMS down cleanly and exit with status 0.
 */
public final class Neo4jDevServer {

    private static final String HOST = "127.0.0.1";
    private static final String ADMIN_USER = "neo4j";

    private static final Object LIFECYCLE_LOCK = new Object();
    private static final CountDownLatch STOP = new CountDownLatch(1);
    private static DatabaseManagementService managementService;
    private static boolean stopped;

    private Neo4jDevServer() {}

    public static void main(String[] args) {
        // Keep the original stdout for the "ready" line only; Neo4j and its libraries
        // must not write to our stdout (send anything they print to stderr instead).
        PrintStream out = System.out;
        System.setOut(System.err);

        Options opts;
        try {
            opts = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("neo4j-dev-server: " + e.getMessage());
            System.err.println(Options.USAGE);
            System.exit(2);
            return;
        }

        installSignalHandlers();
        // Fallback for other ways the JVM goes down (e.g. SIGHUP, System.exit elsewhere).
        Runtime.getRuntime().addShutdownHook(new Thread(Neo4jDevServer::shutdown, "neo4j-dev-server-shutdown"));

        try {
            start(opts);
        } catch (Throwable t) {
            System.err.println("neo4j-dev-server: failed to start: " + t);
            t.printStackTrace(System.err);
            shutdown();
            System.exit(1);
            return;
        }

        if (STOP.getCount() == 0) { // a signal arrived during startup
            shutdown();
            System.exit(0);
            return;
        }

        out.println("neo4j-dev-server ready bolt://" + HOST + ":" + opts.port);
        out.flush();

        try {
            STOP.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        shutdown();
        System.err.println("neo4j-dev-server: stopped");
        System.exit(0);
    }

    private static void start(Options opts) throws Exception {
        Path home = opts.data.toAbsolutePath().normalize();
        Files.createDirectories(home);
        boolean auth = opts.password != null;

        DatabaseManagementServiceBuilder builder = new DatabaseManagementServiceBuilder(home)
                // Bolt only, loopback only, plain text.
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress(HOST, opts.port))
                .setConfig(BoltConnector.advertised_address, new SocketAddress(HOST, opts.port))
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                .setConfig(GraphDatabaseSettings.default_listen_address, new SocketAddress(HOST))
                .setConfig(GraphDatabaseSettings.default_advertised_address, new SocketAddress(HOST))
                .setConfig(HttpConnector.enabled, false)
                .setConfig(HttpsConnector.enabled, false)
                // No server-side routing connector (would open another port); client-side
                // routing (neo4j:// scheme) still works against a single instance.
                .setConfig(GraphDatabaseSettings.routing_enabled, false)
                // Auth.
                .setConfig(GraphDatabaseSettings.auth_enabled, auth)
                .setConfig(GraphDatabaseSettings.auth_minimum_password_length, 1)
                // No usage data collection / calls home.
                .setConfig(GraphDatabaseSettings.udc_enabled, false)
                .setConfig(GraphDatabaseInternalSettings.udc_network_enabled, false)
                // Modest resources for a dev box.
                .setConfig(GraphDatabaseSettings.pagecache_memory, opts.pagecacheBytes)
                .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                .setConfig(GraphDatabaseSettings.logical_log_rotation_threshold, ByteUnit.mebiBytes(64))
                .setConfig(GraphDatabaseSettings.keep_logical_logs, "128M size")
                // Netty's default 5 s "quiet period" makes every shutdown take 5+ s.
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_timeout, Duration.ofSeconds(5));

        DatabaseManagementService dbms = builder.build();
        synchronized (LIFECYCLE_LOCK) {
            managementService = dbms;
            if (stopped) { // shut down raced with startup
                dbms.shutdown();
                return;
            }
        }

        GraphDatabaseService system = dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
        GraphDatabaseService db = dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
        if (!system.isAvailable(TimeUnit.MINUTES.toMillis(2))) {
            throw new IllegalStateException("system database did not become available");
        }
        if (!db.isAvailable(TimeUnit.MINUTES.toMillis(2))) {
            throw new IllegalStateException("database '" + db.databaseName() + "' did not become available");
        }

        if (auth) {
            setAdminPassword(system, opts.password);
        }

        waitForPort(HOST, opts.port, Duration.ofSeconds(60));
    }

    private static void setAdminPassword(GraphDatabaseService system, String password) {
        try {
            system.executeTransactionally(
                    "ALTER USER " + ADMIN_USER + " SET PASSWORD $pw CHANGE NOT REQUIRED", Map.of("pw", password));
        } catch (RuntimeException e) {
            // Restart with the same password: Neo4j refuses to "change" to the current one.
            if (!messages(e).contains("Old password and new password cannot be the same")) {
                throw e;
            }
            system.executeTransactionally("ALTER USER " + ADMIN_USER + " SET PASSWORD CHANGE NOT REQUIRED");
        }
    }

    private static String messages(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            sb.append(c.getMessage()).append('\n');
        }
        return sb.toString();
    }

    private static void waitForPort(String host, int port, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        IOException last = null;
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(host, port), 1000);
                return;
            } catch (IOException e) {
                last = e;
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("Bolt port " + host + ":" + port + " does not accept connections", last);
    }

    private static void installSignalHandlers() {
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), sig -> STOP.countDown());
            } catch (Throwable e) {
                // Fall back to the shutdown hook (exit status would then be 128+signal).
                System.err.println("neo4j-dev-server: cannot handle SIG" + name + ": " + e);
            }
        }
    }

    private static void shutdown() {
        DatabaseManagementService dbms;
        synchronized (LIFECYCLE_LOCK) {
            if (stopped) {
                return;
            }
            stopped = true;
            dbms = managementService;
        }
        if (dbms != null) {
            try {
                dbms.shutdown();
            } catch (Throwable t) {
                System.err.println("neo4j-dev-server: error during shutdown: " + t);
            }
        }
    }

    private static final class Options {
        static final String USAGE =
                "usage: Neo4jDevServer --data DIR [--port 7687] [--password PW] [--pagecache 128m]";

        Path data;
        int port = 7687;
        String password;
        long pagecacheBytes = ByteUnit.mebiBytes(128);

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                String v;
                int eq = a.indexOf('=');
                if (a.startsWith("--") && eq > 0) {
                    v = a.substring(eq + 1);
                    a = a.substring(0, eq);
                } else if (a.equals("-h") || a.equals("--help")) {
                    throw new IllegalArgumentException("help requested");
                } else {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException("missing value for " + a);
                    }
                    v = args[++i];
                }
                switch (a) {
                    case "--data" -> o.data = Path.of(v);
                    case "--port" -> {
                        try {
                            o.port = Integer.parseInt(v);
                        } catch (NumberFormatException e) {
                            throw new IllegalArgumentException("bad --port: " + v);
                        }
                        if (o.port < 1 || o.port > 65535) {
                            throw new IllegalArgumentException("bad --port: " + v);
                        }
                    }
                    case "--password" -> {
                        if (v.isEmpty()) {
                            throw new IllegalArgumentException("--password must not be empty");
                        }
                        o.password = v;
                    }
                    case "--pagecache" -> o.pagecacheBytes = ByteUnit.parse(v);
                    default -> throw new IllegalArgumentException("unknown argument: " + a);
                }
            }
            if (o.data == null) {
                throw new IllegalArgumentException("--data DIR is required");
            }
            return o;
        }
    }
}
