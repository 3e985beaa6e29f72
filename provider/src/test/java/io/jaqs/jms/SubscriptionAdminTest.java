package io.jaqs.jms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jaqs.broker.Subscription;
import io.jaqs.jms.jndi.JaqsInitialContextFactory;
import io.jaqs.jms.jndi.JaqsObjectFactory;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.Topic;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.naming.ConfigurationException;
import javax.naming.Context;
import org.junit.jupiter.api.Test;

/**
 * Subscription queue attributes from configuration (visibility timeout, the subscription's own
 * dead-letter queue), the admin view of topics, and closed consumers whose messages are still unsettled.
 */
class SubscriptionAdminTest extends TopicTestSupport {
    final Topic alerts = new JaqsTopic("alerts");

    private Map<String, String> queueAttributes(String queue) throws JMSException {
        return factory.getBroker().getQueueAttributes(queue, List.of("All"));
    }

    @Test
    void aSubscriptionGetsItsConfiguredVisibilityTimeoutAndDeadLetterQueue() throws Exception {
        factory.setSubscriptionAttributes("pager", Map.of("VisibilityTimeout", "5", "RedrivePolicy",
                "{\"deadLetterTargetArn\":\"arn:aws:sqs:eu-west-1:123456789012:pager-dlq\",\"maxReceiveCount\":2}"));
        factory.setQueueAttributes("pager-dlq", Map.of("MessageRetentionPeriod", "1209600"));
        Session s = connection().createSession(false, Session.CLIENT_ACKNOWLEDGE);
        MessageConsumer pager = s.createSharedDurableConsumer(alerts, "pager");
        TopicSubscriptionInfo info = subscription("alerts", "pager");
        assertEquals("5", queueAttributes(info.queueName()).get("VisibilityTimeout"));
        assertEquals("1209600", queueAttributes("pager-dlq").get("MessageRetentionPeriod"),
                "the dead-letter queue was created first, with its own configured attributes");
        assertEquals("30", queueAttributes(subscriptionQueueOf(s.createConsumer(alerts))).get("VisibilityTimeout"),
                "an unconfigured subscription keeps the defaults");

        publish(alerts, "poison");
        Message first = pager.receive(WAIT_MS);
        assertEquals("poison", text(first));
        assertFalse(first.getJMSRedelivered());
        assertNull(pager.receive(NOTHING_MS), "in flight for the subscription's 5 s");
        advance(6);
        Message second = pager.receive(WAIT_MS);
        assertEquals("poison", text(second));
        assertTrue(second.getJMSRedelivered());
        assertEquals(2, second.getIntProperty("JMSXDeliveryCount"));
        advance(6);
        assertNull(pager.receive(NOTHING_MS), "the third receive moved it to the dead-letter queue");
        assertEquals(0, subscription("alerts", "pager").approximateNumberOfMessages());
        List<Message> dead = takeAll(new JaqsQueue("pager-dlq"));
        assertEquals(List.of("poison"), texts(dead));
    }

    private String subscriptionQueueOf(MessageConsumer c) {
        return ((JaqsMessageConsumer) c).subscription().queueName();
    }

    @Test
    void subscriptionAttributesComeFromJndiPropertiesAndReferences() throws Exception {
        factory.getBroker(); // the store's broker core, on the test clock, exists before the JNDI factory uses it
        Hashtable<String, String> env = new Hashtable<>(Map.of(
                "connectionFactory.cf", url,
                "connectionFactory.cf.clientID", "jndi-app",
                "subscriptionAttributes.audit.trail.VisibilityTimeout", "7",
                "subscriptionAttributes.audit.trail.MaximumMessageSize", "2048"));
        Context ctx = new JaqsInitialContextFactory().getInitialContext(env);
        JaqsConnectionFactory cf = (JaqsConnectionFactory) ctx.lookup("cf");
        assertEquals(Map.of("VisibilityTimeout", "7", "MaximumMessageSize", "2048"), cf.getSubscriptionAttributes("audit.trail"),
                "a subscription name may hold dots: the attribute is what follows the last one");
        Connection c = track(cf.createConnection());
        c.createSession(false, Session.AUTO_ACKNOWLEDGE).createDurableConsumer(alerts, "audit.trail");
        Map<String, String> attributes = queueAttributes(subscription("alerts", "audit.trail").queueName());
        assertEquals("7", attributes.get("VisibilityTimeout"));
        assertEquals("2048", attributes.get("MaximumMessageSize"));

        JaqsConnectionFactory rebuilt = (JaqsConnectionFactory) new JaqsObjectFactory().getObjectInstance(cf.getReference(),
                null, null, null);
        assertEquals(cf.getSubscriptionAttributes(), rebuilt.getSubscriptionAttributes());

        ConfigurationException bad = assertThrows(ConfigurationException.class, () -> new JaqsInitialContextFactory()
                .getInitialContext(new Hashtable<>(Map.of("subscriptionAttributes.audit.VisibilityTimeout", "99999"))));
        assertTrue(bad.getMessage().contains("subscriptionAttributes.audit"), bad.getMessage());
        assertThrows(ConfigurationException.class, () -> new JaqsInitialContextFactory()
                .getInitialContext(new Hashtable<>(Map.of("subscriptionAttributes.noAttribute", "1"))));
    }

