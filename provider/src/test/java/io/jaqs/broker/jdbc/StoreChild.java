package io.jaqs.broker.jdbc;

import io.jaqs.broker.BrokerConfig;
import io.jaqs.broker.JaqsBroker;
import io.jaqs.broker.ReceiveMessageRequest;
import io.jaqs.broker.ReceivedMessage;
import io.jaqs.broker.SendMessageRequest;
import io.jaqs.broker.store.Durability;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The child JVM of {@link DurabilityKillTest} and {@link StoreFailureTest}. It reports on stdout,
 * one line per event, each written (and flushed) only after the call it reports has returned:
 *
 * <ul>
 *   <li>{@code run <db> <senders> [PROCESS|DISK] [<encryption key>|-] [compacting|plain]}: opens a broker on the H2 file {@code <db>} at that
 *       durability (default PROCESS), prints {@code READY},
 *       then {@code senders} threads send for ever, printing {@code SENT <messageId>} after each
 *       send returned, while one receiver prints {@code RECEIVED <id>} for each message received,
 *       and for every other one {@code DELETING <id>}, deletes it, then {@code DELETED <id>}. It runs
 *       until it is killed. With a sixth argument {@code compacting}, one more thread compacts the H2
 *       file over and over while that traffic runs (the idle compaction's steps, forced), printing
 *       {@code COMPACTING} before each and {@code COMPACTED} after it.</li>
 *   <li>{@code hold <db>}: opens the store, prints {@code OPEN}, and holds it until stdin closes.</li>
 *   <li>{@code exit <db>}: a JMS application on the H2 file {@code <db>} (the broker registry and its
 *       shutdown hook): a listener consumes while the main thread sends; after 200 sends it prints
 *       {@code EXITING} and calls {@code System.exit(0)} in the middle of that traffic.</li>
 * </ul>
 *
 * A shutdown hook prints {@code SHUTDOWN-HOOK}: after {@code kill -9} it must not appear.
 */
public final class StoreChild {
    static final String QUEUE = "durable";
    private static final PrintStream OUT = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);

    private StoreChild() {
    }

    public static void main(String[] args) throws Exception {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> report("SHUTDOWN-HOOK")));
        String url = "jdbc:h2:file:" + args[1];
        switch (args[0]) {
            case "run" -> run(url, Integer.parseInt(args[2]), args.length > 3 ? Durability.valueOf(args[3]) : Durability.PROCESS,
                    args.length > 4 && !args[4].equals("-") ? args[4] : null, args.length > 5 && args[5].equals("compacting"));
            case "hold" -> hold(url);
            case "exit" -> exitWhileBusy(url);
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    /** @param encryptionKey null, or the key of an encrypted store (storeEncryptionKey) */
    private static void run(String url, int senders, Durability durability, String encryptionKey, boolean compacting)
            throws InterruptedException {
        JdbcQueueStore store = JdbcQueueStore.open(url, null, null, encryptionKey, durability, 2);
        JaqsBroker broker = new JaqsBroker(store, BrokerConfig.defaults());
        // received messages stay invisible for 10 minutes: longer than the test, so they stay received-not-deleted
        broker.createQueue(QUEUE, Map.of("VisibilityTimeout", "600"));
        report("READY");
        for (int t = 0; t < senders; t++) {
            int thread = t;
            Thread sender = new Thread(() -> {
                long n = 0;
                try {
                    while (true) {
                        String id = broker.sendMessage(QUEUE, SendMessageRequest.builder("message " + thread + "-" + n++).build())
                                .messageId();
                        report("SENT " + id);
                    }
                } catch (RuntimeException e) {
                    report("ERROR " + e);
                }
            }, "sender-" + t);
            sender.start();
        }
        Thread receiver = new Thread(() -> {
            boolean delete = false;
            try {
                while (true) {
                    List<ReceivedMessage> got = broker.receiveMessage(QUEUE, ReceiveMessageRequest.of(10).withWaitTimeSeconds(1));
                    for (ReceivedMessage m : got) {
                        report("RECEIVED " + m.messageId());
                        delete = !delete;
                        if (delete) {
                            report("DELETING " + m.messageId());
                            broker.deleteMessage(QUEUE, m.receiptHandle());
                            report("DELETED " + m.messageId());
                        }
                    }
                }
            } catch (RuntimeException e) {
                report("ERROR " + e);
            }
        }, "receiver");
        receiver.start();
        if (compacting) {
            Thread compactor = new Thread(() -> {
                try {
                    while (true) {
                        report("COMPACTING");
                        if (!store.compactNow().join()) {
                            report("ERROR the store did not compact");
                        }
                        report("COMPACTED");
                    }
                } catch (RuntimeException e) {
                    report("ERROR " + e);
                }
            }, "compactor");
            compactor.start();
        }
        receiver.join();
    }

    private static void hold(String url) throws Exception {
        try (JdbcQueueStore store = JdbcQueueStore.open(url, null, null, Durability.PROCESS, 1)) {
            report("OPEN " + store.durability());
            while (System.in.read() >= 0) {
                // hold the store until the parent closes our stdin
            }
        }
    }

    private static void exitWhileBusy(String url) throws Exception {
        io.jaqs.jms.JaqsConnectionFactory f = new io.jaqs.jms.JaqsConnectionFactory(url);
        jakarta.jms.Connection c = f.createConnection();
        jakarta.jms.Session listening = c.createSession(false, jakarta.jms.Session.AUTO_ACKNOWLEDGE);
        listening.createConsumer(listening.createQueue(QUEUE)).setMessageListener(m -> { });
        c.start();
        jakarta.jms.Session sending = c.createSession(false, jakarta.jms.Session.AUTO_ACKNOWLEDGE);
        jakarta.jms.MessageProducer p = sending.createProducer(sending.createQueue(QUEUE));
        for (int i = 0; i < 200; i++) {
            p.send(sending.createTextMessage("message " + i));
        }
        report("EXITING");
        System.exit(0); // not closed: the store is closed by Jaqs's shutdown hook, with the listener still at work
    }

    private static void report(String line) {
        synchronized (OUT) {
            OUT.println(line);
            OUT.flush();
        }
    }
}
