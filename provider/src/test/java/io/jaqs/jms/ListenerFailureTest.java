package io.jaqs.jms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A listener that throws: any Throwable is a failed delivery (the message comes back, the
 * consumer goes on delivering, an Error reaches the ExceptionListener), and a message that always
 * fails comes back later each time (the redelivery backoff), on the broker's clock.
 */
class ListenerFailureTest extends JmsTestSupport {

    /** "text count=N at=S" for each delivery: S the broker clock's second since the test began. */
    private final BlockingQueue<String> deliveries = new LinkedBlockingQueue<>();
    private final long start = clock.millis();

    private String record(Message m) throws JMSException {
        String s = text(m) + " count=" + m.getIntProperty("JMSXDeliveryCount") + " at=" + (clock.millis() - start) / 1000;
        deliveries.add(s);
        return s;
    }

    private String next() throws InterruptedException {
        String s = deliveries.poll(WAIT_MS, TimeUnit.MILLISECONDS);
        assertTrue(s != null, "a delivery was expected");
        return s;
    }

    @Test
    void anErrorInOnMessageRedeliversKeepsTheConsumerDeliveringAndReachesTheExceptionListener() throws Exception {
        Queue q = new JaqsQueue("errors");
        Connection c = connection();
        BlockingQueue<JMSException> reported = new LinkedBlockingQueue<>();
        c.setExceptionListener(reported::add);
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        s.createConsumer(q).setMessageListener(m -> {
            try {
                String seen = record(m);
                if (seen.startsWith("bad count=1")) {
                    throw new AssertionError("a failed check in the application");
                }
            } catch (JMSException e) {
                throw new RuntimeException(e);
            }
        });
        sendTexts(q, "bad");
        assertEquals("bad count=1 at=0", next());
        assertEquals("bad count=2 at=0", next(), "the first redelivery comes at once (redeliveryDelaySeconds 0)");

        JMSException e = reported.poll(WAIT_MS, TimeUnit.MILLISECONDS);
        assertTrue(e != null, "the ExceptionListener was told of the Error");
        assertInstanceOf(AssertionError.class, e.getCause());
        assertTrue(e.getMessage().contains("AssertionError"), e.getMessage());

        sendTexts(q, "m", 4);
        List<String> after = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            after.add(next());
        }
        assertEquals(List.of("m1 count=1 at=0", "m2 count=1 at=0", "m3 count=1 at=0", "m4 count=1 at=0"), after,
                "the consumer still delivers after an Error");
        c.close();
        assertEquals(List.of(), texts(takeAll(q)), "all were acknowledged");
    }

    @Test
    void aPoisonMessageComesBackLaterEachTimeUpToTheCap() throws Exception {
        Queue q = new JaqsQueue("poison");
        factory.setPrefetch(1);
        Connection c = connection();
        List<JMSException> reported = new CopyOnWriteArrayList<>();
        c.setExceptionListener(reported::add);
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        s.createConsumer(q).setMessageListener(m -> {
            try {
                record(m);
            } catch (JMSException e) {
                throw new RuntimeException(e);
            }
            throw new IllegalStateException("always fails");
        });
        sendTexts(q, "p");
        // defaults: 0, 1, 2, 4, 8, 16, 32, then 60 s (the cap) between deliveries
        int[] waits = {0, 1, 2, 4, 8, 16, 32, 60, 60};
        long at = 0;
        assertEquals("p count=1 at=0", next());
        for (int i = 0; i < waits.length; i++) {
            int count = i + 2;
            // the clock moves only once the failed delivery was released (the listener's task has ended)
            ((JaqsSession) s).awaitListenersIdle();
            if (waits[i] > 0) {
                advance(waits[i] - 1);
                at += waits[i] - 1;
                // just before it is due the message is still held back: in flight, not visible
                assertEquals(0, counts("poison")[0], "not visible before delivery " + count);
                assertEquals(null, deliveries.poll(), "no delivery " + count + " before its time");
                advance(1);
                at += 1;
            }
            assertEquals("p count=" + count + " at=" + at, next());
        }
        assertEquals(List.of(), reported, "an Exception (not an Error) is only logged");
    }

    @Test
    void theBackoffSettingsAreValidatedAndZeroTurnsItOff() {
        assertThrows(IllegalArgumentException.class, () -> factory.setRedeliveryMultiplier(0.5));
        assertThrows(IllegalArgumentException.class, () -> factory.setMaxRedeliveryDelaySeconds(-1));
        assertThrows(IllegalArgumentException.class, () -> factory.setRedeliveryDelaySeconds(43_201));
        assertEquals(List.of(0, 1, 2, 4, 8, 16, 32, 60, 60), delays(factory.redeliveryBackoff()));
        assertEquals(List.of(0, 0, 0, 0, 0, 0, 0, 0, 0), delays(new RedeliveryBackoff(0, 2.0, 0)));
        assertEquals(List.of(5, 15, 45, 135, 300, 300, 300, 300, 300), delays(new RedeliveryBackoff(5, 3.0, 300)));
        assertEquals(List.of(120, 120, 120, 120, 120, 120, 120, 120, 120), delays(new RedeliveryBackoff(120, 2.0, 60)),
                "an initial delay above the cap is kept");
    }

    private static List<Integer> delays(RedeliveryBackoff b) {
        List<Integer> out = new ArrayList<>();
        for (int count = 1; count <= 9; count++) {
            out.add(b.delaySeconds(count));
        }
        return out;
    }
}
