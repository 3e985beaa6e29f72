package io.jaqs.jms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import java.util.List;
import java.util.Map;

/** Helpers of the topic tests: publishing, and the admin view of subscriptions. */
abstract class TopicTestSupport extends JmsTestSupport {

    /** Publishes text messages from a connection of its own (PERSISTENT: returned = stored in every subscription). */
    void publish(Topic topic, String... texts) throws JMSException {
        try (Connection c = factory.createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer p = s.createProducer(topic);
            for (String t : texts) {
                p.send(s.createTextMessage(t));
            }
        }
    }

    /** Publishes "prefix1".."prefixN". */
    void publishNumbered(Topic topic, String prefix, int n) throws JMSException {
        try (Connection c = factory.createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer p = s.createProducer(topic);
            for (int i = 1; i <= n; i++) {
                p.send(s.createTextMessage(prefix + i));
            }
        }
    }

    static TextMessage textWith(Session s, String text, String property, Object value) throws JMSException {
        TextMessage m = s.createTextMessage(text);
        m.setObjectProperty(property, value);
        return m;
    }

    /** Receives exactly the given texts, in order, then nothing more right now. */
    static void assertReceives(MessageConsumer c, String... texts) throws JMSException {
        for (String t : texts) {
            assertEquals(t, receiveText(c));
        }
        assertEquals(List.of(), drain(c), "nothing more");
    }

    /** The admin view of a topic. */
    List<TopicSubscriptionInfo> subscriptions(String topic) throws JMSException {
        return factory.getSubscriptions(topic);
    }

    /** The one subscription of a topic with this name (non-durable ones: the only one there is). */
    TopicSubscriptionInfo subscription(String topic, String name) throws JMSException {
        List<TopicSubscriptionInfo> all = subscriptions(topic);
        if (name == null) {
            assertEquals(1, all.size(), "subscriptions of " + topic + ": " + all);
            return all.get(0);
        }
        TopicSubscriptionInfo found = all.stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
        assertNotNull(found, "no subscription " + name + " on " + topic + ": " + all);
        return found;
    }

    Map<String, List<TopicSubscriptionInfo>> topics() throws JMSException {
        return factory.getTopics();
    }
}
