package io.jaqs.servers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Open Liberty (io.openliberty:openliberty-runtime): the .rar as a {@code resourceAdapter}, the
 * connection factory, queues and activation spec in server.xml (the README's Liberty section), the
 * sample in dropins. HTTP on 127.0.0.1:9181.
 */
class LibertyTest extends Server {
    static final int HTTP_PORT = 9181;
    /** Liberty's messages: a resource adapter installed, uninstalled. */
    private static final String ADAPTER_INSTALLED = "J2CA7001I", ADAPTER_UNINSTALLED = "J2CA7009I";
    private final Path wlp = SERVERS.resolve("wlp");
    private final Path server = wlp.resolve("usr/servers/jaqs");

    @Override
    String name() {
        return "Open Liberty " + System.getProperty("it.liberty.version");
    }

    @Override
    String ordersUrl() {
        return "http://127.0.0.1:" + HTTP_PORT + "/orders/orders";
    }

    @Override
    List<Path> logs() throws IOException {
        List<Path> logs = new ArrayList<>(List.of(server.resolve("logs/console.log")));
        try (Stream<Path> s = Files.list(server.resolve("logs"))) { // messages.log, and those a restart rotated
            s.filter(p -> p.getFileName().toString().matches("messages.*\\.log")).forEach(logs::add);
        }
        Path ffdc = server.resolve("logs/ffdc");
        if (Files.isDirectory(ffdc)) {
            try (Stream<Path> s = Files.list(ffdc)) {
                s.forEach(logs::add);
            }
        }
        return logs;
    }

    /** Liberty's FFDC when recovery commits the probe's branch: the resource it logged cannot be recreated. */
    @Override
    boolean aboutTheCrashProbe(String record) {
        return record.contains("Source = com.ibm.tx.jta.impl.RegisteredResources")
                && record.contains("\"this._resource\" is null");
    }

    @Override
    Pattern warningOrError() {
        return Pattern.compile("^\\[[^\\]]+\\] \\w+ \\S+\\s+[WEF] |^\\[(WARNING|ERROR|SEVERE|FATAL) *\\]|^------Start of DE processing");
    }

    @Override
    Pattern recordStart() {
        return Pattern.compile("^\\[[^\\]]+\\] |^------Start of DE processing");
    }

    @Test
    void mdbSampleInOpenLiberty() throws Exception {
        makeScriptsExecutable(wlp);
        deleteRecursively(server);
        Files.createDirectories(server.resolve("dropins"));
        Path shared = Files.createDirectories(wlp.resolve("usr/shared/resources"));
        Files.copy(RAR, shared.resolve("jaqs-ra.rar"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(H2, shared.resolve("h2.jar"), StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(server.resolve("server.xml"), serverXml(true));
        Files.copy(WAR, server.resolve("dropins/orders.war"));
        try {
            timed("start+deploy ms", () -> {
                run(wlp, Map.of(), wlp.resolve("bin/server").toString(), "start", "jaqs");
                await("the sample answers", this::sampleAnswers);
            });
            timed("scenario ms", () -> ordersArriveExactlyOnceAndPoisonGoesToTheDeadLetterQueue("lib"));
            timed("undeploy+redeploy ms", () -> {
                Path out = server.resolve("orders.war.undeployed");
                Files.move(server.resolve("dropins/orders.war"), out);
                await("the sample is undeployed", () -> !sampleAnswers());
                Files.move(out, server.resolve("dropins/orders.war"));
                await("the sample is deployed again", this::sampleAnswers);
                worksAfterRedeploy("lib2");
            });
            timed("adapter undeploy+redeploy ms", () -> {
                // the adapter itself, removed from the configuration with everything using it, then added again:
                // its stop() ends its threads and releases the H2 file, the same store opens again
                Path out = server.resolve("orders.war.undeployed");
                Files.move(server.resolve("dropins/orders.war"), out);
                await("the sample is undeployed", () -> !sampleAnswers());
                long uninstalled = logCount(ADAPTER_UNINSTALLED);
                Files.writeString(server.resolve("server.xml"), serverXml(false));
                await("the adapter is uninstalled", () -> logCount(ADAPTER_UNINSTALLED) > uninstalled);
                adapterIsGone(serverJvm(), server.resolve("jaqs/store.mv.db"));
                long installed = logCount(ADAPTER_INSTALLED);
                Files.writeString(server.resolve("server.xml"), serverXml(true));
                // the application after the adapter: its resources must be there when it starts
                await("the adapter is installed again", () -> logCount(ADAPTER_INSTALLED) > installed);
                Files.move(out, server.resolve("dropins/orders.war"));
                await("the sample answers", this::sampleAnswers);
                worksAfterRedeploy("lib3");
                assertEquals("[poison-lib-1]", report("lib").get("deadLetters"), "the store reopened with its messages");
            });
            timed("kill+recovery ms", () -> {
                Files.copy(crashWar(), server.resolve("dropins/crash.war"));
                await("the crash probe answers", this::crashProbeAnswers);
                // Liberty prepares in reverse order of enlistment (com.ibm.tx.jta.impl.RegisteredResources.distributePrepare)
                preparedBranchesAreRecoveredAfterAKill(storeUrl(), server.resolve("markers"), "libcrash", true);
            });
            assertTrue(logCount(RECOVERY_LOG) > 0, "Liberty's recovery asked the adapter for its XAResource (getXAResources)");
        } finally {
            timed("stop ms", () -> runQuietly(wlp, wlp.resolve("bin/server").toString(), "stop", "jaqs"));
            stopAll();
        }
        assertNoJaqsWarningOrError(); // including the shutdown
        assertNoMissingJaqsClass();
        assertEquals(List.of(), preparedBranches(storeUrl()), "recovery left no Jaqs branch undecided");
        writeTimings();
    }

    private String storeUrl() {
        return "jdbc:h2:file:" + server.resolve("jaqs/store");
    }

    /** The Liberty server's JVM: its pid file. */
    @Override
    ProcessHandle serverJvm() throws Exception {
        long pid = Long.parseLong(Files.readString(wlp.resolve("usr/servers/.pid/jaqs.pid")).trim());
        return ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException("Liberty (pid " + pid + ") is not running"));
    }

    @Override
    void restartAfterKill() throws Exception {
        run(wlp, Map.of(), wlp.resolve("bin/server").toString(), "start", "jaqs");
        await("the sample answers", this::sampleAnswers);
    }

    /**
     * The configuration the README's Liberty section shows; without the adapter (and all that uses
     * it): the adapter's removal.
     */
    private static String serverXml(boolean withAdapter) {
        String xml = """
                <server description="Jaqs resource adapter and the order-processing MDB sample">
                  <featureManager>
                    <feature>servlet-6.0</feature>
                    <feature>enterpriseBeansLite-4.0</feature>
                    <feature>mdb-4.0</feature>
                    <feature>connectors-2.1</feature>
                    <feature>messaging-3.1</feature>
                    <feature>jdbc-4.3</feature>
                    <feature>jsonp-2.1</feature>
                  </featureManager>
                  <httpEndpoint id="defaultHttpEndpoint" host="127.0.0.1" httpPort="%d" httpsPort="-1"/>
                  <applicationManager autoExpand="false"/>

                  <!-- the sample's java:comp/DefaultDataSource: an H2 database in a file (it outlives a crash and restart) -->
                  <library id="h2"><file name="${shared.resource.dir}/h2.jar"/></library>
                  <dataSource id="DefaultDataSource" type="javax.sql.XADataSource">
                    <jdbcDriver libraryRef="h2"/>
                    <properties URL="jdbc:h2:file:${server.output.dir}/orders-db"/>
                  </dataSource>

                  <resourceAdapter id="jaqs" location="${shared.resource.dir}/jaqs-ra.rar">
                    <properties.jaqs url="jdbc:h2:file:${server.output.dir}/jaqs/store"/>
                  </resourceAdapter>
                  <jmsConnectionFactory jndiName="jms/jaqsCF"><properties.jaqs/></jmsConnectionFactory>
                  <!-- the dead-letter queue of orders: applied when the queue object is first used -->
                  <jmsQueue id="orders" jndiName="jms/orders">
                    <properties.jaqs name="orders" deadLetterQueue="orders-dlq" maxReceiveCount="2"/>
                  </jmsQueue>
                  <jmsQueue id="replies" jndiName="jms/replies"><properties.jaqs name="order-replies"/></jmsQueue>
                  <jmsQueue id="ordersDLQ" jndiName="jms/ordersDLQ"><properties.jaqs name="orders-dlq"/></jmsQueue>
                  <!-- id: application/bean -->
                  <jmsActivationSpec id="orders/OrderProcessor">
                    <properties.jaqs destination="orders" destinationType="jakarta.jms.Queue" maxSessions="3"/>
                  </jmsActivationSpec>
                </server>
                """.formatted(HTTP_PORT);
        return withAdapter ? xml : xml.replaceAll("(?s)\\s*<resourceAdapter.*?(?=\\s*</server>)", "");
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
