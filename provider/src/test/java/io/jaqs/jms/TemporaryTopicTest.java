package io.jaqs.jms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.jms.Connection;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.QueueConnection;
import jakarta.jms.QueueSession;
import jakarta.jms.Session;
import jakarta.jms.TemporaryTopic;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import jakarta.jms.TopicConnection;
import jakarta.jms.TopicConnectionFactory;
import jakarta.jms.TopicPublisher;
import jakarta.jms.TopicRequestor;
import jakarta.jms.TopicSession;
import jakarta.jms.TopicSubscriber;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Temporary topics, TopicRequestor, and the JMS 1.1 Topic* interfaces with their domain rules. */
class TemporaryTopicTest extends TopicTestSupport {

    @Test
    void aTemporaryTopicBelongsToItsConnectionAndDiesWithIt() throws Exception {
        Connection owner = connection();
        Session s = owner.createSession(false, Session.AUTO_ACKNOWLEDGE);
        TemporaryTopic t1 = s.createTemporaryTopic();
        TemporaryTopic t2 = s.createTemporaryTopic();
        assertNotEquals(t1.getTopicName(), t2.getTopicName(), "names are unique");

        MessageConsumer one = s.createConsumer(t1);
        MessageConsumer two = owner.createSession(false, Session.AUTO_ACKNOWLEDGE).createConsumer(t1);
        Session other = connection().createSession(false, Session.AUTO_ACKNOWLEDGE);
        assertThrows(InvalidDestinationException.class, () -> other.createConsumer(t1),
                "only the owning connection may consume from it");
        assertThrows(InvalidDestinationException.class, () -> other.createSharedConsumer(t1, "x"));
        assertThrows(InvalidDestinationException.class, () -> s.createSharedDurableConsumer(t1, "x"),
                "no durable subscription on a topic that dies with its connection");
        other.createProducer(t1).send(other.createTextMessage("from anyone")); // anyone may publish to it
        assertReceives(one, "from anyone");
        assertReceives(two, "from anyone");

        assertThrows(jakarta.jms.JMSException.class, t1::delete, "it still has consumers");
        one.close();
        two.close();
        t1.delete();
        assertThrows(InvalidDestinationException.class, () -> s.createConsumer(t1), "deleted");
        assertThrows(InvalidDestinationException.class, () -> s.createProducer(t1).send(s.createTextMessage("x")));

        s.createConsumer(t2);
        assertEquals(1, subscriptions(t2.getTopicName()).size());
        owner.close();
        assertEquals(List.of(), subscriptions(t2.getTopicName()), "its subscriptions went with the connection");
    }

    @Test
    void aTopicRequestorGetsItsReplyOnATemporaryTopic() throws Exception {
        Topic service = new JaqsTopic("quotes");
        Connection serverConnection = connection();
        Session server = serverConnection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageProducer replies = server.createProducer(null);
        server.createConsumer(service).setMessageListener(request -> {
            try {
                Topic replyTo = (Topic) request.getJMSReplyTo();
                TextMessage reply = server.createTextMessage("price of " + text(request) + ": 42");
                reply.setJMSCorrelationID(request.getJMSMessageID());
                replies.send(replyTo, reply);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });

        TopicConnection client = ((TopicConnectionFactory) factory).createTopicConnection();
        track(client);
        client.start();
        TopicSession session = client.createTopicSession(false, Session.AUTO_ACKNOWLEDGE);
        TopicRequestor requestor = new TopicRequestor(session, service);
        TextMessage request = session.createTextMessage("ACME");
        // TopicRequestor.request waits without a timeout: bound the test instead
        Message reply = assertTimeoutPreemptively(Duration.ofMillis(WAIT_MS), () -> requestor.request(request));
        assertEquals("price of ACME: 42", text(reply));
        assertEquals(request.getJMSMessageID(), reply.getJMSCorrelationID());
        assertTrue(request.getJMSReplyTo() instanceof TemporaryTopic);
        Message again = assertTimeoutPreemptively(Duration.ofMillis(WAIT_MS),
                () -> requestor.request(session.createTextMessage("ACME")));
        assertEquals("price of ACME: 42", text(again), "and again");
        requestor.close();
    }

    @Test
    void theJms11TopicInterfacesWork() throws Exception {
        TopicConnectionFactory tcf = factory;
        TopicConnection tc = tcf.createTopicConnection();
        track(tc);
        tc.setClientID("legacy");
        TopicSession ts = tc.createTopicSession(false, Session.AUTO_ACKNOWLEDGE);
        Topic topic = ts.createTopic("legacy-news");
        TopicSubscriber plain = ts.createSubscriber(topic);
        TopicSubscriber filtered = ts.createSubscriber(topic, "region = 'eu'", false);
        TopicSubscriber durable = ts.createDurableSubscriber(topic, "archive");
        TopicPublisher publisher = ts.createPublisher(topic);
        assertEquals(topic, publisher.getTopic());
        assertEquals(topic, filtered.getTopic());
        tc.start();
        TextMessage eu = ts.createTextMessage("eu");
        eu.setStringProperty("region", "eu");
        publisher.publish(eu);
        publisher.publish(ts.createTextMessage("us"));
        assertReceives(plain, "eu", "us");
        assertReceives(filtered, "eu");
        assertReceives(durable, "eu", "us");
        durable.close();
        ts.unsubscribe("archive");
        assertEquals(2, subscriptions("legacy-news").size());
    }

    @Test
    void aQueueSessionRefusesTopicMethodsAndATopicSessionQueueMethods() throws Exception {
        QueueConnection qc = factory.createQueueConnection();
        track(qc);
        qc.setClientID("domains");
        QueueSession qs = qc.createQueueSession(false, Session.AUTO_ACKNOWLEDGE);
        Topic topic = new JaqsTopic("t");
        assertThrows(jakarta.jms.IllegalStateException.class, () -> qs.createDurableSubscriber(topic, "d"));
        assertThrows(jakarta.jms.IllegalStateException.class, () -> qs.createDurableConsumer(topic, "d"));
        assertThrows(jakarta.jms.IllegalStateException.class, () -> qs.createSharedConsumer(topic, "d"));
        assertThrows(jakarta.jms.IllegalStateException.class, () -> qs.createSharedDurableConsumer(topic, "d", "x = 1"));
        assertThrows(jakarta.jms.IllegalStateException.class, qs::createTemporaryTopic);
        assertThrows(jakarta.jms.IllegalStateException.class, () -> qs.createTopic("t"));
        assertThrows(jakarta.jms.IllegalStateException.class, () -> qs.unsubscribe("d"));
        assertNotNull(qs.createQueue("q"));

        TopicSession ts = track(factory.createTopicConnection()).createTopicSession(false, Session.AUTO_ACKNOWLEDGE);
        assertThrows(jakarta.jms.IllegalStateException.class, () -> ts.createQueue("q"));
        assertThrows(jakarta.jms.IllegalStateException.class, ts::createTemporaryQueue);
        assertThrows(jakarta.jms.IllegalStateException.class, () -> ts.createBrowser(new JaqsQueue("q")));
        assertThrows(jakarta.jms.IllegalStateException.class, () -> ts.createBrowser(new JaqsQueue("q"), "x = 1"));
        assertNotNull(ts.createTemporaryTopic());

        Session both = connection().createSession(false, Session.AUTO_ACKNOWLEDGE); // Connection.createSession: both domains
        assertNotNull(both.createTemporaryQueue());
        assertNotNull(both.createTemporaryTopic());
        assertNull(both.createConsumer(both.createTopic("t")).receiveNoWait());
    }
}
