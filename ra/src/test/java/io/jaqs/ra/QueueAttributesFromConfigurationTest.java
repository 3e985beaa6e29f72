package io.jaqs.ra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jaqs.broker.BrokerException;
import io.jaqs.broker.Broker;
import io.jaqs.jms.JaqsConnectionFactory;
import jakarta.resource.spi.InvalidPropertyException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Queue attributes set in a server's configuration (admin object, activation spec, adapter defaults) reach the store. */
class QueueAttributesFromConfigurationTest {
    private final String url = "jdbc:h2:file:" + Path.of("target", "qattr-" + UUID.randomUUID(), "store").toAbsolutePath();
    private JaqsResourceAdapter ra;
    private Broker broker;

    @BeforeEach
    void start() throws Exception {
        ra = new JaqsResourceAdapter();
        ra.setUrl(url);
        ra.setQueueAttributes("MessageRetentionPeriod=3600");
        ra.start(null);
        broker = new JaqsConnectionFactory(url).getBroker();
    }

    @AfterEach
    void stop() {
        ra.stop();
    }

    @Test
    void anAdminObjectCreatesItsQueueAndDeadLetterQueueAndUpdatesThemWhenChanged() throws Exception {
        JaqsQueueAdminObject orders = new JaqsQueueAdminObject();
        orders.setName("orders");
        orders.setDeadLetterQueue("orders-dlq");
        orders.setMaxReceiveCount(2);
        orders.setVisibilityTimeout(7);
        orders.setResourceAdapter(ra);

        Map<String, String> a = attributes("orders");
        assertEquals("{\"deadLetterTargetArn\":\"orders-dlq\",\"maxReceiveCount\":2}".replace(" ", ""),
                a.get("RedrivePolicy").replace(" ", "").replace("arn:aws:sqs:us-east-1:000000000000:", ""));
        assertEquals("7", a.get("VisibilityTimeout"));
        assertEquals("3600", a.get("MessageRetentionPeriod"), "the adapter's default");
        broker.getQueueUrl("orders-dlq"); // created first: a redrive policy needs its queue

        JaqsQueueAdminObject changed = new JaqsQueueAdminObject("orders"); // the server's configuration changed
        changed.setVisibilityTimeout(9);
        changed.setAttributes("DelaySeconds=1;MessageRetentionPeriod=7200");
        changed.setResourceAdapter(ra);
        assertEquals("9", attributes("orders").get("VisibilityTimeout"));
        assertEquals("1", attributes("orders").get("DelaySeconds"));
        assertEquals("7200", attributes("orders").get("MessageRetentionPeriod"), "the admin object's value over the adapter's");
    }

    @Test
    void attributesSetAfterTheAssociationApplyAtFirstUse() throws Exception {
        JaqsQueueAdminObject late = new JaqsQueueAdminObject(); // Open Liberty: associated, then configured
        late.setResourceAdapter(ra);
        late.setName("late");
        late.setDeadLetterQueue("late-dlq");
        late.setMaxReceiveCount(3);
        assertThrows(BrokerException.class, () -> broker.getQueueUrl("late"), "nothing applied before the first use");
        assertEquals("late", late.getQueueName());
        assertTrue(attributes("late").get("RedrivePolicy").contains("late-dlq"));

        JaqsQueueAdminObject bad = new JaqsQueueAdminObject();
        bad.setResourceAdapter(ra);
        bad.setName("late-bad");
        bad.setMaxReceiveCount(3);
        jakarta.jms.InvalidDestinationException e = assertThrows(jakarta.jms.InvalidDestinationException.class, bad::getQueueName);
        assertEquals("Jaqs queue admin object late-bad: maxReceiveCount needs deadLetterQueue (the queue that takes the messages)", e.getMessage());
        assertThrows(BrokerException.class, () -> broker.getQueueUrl("late-bad"));
    }

    @Test
    void badAttributesFailWithTheirNameAndCreateNothing() {
        JaqsQueueAdminObject half = new JaqsQueueAdminObject("bad1");
        half.setMaxReceiveCount(3);
        InvalidPropertyException e = assertThrows(InvalidPropertyException.class, () -> half.setResourceAdapter(ra));
        assertEquals("Jaqs queue admin object bad1: maxReceiveCount needs deadLetterQueue (the queue that takes the messages)", e.getMessage());

        JaqsQueueAdminObject unknown = new JaqsQueueAdminObject("bad2");
        unknown.setAttributes("VisibilityTimout=3");
        e = assertThrows(InvalidPropertyException.class, () -> unknown.setResourceAdapter(ra));
        assertEquals("Jaqs queue admin object bad2: 'VisibilityTimout' is not a settable SQS queue attribute", e.getMessage());

        JaqsQueueAdminObject outOfRange = new JaqsQueueAdminObject("bad3");
        outOfRange.setVisibilityTimeout(50_000);
        e = assertThrows(InvalidPropertyException.class, () -> outOfRange.setResourceAdapter(ra));
        assertTrue(e.getMessage().startsWith("Cannot apply the configured attributes"), e.getMessage());
        assertTrue(e.getMessage().contains("VisibilityTimeout"), e.getMessage());

        for (String q : List.of("bad1", "bad2", "bad3")) {
            assertThrows(BrokerException.class, () -> broker.getQueueUrl(q), q + " was not created");
        }
    }

    @Test
    void anActivationSpecConfiguresItsQueueAndRejectsContradictions() throws Exception {
        JaqsActivationSpec spec = new JaqsActivationSpec();
        spec.setDestination("payments");
        spec.setRedrivePolicy("{\"deadLetterTargetArn\":\"payments-dlq\",\"maxReceiveCount\":5}");
        spec.setDeadLetterQueue("other");
        InvalidPropertyException e = assertThrows(InvalidPropertyException.class, spec::validate);
        assertEquals("Invalid Jaqs activation property: set either redrivePolicy or deadLetterQueue and maxReceiveCount, not both",
                e.getMessage());
        spec.setDeadLetterQueue(null);
        AdapterLifecycleTest.RefusingFactory mef = new AdapterLifecycleTest.RefusingFactory(0);
        ra.endpointActivation(mef, spec);
        try {
            assertTrue(attributes("payments").get("RedrivePolicy").contains("payments-dlq"));
            broker.getQueueUrl("payments-dlq");
        } finally {
            ra.endpointDeactivation(mef, spec);
        }

        JaqsActivationSpec topic = new JaqsActivationSpec();
        topic.setDestination("news");
        topic.setDestinationType("jakarta.jms.Topic");
        topic.setVisibilityTimeout(5);
        e = assertThrows(InvalidPropertyException.class, topic::validate);
        assertEquals("Invalid Jaqs activation property deadLetterQueue: queue attributes apply to a queue or a named (durable or shared) topic subscription",
                e.getMessage());
    }

    private Map<String, String> attributes(String queue) {
        return broker.getQueueAttributes(broker.getQueueUrl(queue), List.of("All"));
    }
}
