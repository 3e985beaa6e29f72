package io.jaqs.ra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jaqs.jms.JaqsConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.Queue;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** What the MDB FIFO group tests share: groups of numbered messages, the order check, a bounded wait. */
final class FifoGroupFixture {
    private FifoGroupFixture() {
    }

    /** The body of a group's message: {@code g07-003} is group 7's third message. */
    static String body(int group, int seq) {
        return String.format("g%02d-%03d", group, seq);
    }

    /** Sends {@code perGroup} messages to each group, round by round, one transaction per round. */
    static void send(String url, String queue, int groups, int perGroup) {
        try (JMSContext c = new JaqsConnectionFactory(url).createContext(JMSContext.SESSION_TRANSACTED)) {
            Queue q = c.createQueue(queue);
            for (int seq = 1; seq <= perGroup; seq++) {
                for (int g = 0; g < groups; g++) {
                    c.createProducer().setProperty("JMSXGroupID", "g" + g).send(q, body(g, seq));
                }
                c.commit();
            }
        }
    }

    /** Every message processed once, and each group's messages in the order they were sent. */
    static void assertEachGroupInOrderAndOnce(List<String> processed, int groups, int perGroup) {
        assertEquals(groups * perGroup, processed.size(), processed.toString());
        assertEquals(groups * perGroup, new HashSet<>(processed).size(), "nothing processed twice");
        Map<String, List<String>> byGroup = new LinkedHashMap<>();
        processed.forEach(b -> byGroup.computeIfAbsent(b.substring(0, 3), k -> new ArrayList<>()).add(b));
        for (int g = 0; g < groups; g++) {
            List<String> want = new ArrayList<>();
            for (int seq = 1; seq <= perGroup; seq++) {
                want.add(body(g, seq));
            }
            assertEquals(want, byGroup.get(String.format("g%02d", g)), "group g" + g + " in order");
        }
    }

    /** Waits, within a bound, for work the MDB sessions do on their own threads. */
    static void awaitUntil(BooleanSupplier condition, int seconds, Supplier<String> what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            Thread.yield();
        }
        assertTrue(condition.getAsBoolean(), what);
    }
}
