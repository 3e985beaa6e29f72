package io.jaqs.servers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * WildFly (org.wildfly:wildfly-dist), standalone-full: the resource adapter, its connection
 * definition (with recovery credentials: XA recovery on) and admin objects configured with
 * jboss-cli (the README's WildFly section), the .rar and the sample deployed by the deployment
 * scanner, default archive validation on. Ports offset by 300 (HTTP 8380, management 10290).
 */
class WildFlyTest extends Server {
    static final int OFFSET = 300;
    private Path home;

    @Override
    String name() {
        return "WildFly " + System.getProperty("it.wildfly.version");
    }

    @Override
    String ordersUrl() {
        return "http://127.0.0.1:" + (8080 + OFFSET) + "/orders/orders";
    }

    @Override
    List<Path> logs() {
        return List.of(home.resolve("standalone/log/server.log"), home.resolve("standalone/log/console.out"));
    }

    @Override
    Pattern warningOrError() {
        return Pattern.compile("^\\S+ \\S+ (WARN|ERROR|FATAL) |^(WARN|ERROR|FATAL|Exception|Caused by)");
    }

    @Override
    Pattern recordStart() {
        return Pattern.compile("^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d+ |^(WARN|ERROR|FATAL|Exception)");
    }

    @Test
    void mdbSampleInWildFly() throws Exception {
        home = only(SERVERS, "wildfly-");
        makeScriptsExecutable(home);
        Path deployments = home.resolve("standalone/deployments");
        try (var s = Files.list(deployments)) { // a fresh start: no deployment left from an earlier run
            for (Path p : s.filter(p -> p.getFileName().toString().matches("(jaqs-ra\\.rar|orders\\.war).*")).toList()) {
                Files.delete(p);
            }
        }
        LibertyTest.deleteRecursively(home.resolve("standalone/data/jaqs"));
        Path config = home.resolve("standalone/configuration/standalone-full.xml");
        Path pristine = home.resolve("standalone/configuration/standalone-full.xml.pristine");
        if (!Files.exists(pristine)) {
            Files.copy(config, pristine);
        }
        Files.copy(pristine, config, StandardCopyOption.REPLACE_EXISTING);
        Files.deleteIfExists(home.resolve("standalone/log/server.log"));
        Path cli = Files.writeString(home.resolve("jaqs.cli"), cliScript(slash(home.resolve("standalone/data/jaqs/store"))));
        try {
            timed("configure ms", () -> run(home, Map.of(), home.resolve("bin/jboss-cli.sh").toString(), "--file=" + cli));
            Files.copy(RAR, deployments.resolve("jaqs-ra.rar"));
            Files.copy(WAR, deployments.resolve("orders.war"));
            timed("start+deploy ms", () -> {
                start(home, home.resolve("standalone/log/console.out"), Map.of(), home.resolve("bin/standalone.sh").toString(),
                        "-c", "standalone-full.xml", "-Djboss.socket.binding.port-offset=" + OFFSET,
                        "-Djboss.bind.address=127.0.0.1", "-Djboss.bind.address.management=127.0.0.1");
                await("the sample answers", this::sampleAnswers);
            });
            timed("scenario ms", () -> ordersArriveExactlyOnceAndPoisonGoesToTheDeadLetterQueue("wf"));
            timed("undeploy+redeploy ms", () -> {
                Files.delete(deployments.resolve("orders.war.deployed")); // the scanner undeploys
                await("the sample is undeployed", () -> Files.exists(deployments.resolve("orders.war.undeployed")));
                Files.writeString(deployments.resolve("orders.war.dodeploy"), "");
                await("the sample is deployed again", () -> Files.exists(deployments.resolve("orders.war.deployed")));
                await("the sample answers", this::sampleAnswers);
                worksAfterRedeploy("wf2");
            });
            timed("adapter undeploy+redeploy ms", () -> {
                // the adapter itself: its stop() must release the H2 file ("The file is locked" before)
                undeploy(deployments, "orders.war");
                undeploy(deployments, "jaqs-ra.rar");
                deploy(deployments, "jaqs-ra.rar");
                deploy(deployments, "orders.war");
                await("the sample answers", this::sampleAnswers);
                worksAfterRedeploy("wf3");
                org.junit.jupiter.api.Assertions.assertEquals("[poison-wf-1]", report("wf").get("deadLetters"),
                        "the store reopened with its messages");
            });
            // the JVM then exits with nothing of Jaqs deployed: no shutdown hook of a discarded class loader may run
            undeploy(deployments, "orders.war");
            undeploy(deployments, "jaqs-ra.rar");
        } finally {
            timed("stop ms", this::stopAll); // SIGTERM: WildFly's orderly shutdown
        }
        assertNoJaqsWarningOrError(); // including the shutdown
        String log = Files.readString(home.resolve("standalone/log/server.log"));
        org.junit.jupiter.api.Assertions.assertFalse(log.contains("IJ020016"),
                "XA recovery is on: the connection definition has recovery credentials (IJ020016 reports them missing)");
        org.junit.jupiter.api.Assertions.assertFalse(log.contains("WFLYJCA0046"), "the .rar passes WildFly's archive validation");
        writeTimings();
    }

    /** Undeploys with the deployment scanner's marker files. */
    private static void undeploy(Path deployments, String name) throws Exception {
        Files.delete(deployments.resolve(name + ".deployed"));
        await(name + " is undeployed", () -> Files.exists(deployments.resolve(name + ".undeployed")));
    }

    private static void deploy(Path deployments, String name) throws Exception {
        Files.writeString(deployments.resolve(name + ".dodeploy"), "");
        await(name + " is deployed (or failed)", () -> Files.exists(deployments.resolve(name + ".deployed"))
                || Files.exists(deployments.resolve(name + ".failed")));
        org.junit.jupiter.api.Assertions.assertTrue(Files.exists(deployments.resolve(name + ".deployed")),
                () -> name + " failed to deploy: " + read(deployments.resolve(name + ".failed")));
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** The configuration the README's WildFly section shows (jboss-cli, offline). */
    static String cliScript(String storePath) {
        String ra = "/subsystem=resource-adapters/resource-adapter=jaqs-ra.rar";
        return String.join("\n",
                "embed-server --server-config=standalone-full.xml --std-out=discard",
                ra + ":add(archive=jaqs-ra.rar, transaction-support=XATransaction)",
                ra + "/config-properties=url:add(value=\"jdbc:h2:file:" + storePath + "\")",
                ra + "/connection-definitions=jaqsCF:add(class-name=io.jaqs.ra.JaqsManagedConnectionFactory, jndi-name=\"java:/jms/jaqsCF\", "
                        + "recovery-username=jaqs, recovery-password=jaqs)",
                ra + "/admin-objects=orders:add(class-name=io.jaqs.ra.JaqsQueueAdminObject, jndi-name=\"java:/jms/orders\")",
                ra + "/admin-objects=orders/config-properties=name:add(value=orders)",
                ra + "/admin-objects=orders/config-properties=deadLetterQueue:add(value=orders-dlq)",
                ra + "/admin-objects=orders/config-properties=maxReceiveCount:add(value=2)",
                ra + "/admin-objects=replies:add(class-name=io.jaqs.ra.JaqsQueueAdminObject, jndi-name=\"java:/jms/replies\")",
                ra + "/admin-objects=replies/config-properties=name:add(value=order-replies)",
                ra + "/admin-objects=ordersDLQ:add(class-name=io.jaqs.ra.JaqsQueueAdminObject, jndi-name=\"java:/jms/ordersDLQ\")",
                ra + "/admin-objects=ordersDLQ/config-properties=name:add(value=orders-dlq)",
                "stop-embedded-server", "");
    }
}
