package io.jaqs.jms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jaqs.broker.Subscription;
import jakarta.jms.CompletionListener;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.InvalidSelectorException;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import jakarta.jms.TopicSubscriber;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Publishing to topics and non-durable subscriptions: fan-out, noLocal, selectors, FIFO, transactions. */
class TopicPublishSubscribeTest extends TopicTestSupport {
    final Topic news = new JaqsTopic("news");

    @Test
    void aNonDurableConsumerReceivesExactlyWhatWasPublishedWhileItExisted() throws Exception {
        Connection c = connection();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageProducer p = s.createProducer(news);
        TextMessage early = s.createTextMessage("before anyone listened");
        p.send(early);
        assertNotNull(early.getJMSMessageID(), "a publish nobody receives still succeeds with a message id");
        assertTrue(topics().isEmpty(), "nothing stored for a topic without subscriptions");

        MessageConsumer first = s.createConsumer(news);
        assertEquals(Subscription.Kind.NON_DURABLE, subscription("news", null).kind());
        p.send(s.createTextMessage("a"));
        p.send(s.createTextMessage("b"));
        Message a = first.receive(WAIT_MS);
        assertEquals("a", text(a));
        assertEquals(news, a.getJMSDestination(), "JMSDestination is the topic, not the subscription's queue");
        assertTrue(a.getJMSDestination() instanceof Topic);
        assertEquals("b", receiveText(first));
        first.close();
        assertEquals(List.of(), subscriptions("news"), "the subscription went with its consumer");

        p.send(s.createTextMessage("while nobody listened"));
        MessageConsumer second = s.createConsumer(news);
        p.send(s.createTextMessage("c"));
        assertReceives(second, "c");
    }

    @Test
    void everyConsumerOfATopicHasItsOwnSubscriptionAndGetsEveryMessage() throws Exception {
        Session s = connection().createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer one = s.createConsumer(news);
        MessageConsumer two = connection().createSession(false, Session.CLIENT_ACKNOWLEDGE).createConsumer(news);
        assertEquals(2, subscriptions("news").size());
        publish(news, "x", "y");
        assertReceives(one, "x", "y");
        assertReceives(two, "x", "y");
    }

    @Test
    void nonDurableSubscriptionsAreDeletedWithTheirSessionAndConnection() throws Exception {
        Connection c = connection();
        Session s1 = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        s1.createConsumer(news);
        Session s2 = c.createSession(true, Session.SESSION_TRANSACTED);
        s2.createConsumer(news, "kind = 'x'");
        connection().createSession(false, Session.AUTO_ACKNOWLEDGE).createConsumer(news);
        assertEquals(3, subscriptions("news").size());
        s1.close();
        assertEquals(2, subscriptions("news").size());
        c.close();
        assertEquals(1, subscriptions("news").size(), "the other connection's subscription stays");
    }

    @Test
    void noLocalLeavesOutMessagesOfTheSubscribersOwnConnection() throws Exception {
        Connection mine = connection();
        Session s = mine.createSession(false, Session.AUTO_ACKNOWLEDGE);
        TopicSubscriber noLocal = (TopicSubscriber) s.createConsumer(news, null, true);
        MessageConsumer all = s.createConsumer(news);
        assertTrue(noLocal.getNoLocal());
        assertFalse(((TopicSubscriber) all).getNoLocal());
        assertEquals(news, noLocal.getTopic());
        MessageProducer p = mine.createSession(false, Session.AUTO_ACKNOWLEDGE).createProducer(news);
        p.send(s.createTextMessage("mine"));
        publish(news, "theirs"); // another connection
        assertReceives(noLocal, "theirs");
        assertReceives(all, "mine", "theirs");
        assertEquals(0, subscriptions("news").stream().mapToLong(TopicSubscriptionInfo::approximateNumberOfMessages).sum());
    }

