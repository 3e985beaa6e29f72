package io.jaqs.broker.jdbc;

import io.jaqs.broker.BrokerConfig;
import io.jaqs.broker.JaqsBroker;
import io.jaqs.broker.ReceiveMessageRequest;
import io.jaqs.broker.ReceivedMessage;
import io.jaqs.broker.SendMessageRequest;
import io.jaqs.broker.store.Durability;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One Jaqs node (its own JVM, broker and writer) on a shared PostgreSQL store, for the multi-node
 * test and the throughput measurement. Prints what it does on stdout, one line per event.
 *
 * <pre>
 * consume &lt;url&gt; &lt;standardQueue&gt; &lt;fifoQueue&gt; [msPerMessage]   prints receive/processed/deleted events (see consume)
 * bench &lt;url&gt; &lt;queue&gt; &lt;seconds&gt; &lt;threads&gt;   send 1 + receive up to 10 + delete, in a loop; prints "RATE sent received"
 * </pre>
 */
public final class PgNode {
    private PgNode() {
    }

    public static void main(String[] args) throws Exception {
        JaqsBroker broker = new JaqsBroker(JdbcQueueStore.open(args[1], null, null, Durability.DISK, 4), BrokerConfig.defaults());
        if (args[0].equals("consume")) {
            consume(broker, args[2], args[3], args.length > 4 ? Long.parseLong(args[4]) : 5);
        } else {
            bench(broker, args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]));
        }
        broker.close();
        System.exit(0);
    }

    /**
     * Receives 5 at a time from each queue in turn and "processes" each message (sleeps), printing one
     * line per event with the wall-clock time (all nodes run on one host: one clock):
     * {@code R <S|F> <body> <receiveCount> <msBeforeReceive> <msAfterReceive> <batch>} for each message a
     * receive returned, {@code P <S|F> <body> <ms>} once processed (before its delete), {@code D <S|F> <body>}
     * once deleted.
     */
    private static void consume(JaqsBroker broker, String standard, String fifo, long processMillis) throws InterruptedException {
        System.out.println("READY");
        System.out.flush();
        long batch = 0;
        while (true) {
            for (String q : new String[] {standard, fifo}) {
                String kind = q.equals(fifo) ? "F " : "S ";
                long before = System.currentTimeMillis();
                List<ReceivedMessage> got = broker.receiveMessage(q, ReceiveMessageRequest.of(5).withWaitTimeSeconds(0));
                long after = System.currentTimeMillis();
                batch++;
                StringBuilder lines = new StringBuilder();
                for (ReceivedMessage m : got) {
                    lines.append("R ").append(kind).append(m.bodyAsString()).append(' ').append(m.approximateReceiveCount())
                            .append(' ').append(before).append(' ').append(after).append(' ').append(batch).append('\n');
                }
                System.out.print(lines);
                System.out.flush();
                for (ReceivedMessage m : got) {
                    Thread.sleep(processMillis); // "processing": the node holds the rest of the batch in flight meanwhile
                    System.out.println("P " + kind + m.bodyAsString() + " " + System.currentTimeMillis());
                    System.out.flush();
                    broker.deleteMessage(q, m.receiptHandle());
                    System.out.println("D " + kind + m.bodyAsString());
                    System.out.flush();
                }
                if (got.isEmpty()) {
                    Thread.sleep(20);
                }
            }
        }
    }

    private static void bench(JaqsBroker broker, String queue, int seconds, int threads) throws InterruptedException {
        AtomicLong sent = new AtomicLong();
        AtomicLong received = new AtomicLong();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        Thread[] ts = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            ts[t] = new Thread(() -> {
                while (System.nanoTime() < end) {
                    broker.sendMessage(queue, SendMessageRequest.builder("x".repeat(100)).build());
                    sent.incrementAndGet();
                    for (ReceivedMessage m : broker.receiveMessage(queue, ReceiveMessageRequest.of(10).withWaitTimeSeconds(0))) {
                        broker.deleteMessage(queue, m.receiptHandle());
                        received.incrementAndGet();
                    }
                }
            });
            ts[t].start();
        }
        for (Thread t : ts) {
            t.join();
        }
        WriterStats w = broker.store().unwrap(JdbcQueueStore.class).writerStats();
        System.out.println("RATE " + sent.get() / (double) seconds + " " + received.get() / (double) seconds + " " + w.commits()
                + " " + w.works());
    }
}
