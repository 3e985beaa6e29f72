package io.jaqs.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Several consumer threads on one queue: every message is delivered, none is in flight twice at
 * once, and FIFO order per group holds. The clock stands still, so no visibility timeout ends and
 * every message must be delivered exactly once.
 */
class ConcurrencyTest extends BrokerTestSupport {
    private static final int CONSUMERS = 4;

    private void sendInBatches(String q, List<SendMessageRequest> requests) {
        for (int i = 0; i < requests.size(); i += 10) {
            List<SendMessageBatchEntry> batch = new ArrayList<>();
            for (int j = i; j < Math.min(i + 10, requests.size()); j++) {
                batch.add(new SendMessageBatchEntry("e" + j, requests.get(j)));
            }
            assertEquals(batch.size(), broker.sendMessageBatch(q, batch).successful().size());
        }
    }

    private static void runConsumers(Runnable consumer) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CONSUMERS);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < CONSUMERS; i++) {
                running.add(pool.submit(consumer));
            }
            for (Future<?> f : running) {
                f.get(60, TimeUnit.SECONDS); // rethrows a consumer's assertion failure
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void fourConsumersOnAStandardQueueGetEveryMessageOnceAndNeverTheSameOneAtOnce() throws Exception {
        int total = 2_000;
        String q = queue("q");
        List<SendMessageRequest> requests = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            requests.add(SendMessageRequest.builder("m" + i).build());
        }
        sendInBatches(q, requests);

        Set<String> held = ConcurrentHashMap.newKeySet();
        Map<String, Integer> deliveries = new ConcurrentHashMap<>();
        AtomicInteger deleted = new AtomicInteger();
        List<Integer> perConsumer = new CopyOnWriteArrayList<>();
        runConsumers(() -> {
            int mine = 0;
            while (deleted.get() < total) {
                List<ReceivedMessage> got = receive(q, 10);
                for (ReceivedMessage m : got) {
                    assertTrue(held.add(m.messageId()), "message " + m.messageId() + " in flight twice at once");
                    deliveries.merge(m.bodyAsString(), 1, Integer::sum);
                    assertEquals(1, m.approximateReceiveCount());
                }
                if (got.isEmpty()) {
                    continue;
                }
                List<DeleteMessageBatchEntry> acks = new ArrayList<>();
                for (ReceivedMessage m : got) {
                    held.remove(m.messageId()); // before the delete: once deleted another consumer could not get it anyway
                    acks.add(new DeleteMessageBatchEntry("d" + acks.size(), m.receiptHandle()));
                }
                BatchResult<Void> r = broker.deleteMessageBatch(q, acks);
                assertEquals(List.of(), r.failed());
                deleted.addAndGet(got.size());
                mine += got.size();
            }
            perConsumer.add(mine);
        });

        assertEquals(total, deliveries.size(), "every message delivered");
        assertTrue(deliveries.values().stream().allMatch(n -> n == 1), "each exactly once");
        assertEquals(total, deleted.get());
        assertEquals(CONSUMERS, perConsumer.size());
        assertEquals(0, count(q, "ApproximateNumberOfMessages") + count(q, "ApproximateNumberOfMessagesNotVisible"));
    }

    @Test
    void fifoOrderPerGroupHoldsUnderFourConcurrentConsumers() throws Exception {
        int groups = 10;
        int perGroup = 40;
        String q = queue("q.fifo");
        List<SendMessageRequest> requests = new ArrayList<>();
        for (int i = 0; i < perGroup; i++) {
            for (int g = 0; g < groups; g++) {
                requests.add(SendMessageRequest.builder(g + ":" + i).messageGroupId("g" + g)
                        .messageDeduplicationId(g + "-" + i).build());
            }
        }
        sendInBatches(q, requests);

        Set<String> groupsHeld = ConcurrentHashMap.newKeySet();
        Map<String, List<Integer>> seen = new HashMap<>();
        AtomicInteger deleted = new AtomicInteger();
        int total = groups * perGroup;
        runConsumers(() -> {
            while (deleted.get() < total) {
                List<ReceivedMessage> got = receive(q, 10);
                Map<String, List<ReceivedMessage>> byGroup = new LinkedHashMap<>();
                for (ReceivedMessage m : got) {
                    byGroup.computeIfAbsent(m.messageGroupId(), k -> new ArrayList<>()).add(m);
                }
                for (String g : byGroup.keySet()) {
                    assertTrue(groupsHeld.add(g), "group " + g + " delivered to two consumers at once");
                }
                for (Map.Entry<String, List<ReceivedMessage>> e : byGroup.entrySet()) {
                    List<ReceivedMessage> run = e.getValue();
                    for (int i = 0; i < run.size(); i++) {
                        ReceivedMessage m = run.get(i);
                        synchronized (seen) {
                            seen.computeIfAbsent(e.getKey(), k -> new ArrayList<>())
                                    .add(Integer.parseInt(m.bodyAsString().substring(m.bodyAsString().indexOf(':') + 1)));
                        }
                        if (i == run.size() - 1) {
                            groupsHeld.remove(e.getKey()); // the group stays locked until this last delete commits
                        }
                        broker.deleteMessage(q, m.receiptHandle());
                        deleted.incrementAndGet();
                    }
                }
            }
        });

        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < perGroup; i++) {
            expected.add(i);
        }
        assertEquals(groups, seen.size());
        seen.forEach((g, order) -> assertEquals(expected, order, "order of group " + g));
        assertEquals(0, count(q, "ApproximateNumberOfMessages") + count(q, "ApproximateNumberOfMessagesNotVisible"));
    }
}
