package io.jaqs.servers;

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
        List<Path> logs = new ArrayList<>(List.of(server.resolve("logs/messages.log"), server.resolve("logs/console.log")));
        Path ffdc = server.resolve("logs/ffdc");
        if (Files.isDirectory(ffdc)) {
            try (Stream<Path> s = Files.list(ffdc)) {
                s.forEach(logs::add);
            }
        }
        return logs;
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
        Files.writeString(server.resolve("server.xml"), serverXml());
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
        } finally {
            timed("stop ms", () -> run(wlp, Map.of(), wlp.resolve("bin/server").toString(), "stop", "jaqs"));
            stopAll();
        }
        assertNoJaqsWarningOrError(); // including the shutdown
        writeTimings();
    }

    /** The configuration the README's Liberty section shows. */
    private static String serverXml() {
        return """
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

                  <!-- the sample's java:comp/DefaultDataSource: an H2 database in memory -->
                  <library id="h2"><file name="${shared.resource.dir}/h2.jar"/></library>
                  <dataSource id="DefaultDataSource" type="javax.sql.XADataSource">
                    <jdbcDriver libraryRef="h2"/>
                    <properties URL="jdbc:h2:mem:orders;DB_CLOSE_DELAY=-1"/>
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
