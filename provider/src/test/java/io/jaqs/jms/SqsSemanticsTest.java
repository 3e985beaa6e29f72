package io.jaqs.jms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jaqs.jms.message.JaqsMessage;
import jakarta.jms.Connection;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.InvalidDestinationRuntimeException;
import jakarta.jms.JMSContext;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The SQS behaviour a JMS application sees: visibility, redelivery delay, dead letters, FIFO, auto-create. */
class SqsSemanticsTest extends JmsTestSupport {

    @Test
    void aFactoryVisibilityTimeoutAppliesToItsConsumersOnly() throws Exception {
        factory.setQueueAttributes("vt", Map.of("VisibilityTimeout", "60"));
        Queue q = new JaqsQueue("vt");
        sendTexts(q, "short", "long");

        JaqsConnectionFactory quick = newFactory();
        quick.setPrefetch(1);
        quick.setVisibilityTimeoutSeconds(5);
        Session s1 = connection(quick).createSession(false, Session.CLIENT_ACKNOWLEDGE);
        assertEquals("short", receiveText(s1.createConsumer(q)));
        JaqsConnectionFactory normal = newFactory();
        normal.setPrefetch(1);
        Session s2 = connection(normal).createSession(false, Session.CLIENT_ACKNOWLEDGE);
        assertEquals("long", receiveText(s2.createConsumer(q)));

        advance(6);
        assertEquals(List.of("short"), texts(takeAll(q)), "5 s for the quick consumer's message, 60 s for the other");
        advance(55);
        assertEquals(List.of("long"), texts(takeAll(q)));
    }

    @Test
    void aConsumerVisibilityTimeoutOverridesTheFactoryAndTheQueue() throws Exception {
        factory.setPrefetch(1);
        factory.setVisibilityTimeoutSeconds(60);
        Queue q = new JaqsQueue("per-consumer");
        sendTexts(q, "first", "second");
        Session s = connection().createSession(false, Session.CLIENT_ACKNOWLEDGE);
        JaqsMessageConsumer consumer = (JaqsMessageConsumer) s.createConsumer(q);
        consumer.setVisibilityTimeout(Duration.ofSeconds(3));
        assertEquals(Duration.ofSeconds(3), consumer.getVisibilityTimeout());
        assertEquals("first", receiveText(consumer));
        consumer.setVisibilityTimeout(null); // back to the factory's 60 s
        assertEquals("second", receiveText(consumer));
        advance(4);
        assertEquals(List.of("first"), texts(takeAll(q)));
        assertThrows(jakarta.jms.JMSException.class, () -> consumer.setVisibilityTimeout(Duration.ofHours(13)));
    }

    @Test
    void aTransactionWhoseReceivedMessageWentToAnotherConsumerRollsBackWhole() throws Exception {
        factory.setPrefetch(1);
        factory.setQueueAttributes("tx-in", Map.of("VisibilityTimeout", "10"));
        Queue in = new JaqsQueue("tx-in");
        Queue out = new JaqsQueue("tx-out");
        sendTexts(in, "order");
        Session tx = connection().createSession(true, Session.SESSION_TRANSACTED);
        assertEquals("order", receiveText(tx.createConsumer(in)));
        tx.createProducer(out).send(tx.createTextMessage("invoice"));
        advance(11); // too slow: the order is visible again, and another consumer takes it
        Session other = connection().createSession(false, Session.CLIENT_ACKNOWLEDGE);
        assertEquals("order", receiveText(other.createConsumer(in)));

        jakarta.jms.TransactionRolledBackException e = assertThrows(jakarta.jms.TransactionRolledBackException.class, tx::commit);
        assertTrue(e.getMessage().contains("rolled back"), e.getMessage());
        assertEquals(List.of(), texts(takeAll(out)), "the send of the failed transaction was not stored either");
    }

    @Test
    void sentAndInFlightMessagesSurviveARestartOfTheBrokerCore() throws Exception {
        factory.setPrefetch(1);
        Queue q = new JaqsQueue("durable");
        sendTexts(q, "in flight", "waiting");
        Session s = connection().createSession(false, Session.CLIENT_ACKNOWLEDGE);
        assertEquals("in flight", receiveText(s.createConsumer(q))); // not acknowledged when the core stops

        BrokerRegistry.shutdown(url); // the JVM's broker core for this store goes away; the store stays
        factory = newFactory();       // the next use opens the store again
        assertEquals(List.of("waiting"), texts(takeAll(q)));
        advance(31);
        List<Message> back = takeAll(q);
        assertEquals(List.of("in flight"), texts(back), "its receive was stored: in flight until its visibility timeout");
        assertEquals(2, back.get(0).getIntProperty("JMSXDeliveryCount"));
    }

