package io.jaqs.jms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jaqs.broker.Subscription;
import jakarta.jms.Connection;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.Topic;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Shared non-durable subscriptions: consumers of one name split its messages; the last one to close deletes it. */
class SharedSubscriptionTest extends TopicTestSupport {
    final Topic jobs = new JaqsTopic("jobs");

    @Test
    void sharedConsumersSplitTheLoadAndNoMessageGoesToTwoOfThem() throws Exception {
        int n = 200;
        Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
        List<List<String>> perConsumer = List.of(java.util.Collections.synchronizedList(new ArrayList<>()),
                java.util.Collections.synchronizedList(new ArrayList<>()));
        CountDownLatch[] gotOne = {new CountDownLatch(1), new CountDownLatch(1)};
        CountDownLatch all = new CountDownLatch(n);
        List<Connection> connections = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            int me = i;
            Connection c = track(factory.createConnection());
            connections.add(c);
            MessageConsumer consumer = c.createSession(false, Session.AUTO_ACKNOWLEDGE).createSharedConsumer(jobs, "workers");
            consumer.setMessageListener(m -> {
                try {
                    String t = text(m);
                    if (deliveries.computeIfAbsent(t, k -> new AtomicInteger()).incrementAndGet() == 1) {
                        all.countDown();
                    }
                    perConsumer.get(me).add(t);
                    if (gotOne[me].getCount() > 0) {
                        gotOne[me].countDown();
                        // hold the first message until the other consumer got one too: both must take part
                        gotOne[1 - me].await(WAIT_MS, TimeUnit.MILLISECONDS);
                    }
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
        }
        TopicSubscriptionInfo info = subscription("jobs", "workers");
        assertEquals(Subscription.Kind.SHARED, info.kind());
        assertEquals(2, info.activeConsumers());
        publishNumbered(jobs, "job", n);
        for (Connection c : connections) {
            c.start();
        }
        assertTrue(all.await(3 * WAIT_MS, TimeUnit.MILLISECONDS), "delivered: " + deliveries.size());
        for (Connection c : connections) {
            c.stop(); // waits for running listeners: every delivery is counted
        }
        assertEquals(n, deliveries.size());
        deliveries.forEach((t, count) -> assertEquals(1, count.get(), t + " was delivered " + count + " times"));
        assertEquals(n, perConsumer.get(0).size() + perConsumer.get(1).size());
        assertTrue(!perConsumer.get(0).isEmpty() && !perConsumer.get(1).isEmpty(),
                "each consumer got some: " + perConsumer.get(0).size() + " / " + perConsumer.get(1).size());
        info = subscription("jobs", "workers");
        assertEquals(0, info.approximateNumberOfMessages() + info.approximateNumberOfMessagesNotVisible(), "all acknowledged");
    }

    @Test
    void aSharedSubscriptionLivesWhileItHasConsumers() throws Exception {
        Session s1 = connection().createSession(false, Session.AUTO_ACKNOWLEDGE);
        Session s2 = connection().createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer c1 = s1.createSharedConsumer(jobs, "workers");
        MessageConsumer c2 = s2.createSharedConsumer(jobs, "workers");
        publish(jobs, "j1");
        c1.close();
        assertEquals(1, subscription("jobs", "workers").activeConsumers());
        assertEquals("j1", receiveText(c2), "the subscription stays while one consumer is left");
        c2.close();
        assertEquals(List.of(), subscriptions("jobs"), "deleted with its last consumer");

        publish(jobs, "nobody listens");
        MessageConsumer again = s1.createSharedConsumer(jobs, "workers");
        publish(jobs, "j2");
        assertEquals(List.of("j2"), drainWithin(again));
    }

    private static List<String> drainWithin(MessageConsumer c) throws JMSException {
        List<String> out = new ArrayList<>();
        out.add(receiveText(c));
        out.addAll(drain(c));
        return out;
    }

    @Test
    void anotherTopicOrSelectorForASharedSubscriptionInUseIsRefused() throws Exception {
        Session s = connection().createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer c = s.createSharedConsumer(jobs, "workers", "priority > 3");
        assertEquals("priority > 3", c.getMessageSelector());
        assertThrows(JMSException.class, () -> s.createSharedConsumer(jobs, "workers"));
        assertThrows(JMSException.class, () -> s.createSharedConsumer(new JaqsTopic("other"), "workers", "priority > 3"));
        MessageConsumer same = s.createSharedConsumer(jobs, "workers", "priority > 3");
        assertEquals(1, subscriptions("jobs").size());
        same.close();
        c.close();
        s.createSharedConsumer(new JaqsTopic("other"), "workers"); // unused now: a new subscription
        assertEquals(List.of(), subscriptions("jobs"));
        assertEquals(1, subscriptions("other").size());
    }

    @Test
    void theClientIdIsPartOfASharedSubscriptionsIdentity() throws Exception {
        Connection withId = track(factory.createConnection());
        withId.setClientID("app");
        withId.createSession(false, Session.AUTO_ACKNOWLEDGE).createSharedConsumer(jobs, "workers");
        connection().createSession(false, Session.AUTO_ACKNOWLEDGE).createSharedConsumer(jobs, "workers");
        List<TopicSubscriptionInfo> subs = subscriptions("jobs");
        assertEquals(2, subs.size());
        assertNotEquals(subs.get(0).clientId(), subs.get(1).clientId());
    }

    @Test
    void theSimplifiedApiSharesAndNamesTheSameWay() {
        try (JMSContext a = factory.createContext(); JMSContext b = factory.createContext()) {
            JMSConsumer ca = a.createSharedConsumer(jobs, "workers");
            JMSConsumer cb = b.createSharedConsumer(jobs, "workers", null);
            assertThrows(JMSRuntimeException.class, () -> b.createSharedConsumer(jobs, "workers", "x = 1"));
            a.createProducer().send(jobs, "one");
            a.createProducer().send(jobs, "two");
            List<String> got = new ArrayList<>();
            for (String body = ca.receiveBodyNoWait(String.class); body != null; body = ca.receiveBodyNoWait(String.class)) {
                got.add(body);
            }
            for (String body = cb.receiveBodyNoWait(String.class); body != null; body = cb.receiveBodyNoWait(String.class)) {
                got.add(body);
            }
            got.sort(null);
            assertEquals(List.of("one", "two"), got);
            ca.close();
            cb.close();
            assertNull(a.createSharedConsumer(jobs, "workers").receiveNoWait());
        }
    }
}
