package io.jaqs.broker.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
 * Three Jaqs nodes (child JVMs, {@link PgNode} consume) take one standard and one FIFO queue on one
 * PostgreSQL; node 0 is slow (50 ms per message, so it always holds part of a batch in flight) and is
 * killed (destroyForcibly, i.e. kill -9) while it holds messages it has not processed. Checked, from
 * the nodes' event lines (one host, one wall clock):
 * <ul>
 * <li>every message is processed at least once, and both queues end empty;</li>
 * <li>each message node 0 held unprocessed when it died is received again by a survivor, with a higher
 *     receive count, and not before its visibility timeout (2 s) from node 0's receive ran out;</li>
 * <li>no message is ever received twice within its visibility timeout, on any nodes;</li>
 * <li>FIFO order across nodes: when a node receives message i of a group, every earlier message of the
 *     group was already processed somewhere, or came in the same receive.</li>
 * </ul>
 * Real time: the test spans processes; every wait is bounded.
 */
class PgMultiNodeTest {
    private static final int STANDARD = 300;
    private static final int GROUPS = 6;
    private static final int PER_GROUP = 40;
    private static final long VISIBILITY_MS = 2_000;

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

    /** One receive of one message by one node. */
    private record Receive(int node, String message, int count, long before, long after, long batch) {
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void threeNodesOneKilledInFlightMessagesComeBackAfterTheirTimeoutFifoInOrder() throws Exception {
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
            List<ConcurrentLinkedQueue<String>> outputs = new ArrayList<>();
            List<Thread> readers = new ArrayList<>();
            CountDownLatch ready = new CountDownLatch(3);
            for (int n = 0; n < 3; n++) {
                Path java = Path.of(System.getProperty("java.home"), "bin", "java");
                Process p = new ProcessBuilder(java.toString(), "-Xmx200m", "-cp", System.getProperty("java.class.path"),
                        PgNode.class.getName(), "consume", url, "std", "f.fifo", n == 0 ? "50" : "5")
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
                readers.add(t);
            }
            assertTrue(ready.await(30, TimeUnit.SECONDS), "the nodes did not start");
            // kill node 0 once it has processed some messages and holds received ones it has not processed
            long killBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while ((processed(outputs.get(0)) < 10 || held(outputs.get(0)).isEmpty()) && System.nanoTime() < killBy) {
                Thread.sleep(5); // cross-process coordination, bounded by killBy
            }
            children.get(0).destroyForcibly().waitFor();
            readers.get(0).join(5_000); // its output ends with the process: every line it wrote is read
            assertFalse(readers.get(0).isAlive(), "node 0's output did not end");
            Set<String> held = held(outputs.get(0));
            assertFalse(held.isEmpty(), "node 0 held no unprocessed message when killed: " + outputs.get(0).size() + " lines");

            Set<String> expected = new HashSet<>();
            for (int i = 0; i < STANDARD; i++) {
                expected.add("S s" + i);
            }
            for (int g = 0; g < GROUPS; g++) {
                for (int i = 0; i < PER_GROUP; i++) {
                    expected.add("F g" + g + "-" + i);
                }
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
            Set<String> done = new HashSet<>();
            while (System.nanoTime() < deadline) {
                done.clear();
                outputs.forEach(o -> o.stream().filter(l -> l.startsWith("D ")).forEach(l -> done.add(l.substring(2))));
                if (done.containsAll(expected) && empty(broker, "std") && empty(broker, "f.fifo")) {
                    break;
                }
                Thread.sleep(100); // waits for the survivors (other processes), bounded by deadline
            }
            Set<String> missing = new HashSet<>(expected);
            missing.removeAll(done);
            assertEquals(Set.of(), missing, "messages never processed and deleted");
            assertTrue(empty(broker, "std") && empty(broker, "f.fifo"), "both queues end empty");

            List<Receive> receives = new ArrayList<>();
            Map<String, List<Long>> processedAt = new HashMap<>();
            for (int n = 0; n < 3; n++) {
                for (String line : outputs.get(n)) {
                    String[] f = line.split(" ");
                    if (f[0].equals("R")) {
                        receives.add(new Receive(n, f[1] + " " + f[2], Integer.parseInt(f[3]), Long.parseLong(f[4]),
                                Long.parseLong(f[5]), Long.parseLong(f[6])));
                    } else if (f[0].equals("P")) {
                        processedAt.computeIfAbsent(f[1] + " " + f[2], k -> new ArrayList<>()).add(Long.parseLong(f[3]));
                    }
                }
            }
            // node 0's unprocessed messages: taken again by a survivor, only after their visibility timeout
            for (String m : held) {
                Receive died = receives.stream().filter(r -> r.node == 0 && r.message.equals(m))
                        .max((x, y) -> Long.compare(x.before, y.before)).orElseThrow();
                Receive again = receives.stream().filter(r -> r.node != 0 && r.message.equals(m) && r.before >= died.before)
                        .findFirst().orElse(null);
                assertTrue(again != null, m + " was held by the killed node and never received by a survivor");
                assertTrue(again.count > died.count, m + ": receive count " + died.count + " then " + again.count);
                assertTrue(again.after >= died.before + VISIBILITY_MS, m + " was received again "
                        + (again.after - died.before) + " ms after node 0's receive, within its visibility timeout");
            }
            // nowhere is a message received twice within its visibility timeout
            Map<String, List<Receive>> byMessage = new HashMap<>();
            receives.forEach(r -> byMessage.computeIfAbsent(r.message, k -> new ArrayList<>()).add(r));
            for (List<Receive> rs : byMessage.values()) {
                rs.sort((x, y) -> Integer.compare(x.count, y.count));
                for (int i = 1; i < rs.size(); i++) {
                    assertTrue(rs.get(i).count > rs.get(i - 1).count, "two receives with one receive count: " + rs);
                    assertTrue(rs.get(i).after >= rs.get(i - 1).before + VISIBILITY_MS, "in flight twice at once: " + rs);
                }
            }
            // FIFO order across nodes
            for (Receive r : receives) {
                if (!r.message.startsWith("F ")) {
                    continue;
                }
                String[] gi = r.message.substring(2).split("-");
                int i = Integer.parseInt(gi[1]);
                for (int j = 0; j < i; j++) {
                    String earlier = "F " + gi[0] + "-" + j;
                    boolean sameReceive = receives.stream().anyMatch(x -> x.node == r.node && x.batch == r.batch && x.message.equals(earlier));
                    boolean processedBefore = processedAt.getOrDefault(earlier, List.of()).stream().anyMatch(t -> t <= r.after);
                    assertTrue(sameReceive || processedBefore, "node " + r.node + " received " + r.message + " before " + earlier
                            + " was processed");
                }
            }
        }
    }

    private static long processed(ConcurrentLinkedQueue<String> out) {
        return out.stream().filter(l -> l.startsWith("P ")).count();
    }

    /** Messages a node received and has not processed (so not deleted either). */
    private static Set<String> held(ConcurrentLinkedQueue<String> out) {
        Set<String> held = new HashSet<>();
        for (String line : out) {
            String[] f = line.split(" ");
            if (f[0].equals("R")) {
                held.add(f[1] + " " + f[2]);
            } else if (f[0].equals("P")) {
                held.remove(f[1] + " " + f[2]);
            }
        }
        return held;
    }

    private static boolean empty(JaqsBroker broker, String queue) {
        Map<String, String> a = broker.getQueueAttributes(queue, List.of("All"));
        return a.get("ApproximateNumberOfMessages").equals("0") && a.get("ApproximateNumberOfMessagesNotVisible").equals("0");
    }
}
