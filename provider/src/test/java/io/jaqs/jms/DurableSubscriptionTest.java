package io.jaqs.jms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jaqs.broker.Subscription;
import jakarta.jms.Connection;
import jakarta.jms.IllegalStateRuntimeException;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.InvalidDestinationRuntimeException;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.Topic;
import jakarta.jms.TopicSubscriber;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Durable subscriptions, unshared and shared: offline delivery, restarts, replacement and the unsubscribe rules. */
class DurableSubscriptionTest extends TopicTestSupport {
    final Topic orders = new JaqsTopic("orders");

    /** A started connection with a client id. */
    Connection connection(String clientId) throws JMSException {
        Connection c = track(factory.createConnection());
        c.setClientID(clientId);
        c.start();
        return c;
    }

    @Test
    void aDurableSubscriberThatWasOfflineGetsEverythingOnReconnect() throws Exception {
        publish(orders, "before the subscription");
        Connection c = connection("app");
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        TopicSubscriber sub = s.createDurableSubscriber(orders, "billing");
        assertEquals(orders, sub.getTopic());
        assertFalse(sub.getNoLocal());
        assertNull(sub.getMessageSelector());
        publish(orders, "o1");
        assertEquals("o1", receiveText(sub));
        c.close(); // offline

        publish(orders, "o2", "o3", "o4");
        TopicSubscriptionInfo info = subscription("orders", "billing");
        assertEquals(Subscription.Kind.DURABLE, info.kind());
        assertEquals("app", info.clientId());
        assertEquals(3, info.approximateNumberOfMessages());
        assertEquals(0, info.activeConsumers());

        MessageConsumer again = connection("app").createSession(false, Session.AUTO_ACKNOWLEDGE)
                .createDurableConsumer(orders, "billing");
        assertEquals(1, subscription("orders", "billing").activeConsumers());
        assertReceives(again, "o2", "o3", "o4");
    }

    @Test
    void aDurableSubscriptionKeepsItsMessagesAcrossARestartOfTheStore() throws Exception {
        factory.setClientID("app");
        Connection c = connection();
        c.createSession(false, Session.AUTO_ACKNOWLEDGE).createDurableConsumer(orders, "billing", "amount > 10", false);
        c.close();
        for (int amount : new int[] {5, 20, 30}) {
            try (Connection p = factory.createConnection()) {
                Session s = p.createSession(false, Session.AUTO_ACKNOWLEDGE);
                s.createProducer(orders).send(textWith(s, "amount " + amount, "amount", amount));
            }
        }
        BrokerRegistry.shutdown(url); // the JVM's broker core goes away; the H2 file stays

        factory = newFactory(); // a fresh broker core on the same file
        factory.setClientID("app");
        TopicSubscriptionInfo info = subscription("orders", "billing");
        assertEquals(2, info.approximateNumberOfMessages(), "the selector ran at publish, before the restart");
        assertEquals("amount > 10", info.selector());
        MessageConsumer again = connection().createSession(false, Session.AUTO_ACKNOWLEDGE)
                .createDurableConsumer(orders, "billing", "amount > 10", false);
        assertReceives(again, "amount 20", "amount 30");
        publish(orders, "no amount: not selected");
        try (Connection p = factory.createConnection()) {
            Session s = p.createSession(false, Session.AUTO_ACKNOWLEDGE);
            s.createProducer(orders).send(textWith(s, "after the restart", "amount", 50));
        }
        assertReceives(again, "after the restart");
    }

    @Test
    void anUnsharedDurableSubscriptionNeedsAClientId() throws Exception {
        Session s = connection().createSession(false, Session.AUTO_ACKNOWLEDGE);
        assertThrows(jakarta.jms.IllegalStateException.class, () -> s.createDurableSubscriber(orders, "billing"));
        assertThrows(jakarta.jms.IllegalStateException.class, () -> s.createDurableConsumer(orders, "billing", null, true));
        try (JMSContext ctx = factory.createContext()) {
            assertThrows(IllegalStateRuntimeException.class, () -> ctx.createDurableConsumer(orders, "billing"));
            JMSConsumer shared = ctx.createSharedDurableConsumer(orders, "billing"); // shared ones need none
            shared.close();
            ctx.unsubscribe("billing");
        }
        assertEquals(List.of(), subscriptions("orders"));
    }

