package io.jaqs.servers;

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
    private Path home;
    private Path domain;

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
        return List.of(domain.resolve("logs/server.log")); // console.out: the same records, another format
    }

    @Override
    Pattern warningOrError() {
        return Pattern.compile("^\\[[^\\]]+\\] \\[[^\\]]+\\] \\[(WARNING|SEVERE|ALERT|EMERGENCY)\\]|^(Exception|Caused by)");
    }

    @Override
    Pattern recordStart() {
        return Pattern.compile("^\\[\\d{4}-\\d\\d-\\d\\dT|^(Exception|Caused by)");
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
                start(home, domain.resolve("logs/console.out"), Map.of(), asadmin(), "start-domain", "--verbose", "jaqs");
                await("the domain's admin answers", this::adminAnswers);
            });
            started = true;
            timed("configure+deploy ms", () -> {
                Path commands = Files.writeString(domain.resolve("jaqs.asadmin"),
                        configuration(slash(domain.resolve("jaqs/store")), slash(RAR), slash(WAR)));
                admin("multimode", "--file", commands.toString());
                await("the sample answers", this::sampleAnswers);
            });
            timed("scenario ms", () -> ordersArriveExactlyOnceAndPoisonGoesToTheDeadLetterQueue("gf"));
            timed("undeploy+redeploy ms", () -> {
                admin("undeploy", "orders");
                admin("deploy", slash(WAR));
                await("the sample answers", this::sampleAnswers);
                worksAfterRedeploy("gf2");
            });
        } finally {
            if (started) {
                timed("stop ms", () -> admin("stop-domain", "jaqs"));
            }
            stopAll();
        }
        assertNoJaqsWarningOrError(); // including the shutdown
        org.junit.jupiter.api.Assertions.assertTrue(Files.isDirectory(domain.resolve("jaqs")),
                "the adapter used the configured store URL (" + domain.resolve("jaqs/store") + ")");
        writeTimings();
    }

    /**
     * The asadmin commands the README's GlassFish section shows, in order, as one multimode file
     * (one asadmin JVM instead of eleven). Values with ':' are given with {@code set}, which needs
     * no escaping.
     */
    static String configuration(String storePath, String rar, String war) {
        String queue = "create-admin-object --raname jaqs-ra --restype jakarta.jms.Queue --classname io.jaqs.ra.JaqsQueueAdminObject --property ";
        return String.join("\n",
                // the sample's java:comp/DefaultDataSource (jdbc/__default) on an H2 database in memory
                "create-jdbc-connection-pool --datasourceclassname org.h2.jdbcx.JdbcDataSource --restype javax.sql.XADataSource"
                        + " --property user=sa:password=orders H2Pool",
                "set resources.jdbc-connection-pool.H2Pool.property.url=jdbc:h2:mem:orders;DB_CLOSE_DELAY=-1",
                "set resources.jdbc-resource.jdbc/__default.pool-name=H2Pool",
                // the adapter: its configuration first, then the .rar
                "create-resource-adapter-config jaqs-ra",
                "set resources.resource-adapter-config.jaqs-ra.property.url=jdbc:h2:file:" + storePath,
                "deploy --type rar --name jaqs-ra " + rar,
                "create-connector-connection-pool --raname jaqs-ra --connectiondefinition jakarta.jms.ConnectionFactory"
                        + " --transactionsupport XATransaction jaqsPool",
                "create-connector-resource --poolname jaqsPool jms/jaqsCF",
                queue + "name=orders:deadLetterQueue=orders-dlq:maxReceiveCount=2 jms/orders",
                queue + "name=order-replies jms/replies",
                queue + "name=orders-dlq jms/ordersDLQ",
                "deploy " + war, "");
    }
}