    @Test
    void noLocalWithTheSimplifiedApiCountsEveryContextOfTheConnection() throws Exception {
        try (JMSContext ctx = factory.createContext()) {
            JMSConsumer noLocal = ctx.createConsumer(news, null, true);
            try (JMSContext sibling = ctx.createContext(JMSContext.AUTO_ACKNOWLEDGE)) {
                sibling.createProducer().send(news, "sibling (same connection)");
            }
            ctx.createProducer().send(news, "own");
            publish(news, "other connection");
            assertEquals("other connection", noLocal.receiveBody(String.class, WAIT_MS));
            assertNull(noLocal.receiveNoWait());
        }
    }

    @Test
    void aSelectorIsAppliedAtPublishSoRejectedMessagesAreNeverStored() throws Exception {
        Connection c = factory.createConnection(); // not started: the consumer takes nothing yet
        track(c);
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer reds = s.createConsumer(news, "color = 'red' AND weight > 2");
        assertEquals("color = 'red' AND weight > 2", reds.getMessageSelector());
        assertEquals("color = 'red' AND weight > 2", subscription("news", null).selector());
        MessageProducer p = s.createProducer(news);
        p.send(colored(s, "red3", "red", 3));
        p.send(colored(s, "blue5", "blue", 5));
        p.send(colored(s, "red1", "red", 1));
        p.send(colored(s, "red9", "red", 9));
        TopicSubscriptionInfo info = subscription("news", null);
        assertEquals(2, info.approximateNumberOfMessages(), "only the matching messages were stored: " + info);
        assertEquals(0, info.approximateNumberOfMessagesNotVisible());
        c.start();
        assertReceives(reds, "red3", "red9");

        assertThrows(InvalidSelectorException.class, () -> s.createConsumer(news, "color = = 'red'"));
        assertEquals(1, subscriptions("news").size(), "a bad selector creates no subscription");
    }

    @Test
    void aSelectorMayTestTheMessageIdAndHeaders() throws Exception {
        Session s = connection().createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer urgent = s.createConsumer(news, "JMSPriority > 6 AND JMSMessageID LIKE 'ID:%'");
        MessageProducer p = s.createProducer(news);
        p.send(s.createTextMessage("normal"));
        p.send(s.createTextMessage("urgent"), DeliveryMode.PERSISTENT, 9, 0);
        assertReceives(urgent, "urgent");
    }

    private static TextMessage colored(Session s, String text, String color, int weight) throws Exception {
        TextMessage m = textWith(s, text, "color", color);
        m.setIntProperty("weight", weight);
        return m;
    }

    @Test
    void aFifoTopicKeepsTheOrderOfEachGroupInEverySubscription() throws Exception {
        Topic prices = new JaqsTopic("prices.fifo");
        Session s = connection().createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer one = s.createConsumer(prices);
        MessageConsumer two = s.createSharedDurableConsumer(prices, "audit");
        for (TopicSubscriptionInfo info : subscriptions("prices.fifo")) {
            assertTrue(info.queueName().endsWith(".fifo"), "a FIFO topic's subscriptions are FIFO queues: " + info);
        }
        MessageProducer p = s.createProducer(prices);
        for (int i = 1; i <= 5; i++) {
            for (String group : List.of("eur", "usd")) {
                p.send(textWith(s, group + i, "JMSXGroupID", group));
            }
        }
        for (MessageConsumer c : List.of(one, two)) {
            Map<String, List<String>> byGroup = new java.util.TreeMap<>();
            for (int i = 0; i < 10; i++) {
                Message m = c.receive(WAIT_MS);
                byGroup.computeIfAbsent(m.getStringProperty("JMSXGroupID"), g -> new ArrayList<>()).add(text(m));
            }
            assertEquals(Map.of("eur", List.of("eur1", "eur2", "eur3", "eur4", "eur5"),
                    "usd", List.of("usd1", "usd2", "usd3", "usd4", "usd5")), byGroup);
            assertNull(c.receiveNoWait());
        }
    }