    @Test
    void anUnsharedDurableSubscriptionHasAtMostOneActiveConsumer() throws Exception {
        Connection c = connection("app");
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer first = s.createDurableConsumer(orders, "billing");
        Session other = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        assertThrows(jakarta.jms.IllegalStateException.class, () -> other.createDurableConsumer(orders, "billing"));
        assertThrows(jakarta.jms.IllegalStateException.class, () -> s.createDurableSubscriber(orders, "billing", "x = 1", false),
                "not even to change its selector while it is in use");
        first.close();
        MessageConsumer second = other.createDurableConsumer(orders, "billing");
        publish(orders, "one");
        assertReceives(second, "one");
    }

    @Test
    void changingTheSelectorTopicOrNoLocalOfADurableSubscriptionReplacesIt() throws Exception {
        Connection c = connection("app");
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        s.createDurableSubscriber(orders, "billing").close();
        publish(orders, "kept");
        s.createDurableSubscriber(orders, "billing", "", false).close(); // the empty selector is no selector: same subscription
        assertEquals(1, subscription("orders", "billing").approximateNumberOfMessages());
        String queue = subscription("orders", "billing").queueName();

        MessageConsumer vip = s.createDurableSubscriber(orders, "billing", "vip = TRUE", false);
        assertNotEquals(queue, subscription("orders", "billing").queueName(), "a new subscription");
        assertNull(vip.receive(NOTHING_MS), "the old subscription's messages went with it");
        try (Connection p = factory.createConnection()) {
            Session ps = p.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = ps.createProducer(orders);
            producer.send(textWith(ps, "plain", "vip", false));
            producer.send(textWith(ps, "important", "vip", true));
        }
        assertReceives(vip, "important");
        vip.close();

        Topic invoices = new JaqsTopic("invoices");
        publish(orders, "left behind");
        MessageConsumer moved = s.createDurableConsumer(invoices, "billing");
        assertEquals(List.of(), subscriptions("orders"), "moving a durable subscription to another topic replaces it");
        publish(invoices, "invoice");
        assertReceives(moved, "invoice");
        moved.close();

        s.createDurableConsumer(invoices, "billing", null, true).close();
        assertTrue(subscription("invoices", "billing").noLocal(), "a noLocal change replaced it too");
    }

    @Test
    void durableNoLocalLeavesOutEveryConnectionWithTheSameClientId() throws Exception {
        Connection c = connection("app");
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        TopicSubscriber sub = s.createDurableSubscriber(orders, "audit", null, true);
        assertTrue(sub.getNoLocal());
        s.createProducer(orders).send(s.createTextMessage("own connection"));
        publish(orders, "theirs");
        assertReceives(sub, "theirs");
        c.close();

        Connection sameClient = connection("app"); // another connection, same client id: still "local"
        Session s2 = sameClient.createSession(false, Session.AUTO_ACKNOWLEDGE);
        s2.createProducer(orders).send(s2.createTextMessage("same client id"));
        publish(orders, "theirs again");
        assertReceives(s2.createDurableSubscriber(orders, "audit", null, true), "theirs again");
    }

