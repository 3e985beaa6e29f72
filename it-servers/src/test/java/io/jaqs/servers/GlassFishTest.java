package io.jaqs.servers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Eclipse GlassFish (org.glassfish.main.distributions:glassfish): a domain with port base 11000
 * (admin 11048, HTTP 11080) configured with asadmin (the README's GlassFish section): the
 * adapter's configuration, the .rar, a connector connection pool and resource, admin objects, then
 * the sample, bound to the adapter by its glassfish-ejb-jar.xml.
 */
class GlassFishTest extends Server {
    static final int PORT_BASE = 11000;
    /** The last step of a GlassFish recovery pass. */
    private static final String RECOVERY_PASS_ENDS = "Recovery of Inbound Transactions started";
    private Path home;
    private Path domain;
    /** asadmin start-domain --verbose: the domain's JVM runs as its child. */
    private Process launcher;

    @Override
    String name() {
        return "GlassFish " + System.getProperty("it.glassfish.version");
    }

    @Override
    String ordersUrl() {
        return "http://127.0.0.1:" + (PORT_BASE + 80) + "/orders/orders";
    }

    @Override
    List<Path> logs() {
        // the domain's console (asadmin start-domain --verbose): every record the domain logs, in the uniform format.
        // Not server.log: a --verbose domain of GlassFish 7.0.21 writes its records there on some starts and not on
        // others (seen on 2026-12-06: only the launcher's first record, the whole run long), so a wait on server.log
        // could time out with the awaited record on the console. After a kill -9 the restarted domain's console is
        // console-restart.out.
        return List.of(domain.resolve("logs/console.out"), domain.resolve("logs/console-restart.out"));
    }

    @Override
    Pattern warningOrError() {
        return Pattern.compile("^\\[[^\\]]+\\] \\[[^\\]]+\\] \\[(WARNING|SEVERE|ALERT|EMERGENCY)\\]|^\\[#\\|[^|]+\\|(WARNING|SEVERE|ALERT|EMERGENCY)\\||^(Exception|Caused by)");
    }

    @Override
    Pattern recordStart() {
        return Pattern.compile("^\\[\\d{4}-\\d\\d-\\d\\dT|^\\[#\\|\\d{4}|^(Exception|Caused by)");
    }

    private String asadmin() {
        return home.resolve("bin/asadmin").toString();
    }

    private String admin(String... args) throws Exception {
        String[] cmd = new String[args.length + 3];
        cmd[0] = asadmin();
        cmd[1] = "--port";
        cmd[2] = Integer.toString(PORT_BASE + 48);
        System.arraycopy(args, 0, cmd, 3, args.length);
        return run(home, Map.of(), cmd);
    }

    private boolean adminAnswers() {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + (PORT_BASE + 48) + "/management/domain")).header("Accept", "application/json")
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Test
    void mdbSampleInGlassFish() throws Exception {
        home = SERVERS.resolve("glassfish7");
        domain = home.resolve("glassfish/domains/jaqs");
        makeScriptsExecutable(home);
        LibertyTest.deleteRecursively(domain);
        boolean started = false;
        try {
            timed("create domain ms", () -> run(home, Map.of(), asadmin(), "create-domain", "--nopassword=true",
                    "--portbase", Integer.toString(PORT_BASE), "jaqs"));
            Files.copy(H2, domain.resolve("lib/h2.jar")); // the default data source's driver
            timed("start ms", () -> {
                launcher = start(home, domain.resolve("logs/console.out"), Map.of(), asadmin(), "start-domain", "--verbose", "jaqs");
                await("the domain's admin answers", this::adminAnswers);
            });
            started = true;
            timed("configure+deploy ms", () -> {
                multimode(dataSourceAndRecovery(slash(domain.resolve("orders-db"))) + adapter(slash(domain.resolve("jaqs/store")), slash(RAR)) + "deploy " + slash(WAR) + "\n");
                await("the sample answers", this::sampleAnswers);
            });
            timed("scenario ms", () -> ordersArriveExactlyOnceAndPoisonGoesToTheDeadLetterQueue("gf"));
            // GlassFish (automatic-recovery on) runs a recovery pass in a background thread after its first XA
            // transactions; an undeploy while that thread loads the connector resources fails them, GlassFish's own
            // jmsra too (RAR8062 "Cant copy Serializable object"): the redeploys wait until the pass has ended
            await("GlassFish's recovery pass has ended", () -> logCount(RECOVERY_PASS_ENDS) > 0);
            timed("undeploy+redeploy ms", () -> {
                admin("undeploy", "orders");
                admin("deploy", slash(WAR));
                await("the sample answers", this::sampleAnswers);
                worksAfterRedeploy("gf2");
            });
            timed("adapter undeploy+redeploy ms", () -> {
                // the adapter itself, with its pools, resources and admin objects (--cascade), then all again:
                // its stop() ends its threads and releases the H2 file, the same store opens again
                admin("undeploy", "orders");
                admin("undeploy", "--cascade=true", "jaqs-ra");
                if (admin("list-resource-adapter-configs").contains("jaqs-ra")) { // if the cascade kept it
                    admin("delete-resource-adapter-config", "jaqs-ra");
                }
                adapterIsGone(serverJvm(), domain.resolve("jaqs/store.mv.db"));
                multimode(adapter(slash(domain.resolve("jaqs/store")), slash(RAR)) + "deploy " + slash(WAR) + "\n");
                await("the sample answers", this::sampleAnswers);
                worksAfterRedeploy("gf3");
                assertEquals("[poison-gf-1]", report("gf").get("deadLetters"), "the store reopened with its messages");
            });
            timed("kill+recovery ms", () -> {
                admin("deploy", slash(crashWar()));
                await("the crash probe answers", this::crashProbeAnswers);
                preparedBranchesAreRecoveredAfterAKill(storeUrl(), domain.resolve("markers"), "gfcrash", false);
            });
            assertTrue(logCount(RECOVERY_LOG) > 1, "GlassFish's recovery asked the adapter for its XAResource (getXAResources) after the restart");
        } finally {
            if (started) {
                timed("stop ms", () -> runQuietly(home, asadmin(), "--port", Integer.toString(PORT_BASE + 48), "stop-domain", "jaqs"));
            }
            stopAll();
        }
        assertNoJaqsWarningOrError(); // including the shutdown
        assertNoMissingJaqsClass();
        assertEquals(List.of(), preparedBranches(storeUrl()), "recovery left no Jaqs branch undecided");
        org.junit.jupiter.api.Assertions.assertTrue(Files.isDirectory(domain.resolve("jaqs")),
                "the adapter used the configured store URL (" + domain.resolve("jaqs/store") + ")");
        writeTimings();
    }

    private void multimode(String commands) throws Exception {
        Path file = Files.writeString(domain.resolve("jaqs.asadmin"), commands);
        admin("multimode", "--file", file.toString());
    }

    private String storeUrl() {
        return "jdbc:h2:file:" + domain.resolve("jaqs/store");
    }

    /** The domain's JVM, the child of asadmin start-domain --verbose. */
    @Override
    ProcessHandle serverJvm() {
        return launcher.descendants().filter(p -> p.info().commandLine().map(c -> c.contains("ASMain") || c.contains("glassfish.jar")).orElse(false))
                .findFirst().orElseThrow(() -> new IllegalStateException("no GlassFish domain JVM under " + launcher.pid()));
    }

    @Override
    void restartAfterKill() throws Exception {
        launcher.onExit().get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS); // asadmin ends with its domain
        launcher = start(home, domain.resolve("logs/console-restart.out"), Map.of(), asadmin(), "start-domain", "--verbose", "jaqs");
        await("the domain's admin answers", this::adminAnswers);
        await("the sample answers", this::sampleAnswers);
    }

    /**
     * The asadmin commands the README's GlassFish section shows, in order, as one multimode file
     * (one asadmin JVM instead of eleven). Values with ':' are given with {@code set}, which needs
     * no escaping. First the sample's data source and the transaction service's recovery at start
     * (GlassFish recovers after a crash only with automatic-recovery on).
     */
    static String dataSourceAndRecovery(String ordersDb) {
        return String.join("\n",
                // the sample's java:comp/DefaultDataSource (jdbc/__default) on an H2 database in a file (it outlives a crash)
                "create-jdbc-connection-pool --datasourceclassname org.h2.jdbcx.JdbcDataSource --restype javax.sql.XADataSource"
                        + " --property user=sa:password=orders H2Pool",
                "set resources.jdbc-connection-pool.H2Pool.property.url=jdbc:h2:file:" + ordersDb,
                "set resources.jdbc-resource.jdbc/__default.pool-name=H2Pool",
                "set configs.config.server-config.transaction-service.automatic-recovery=true", "");
    }

    /** The adapter: its configuration first, then the .rar, its connection pool and resource, the queues. */
    static String adapter(String storePath, String rar) {
        String queue = "create-admin-object --raname jaqs-ra --restype jakarta.jms.Queue --classname io.jaqs.ra.JaqsQueueAdminObject --property ";
        return String.join("\n",
                "create-resource-adapter-config jaqs-ra",
                "set resources.resource-adapter-config.jaqs-ra.property.url=jdbc:h2:file:" + storePath,
                "deploy --type rar --name jaqs-ra " + rar,
                "create-connector-connection-pool --raname jaqs-ra --connectiondefinition jakarta.jms.ConnectionFactory"
                        + " --transactionsupport XATransaction jaqsPool",
                "create-connector-resource --poolname jaqsPool jms/jaqsCF",
                queue + "name=orders:deadLetterQueue=orders-dlq:maxReceiveCount=2 jms/orders",
                queue + "name=order-replies jms/replies",
                queue + "name=orders-dlq jms/ordersDLQ", "");
    }
}