    @Test
    void aTransactedPublishIsInvisibleUntilCommitAndGoneOnRollback() throws Exception {
        MessageConsumer consumer = connection().createSession(false, Session.AUTO_ACKNOWLEDGE).createConsumer(news);
        Session tx = connection().createSession(true, Session.SESSION_TRANSACTED);
        MessageProducer p = tx.createProducer(news);
        TextMessage one = tx.createTextMessage("one");
        p.send(one);
        p.send(tx.createTextMessage("two"));
        assertNotNull(one.getJMSMessageID());
        assertNull(consumer.receive(NOTHING_MS), "not visible before commit");
        assertEquals(0, subscription("news", null).approximateNumberOfMessages());
        tx.commit();
        assertReceives(consumer, "one", "two");

        p.send(tx.createTextMessage("rolled back"));
        tx.rollback();
        p.send(tx.createTextMessage("three"));
        tx.commit();
        assertReceives(consumer, "three");
    }

    @Test
    void nonPersistentAndAsynchronousPublishesReachEverySubscription() throws Exception {
        Session s = connection().createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer one = s.createConsumer(news);
        MessageConsumer two = s.createConsumer(news);
        MessageProducer p = s.createProducer(news);
        p.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
        TextMessage fast = s.createTextMessage("fast");
        p.send(fast);
        assertNotNull(fast.getJMSMessageID());
        CompletableFuture<Message> completed = new CompletableFuture<>();
        p.setDeliveryMode(DeliveryMode.PERSISTENT);
        p.send(s.createTextMessage("async"), new CompletionListener() {
            @Override
            public void onCompletion(Message message) {
                completed.complete(message);
            }

            @Override
            public void onException(Message message, Exception exception) {
                completed.completeExceptionally(exception);
            }
        });
        Message done = completed.get(WAIT_MS, TimeUnit.MILLISECONDS);
        assertNotNull(done.getJMSMessageID());
        for (MessageConsumer c : List.of(one, two)) {
            Message m1 = c.receive(WAIT_MS);
            assertEquals("fast", text(m1));
            assertEquals(DeliveryMode.NON_PERSISTENT, m1.getJMSDeliveryMode());
            assertEquals(fast.getJMSMessageID(), m1.getJMSMessageID());
            Message m2 = c.receive(WAIT_MS);
            assertEquals("async", text(m2));
            assertEquals(done.getJMSMessageID(), m2.getJMSMessageID(), "one message id for every copy");
        }
    }

    @Test
    void onePublisherFansOutToTenSubscriptions() throws Exception {
        Connection c = track(factory.createConnection());
        c.setClientID("fan-out");
        c.start();
        List<MessageConsumer> consumers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            consumers.add(c.createSession(false, Session.AUTO_ACKNOWLEDGE).createConsumer(news));
        }
        for (int i = 0; i < 3; i++) {
            consumers.add(c.createSession(false, Session.AUTO_ACKNOWLEDGE).createDurableConsumer(news, "durable-" + i));
        }
        for (int i = 0; i < 3; i++) {
            consumers.add(c.createSession(false, Session.CLIENT_ACKNOWLEDGE).createSharedDurableConsumer(news, "shared-" + i));
        }
        assertEquals(10, subscriptions("news").size());
        int n = 50;
        publishNumbered(news, "m", n);
        for (TopicSubscriptionInfo info : subscriptions("news")) {
            assertEquals(n, info.approximateNumberOfMessages(), "every subscription stored every message: " + info);
        }
        Set<String> expected = new HashSet<>();
        for (int i = 1; i <= n; i++) {
            expected.add("m" + i);
        }
        for (MessageConsumer consumer : consumers) {
            List<String> got = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Message m = consumer.receive(WAIT_MS);
                got.add(text(m));
                m.acknowledge();
            }
            assertEquals(n, got.size());
            assertEquals(expected, new HashSet<>(got), "each subscription gets every message exactly once");
            assertNull(consumer.receiveNoWait());
        }
    }
}