    @Test
    void unsubscribeFollowsTheJmsRules() throws Exception {
        Connection c = connection("app");
        Session s = c.createSession(false, Session.CLIENT_ACKNOWLEDGE);
        MessageConsumer consumer = s.createDurableConsumer(orders, "billing");
        publish(orders, "o1", "o2");

        JMSException active = assertThrows(jakarta.jms.IllegalStateException.class, () -> s.unsubscribe("billing"));
        assertTrue(active.getMessage().contains("active consumer"), active.getMessage());
        InvalidDestinationException unknown = assertThrows(InvalidDestinationException.class, () -> s.unsubscribe("nobody"));
        assertTrue(unknown.getMessage().contains("nobody"), unknown.getMessage());

        Message m = consumer.receive(WAIT_MS);
        consumer.close();
        JMSException pending = assertThrows(jakarta.jms.IllegalStateException.class, () -> s.unsubscribe("billing"),
                "a delivered message is not yet acknowledged");
        assertTrue(pending.getMessage().contains("acknowledge"), pending.getMessage());
        m.acknowledge();
        s.unsubscribe("billing");
        assertEquals(List.of(), subscriptions("orders"), "deleted with its messages");
        assertThrows(InvalidDestinationException.class, () -> s.unsubscribe("billing"));

        MessageConsumer fresh = s.createDurableConsumer(orders, "billing");
        assertNull(fresh.receive(NOTHING_MS), "a new subscription starts empty");
    }

    @Test
    void unsubscribeThroughTheSimplifiedApiThrowsTheRuntimeExceptions() {
        try (JMSContext ctx = factory.createContext()) {
            ctx.setClientID("ctx-app");
            JMSConsumer consumer = ctx.createDurableConsumer(orders, "billing");
            assertThrows(IllegalStateRuntimeException.class, () -> ctx.unsubscribe("billing"));
            assertThrows(InvalidDestinationRuntimeException.class, () -> ctx.unsubscribe("unknown"));
            consumer.close();
            ctx.unsubscribe("billing");
        }
    }

    @Test
    void aSharedDurableSubscriptionOutlivesItsConsumersUntilUnsubscribed() throws Exception {
        Session a = connection().createSession(false, Session.AUTO_ACKNOWLEDGE);
        Session b = connection().createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer ca = a.createSharedDurableConsumer(orders, "workers");
        MessageConsumer cb = b.createSharedDurableConsumer(orders, "workers");
        TopicSubscriptionInfo info = subscription("orders", "workers");
        assertEquals(Subscription.Kind.SHARED_DURABLE, info.kind());
        assertEquals(2, info.activeConsumers());
        assertNull(info.clientId());
        ca.close();
        cb.close();
        publish(orders, "while nobody listened");
        assertEquals(1, subscription("orders", "workers").approximateNumberOfMessages());

        MessageConsumer back = b.createSharedDurableConsumer(orders, "workers");
        assertThrows(JMSException.class, () -> a.createSharedDurableConsumer(orders, "workers", "x = 1"),
                "another selector while a consumer is active");
        assertReceives(back, "while nobody listened");
        back.close();

        // no consumer any more: another selector replaces it, as for an unshared durable subscription
        MessageConsumer filtered = a.createSharedDurableConsumer(orders, "workers", "x = 1");
        assertEquals("x = 1", subscription("orders", "workers").selector());
        filtered.close();
        a.unsubscribe("workers");
        assertEquals(List.of(), subscriptions("orders"));
    }

    @Test
    void subscriptionsOfDifferentKindsCannotShareANameAndClientId() throws Exception {
        Connection c = connection("app");
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        s.createDurableConsumer(orders, "name").close();
        JMSException clash = assertThrows(JMSException.class, () -> s.createSharedDurableConsumer(orders, "name"));
        assertTrue(clash.getMessage().contains("unshared durable"), clash.getMessage());
        assertThrows(JMSException.class, () -> s.createSharedConsumer(orders, "name"),
                "a durable and a shared non-durable subscription may not share name and client id");
        MessageConsumer shared = s.createSharedConsumer(orders, "other");
        assertThrows(JMSException.class, () -> s.createDurableConsumer(orders, "other"));
        shared.close();
        assertEquals(1, subscriptions("orders").size(), "only the durable subscription; nothing was replaced");
        s.unsubscribe("name");
    }
}
