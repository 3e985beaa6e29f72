package io.jaqs.broker.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jaqs.broker.BrokerConfig;
import io.jaqs.broker.JaqsBroker;
import io.jaqs.broker.SendMessageRequest;
import io.jaqs.broker.store.Durability;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three Jaqs nodes (child JVMs) consume one standard and one FIFO queue on one PostgreSQL; one is
 * killed (destroyForcibly, i.e. kill -9) mid-run. Every message is processed at least once, each
 * node sees every FIFO group in order, and the killed node's in-flight messages come back after
 * their visibility timeout (2 s) to the survivors. Real time: it spans processes.
 */
class PgMultiNodeTest {
    private static final int STANDARD = 300;
    private static final int GROUPS = 6;
    private static final int PER_GROUP = 40;

    @TempDir
    Path dir;
    private String schema;
    private final List<Process> children = new ArrayList<>();

    @BeforeEach
    void schema() {
        schema = PgTestDatabase.createSchema();
    }

    @AfterEach
    void cleanUp() {
        children.forEach(Process::destroyForcibly);
        if (schema != null) {
            PgTestDatabase.dropSchema(schema);
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void threeNodesOneKilledEveryMessageProcessedFifoInOrder() throws Exception {
        String url = PgTestDatabase.url(schema);
        try (JaqsBroker broker = new JaqsBroker(JdbcQueueStore.open(url, null, null, Durability.DISK, 2), BrokerConfig.defaults())) {
            broker.createQueue("std", Map.of("VisibilityTimeout", "2"));
            broker.createQueue("f.fifo", Map.of("FifoQueue", "true", "VisibilityTimeout", "2"));
            for (int i = 0; i < STANDARD; i++) {
                broker.sendMessage("std", SendMessageRequest.builder("s" + i).build());
            }
            for (int i = 0; i < PER_GROUP; i++) {
                for (int g = 0; g < GROUPS; g++) {
                    broker.sendMessage("f.fifo", SendMessageRequest.builder("g" + g + "-" + i).messageGroupId("g" + g)
                            .messageDeduplicationId("g" + g + "-" + i).build());
                }
            }
            // node i's processed lines, in its order
            List<ConcurrentLinkedQueue<String>> outputs = new ArrayList<>();
            CountDownLatch ready = new CountDownLatch(3);
            for (int n = 0; n < 3; n++) {
                Path java = Path.of(System.getProperty("java.home"), "bin", "java");
                Process p = new ProcessBuilder(java.toString(), "-Xmx200m", "-cp", System.getProperty("java.class.path"),
                        PgNode.class.getName(), "consume", url, "std", "f.fifo")
                        .redirectError(dir.resolve("node" + n + ".err").toFile()).start();
                children.add(p);
                ConcurrentLinkedQueue<String> out = new ConcurrentLinkedQueue<>();
                outputs.add(out);
                Thread t = new Thread(() -> {
                    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = r.readLine()) != null) {
                            if (line.equals("READY")) {
                                ready.countDown();
                            } else {
                                out.add(line);
                            }
                        }
                    } catch (java.io.IOException ignored) {
                        // the child died
                    }
                });
                t.setDaemon(true);
                t.start();
            }
            assertTrue(ready.await(30, TimeUnit.SECONDS), "the nodes did not start");
            // kill node 0 once it has processed some messages (it then holds others in flight)
            long killBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (outputs.get(0).size() < 20 && System.nanoTime() < killBy) {
                Thread.sleep(10);
            }
            children.get(0).destroyForcibly().waitFor();
            int killedProcessed = outputs.get(0).size();

            Set<String> expected = new HashSet<>();
            for (int i = 0; i < STANDARD; i++) {
                expected.add("S s" + i);
            }
            for (int g = 0; g < GROUPS; g++) {
                for (int i = 0; i < PER_GROUP; i++) {
                    expected.add("F g" + g + "-" + i);
                }
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            Set<String> seen = new HashSet<>();
            while (System.nanoTime() < deadline) {
                seen.clear();
                outputs.forEach(seen::addAll);
                if (seen.containsAll(expected) && broker.getQueueAttributes("std", List.of("All")).get("ApproximateNumberOfMessages").equals("0")
                        && broker.getQueueAttributes("std", List.of("All")).get("ApproximateNumberOfMessagesNotVisible").equals("0")
                        && broker.getQueueAttributes("f.fifo", List.of("All")).get("ApproximateNumberOfMessages").equals("0")
                        && broker.getQueueAttributes("f.fifo", List.of("All")).get("ApproximateNumberOfMessagesNotVisible").equals("0")) {
                    break;
                }
                Thread.sleep(100);
            }
            Set<String> missing = new HashSet<>(expected);
            missing.removeAll(seen);
            assertEquals(Set.of(), missing, "messages never processed (node 0 killed after " + killedProcessed + ")");
            assertTrue(outputs.get(1).size() + outputs.get(2).size() > 0, "the survivors processed nothing");
            // each node saw each FIFO group in order (a redelivery after the kill continues where it stopped)
            for (int n = 0; n < 3; n++) {
                Map<String, Integer> last = new HashMap<>();
                for (String line : outputs.get(n)) {
                    if (!line.startsWith("F ")) {
                        continue;
                    }
                    String[] gi = line.substring(2).split("-");
                    int i = Integer.parseInt(gi[1]);
                    Integer prev = last.put(gi[0], i);
                    assertTrue(prev == null || prev < i, "node " + n + " saw group " + gi[0] + " out of order: " + prev + " then " + i);
                }
            }
        }
    }
}