    @Test
    void theAdminViewListsTopicsAndTheirSubscriptionsWithCounts() throws Exception {
        Connection c = track(factory.createConnection());
        c.setClientID("admin-app");
        Session s = c.createSession(false, Session.CLIENT_ACKNOWLEDGE);
        MessageConsumer nonDurable = s.createConsumer(alerts, "level > 1");
        s.createDurableSubscriber(alerts, "archive", null, true).close();
        MessageConsumer shared = s.createSharedConsumer(alerts, "workers");
        s.createSharedConsumer(alerts, "workers");
        s.createSharedDurableConsumer(new JaqsTopic("metrics"), "rollup").close();
        Topic quiet = new JaqsTopic("quiet");
        publish(quiet, "nobody subscribes");

        Map<String, List<TopicSubscriptionInfo>> view = topics();
        assertEquals(List.of("alerts", "metrics"), new ArrayList<>(view.keySet()), "sorted; a topic without subscriptions is not listed");
        List<TopicSubscriptionInfo> subs = view.get("alerts");
        assertEquals(List.of(Subscription.Kind.NON_DURABLE, Subscription.Kind.DURABLE, Subscription.Kind.SHARED),
                subs.stream().map(TopicSubscriptionInfo::kind).toList(), "oldest first");
        TopicSubscriptionInfo nd = subs.get(0);
        assertTrue(nd.name().startsWith("nd-"), nd.name());
        assertEquals("level > 1", nd.selector());
        assertEquals(1, nd.activeConsumers());
        TopicSubscriptionInfo archive = subs.get(1);
        assertEquals("archive", archive.name());
        assertEquals("admin-app", archive.clientId());
        assertTrue(archive.noLocal());
        assertEquals(0, archive.activeConsumers());
        assertEquals(2, subs.get(2).activeConsumers());
        assertEquals(Subscription.Kind.SHARED_DURABLE, view.get("metrics").get(0).kind());

        c.start();
        try (Connection p = factory.createConnection()) {
            Session ps = p.createSession(false, Session.AUTO_ACKNOWLEDGE);
            for (int level = 1; level <= 3; level++) {
                ps.createProducer(alerts).send(textWith(ps, "level " + level, "level", level));
            }
        }
        Message taken = nonDurable.receive(WAIT_MS); // held, not acknowledged: in flight
        assertEquals("level 2", text(taken));
        nonDurable.close(); // a prefetched message goes back; the subscription lingers until the session settles
        subs = subscriptions("alerts");
        assertEquals(1, subs.get(0).approximateNumberOfMessages(), "level 1 was never stored for the selector");
        assertEquals(1, subs.get(0).approximateNumberOfMessagesNotVisible());
        assertEquals(0, subs.get(0).activeConsumers());
        assertEquals(3, subs.get(1).approximateNumberOfMessages());
        assertEquals(3, subs.get(2).approximateNumberOfMessages());
        taken.acknowledge(); // nothing of the closed consumer is pending any more: its subscription goes
        assertEquals(List.of(Subscription.Kind.DURABLE, Subscription.Kind.SHARED),
                subscriptions("alerts").stream().map(TopicSubscriptionInfo::kind).toList());
        shared.close();
        assertEquals(1, subscription("alerts", "workers").activeConsumers());
    }

    @Test
    void aTransactedSessionCommitsMessagesOfAConsumerItClosedMeanwhile() throws Exception {
        Session tx = connection().createSession(true, Session.SESSION_TRANSACTED);
        MessageConsumer consumer = tx.createConsumer(alerts);
        publish(alerts, "a", "b");
        assertEquals("a", receiveText(consumer));
        consumer.close(); // JMS: the delivered message stays part of the transaction
        assertEquals(1, subscriptions("alerts").size(), "kept until the transaction ends");
        tx.commit();
        assertEquals(List.of(), subscriptions("alerts"), "deleted once committed");

        MessageConsumer again = tx.createConsumer(alerts);
        publish(alerts, "c");
        assertEquals("c", receiveText(again));
        again.close();
        tx.rollback();
        assertEquals(List.of(), subscriptions("alerts"), "deleted once rolled back");
    }

    @Test
    void aListenerMayCloseItsOwnTopicConsumer() throws Exception {
        Connection c = connection();
        List<JMSException> failures = new CopyOnWriteArrayList<>();
        c.setExceptionListener(failures::add);
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer consumer = s.createConsumer(alerts);
        CompletableFuture<String> got = new CompletableFuture<>();
        consumer.setMessageListener(m -> {
            try {
                consumer.close();
                got.complete(text(m));
            } catch (JMSException e) {
                got.completeExceptionally(e);
            }
        });
        publish(alerts, "last");
        assertEquals("last", got.get(WAIT_MS, TimeUnit.MILLISECONDS));
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        while (!subscriptions("alerts").isEmpty() && System.nanoTime() < deadline) {
            Thread.onSpinWait(); // the acknowledgement after onMessage, then the deletion, run on the dispatch thread
        }
        assertEquals(List.of(), subscriptions("alerts"));
        assertEquals(List.of(), failures, "the acknowledgement found its queue");
    }
}