    @Test
    void theRedeliveryDelayHoldsBackRecoveredMessages() throws Exception {
        factory.setRedeliveryDelaySeconds(10);
        Queue q = new JaqsQueue("delay");
        sendTexts(q, "a");
        Connection c = connection();
        Session s = c.createSession(false, Session.CLIENT_ACKNOWLEDGE);
        MessageConsumer consumer = s.createConsumer(q);
        assertEquals("a", receiveText(consumer));
        s.recover();
        assertNull(consumer.receiveNoWait(), "not before the redelivery delay");
        advance(9);
        assertNull(consumer.receiveNoWait());
        advance(2);
        Message again = consumer.receiveNoWait();
        assertEquals("a", text(again));
        assertTrue(again.getJMSRedelivered());
    }

    @Test
    void aMessageReceivedMaxReceiveCountTimesGoesToTheDeadLetterQueue() throws Exception {
        factory.setQueueAttributes("jobs", Map.of("RedrivePolicy",
                "{\"deadLetterTargetArn\":\"arn:aws:sqs:eu-west-1:123456789012:jobs-dlq\",\"maxReceiveCount\":2}"));
        Queue jobs = new JaqsQueue("jobs"); // prefetch 10: "fine" is taken with "poison" each time, and given back uncounted
        sendTexts(jobs, "poison", "fine");
        Connection c = connection();
        Session s = c.createSession(false, Session.CLIENT_ACKNOWLEDGE);
        MessageConsumer consumer = s.createConsumer(jobs);
        for (int attempt = 1; attempt <= 2; attempt++) {
            Message m = consumer.receive(WAIT_MS);
            assertEquals("poison", text(m));
            assertEquals(attempt, m.getIntProperty("JMSXDeliveryCount"));
            s.recover(); // the application fails on it
        }
        advance(1); // the second redelivery waits 1 s (the redelivery backoff): the receive then finds poison due
        Message next = consumer.receive(WAIT_MS);
        assertEquals("fine", text(next), "the third receive moved poison to the dead-letter queue");
        assertEquals(1, next.getIntProperty("JMSXDeliveryCount"), "prefetched alongside poison twice, delivered once");
        next.acknowledge();
        assertNull(consumer.receiveNoWait());

        List<Message> dead = takeAll(new JaqsQueue("jobs-dlq")); // created with jobs, as its policy names it
        assertEquals(List.of("poison"), texts(dead));
        assertEquals(1, dead.get(0).getIntProperty("JMSXDeliveryCount"), "a fresh message in the dead-letter queue");
    }

    @Test
    void fifoKeepsOrderPerGroupAndLocksAGroupWhileOneOfItsMessagesIsInFlight() throws Exception {
        factory.setPrefetch(1);
        Queue q = new JaqsQueue("orders.fifo");
        try (Connection c = factory.createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer p = s.createProducer(q);
            for (String m : List.of("A1", "B1", "A2", "B2", "A3")) {
                TextMessage t = s.createTextMessage(m);
                t.setStringProperty("JMSXGroupID", m.substring(0, 1));
                p.send(t);
            }
        }
        Session s1 = connection().createSession(false, Session.CLIENT_ACKNOWLEDGE);
        Session s2 = connection().createSession(false, Session.CLIENT_ACKNOWLEDGE);
        MessageConsumer c1 = s1.createConsumer(q);
        MessageConsumer c2 = s2.createConsumer(q);
        Message a1 = c1.receive(WAIT_MS);
        assertEquals("A1", text(a1));
        assertEquals("A", a1.getStringProperty("JMSXGroupID"));
        assertNotNull(((JaqsMessage) a1).getSequenceNumber(), "FIFO messages carry a sequence number");
        Message b1 = c2.receive(WAIT_MS);
        assertEquals("B1", text(b1), "group A is locked while A1 is in flight");
        assertNull(c2.receiveNoWait(), "both groups are locked now");
        a1.acknowledge();
        b1.acknowledge();
        assertEquals("A2", receiveText(c2), "the head of the oldest group first");
        List<String> rest = new ArrayList<>();
        rest.add(receiveText(c1));
        s2.recover(); // A2 back: it keeps its place before A3
        for (Message m = c1.receiveNoWait(); m != null; m = c1.receiveNoWait()) {
            rest.add(text(m));
            m.acknowledge();
        }
        assertEquals(List.of("B2", "A2", "A3"), rest);
    }

