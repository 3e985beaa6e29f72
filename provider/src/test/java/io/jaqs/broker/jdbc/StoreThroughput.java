package io.jaqs.broker.jdbc;

import io.jaqs.broker.BrokerConfig;
import io.jaqs.broker.DeleteMessageBatchEntry;
import io.jaqs.broker.JaqsBroker;
import io.jaqs.broker.ReceiveMessageRequest;
import io.jaqs.broker.ReceivedMessage;
import io.jaqs.broker.SendMessageRequest;
import io.jaqs.broker.store.Durability;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Store throughput on an H2 file in a temporary directory, at {@link Durability#PROCESS} (the
 * default) and {@link Durability#DISK}: sends/s with 1 and 8 threads (1 KiB bodies), receive+delete/s
 * with 1 and 4 consumers (receive up to 10, delete each, or delete as a batch), FIFO with 100
 * groups, the group-commit factor (works per database commit) and the CPU time the store's writer
 * thread spent per operation (steadier than rates on a shared machine) of each phase, next to a
 * raw-JDBC reference (one 1 KiB insert + commit at a time on an equally indexed table). Not a test: run
 * it by hand, e.g.
 *
 * <pre>
 * mvn -B -q -o -pl provider test-compile
 * mvn -q -o -pl provider dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -cp "provider/target/test-classes:provider/target/classes:$(cat /tmp/cp.txt)" io.jaqs.broker.jdbc.StoreThroughput [messages] [seconds]
 * </pre>
 *
 * Each phase stops after {@code messages} (default 20,000) or {@code seconds} (default 5),
 * whichever comes first.
 */
public final class StoreThroughput {
    private static final byte[] BODY = new byte[1024];
    private static int messages = 20_000;
    private static long phaseMillis = 5_000;

    static {
        for (int i = 0; i < BODY.length; i++) {
            BODY[i] = (byte) ('a' + i % 26);
        }
    }

    private StoreThroughput() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0) {
            messages = Integer.parseInt(args[0]);
        }
        if (args.length > 1) {
            phaseMillis = Long.parseLong(args[1]) * 1000;
        }
        System.out.printf(Locale.ROOT, "Jaqs store throughput: H2 file, 1 KiB bodies, %d messages or %d s per phase, %d cores%n",
                messages, phaseMillis / 1000, Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "%-10s %-44s %9s %13s %16s%n", "durability", "phase", "ops/s", "works/commit",
                "writer CPU us/op");
        for (Durability d : Durability.values()) {
            run(d);
        }
    }

    private static void run(Durability durability) throws Exception {
        Path dir = Files.createTempDirectory("jaqs-throughput");
        try {
            JdbcQueueStore store = JdbcQueueStore.open("jdbc:h2:file:" + dir.resolve("jaqs").toAbsolutePath(), null, null,
                    durability, 8);
            try (JaqsBroker broker = new JaqsBroker(store, BrokerConfig.defaults())) {
                String q = broker.createQueue("bench", Map.of("VisibilityTimeout", "300"));
                String fifo = broker.createQueue("bench.fifo", Map.of("FifoQueue", "true", "VisibilityTimeout", "300"));
                Phase p = new Phase(durability, store);
                p.report("send, 1 thread", send(broker, q, 1, false));
                p.report("send, 8 threads", send(broker, q, 8, false));
                p.report("receive 10 + delete each, 1 consumer", receive(broker, q, 1, false));
                p.report("receive 10 + delete each, 4 consumers", receive(broker, q, 4, false));
                send(broker, q, 8, false); // refill, not reported
                p.skip();
                p.report("receive 10 + delete batch, 1 consumer", receive(broker, q, 1, true));
                send(broker, q, 8, false);
                p.skip();
                p.report("receive 10 + delete batch, 4 consumers", receive(broker, q, 4, true));
                p.report("FIFO send, 8 threads, 100 groups", send(broker, fifo, 8, true));
                p.report("FIFO receive 10 + delete batch, 4 consumers", receive(broker, fifo, 4, true));
                // last, so the JIT has compiled H2's insert and commit paths as for the phases above
                p.reference("raw H2: insert 1 KiB + commit, 1 thread", rawInsertCommit(dir.resolve("raw"), durability));
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> {
                    try {
                        Files.delete(f);
                    } catch (IOException ignored) {
                        // best effort
                    }
                });
            }
        }
    }

    /**
     * The reference: plain JDBC on a table shaped like the store's (same indexes), one row inserted
     * and committed at a time, WRITE_DELAY=0 and, at DISK, CHECKPOINT SYNC after each commit.
     */
    private static long[] rawInsertCommit(Path file, Durability durability) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + file.toAbsolutePath() + ";WRITE_DELAY=0")) {
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TABLE m (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, queue_id BIGINT NOT NULL,"
                        + " message_id VARCHAR(36) NOT NULL, visible_at BIGINT NOT NULL, expires_at BIGINT NOT NULL, seq BIGINT NOT NULL,"
                        + " group_id VARCHAR(128), body VARBINARY(2097152) NOT NULL)");
                st.execute("CREATE INDEX m_ready ON m (queue_id, visible_at, id)");
                st.execute("CREATE INDEX m_group ON m (queue_id, group_id, seq)");
                st.execute("CREATE INDEX m_expiry ON m (expires_at)");
            }
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO m (queue_id, message_id, visible_at, expires_at, seq, group_id, body) VALUES (1, ?, ?, ?, 0, NULL, ?)");
                 PreparedStatement sync = c.prepareStatement("CHECKPOINT SYNC")) {
                long start = System.nanoTime();
                long deadline = start + phaseMillis * 1_000_000;
                long n = 0;
                while (n < messages && System.nanoTime() < deadline) {
                    insert.setString(1, UUID.randomUUID().toString());
                    insert.setLong(2, n);
                    insert.setLong(3, n + 1);
                    insert.setBytes(4, BODY);
                    insert.executeUpdate();
                    c.commit();
                    if (durability == Durability.DISK) {
                        sync.execute();
                    }
                    n++;
                }
                return new long[] {n, System.nanoTime() - start};
            }
        }
    }

    /** Sends up to {@link #messages} with {@code threads} threads; returns {operations, nanos}. */
    private static long[] send(JaqsBroker broker, String queue, int threads, boolean fifo) throws InterruptedException {
        AtomicLong left = new AtomicLong(messages);
        AtomicLong done = new AtomicLong();
        long start = System.nanoTime();
        long deadline = start + phaseMillis * 1_000_000;
        runThreads(threads, t -> {
            long n;
            while ((n = left.getAndDecrement()) > 0 && System.nanoTime() < deadline) {
                SendMessageRequest.Builder b = SendMessageRequest.builder(BODY);
                if (fifo) {
                    b.messageGroupId("g" + (n % 100)).messageDeduplicationId(t + "-" + n);
                }
                broker.sendMessage(queue, b.build());
                done.incrementAndGet();
            }
        });
        return new long[] {done.get(), System.nanoTime() - start};
    }

    /** Receives and deletes until {@link #messages} are done, the queue is empty, or time is up. */
    private static long[] receive(JaqsBroker broker, String queue, int threads, boolean batch) throws InterruptedException {
        AtomicLong done = new AtomicLong();
        long start = System.nanoTime();
        long deadline = start + phaseMillis * 1_000_000;
        ReceiveMessageRequest request = ReceiveMessageRequest.of(10).withWaitTimeSeconds(0);
        runThreads(threads, t -> {
            while (done.get() < messages && System.nanoTime() < deadline) {
                List<ReceivedMessage> got = broker.receiveMessage(queue, request);
                if (got.isEmpty()) {
                    return;
                }
                if (batch) {
                    List<DeleteMessageBatchEntry> entries = new ArrayList<>(got.size());
                    for (int i = 0; i < got.size(); i++) {
                        entries.add(new DeleteMessageBatchEntry(Integer.toString(i), got.get(i).receiptHandle()));
                    }
                    broker.deleteMessageBatch(queue, entries);
                } else {
                    for (ReceivedMessage m : got) {
                        broker.deleteMessage(queue, m.receiptHandle());
                    }
                }
                done.addAndGet(got.size());
            }
        });
        return new long[] {done.get(), System.nanoTime() - start};
    }

    private interface Body {
        void run(int thread) throws Exception;
    }

    private static void runThreads(int threads, Body body) throws InterruptedException {
        CountDownLatch end = new CountDownLatch(threads);
        List<Throwable> errors = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            int t = i;
            Thread th = new Thread(() -> {
                try {
                    body.run(t);
                } catch (Throwable e) {
                    synchronized (errors) {
                        errors.add(e);
                    }
                } finally {
                    end.countDown();
                }
            }, "bench-" + i);
            th.start();
        }
        end.await();
        if (!errors.isEmpty()) {
            throw new IllegalStateException("a benchmark thread failed", errors.get(0));
        }
    }

    /**
     * CPU time of the store's writer thread: on a shared machine, CPU per operation varies much less
     * than operations per second.
     */
    private static long writerCpuNanos() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals("jaqs-store-writer")) {
                return mx.getThreadCpuTime(t.getId());
            }
        }
        return 0;
    }

    private static final class Phase {
        private final Durability durability;
        private final JdbcQueueStore store;
        private WriterStats last;
        private long lastCpu = writerCpuNanos();

        Phase(Durability durability, JdbcQueueStore store) {
            this.durability = durability;
            this.store = store;
            this.last = store.writerStats();
        }

        void reference(String name, long[] result) {
            System.out.printf(Locale.ROOT, "%-10s %-44s %9.0f %13s %16s   (%d in %.2f s)%n", durability.name().toLowerCase(Locale.ROOT),
                    name, result[0] * 1e9 / result[1], "-", "-", result[0], result[1] / 1e9);
        }

        void skip() {
            last = store.writerStats();
            lastCpu = writerCpuNanos();
        }

        void report(String name, long[] result) {
            WriterStats now = store.writerStats();
            WriterStats phase = now.minus(last);
            last = now;
            long cpu = writerCpuNanos();
            double cpuPerOp = (cpu - lastCpu) / 1e3 / Math.max(1, result[0]);
            lastCpu = cpu;
            double perSecond = result[0] * 1e9 / result[1];
            System.out.printf(Locale.ROOT, "%-10s %-44s %9.0f %13.2f %16.0f   (%d in %.2f s)%n", durability.name().toLowerCase(Locale.ROOT),
                    name, perSecond, phase.worksPerCommit(), cpuPerOp, result[0], result[1] / 1e9);
        }
    }
}