    @Test
    void fifoDeduplicatesByTheSqsDeduplicationIdProperty() throws Exception {
        Queue q = new JaqsQueue("dedup.fifo");
        String firstId;
        try (Connection c = factory.createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer p = s.createProducer(q);
            TextMessage first = s.createTextMessage("charge card");
            first.setStringProperty("JMS_SQS_DeduplicationId", "payment-42");
            p.send(first);
            firstId = first.getJMSMessageID();
            TextMessage retry = s.createTextMessage("charge card (retried)");
            retry.setStringProperty("JMS_SQS_DeduplicationId", "payment-42");
            p.send(retry);
            assertEquals(firstId, retry.getJMSMessageID(), "a duplicate send reports the original message");
            p.send(s.createTextMessage("no id: never a duplicate"));
            p.send(s.createTextMessage("no id: never a duplicate"));
        }
        List<Message> got = takeAll(q);
        assertEquals(List.of("charge card", "no id: never a duplicate", "no id: never a duplicate"), texts(got));
        assertEquals(firstId, got.get(0).getJMSMessageID());

        advance(5 * 60 + 1); // past the 5 min deduplication interval the id is new again
        try (JMSContext ctx = factory.createContext()) {
            TextMessage again = ctx.createTextMessage("charge card, next month");
            again.setStringProperty("JMS_SQS_DeduplicationId", "payment-42");
            ctx.createProducer().send(q, again);
        }
        assertEquals(List.of("charge card, next month"), texts(takeAll(q)));
    }

    @Test
    void changeVisibilityExtendsTheProcessingTime() throws Exception {
        factory.setQueueAttributes("slow", Map.of("VisibilityTimeout", "10"));
        Queue q = new JaqsQueue("slow");
        sendTexts(q, "long job");
        Session s = connection().createSession(false, Session.CLIENT_ACKNOWLEDGE);
        JaqsMessage m = (JaqsMessage) s.createConsumer(q).receive(WAIT_MS);
        assertNotNull(m.getReceiptHandle());
        m.changeVisibility(Duration.ofSeconds(120));
        advance(11);
        assertEquals(List.of(), texts(takeAll(q)), "past the queue's 10 s: still in flight");
        advance(100);
        assertEquals(List.of(), texts(takeAll(q)));
        advance(10);
        List<Message> back = takeAll(q);
        assertEquals(List.of("long job"), texts(back));
        assertTrue(back.get(0).getJMSRedelivered());
    }

    @Test
    void changeVisibilityToZeroReleasesAtOnce() throws Exception {
        Queue q = new JaqsQueue("release");
        sendTexts(q, "x");
        Session s = connection().createSession(false, JaqsSession.UNORDERED_ACKNOWLEDGE);
        JaqsMessage m = (JaqsMessage) s.createConsumer(q).receive(WAIT_MS);
        m.changeVisibility(Duration.ZERO);
        assertEquals(List.of("x"), texts(takeAll(q)));
    }

    @Test
    void aQueueNameNoQueueCanHaveIsAnInvalidDestinationNamingTheRule() throws Exception {
        Queue dotted = new JaqsQueue("my.queue"); // not made by Session.createQueue, which checks the name
        Session s = connection().createSession(false, Session.AUTO_ACKNOWLEDGE);
        InvalidDestinationException e = assertThrows(InvalidDestinationException.class, () -> s.createConsumer(dotted));
        assertTrue(e.getMessage().startsWith("Cannot create queue my.queue: Queue name 'my.queue' may contain only"), e.getMessage());
        assertThrows(InvalidDestinationException.class, () -> s.createProducer(dotted).send(s.createTextMessage("lost?")));
        factory.setAutoCreateQueues(false);
        e = assertThrows(InvalidDestinationException.class, () -> s.createBrowser(dotted));
        assertEquals("Queue my.queue does not exist and auto-create is off", e.getMessage());
        assertEquals(List.of(), factory.getBroker().listQueues(""), "nothing was created");
    }

    @Test
    void withAutoCreateOffAnUnknownQueueIsAnInvalidDestination() throws Exception {
        factory.setAutoCreateQueues(false);
        Queue unknown = new JaqsQueue("nowhere");
        Connection c = connection();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        InvalidDestinationException e = assertThrows(InvalidDestinationException.class, () -> s.createConsumer(unknown));
        assertTrue(e.getMessage().contains("nowhere") && e.getMessage().contains("auto-create is off"), e.getMessage());
        MessageProducer p = s.createProducer(unknown);
        assertThrows(InvalidDestinationException.class, () -> p.send(s.createTextMessage("lost?")));
        assertThrows(InvalidDestinationException.class, () -> s.createBrowser(unknown));
        try (JMSContext ctx = factory.createContext()) {
            assertThrows(InvalidDestinationRuntimeException.class, () -> ctx.createProducer().send(unknown, "x"));
        }
        assertFalse(factory.getBroker().listQueues("").stream().anyMatch(u -> u.endsWith("/nowhere")), "nothing was created");

        factory.getBroker().createQueue("known", Map.of()); // created by an administrator
        s.createProducer(new JaqsQueue("known")).send(s.createTextMessage("fine"));
        assertEquals("fine", receiveText(s.createConsumer(new JaqsQueue("known"))));
    }
}
